#!/usr/bin/python3
"""Writes the CLIP test fixtures (Debian: python3-onnx, python3-numpy, python3-pil):

    /usr/bin/python3 model/src/test/resources/clip/generate.py

- tiny-clip/: a CLIP-shaped dual encoder small enough to reason about.
  vision_model.onnx: pixel_values [B,3,224,224] -> image_embeds [B,4] = the mean of each
  (normalised) channel minus the mean of the three (its chroma), so a red picture points along +dim0
  and away from dims 1, 2, and white or grey pictures point nowhere in particular.
  text_model.onnx: input_ids, attention_mask [B,T] int64 -> text_embeds [B,4] = sum of the
  token embeddings under the mask; "red" = +dim0, "green" = +dim1, "blue" = +dim2, filler words a
  little dim3. Neither output is normalised (as real exports): normalising is the Java side's job.
  tokenizer.json (WordLevel, whitespace, <|startoftext|> ... <|endoftext|>), preprocessor_config.json
  (CLIP's real values: shortest edge 224, bicubic, centre crop 224, ImageNet-CLIP mean/std).
- preprocess/: three images of odd sizes and, for each, the RGB bytes PIL produces after CLIP's
  resize (shortest edge 224, bicubic) and centre crop: <name>.rgb (224*224*3 bytes, row-major).
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
tiny = os.path.join(here, "tiny-clip")
pre = os.path.join(here, "preprocess")
os.makedirs(tiny, exist_ok=True)
os.makedirs(pre, exist_ok=True)

MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]

# --- vision model -----------------------------------------------------------------------------
w_v = np.zeros((3, 4), dtype=np.float32)
w_v[:, :3] = np.eye(3) - 1.0 / 3.0
vision = helper.make_graph(
    [
        helper.make_node("ReduceMean", ["pixel_values", "axes"], ["means"], keepdims=0),
        helper.make_node("MatMul", ["means", "w_v"], ["image_embeds"]),
    ],
    "tiny_clip_vision",
    [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3, 224, 224])],
    [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", 4])],
    [helper.make_tensor("axes", TensorProto.INT64, [2], [2, 3]),
     helper.make_tensor("w_v", TensorProto.FLOAT, [3, 4], w_v.flatten().tolist())],
)
m = helper.make_model(vision, opset_imports=[helper.make_opsetid("", 18)])
m.ir_version = 8
onnx.save(m, os.path.join(tiny, "vision_model.onnx"))

# --- text model -------------------------------------------------------------------------------
vocab = ["<|startoftext|>", "<|endoftext|>", "a", "photo", "of", "red", "green", "blue", "square", "picture"]
emb = np.zeros((len(vocab), 4), dtype=np.float32)
emb[vocab.index("red")] = [1, 0, 0, 0]
emb[vocab.index("green")] = [0, 1, 0, 0]
emb[vocab.index("blue")] = [0, 0, 1, 0]
for filler in ["a", "photo", "of", "square", "picture"]:
    emb[vocab.index(filler)] = [0, 0, 0, 0.2]
text = helper.make_graph(
    [
        helper.make_node("Gather", ["emb", "input_ids"], ["tokens"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "last"], ["mask3"]),
        helper.make_node("Mul", ["tokens", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "seq"], ["text_embeds"], keepdims=0),
    ],
    "tiny_clip_text",
    [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
     helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
    [helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch", 4])],
    [helper.make_tensor("emb", TensorProto.FLOAT, list(emb.shape), emb.flatten().tolist()),
     helper.make_tensor("last", TensorProto.INT64, [1], [2]),
     helper.make_tensor("seq", TensorProto.INT64, [1], [1])],
)
m = helper.make_model(text, opset_imports=[helper.make_opsetid("", 18)])
m.ir_version = 8
onnx.save(m, os.path.join(tiny, "text_model.onnx"))

tokenizer = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [
        {"id": 0, "content": "<|startoftext|>", "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True},
        {"id": 1, "content": "<|endoftext|>", "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True},
    ],
    "normalizer": {"type": "Lowercase"},
    "pre_tokenizer": {"type": "Whitespace"},
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "<|startoftext|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                   {"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}}],
        "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
        "special_tokens": {
            "<|startoftext|>": {"id": "<|startoftext|>", "ids": [0], "tokens": ["<|startoftext|>"]},
            "<|endoftext|>": {"id": "<|endoftext|>", "ids": [1], "tokens": ["<|endoftext|>"]},
        },
    },
    "decoder": None,
    "model": {"type": "WordLevel", "vocab": {w: i for i, w in enumerate(vocab)}, "unk_token": "<|endoftext|>"},
}
with open(os.path.join(tiny, "tokenizer.json"), "w") as f:
    json.dump(tokenizer, f, indent=1)

preprocessor = {
    "crop_size": {"height": 224, "width": 224},
    "do_center_crop": True,
    "do_convert_rgb": True,
    "do_normalize": True,
    "do_rescale": True,
    "do_resize": True,
    "image_mean": MEAN,
    "image_std": STD,
    "resample": 3,
    "rescale_factor": 0.00392156862745098,
    "size": {"shortest_edge": 224},
}
with open(os.path.join(tiny, "preprocessor_config.json"), "w") as f:
    json.dump(preprocessor, f, indent=1)

# --- preprocessing goldens (what HF's CLIPImageProcessor does, step by step, with PIL) -------------
rng = np.random.default_rng(7)


def gradient(w, h):
    x = np.linspace(0, 255, w)[None, :].repeat(h, 0)
    y = np.linspace(0, 255, h)[:, None].repeat(w, 1)
    return np.stack([x, y, 255 - x], -1).astype(np.uint8)


images = {
    "landscape-300x200": gradient(300, 200),
    "portrait-201x350": np.kron(rng.integers(0, 256, (35, 21, 3), dtype=np.uint8), np.ones((10, 10, 1), dtype=np.uint8))[:350, :201],
    "photo-520x391": (gradient(520, 391).astype(np.int32) + rng.integers(-6, 6, (391, 520, 3))).clip(0, 255)
    .astype(np.uint8),
}
for name, arr in images.items():
    img = Image.fromarray(arr, "RGB")
    img.save(os.path.join(pre, name + ".png"))
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = 224, int(224 * long / short)
    size = (new_short, new_long) if w <= h else (new_long, new_short)
    resized = np.asarray(img.resize(size, Image.BICUBIC))
    top = (resized.shape[0] - 224) // 2
    left = (resized.shape[1] - 224) // 2
    crop = resized[top:top + 224, left:left + 224]
    crop.astype(np.uint8).tofile(os.path.join(pre, name + ".rgb"))
