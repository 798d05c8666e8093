#!/usr/bin/python3
"""Writes the tiny BGE-M3 test fixtures and their golden outputs.

Run with Debian's python3 (apt-get install python3-onnx python3-numpy):

    /usr/bin/python3 model/src/test/resources/m3/generate.py

Everything here is deterministic (fixed seed), so re-running rewrites identical files.

The fixtures mimic BGE-M3's structure at toy size: an "encoder" whose token states mix every
token with the masked mean of the sequence (so padding must not leak into real tokens), and the
two heads of FlagEmbedding's M3 model: sparse_linear (H -> 1) and colbert_linear (H -> H).

- outputs-yuniko/   model.onnx with dense_embeddings [B,H], sparse_weights [B,T,1], colbert_vectors [B,T-1,H]
                    (the yuniko-software export: heads in the graph; ColBERT rows NOT masked, so the
                    reader must apply attention_mask[i+1] to row i itself)
- outputs-optimum/  model.onnx with dense_vecs [B,H], sparse_vecs [B,T], colbert_vecs [B,T-1,H]
- encoder-heads/    model.onnx with last_hidden_state [B,T,H] plus sparse_linear.safetensors and
                    colbert_linear.safetensors (keys weight, bias) applied in Java
- bad-output-names/ an encoder whose only output is called "logits"
- bad-rank/         an encoder whose last_hidden_state is [B,H] (rank 2)
- bad-heads/        the encoder with a colbert_linear weight of the wrong width
- golden.json       per text: token ids (max_tokens 16), dense, sparse {id: weight}, colbert rows,
                    computed by the NumPy re-implementation of REFERENCE section 2 below.
"""
import json
import os
import re
import shutil
import struct

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
H = 16          # hidden size (1024 in the real model)
MAX_POS = 64    # position table size
MAX_TOKENS = 16 # max_tokens used by the golden outputs (truncation is part of the test)
CLS, PAD, EOS, UNK = 0, 1, 2, 3

WORDS = ("the a of and to in is for on with retrieval dense sparse lexical vector search index "
         "query document model token weight score hybrid fusion rank late interaction colbert "
         "bge lucene java onnx chunk text image cat dog runs fast slow , . ?").split()
VOCAB = {"<s>": CLS, "<pad>": PAD, "</s>": EOS, "<unk>": UNK}
for w in WORDS:
    VOCAB[w] = len(VOCAB)
V = len(VOCAB)

TEXTS = [
    "dense retrieval",
    "The hybrid search index runs fast , and the index is fast .",
    "lexical weight of a token",
    "colbert late interaction with unknownword and zebra",
    # a repeated token with different positive weights (max per id), and a CLS with a positive weight (dropped)
    "rank rank fusion rank",
    # longer than MAX_TOKENS: truncated to <s> + 14 tokens + </s>
    "bge model for dense sparse and colbert vector search in java with onnx and lucene index of text and image chunk",
    "Query ?",
]

rng = np.random.default_rng(20261127)
E = rng.normal(0, 1, (V, H)).astype(np.float32)
P = rng.normal(0, 0.3, (MAX_POS, H)).astype(np.float32)
W1 = rng.normal(0, 0.5, (H, H)).astype(np.float32)
W2 = rng.normal(0, 0.5, (H, H)).astype(np.float32)
SPARSE_W = rng.normal(0, 0.6, (1, H)).astype(np.float32)   # torch Linear layout [out, in]
SPARSE_B = np.array([-0.2], dtype=np.float32)
COLBERT_W = rng.normal(0, 0.4, (H, H)).astype(np.float32)
COLBERT_B = rng.normal(0, 0.1, (H,)).astype(np.float32)


# ---------------------------------------------------------------- tokenizer
def tokenize(text):
    pieces = re.findall(r"\w+|[^\w\s]+", text.lower())
    ids = [VOCAB.get(p, UNK) for p in pieces]
    return [CLS] + ids + [EOS]


def truncate(ids, max_tokens):
    if len(ids) <= max_tokens:
        return ids, False
    return ids[: max_tokens - 1] + [EOS], True


def tokenizer_json():
    def special(i, c):
        return {"id": i, "content": c, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(CLS, "<s>"), special(PAD, "<pad>"), special(EOS, "</s>"), special(UNK, "<unk>")],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [CLS], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [EOS], "tokens": ["</s>"]},
            },
        },
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": VOCAB, "unk_token": "<unk>"},
    }


# ---------------------------------------------------------------- NumPy reference (REFERENCE section 2)
def encoder(ids, mask):
    """ids, mask: [B, T] -> hidden [B, T, H]; every token sees the masked mean of its sequence."""
    x = E[ids]                                               # [B,T,H]
    m = mask.astype(np.float32)[:, :, None]
    mean = (x * m).sum(axis=1, keepdims=True) / m.sum(axis=1, keepdims=True)
    t = ids.shape[1]
    return np.tanh(x @ W1 + P[:t][None] + mean @ W2).astype(np.float32)


