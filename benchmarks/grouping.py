"""Grouping speed: versions and stories of a generated corpus.

Generates N articles (benchmarks/_corpus.py: stories told in several languages, with
rewrites and unrelated pieces), loads them without language detection, and times
:func:`reader.compare.group` (the work the app does in its background process), split
into the pairs it aligns (``version_share``) and the rest. Prints the best of R runs, the
number of stories and version groups found, and the same figures for the seeds.

Usage: .venv/bin/python benchmarks/grouping.py [--docs N] [--runs R]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._corpus import make_corpus  # noqa: E402
from reader.compare import grouping  # noqa: E402
from reader.corpus import Document, default_corpus_path, load_corpus  # noqa: E402


def timed_group(docs: list[Document]) -> tuple[float, float, int, grouping.Grouping]:
    """Seconds in group(), seconds inside version_share, pairs aligned, the grouping."""
    spent = [0.0, 0]
    original = grouping.version_share

    def counting(*args: object, **kwargs: object) -> float:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent[0] += time.perf_counter() - start
            spent[1] += 1

    grouping.version_share = counting  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        result = grouping.group(docs)
        total = time.perf_counter() - start
    finally:
        grouping.version_share = original  # type: ignore[assignment]
    return total, float(spent[0]), int(spent[1]), result


def report(name: str, docs: list[Document], runs: int) -> None:
    best: tuple[float, float, int, grouping.Grouping] | None = None
    for _ in range(runs):
        got = timed_group(docs)
        if best is None or got[0] < best[0]:
            best = got
    assert best is not None
    total, aligning, pairs, result = best
    stories = len(set(result.story.values()))
    versions = len(set(result.version_group.values()))
    per_pair = 1000 * aligning / pairs if pairs else 0.0
    print(
        f"{name:28s} {len(docs):6d} docs  {total:7.2f} s  "
        f"aligning {aligning:6.2f} s for {pairs} pairs ({per_pair:.1f} ms a pair)  "
        f"{stories} stories, {versions} version groups"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300, help="generated documents (300)")
    ap.add_argument("--runs", type=int, default=3, help="best of R runs (3)")
    args = ap.parse_args(argv)
    seeds = default_corpus_path()
    if seeds is not None:
        report("seeds", load_corpus([seeds], detect=False), args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        make_corpus(tmp, args.docs, seed=0)
        report("generated", load_corpus([Path(tmp)], detect=False), args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
