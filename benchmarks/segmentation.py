"""Sentence splitter against the one-sentence-per-line files of ../shared/bench.

The bench files are gold sentence segmentations of books (TransRead en/fr, OPUS books
en/it/fr) and Alpine-club yearbooks (Text+Berg de/fr). For each file, runs of
``CHUNK`` lines are joined with single spaces into one paragraph and split again; a gold
boundary is the end of a line whose text ends with sentence-final punctuation (possibly
followed by closing quotes), since a boundary after a heading without punctuation cannot
be seen once lines are joined. Precision counts predicted boundaries that fall on any
line end. The data is read in place, never copied.

Note: TransRead and Text+Berg text is tokenised ("mots , ponctuation ."), which makes
abbreviations look like ordinary words; the figures are a regression guard, not a
comparison with published segmenters.

Usage: .venv/bin/python benchmarks/segmentation.py [BENCH_DIR]
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from reader.corpus.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]

CHUNK = 20
_FINAL = re.compile(r"[.!?…]+[\s\"'”’»)]*$")
_LANG = {"en": "en", "fr": "fr", "it": "it", "de": "de"}


def score_file(path: Path, language: str) -> tuple[int, int, int, float]:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    tp = fp = fn = 0
    elapsed = 0.0
    for i in range(0, len(lines), CHUNK):
        chunk = lines[i : i + CHUNK]
        text = " ".join(chunk)
        ends: set[int] = set()
        gold: set[int] = set()
        pos = 0
        for k, line in enumerate(chunk):
            pos += len(line)
            if k < len(chunk) - 1:
                ends.add(pos)
                if _FINAL.search(line):
                    gold.add(pos)
            pos += 1
        t = time.perf_counter()
        spans = split_sentences(text, language)
        elapsed += time.perf_counter() - t
        predicted = {end for _, end in spans[:-1]}
        tp += len(predicted & gold)
        fp += len(predicted - ends)
        fn += len(gold - predicted)
    return tp, fp, fn, elapsed


def main() -> None:
    bench = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "bench"
    if not bench.is_dir():
        print(f"no bench data at {bench}")
        return
    groups = {
        "transread_en-fr_dev": ["en", "fr"],
        "crocoalign_books_val": ["en", "fr", "it"],
        "textberg_de-fr": ["de", "fr"],
    }
    print(f"{'set':<24}{'lang':<6}{'files':>6}{'gold':>8}{'P':>8}{'R':>8}{'F1':>8}{'ms':>9}")
    for folder, langs in groups.items():
        for lang in langs:
            files = sorted((bench / folder).glob(f"*.{lang}"))
            tp = fp = fn = 0
            elapsed = 0.0
            for f in files:
                a, b, c, e = score_file(f, _LANG[lang])
                tp, fp, fn, elapsed = tp + a, fp + b, fn + c, elapsed + e
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(
                f"{folder:<24}{lang:<6}{len(files):>6}{tp + fn:>8}{p:>8.3f}{r:>8.3f}{f1:>8.3f}"
                f"{elapsed * 1000:>9.0f}"
            )


if __name__ == "__main__":
    main()
