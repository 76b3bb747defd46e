#!/usr/bin/env python3
"""Reference implementation of AbStudio's dataset content hash (abstudio-dataset-v1), written from
docs/datasets.md, for checking the C# implementation from outside. Usage: dataset-content-hash.py BEIR_FOLDER"""
import glob, gzip, hashlib, json, os, sys


def netstring(value: str) -> bytes:
    data = value.encode("utf-8")
    return str(len(data)).encode() + b":" + data + b","


def norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def record(*fields: str) -> bytes:
    return hashlib.sha256(b"".join(netstring(f) for f in fields)).digest()


def jsonl(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def main(folder):
    corpus = os.path.join(folder, "corpus.jsonl")
    if not os.path.exists(corpus):
        corpus += ".gz"
    docs = sorted((str(d["_id"]), record("document", str(d["_id"]), norm(d.get("title") or ""), norm(d["text"]))) for d in jsonl(corpus))
    queries = sorted((str(q["_id"]), record("query", str(q["_id"]), norm(q["text"]))) for q in jsonl(os.path.join(folder, "queries.jsonl")))
    judgments = []
    for path in glob.glob(os.path.join(folder, "qrels", "*.tsv")):
        split = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f):
                fields = line.rstrip("\r\n").split("\t")
                if (n == 0 and fields[0] == "query-id") or not line.strip():
                    continue
                judgments.append(((split, fields[0], fields[1]), record("judgment", split, fields[0], fields[1], str(int(fields[2])))))
    judgments.sort()
    total = hashlib.sha256()
    for part in ("abstudio-dataset-v1", str(len(docs)), str(len(queries)), str(len(judgments))):
        total.update(netstring(part))
    for _, digest in docs + queries + judgments:
        total.update(digest)
    print(total.hexdigest())


if __name__ == "__main__":
    main(sys.argv[1])