def l2(v):
    n = np.sqrt((v * v).sum(axis=-1, keepdims=True))
    return v / np.maximum(n, 1e-12)


def m3_reference(ids):
    """One unpadded sequence -> (dense, sparse dict, colbert rows), exactly as FlagEmbedding M3."""
    ids_arr = np.array([ids], dtype=np.int64)
    mask = np.ones_like(ids_arr)
    h = encoder(ids_arr, mask)[0]
    dense = l2(h[0])
    weights = np.maximum(h @ SPARSE_W.T + SPARSE_B, 0)[:, 0]
    sparse = {}
    for tid, w in zip(ids, weights):
        if tid in (CLS, EOS, PAD, UNK) or w <= 0:
            continue
        sparse[tid] = max(sparse.get(tid, 0.0), float(w))
    colbert = l2(h[1:] @ COLBERT_W.T + COLBERT_B)          # CLS dropped, EOS kept
    return dense, sparse, colbert


# ---------------------------------------------------------------- ONNX graphs
def const(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def encoder_nodes():
    """Nodes computing 'hidden' [B,T,H] from input_ids and attention_mask."""
    n = helper.make_node
    return [
        n("Gather", ["E", "input_ids"], ["x"], axis=0),
        n("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
        n("Unsqueeze", ["maskf", "axis_2"], ["mask3"]),
        n("Mul", ["x", "mask3"], ["xm"]),
        n("ReduceSum", ["xm", "axis_1"], ["xsum"], keepdims=1),
        n("ReduceSum", ["mask3", "axis_1"], ["msum"], keepdims=1),
        n("Div", ["xsum", "msum"], ["mean"]),
        n("MatMul", ["mean", "W2"], ["meanw"]),
        n("MatMul", ["x", "W1"], ["xw"]),
        n("Shape", ["input_ids"], ["ishape"]),
        n("Gather", ["ishape", "one"], ["tlen"], axis=0),
        n("Range", ["zero", "tlen", "one"], ["positions"]),
        n("Gather", ["P", "positions"], ["pos"], axis=0),
        n("Add", ["xw", "pos"], ["xp"]),
        n("Add", ["xp", "meanw"], ["pre"]),
        n("Tanh", ["pre"], ["hidden"]),
    ]


def encoder_inits():
    return [const("E", E), const("P", P), const("W1", W1), const("W2", W2),
            const("axis_1", np.array([1], dtype=np.int64)), const("axis_2", np.array([2], dtype=np.int64)),
            const("zero", np.array(0, dtype=np.int64)), const("one", np.array(1, dtype=np.int64))]


def normalize_nodes(src, dst, tag):
    n = helper.make_node
    return [
        n("Mul", [src, src], [tag + "_sq"]),
        n("ReduceSum", [tag + "_sq", "axis_last"], [tag + "_ss"], keepdims=1),
        n("Sqrt", [tag + "_ss"], [tag + "_norm"]),
        n("Max", [tag + "_norm", "eps"], [tag + "_safe"]),
        n("Div", [src, tag + "_safe"], [dst]),
    ]


def heads_nodes(dense_name, sparse_name, colbert_name, sparse_rank):
    n = helper.make_node
    nodes = [
        # dense: CLS row, normalised
        n("Gather", ["hidden", "zero"], ["cls"], axis=1),
        *normalize_nodes("cls", dense_name, "dn"),
        # sparse: relu(h Ws^T + b), per token
        n("MatMul", ["hidden", "Ws_t"], ["sl"]),
        n("Add", ["sl", "bs"], ["slb"]),
    ]
    if sparse_rank == 3:
        nodes.append(n("Relu", ["slb"], [sparse_name]))
    else:
        nodes += [n("Relu", ["slb"], ["sparse3"]), n("Squeeze", ["sparse3", "axis_2"], [sparse_name])]
    nodes += [
        # colbert: rows 1.., linear, normalised; NOT masked (the reader applies mask[i+1])
        n("Shape", ["hidden"], ["hshape"]),
        n("Gather", ["hshape", "one"], ["hlen"], axis=0),
        n("Unsqueeze", ["hlen", "axis_0"], ["hlen1"]),
        n("Slice", ["hidden", "one1", "hlen1", "axis_1"], ["tokens"]),
        n("MatMul", ["tokens", "Wc_t"], ["cl"]),
        n("Add", ["cl", "bc"], ["clb"]),
        *normalize_nodes("clb", colbert_name, "cn"),
    ]
    return nodes


def heads_inits():
    return [const("Ws_t", SPARSE_W.T.copy()), const("bs", SPARSE_B), const("Wc_t", COLBERT_W.T.copy()),
            const("bc", COLBERT_B), const("axis_last", np.array([-1], dtype=np.int64)),
            const("axis_0", np.array([0], dtype=np.int64)), const("one1", np.array([1], dtype=np.int64)),
            const("eps", np.array(1e-12, dtype=np.float32))]


def inputs():
    return [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])]


