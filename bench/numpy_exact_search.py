#!/usr/bin/env python3
"""NumPy peer of ExactSearchBenchmarks: exact top-10 inner-product search of 1,000 queries over
100,000 x 384 unit vectors, on the very data the C# benchmark generates.

    dotnet run -c Release --project bench/AbStudio.Bench -- export-vectors /tmp/abstudio-vectors
    /usr/bin/python3 bench/numpy_exact_search.py /tmp/abstudio-vectors   # Debian's python3, which has python3-numpy

Needs Debian's python3-numpy and libopenblas0-pthread (without the latter NumPy falls back to
the slow reference BLAS). Prints the BLAS in use, the best of 5 timings and queries per second.
"""
import sys
import time

import numpy as np

DIMENSIONS, K = 384, 10


def top_k(corpus: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    scores = queries @ corpus.T                      # one GEMM for the whole batch
    part = np.argpartition(-scores, k, axis=1)[:, :k]
    order = np.take_along_axis(scores, part, axis=1).argsort(axis=1)[:, ::-1]
    return np.take_along_axis(part, order, axis=1)


def main(directory: str) -> None:
    corpus = np.fromfile(f"{directory}/corpus.f32", dtype="<f4").reshape(-1, DIMENSIONS)
    queries = np.fromfile(f"{directory}/queries.f32", dtype="<f4").reshape(-1, DIMENSIONS)
    try:
        from threadpoolctl import threadpool_info
        print("BLAS:", [(i.get("internal_api"), i.get("num_threads")) for i in threadpool_info()])
    except ImportError:
        print("BLAS: (threadpoolctl not installed)", np.show_config() or "")
    top_k(corpus, queries, K)                        # warm-up
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        result = top_k(corpus, queries, K)
        timings.append(time.perf_counter() - start)
    best = min(timings)
    print(f"corpus {corpus.shape}, queries {queries.shape}, k={K}")
    print(f"best of 5: {best * 1000:.1f} ms  ->  {len(queries) / best:.0f} queries/s  (first hit of query 0: {result[0][0]})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/abstudio-vectors")
