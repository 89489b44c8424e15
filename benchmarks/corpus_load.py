"""Corpus loading speed: load_document without detection, and language detection after.

Prints:
  * per seed: median wall time of ``load_document(path, detect=False)`` (decode,
    structure, segmentation) over 300 runs, and mean CPU time (less sensitive to other
    processes on a busy machine), file size;
  * a generated corpus of N documents (benchmarks/_corpus.py, default 10,000): time of
    ``load_corpus(..., detect=False)``, then ``with_languages`` (lingua batch mode, low
    accuracy for articles) and the share of documents whose detected language matches
    the generator's;
  * ``detect_language`` per document, for comparison with the batch.

Usage: .venv/bin/python benchmarks/corpus_load.py [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._corpus import make_corpus
from reader.corpus import (
    default_corpus_path,
    discover,
    load_corpus,
    load_document,
    with_language,
    with_languages,
)

ROOT = Path(__file__).resolve().parents[1]


def per_seed() -> None:
    print("load_document(detect=False) on the seeds, median of 300 runs")
    paths = discover([default_corpus_path()])
    for path in paths:
        load_document(path, detect=False)
    for path in paths:
        times = []
        for _ in range(300):
            t = time.perf_counter()
            load_document(path, detect=False)
            times.append(time.perf_counter() - t)
        cpu = time.process_time()
        for _ in range(300):
            load_document(path, detect=False)
        cpu = (time.process_time() - cpu) / 300
        print(
            f"  {path.name:<28} {path.stat().st_size:>6} B  "
            f"wall median {statistics.median(times) * 1000:7.3f} ms   "
            f"CPU mean {cpu * 1000:7.3f} ms"
        )


def generated(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), n, seed=0)
        size = sum(p.stat().st_size for p in paths)
        t = time.perf_counter()
        docs = load_corpus([tmp], detect=False)
        load_s = time.perf_counter() - t
        print(
            f"generated corpus: {len(docs)} documents, {size / 1e6:.1f} MB\n"
            f"  load_corpus(detect=False): {load_s:.2f} s "
            f"({load_s / len(docs) * 1000:.3f} ms/doc)"
        )
        t = time.perf_counter()
        detected = with_languages(docs)
        batch_s = time.perf_counter() - t
        expected = [p.stem.rsplit("_", 1)[-1] for p in sorted(paths)]
        got = {d.path.name: d.language for d in detected}
        right = sum(
            got.get(p.name) == lang for p, lang in zip(sorted(paths), expected, strict=True)
        )
        print(
            f"  with_languages (batch, incl. model load): {batch_s:.2f} s "
            f"({batch_s / len(docs) * 1000:.3f} ms/doc), right {right}/{len(docs)}"
        )
        sample = docs[: min(1000, len(docs))]
        t = time.perf_counter()
        for doc in sample:
            with_language(doc)
        one_s = time.perf_counter() - t
        print(f"  with_language one by one: {one_s / len(sample) * 1000:.3f} ms/doc")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    per_seed()
    generated(n)


if __name__ == "__main__":
    main()