def save(graph, folder):
    path = os.path.join(HERE, folder)
    os.makedirs(path, exist_ok=True)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="rag-fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(path, "model.onnx"))
    with open(os.path.join(path, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(), f, indent=1, sort_keys=True)
    return path


def out(name, dims):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, arr in tensors.items():
        data = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def check_coverage():
    """The texts must exercise max-per-id aggregation and the dropping of special tokens."""
    repeated_max = special_dropped = False
    for text in TEXTS:
        ids, _ = truncate(tokenize(text), MAX_TOKENS)
        h = encoder(np.array([ids], dtype=np.int64), np.ones((1, len(ids)), dtype=np.int64))[0]
        w = np.maximum(h @ SPARSE_W.T + SPARSE_B, 0)[:, 0]
        positive = {}
        for tid, x in zip(ids, w):
            if x > 0:
                positive.setdefault(tid, []).append(float(x))
        repeated_max |= any(len(set(v)) > 1 for t, v in positive.items() if t not in (CLS, EOS, PAD, UNK))
        special_dropped |= any(t in positive for t in (CLS, EOS, UNK))
    assert repeated_max and special_dropped, "fixture texts no longer test max aggregation / special ids"


def main():
    for d in ("outputs-yuniko", "outputs-optimum", "encoder-heads", "bad-output-names", "bad-rank", "bad-heads"):
        shutil.rmtree(os.path.join(HERE, d), ignore_errors=True)

    for folder, names, rank in (("outputs-yuniko", ("dense_embeddings", "sparse_weights", "colbert_vectors"), 3),
                                ("outputs-optimum", ("dense_vecs", "sparse_vecs", "colbert_vecs"), 2)):
        sparse_dims = ["batch", "seq", 1] if rank == 3 else ["batch", "seq"]
        graph = helper.make_graph(
            encoder_nodes() + heads_nodes(*names, sparse_rank=rank), folder, inputs(),
            [out(names[0], ["batch", H]), out(names[1], sparse_dims), out(names[2], ["batch", "seq_minus_1", H])],
            encoder_inits() + heads_inits())
        save(graph, folder)

    def encoder_graph(name, output):
        return helper.make_graph(encoder_nodes() + [helper.make_node("Identity", ["hidden"], [output[0].name])],
                                 name, inputs(), output, encoder_inits())

    path = save(encoder_graph("encoder", [out("last_hidden_state", ["batch", "seq", H])]), "encoder-heads")
    write_safetensors(os.path.join(path, "sparse_linear.safetensors"), {"weight": SPARSE_W, "bias": SPARSE_B})
    write_safetensors(os.path.join(path, "colbert_linear.safetensors"), {"weight": COLBERT_W, "bias": COLBERT_B})

    save(encoder_graph("bad_names", [out("logits", ["batch", "seq", H])]), "bad-output-names")

    n = helper.make_node
    rank2 = helper.make_graph(encoder_nodes() + [n("ReduceMean", ["hidden"], ["last_hidden_state"], axes=[1], keepdims=0)],
                              "bad_rank", inputs(), [out("last_hidden_state", ["batch", H])], encoder_inits())
    save(rank2, "bad-rank")

    path = save(encoder_graph("bad_heads", [out("last_hidden_state", ["batch", "seq", H])]), "bad-heads")
    write_safetensors(os.path.join(path, "sparse_linear.safetensors"), {"weight": SPARSE_W, "bias": SPARSE_B})
    wide = rng.normal(0, 0.4, (H, H + 3)).astype(np.float32)
    write_safetensors(os.path.join(path, "colbert_linear.safetensors"), {"weight": wide, "bias": COLBERT_B})

    golden = {"max_tokens": MAX_TOKENS, "hidden": H, "texts": []}
    for text in TEXTS:
        ids, truncated = truncate(tokenize(text), MAX_TOKENS)
        dense, sparse, colbert = m3_reference(ids)
        golden["texts"].append({
            "text": text, "ids": ids, "truncated": truncated,
            "dense": [float(v) for v in dense],
            "sparse": {str(k): v for k, v in sorted(sparse.items())},
            "colbert": [[float(v) for v in row] for row in colbert],
        })
    check_coverage()
    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)


if __name__ == "__main__":
    main()
