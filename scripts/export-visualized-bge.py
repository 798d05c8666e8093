#!/usr/bin/env python3
"""Exports Visualized BGE (FlagEmbedding's visual_bge) to the ONNX contract the server reads.

It CANNOT RUN on the project's machines: it needs PyTorch, transformers, FlagEmbedding's visual_bge
package and the published weights (Visualized_base_en_v1.5.pth with BAAI/bge-base-en-v1.5, or
Visualized_m3.pth with BAAI/bge-m3), none of which the package registries here serve. Run it where
they are:

    pip install torch transformers timm einops ftfy
    pip install -e FlagEmbedding/research/visual_bge
    python3 scripts/export-visualized-bge.py BAAI/bge-base-en-v1.5 Visualized_base_en_v1.5.pth out/

The contract (model/src/test/resources/vbge/generate.py makes a tiny graph with exactly these
names and dtypes, which the Java side is tested against):

    inputs   pixel_values   float32 [B, 3, 224, 224]   EVA-CLIP preprocessing (below)
             input_ids      int64   [B, T]             the BGE tokenizer's [CLS] text [SEP]
             attention_mask int64   [B, T]
    output   embedding      float32 [B, H]             the [CLS] state, not normalised

`embedding` is visual_bge's encode_mm (research/visual_bge/visual_bge/modeling.py, line 224): the
image's patch tokens (its own CLS dropped, line 226) projected and placed after BGE's [CLS] and
before the text tokens (line 267), position ids 0 for [CLS] then running on (line 252), CLS
pooling (line 179), normalised there only when `normlized` (line 293): the wrapper below builds the
model with normlized=False and the server normalises. An image alone is the image with the empty
text (encode_image, line 308, prompts = [""], line 313). Text alone is the BGE text model itself
(encode_text, line 182): export that with the project's usual BGE recipe (docs/models.md).

Serve OUT with image_model.kind: visualized-bge, image_model.directory: OUT, and the same BGE
model as a served text model (image_model.text_model, default model.name; docs/images.md).

Files written to OUT: multimodal.onnx, tokenizer.json (the BGE model's, fast tokenizer) and
preprocessor_config.json (visual_bge's preprocess_val: Resize(224, BICUBIC) on the shortest edge,
CenterCrop(224), RGB, ToTensor, Normalize with OpenAI CLIP's mean and std; eva_clip/transform.py
line 95 and eva_clip/constants.py).
"""
import json
import os
import sys

import torch
from transformers import AutoTokenizer
from visual_bge.modeling import Visualized_BGE

bge, weights, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
model = Visualized_BGE(model_name_bge=bge, model_weight=weights, normlized=False).eval()


class Export(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, pixel_values, input_ids, attention_mask):
        return self.m.encode_mm(pixel_values, {"input_ids": input_ids, "attention_mask": attention_mask})


tokenizer = AutoTokenizer.from_pretrained(bge)
sample = tokenizer(["a photo", ""], return_tensors="pt", padding=True)
with torch.no_grad():
    torch.onnx.export(
        Export(model).to("cpu").float(),
        (torch.randn(2, 3, 224, 224), sample["input_ids"], sample["attention_mask"]),
        os.path.join(out, "multimodal.onnx"),
        input_names=["pixel_values", "input_ids", "attention_mask"],
        output_names=["embedding"],
        dynamic_axes={"pixel_values": {0: "batch"}, "input_ids": {0: "batch", 1: "sequence"},
                      "attention_mask": {0: "batch", 1: "sequence"}, "embedding": {0: "batch"}},
        opset_version=17,
    )
tokenizer.save_pretrained(out)  # writes tokenizer.json (the fast tokenizer)
mean, std = [0.48145466, 0.4578275, 0.40821073], [0.26862954, 0.26130258, 0.27577711]
with open(os.path.join(out, "preprocessor_config.json"), "w") as f:
    json.dump({"crop_size": {"height": 224, "width": 224}, "do_center_crop": True, "do_convert_rgb": True,
               "do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": mean,
               "image_std": std, "resample": 3, "rescale_factor": 1 / 255, "size": {"shortest_edge": 224}},
              f, indent=1)
