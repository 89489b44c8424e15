"""The corpus index: cold build, warm reopen, the app's first paint from it, search.

Generates N articles (benchmarks/_corpus.py), then, with a fresh index in a temporary
folder (never the shared cache, so that "cold" is cold):

- **baseline** (no index, what every open cost before): ``load_corpus`` with language
  detection, then ``group`` — what ``reader list --format json`` does without an index;
- **cold build**: the same through the index (``load_indexed`` + ``grouping_of``), which
  also stores documents, sentences and the grouping;
- **warm reopen**, nothing changed: ``list_indexed`` + ``grouping_of`` (every title and
  group, what ``reader list --format json`` needs), in this process and as the
  ``reader list --format json`` command (a new process: interpreter start included);
  ``load_indexed`` (every document decoded, what a report or the app's loader needs);
- **the app**: headless, the time from start until the sidebar shows the titles and the
  story headers from the index, and until every placeholder is replaced by its document
  (files checked, documents decoded) and the grouping is taken from the index;
- **one file changed**: reopen after editing one file (that file read again, the corpus
  regrouped from the indexed documents);
- **search**: median latency of a few queries over the whole corpus (20 runs each).

Usage: .venv/bin/python benchmarks/index.py [--docs N] [--no-baseline] [--no-app]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from benchmarks._corpus import make_corpus

ROOT = Path(__file__).resolve().parents[1]

T = TypeVar("T")


def timed(label: str, work: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"  {label:58s} {seconds:8.2f} s", flush=True)
    return seconds, result


async def _app_times(corpus: Path, state: Path) -> tuple[float, float, int]:
    """Seconds until the sidebar shows titles and stories from the index, seconds until
    the app is idle (files checked, documents decoded, grouping taken), story headers."""
    from reader.tui.app import ReaderApp
    from reader.tui.widgets.doclist import DocList

    start = time.perf_counter()
    app = ReaderApp([corpus], state_dir=state / "state", config_dir=state / "config")
    painted = idle = 0.0
    headers = 0
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(20_000):
            rows = app.query_one(DocList).rows
            headers = sum(1 for r in rows if r.kind == "header")
            if not painted and headers and all(s.document is not None for s in app.slots):
                painted = time.perf_counter() - start
            if painted and not app.busy and not any(s.preview for s in app.slots):
                idle = time.perf_counter() - start
                break
            await pilot.pause(0.01)
    return painted, idle, headers


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="generated documents (10,000)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the no-index baseline")
    ap.add_argument("--no-app", action="store_true", help="skip the app's first paint")
    ap.add_argument("--change", action="store_true", help="also reopen after editing one file")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        os.environ["READER_INDEX"] = str(Path(tmp) / "cache" / "index.sqlite")
        make_corpus(corpus, args.docs, seed=0)
        print(f"{args.docs:,} generated documents, index {os.environ['READER_INDEX']}")

        from reader.compare.grouping import group
        from reader.corpus import load_corpus
        from reader.corpus.index import CorpusIndex
        from reader.corpus.indexed import grouping_of, list_indexed, load_indexed
        from reader.corpus.search import search

        baseline = None
        if not args.no_baseline:
            print("baseline, no index:")
            t_load, docs = timed(
                "load_corpus (read, parse, detect languages)", lambda: load_corpus([corpus])
            )
            t_group, _ = timed("group", lambda: group([d for d in docs if d.ok]))
            baseline = t_load + t_group
            print(f"  {'total':58s} {baseline:8.2f} s")

        index = CorpusIndex()
        print("cold build, through the index:")
        t_cold_load, docs = timed(
            "load_indexed (read, parse, detect, store)", lambda: load_indexed([corpus], index=index)
        )
        t_cold_group, _ = timed(
            "grouping_of (group, store)", lambda: grouping_of(docs, index=index)
        )
        cold = t_cold_load + t_cold_group
        size = sum(p.stat().st_size for p in Path(os.environ["READER_INDEX"]).parent.iterdir())
        print(f"  {'total':58s} {cold:8.2f} s   (index {size / 1_048_576:.0f} MB)")

        print("warm reopen, nothing changed:")
        fresh = CorpusIndex()  # a new connection, as a new process would have
        t_list, items = timed(
            "list_indexed (every title)", lambda: list_indexed([corpus], index=fresh)
        )
        t_groups, found = timed(
            "grouping_of (every group, from the index)", lambda: grouping_of(items, index=fresh)
        )
        warm = t_list + t_groups
        print(f"  {'titles and groups':58s} {warm:8.2f} s   "
              f"({len(found.grouping.stories):,} stories)")  # fmt: skip
        command = [sys.executable, "-m", "reader", "list", str(corpus), "--format", "json"]
        env = dict(os.environ)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
            runs.append(time.perf_counter() - start)
        startup = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import reader.cli"], check=True, env=env)
            startup.append(time.perf_counter() - start)
        cli = min(runs)
        print(f"  {'`reader list --format json` (a new process, best of 3)':58s} {cli:8.2f} s   "
              f"(interpreter + import reader.cli alone: {min(startup):.2f} s)")  # fmt: skip
        t_docs, _ = timed(
            "load_indexed (every document decoded)", lambda: load_indexed([corpus], index=fresh)
        )

        if not args.no_app:
            state = Path(tmp) / "app"
            painted, idle, headers = asyncio.run(_app_times(corpus, state))
            label = f"app: sidebar painted from the index ({headers} headers)"
            print(f"  {label:58s} {painted:8.2f} s")
            print(f"  {'app: files checked, documents decoded, grouping reused':58s} {idle:8.2f} s")

        changed = None
        if args.change:
            print("one file changed:")
            victim = sorted(corpus.rglob("*.txt"))[len(items) // 2]
            victim.write_text(victim.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
            t_list2, items = timed(
                "list_indexed (that file read again)", lambda: list_indexed([corpus], index=fresh)
            )
            t_group2, _ = timed(
                "grouping_of (regrouped from the index)", lambda: grouping_of(items, index=fresh)
            )
            changed = t_list2 + t_group2

        print("search (median of 20 runs, whole corpus):")
        for query in (
            "government",
            "minist*",
            '"the government"',
            "energy OR energia",
            "video -social",
            "zzzz",
        ):
            laps = []
            for _ in range(20):
                start = time.perf_counter()
                answer = search(query, items, fresh)
                laps.append(time.perf_counter() - start)
            median = 1000 * statistics.median(laps)
            print(f"  {query!r:30s} {median:8.1f} ms   {answer.total:6,} documents")

        print("summary:")
        if baseline is not None:
            print(f"  cold build {cold:.1f} s vs baseline {baseline:.1f} s: {cold / baseline:.2f}x")
            print(
                f"  warm reopen (titles and groups) {warm:.2f} s vs baseline: "
                f"{warm / baseline:.4f}x ({baseline / warm:.0f} times faster)"
            )
        print(
            f"  warm reopen vs cold build: {warm / cold:.4f}x; all documents decoded {t_docs:.2f} s"
        )
        if changed is not None:
            print(f"  one file changed: {changed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
