#!/usr/bin/env python3
"""Builds AbStudio.Web/DemoData/scifact-demo from the shared SciFact (BEIR layout), deterministically:
the first 50 test queries (by numeric id) that have judgments, their judged documents, and the
150 lowest-numbered other documents. Usage: make-scifact-demo.py SCIFACT_FOLDER OUTPUT_FOLDER"""
import gzip, json, os, sys

QUERIES, DISTRACTORS = 50, 150


def main(source, output):
    qrels = {}
    with open(os.path.join(source, "qrels", "test.tsv"), encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            qid, did, score = line.split("\t")
            qrels.setdefault(qid, []).append((did, score))
    chosen = sorted(qrels, key=int)[:QUERIES]
    relevant = {did for q in chosen for did, _ in qrels[q]}
    with gzip.open(os.path.join(source, "corpus.jsonl.gz"), "rt", encoding="utf-8") as f:
        corpus = [json.loads(line) for line in f]
    others = sorted((d for d in corpus if d["_id"] not in relevant), key=lambda d: int(d["_id"]))[:DISTRACTORS]
    keep = relevant | {d["_id"] for d in others}
    os.makedirs(os.path.join(output, "qrels"), exist_ok=True)
    with open(os.path.join(output, "corpus.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for d in sorted((d for d in corpus if d["_id"] in keep), key=lambda d: int(d["_id"])):
            f.write(json.dumps({"_id": d["_id"], "title": d["title"], "text": d["text"]}, ensure_ascii=False) + "\n")
    with open(os.path.join(source, "queries.jsonl"), encoding="utf-8") as f, \
         open(os.path.join(output, "queries.jsonl"), "w", encoding="utf-8", newline="\n") as out:
        queries = {json.loads(line)["_id"]: line for line in f}
        for q in chosen:
            out.write(queries[q].rstrip("\n") + "\n")
    with open(os.path.join(output, "qrels", "test.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for q in chosen:
            for did, score in qrels[q]:
                f.write(f"{q}\t{did}\t{score}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
