#!/usr/bin/env python3
"""Dense kNN peers for `./rag bench index --peers`: hnswlib and FAISS on the same vectors.

Reads the files the Java side wrote into --dir (little-endian float32 vectors and queries, int32
exact top-10 ids), builds an HNSW index with each library at the same graph settings as Lucene's
(M = maxConn, efConstruction = beamWidth), then, one query at a time on one thread, measures
recall@10 and queries per second at each ef (Lucene's candidates k). Prints one JSON object per
line; the Java side reads them and prints the comparison.

Needs Debian's python3-numpy, python3-hnswlib and python3-faiss (apt-get install ...); a library
that is missing is reported and skipped.
"""
import argparse
import json
import sys
import time


def load(args):
    import numpy as np

    meta = json.load(open(f"{args.dir}/meta.json"))
    n, q, dim = meta["vectors"], meta["queries"], meta["dim"]
    vectors = np.fromfile(f"{args.dir}/vectors.f32", dtype="<f4").reshape(n, dim)
    queries = np.fromfile(f"{args.dir}/queries.f32", dtype="<f4").reshape(q, dim)
    truth = np.fromfile(f"{args.dir}/truth.i32", dtype="<i4").reshape(q, 10)
    return meta, vectors, queries, truth


def recall(found, truth):
    return sum(len(set(f) & set(t)) for f, t in zip(found, truth)) / (10.0 * len(truth))


def measure(search, queries, truth, warmup):
    for i in range(warmup):
        search(queries[i % len(queries)])
    found, times = [], []
    for v in queries:
        t0 = time.perf_counter()
        ids = search(v)
        times.append(time.perf_counter() - t0)
        found.append([int(x) for x in ids])
    times.sort()
    return recall(found, truth), len(times) / sum(times), times[len(times) // 2] * 1000


def emit(**row):
    print(json.dumps(row), flush=True)


def run_hnswlib(meta, vectors, queries, truth, candidates):
    import hnswlib

    t0 = time.perf_counter()
    index = hnswlib.Index(space="ip", dim=meta["dim"])
    index.init_index(max_elements=len(vectors), M=meta["m"], ef_construction=meta["ef_construction"],
                     random_seed=42)
    index.add_items(vectors, list(range(len(vectors))))  # all cores, as Lucene's merge has them
    emit(system="hnswlib " + getattr(hnswlib, "__version__", "0.6.2"), build_seconds=time.perf_counter() - t0)
    index.set_num_threads(1)
    for ef in candidates:
        index.set_ef(max(ef, 10))
        r, qps, p50 = measure(lambda v: index.knn_query(v, k=10)[0][0], queries, truth, 200)
        emit(system="hnswlib", candidates=ef, recall=r, qps=qps, p50_ms=p50)


def run_faiss(meta, vectors, queries, truth, candidates):
    import faiss

    t0 = time.perf_counter()
    index = faiss.IndexHNSWFlat(meta["dim"], meta["m"], faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = meta["ef_construction"]
    index.add(vectors)
    emit(system="faiss " + faiss.__version__, build_seconds=time.perf_counter() - t0)
    faiss.omp_set_num_threads(1)
    for ef in candidates:
        index.hnsw.efSearch = max(ef, 10)
        r, qps, p50 = measure(lambda v: index.search(v.reshape(1, -1), 10)[1][0], queries, truth, 200)
        emit(system="faiss", candidates=ef, recall=r, qps=qps, p50_ms=p50)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dir", required=True)
    p.add_argument("--candidates", required=True, help="comma-separated ef values")
    args = p.parse_args()
    candidates = [int(c) for c in args.candidates.split(",")]
    try:
        meta, vectors, queries, truth = load(args)
    except ImportError as e:
        emit(error=f"numpy is missing ({e}): apt-get install python3-numpy")
        return 1
    for name, run in (("hnswlib", run_hnswlib), ("faiss", run_faiss)):
        try:
            run(meta, vectors, queries, truth, candidates)
        except ImportError as e:
            emit(error=f"{name} is missing ({e}): apt-get install python3-{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
