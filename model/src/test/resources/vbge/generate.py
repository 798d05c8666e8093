#!/usr/bin/python3
"""Writes the Visualized-BGE test fixture (Debian: python3-onnx, python3-numpy, python3-pil):

    /usr/bin/python3 model/src/test/resources/vbge/generate.py

tiny-vbge/ holds a graph with exactly the inputs, outputs, names and dtypes that
scripts/export-visualized-bge.py gives the real model (the contract the Java side reads):

- multimodal.onnx: pixel_values [B,3,224,224] float, input_ids [B,T] int64, attention_mask [B,T]
  int64 -> embedding [B,4] float (pooled, not normalised: normalising is the Java side's job).
  Its arithmetic stands in for "BGE over [CLS] + image tokens + text tokens": the image part is
  each normalised channel's mean minus the mean of the three (a red picture points along +dim0),
  the text part the sum of the token embeddings under the mask ("red" +dim0, "green" +dim1,
  "blue" +dim2, "logo" +dim3, [CLS] and [SEP] a little of every dim).
- multimodal-sequence.onnx: the same with last_hidden_state [B,2,4] instead (position 0 = the
  embedding above), as an export that stops before pooling.
- tokenizer.json: a BERT-shaped WordLevel tokenizer ([PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3; every text
  becomes [CLS] ... [SEP], the empty text [CLS] [SEP], as BGE's tokenizer does).
- preprocessor_config.json: EVA-CLIP's 224 bicubic, centre crop, CLIP mean and std.
- ../tiny-bge-text/: the BGE text model the encoder is paired with, in the same space (visual_bge's
  text-only case is the text model itself, encode_text): a BGE-M3-shaped export (dense_vecs [B,4],
  sparse_vecs [B,T], colbert_vecs [B,T-1,4]; model.onnx and the same tokenizer.json) whose dense
  vector is the text part above alone, so "red" finds a red picture through the dense leg.
- golden.json: for the three images of ../clip/preprocess/ (PIL's resize and crop), the unit
  vectors of the image alone (the empty text, as visual_bge's encode_image does) and of the image
  with the text "blue logo"; under "texts", the text model's unit dense vectors of a few texts.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
tiny = os.path.join(here, "tiny-vbge")
images_dir = os.path.join(here, "..", "clip", "preprocess")
os.makedirs(tiny, exist_ok=True)

MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]
vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "red", "green", "blue", "logo", "the", "same", "in"]
emb = np.zeros((len(vocab), 4), dtype=np.float32)
emb[vocab.index("[CLS]")] = [0.05, 0.05, 0.05, 0.05]
emb[vocab.index("[SEP]")] = [0.02, 0.02, 0.02, 0.02]
emb[vocab.index("red")] = [1, 0, 0, 0]
emb[vocab.index("green")] = [0, 1, 0, 0]
emb[vocab.index("blue")] = [0, 0, 1, 0]
emb[vocab.index("logo")] = [0, 0, 0, 1]
for filler in ["the", "same", "in"]:
    emb[vocab.index(filler)] = [0, 0, 0, 0.1]
w_v = np.zeros((3, 4), dtype=np.float32)
w_v[:, :3] = np.eye(3) - 1.0 / 3.0

graph = helper.make_graph(
    [
        helper.make_node("ReduceMean", ["pixel_values", "hw"], ["means"], keepdims=0),
        helper.make_node("MatMul", ["means", "w_v"], ["image_part"]),
        helper.make_node("Gather", ["emb", "input_ids"], ["tokens"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "last"], ["mask3"]),
        helper.make_node("Mul", ["tokens", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "seq"], ["text_part"], keepdims=0),
        helper.make_node("Add", ["image_part", "text_part"], ["embedding"]),
    ],
    "tiny_visualized_bge",
    [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3, 224, 224]),
     helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
     helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
    [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 4])],
    [helper.make_tensor("hw", TensorProto.INT64, [2], [2, 3]),
     helper.make_tensor("w_v", TensorProto.FLOAT, [3, 4], w_v.flatten().tolist()),
     helper.make_tensor("emb", TensorProto.FLOAT, list(emb.shape), emb.flatten().tolist()),
     helper.make_tensor("last", TensorProto.INT64, [1], [2]),
     helper.make_tensor("seq", TensorProto.INT64, [1], [1])],
)
m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
m.ir_version = 8
onnx.save(m, os.path.join(tiny, "multimodal.onnx"))

# the same graph with a sequence output instead, as an export that stops before pooling: position 0
# is the [CLS] state (the embedding above), position 1 something else
seq_graph = helper.make_graph(
    list(graph.node)[:-1]
    + [
        helper.make_node("Add", ["image_part", "text_part"], ["cls_state"]),
        helper.make_node("Unsqueeze", ["cls_state", "one"], ["cls3"]),
        helper.make_node("Unsqueeze", ["text_part", "one"], ["other3"]),
        helper.make_node("Concat", ["cls3", "other3"], ["last_hidden_state"], axis=1),
    ],
    "tiny_visualized_bge_sequence",
    list(graph.input),
    [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", 2, 4])],
    list(graph.initializer) + [helper.make_tensor("one", TensorProto.INT64, [1], [1])],
)
m = helper.make_model(seq_graph, opset_imports=[helper.make_opsetid("", 18)])
m.ir_version = 8
onnx.save(m, os.path.join(tiny, "multimodal-sequence.onnx"))

special = lambda i, t: {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                        "normalized": False, "special": True}
tokenizer = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [special(0, "[PAD]"), special(1, "[UNK]"), special(2, "[CLS]"), special(3, "[SEP]")],
    "normalizer": {"type": "Lowercase"},
    "pre_tokenizer": {"type": "Whitespace"},
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                   {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
        "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
        "special_tokens": {
            "[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]},
            "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]},
        },
    },
    "decoder": None,
    "model": {"type": "WordLevel", "vocab": {w: i for i, w in enumerate(vocab)}, "unk_token": "[UNK]"},
}
with open(os.path.join(tiny, "tokenizer.json"), "w") as f:
    json.dump(tokenizer, f, indent=1)
preprocessor = {
    "crop_size": {"height": 224, "width": 224}, "do_center_crop": True, "do_convert_rgb": True,
    "do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": MEAN, "image_std": STD,
    "resample": 3, "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 224},
}
with open(os.path.join(tiny, "preprocessor_config.json"), "w") as f:
    json.dump(preprocessor, f, indent=1)


def pixels(path):
    img = Image.open(path).convert("RGB")
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    size = (224, int(224 * long / short)) if w <= h else (int(224 * long / short), 224)
    a = np.asarray(img.resize(size, Image.BICUBIC)).astype(np.float64)
    top, left = (a.shape[0] - 224) // 2, (a.shape[1] - 224) // 2
    a = a[top:top + 224, left:left + 224] / 255.0
    return (a - np.array(MEAN)) / np.array(STD)  # [224, 224, 3]


def tokens(text):
    return [vocab.index("[CLS]")] + [vocab.index(w) if w in vocab else 1 for w in text.lower().split()] \
        + [vocab.index("[SEP]")]


def embed(path, text):
    image_part = pixels(path).mean(axis=(0, 1)) @ w_v.astype(np.float64)
    text_part = emb[tokens(text)].astype(np.float64).sum(axis=0)
    v = image_part + text_part
    return (v / np.linalg.norm(v)).tolist()


# the paired text model: the same token table, no image part (BGE-M3's three head outputs)
text_dir = os.path.join(here, "tiny-bge-text")
os.makedirs(text_dir, exist_ok=True)
text_graph = helper.make_graph(
    [
        helper.make_node("Gather", ["emb", "input_ids"], ["tokens"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "last"], ["mask3"]),
        helper.make_node("Mul", ["tokens", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "seq"], ["dense_vecs"], keepdims=0),
        helper.make_node("ReduceSum", ["masked", "last"], ["token_sums"], keepdims=0),
        helper.make_node("Relu", ["token_sums"], ["sparse_vecs"]),
        helper.make_node("Slice", ["masked", "one", "big", "seq"], ["colbert_vecs"]),
    ],
    "tiny_bge_text",
    [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
     helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
    [helper.make_tensor_value_info("dense_vecs", TensorProto.FLOAT, ["batch", 4]),
     helper.make_tensor_value_info("sparse_vecs", TensorProto.FLOAT, ["batch", "sequence"]),
     helper.make_tensor_value_info("colbert_vecs", TensorProto.FLOAT, ["batch", "rows", 4])],
    [helper.make_tensor("emb", TensorProto.FLOAT, list(emb.shape), emb.flatten().tolist()),
     helper.make_tensor("last", TensorProto.INT64, [1], [2]),
     helper.make_tensor("seq", TensorProto.INT64, [1], [1]),
     helper.make_tensor("one", TensorProto.INT64, [1], [1]),
     helper.make_tensor("big", TensorProto.INT64, [1], [1 << 30])],
)
m = helper.make_model(text_graph, opset_imports=[helper.make_opsetid("", 18)])
m.ir_version = 8
onnx.save(m, os.path.join(text_dir, "model.onnx"))
with open(os.path.join(text_dir, "tokenizer.json"), "w") as f:
    json.dump(tokenizer, f, indent=1)


def embed_text(text):
    v = emb[tokens(text)].astype(np.float64).sum(axis=0)
    return (v / np.linalg.norm(v)).tolist()


golden = {"texts": {t: embed_text(t) for t in ["red", "blue logo", "the same logo in green"]}}
for name in ["landscape-300x200", "portrait-201x350", "photo-520x391"]:
    path = os.path.join(images_dir, name + ".png")
    golden[name] = {"image": embed(path, ""), "image+blue logo": embed(path, "blue logo")}
with open(os.path.join(here, "golden.json"), "w") as f:
    json.dump(golden, f, indent=1)
