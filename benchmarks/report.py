"""Batch reports: ``reader report`` on the seeds and on a few hundred real pages.

Corpora:

- the seeds (5 articles, 2 version groups);
- SwissGov-RSD development pages (``../shared/bench/swissgov-rsd_dev``): the first P
  English pages with their French, Italian and German versions (4 × P documents: real
  versions of one page that differ in places), one ``.txt`` per page and language.

For each: the first report (fresh index: read, detect, group, compare, write), then a
re-run with nothing changed (the baseline it is compared with is the first run, same
process, same machine), and optionally the same first report on a local Dask cluster
of two single-thread worker processes (``--dask``).

Usage: .venv/bin/python benchmarks/report.py [--pages P] [--scorer lexical] [--dask]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DATA = ROOT.parent / "shared" / "bench" / "swissgov-rsd_dev"


def swissgov_corpus(folder: Path, pages: int) -> int:
    """Write the first ``pages`` pages in four languages; return the documents written."""
    folder.mkdir(parents=True, exist_ok=True)
    english: dict[str, str] = {}
    others: dict[str, dict[str, str]] = {}
    for lang in ("fr", "it", "de"):
        with open(DATA / f"gold_admin_{lang}.jsonl", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                english.setdefault(row["page_en"], row["text_a"])
                others.setdefault(row["page_en"], {})[lang] = row["text_b"]
    written = 0
    for number, page in enumerate(sorted(english)[:pages]):
        texts = {"en": english[page], **others[page]}
        for lang, text in texts.items():
            (folder / f"p{number:03d}_{lang}.txt").write_text(text + "\n", encoding="utf-8")
            written += 1
    return written


def run(corpus: Path, out: Path, scorer: str, *extra: str) -> tuple[float, str]:
    from reader.cli import main

    err, printed = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    saved = sys.stderr, sys.stdout
    sys.stderr, sys.stdout = err, printed
    try:
        args = ["report", str(corpus), "--out", str(out), "--scorer", scorer, *extra]
        code = main(args)
    finally:
        sys.stderr, sys.stdout = saved
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"reader report failed ({code}): {err.getvalue()}")
    summary = [line for line in err.getvalue().splitlines() if "version groups" in line]
    return seconds, summary[-1] if summary else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=60, help="SwissGov pages (60: 240 documents)")
    ap.add_argument("--scorer", default="lexical", help="lexical (default), auto, embeddings")
    ap.add_argument("--dask", action="store_true", help="also on a local Dask cluster")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READER_INDEX"] = str(Path(tmp) / "index.sqlite")
        corpora = [("seeds", ROOT / "seeds", 5)]
        if DATA.is_dir():
            folder = Path(tmp) / "swissgov"
            count = swissgov_corpus(folder, args.pages)
            corpora.append((f"SwissGov dev, {args.pages} pages", folder, count))
        else:
            print(f"({DATA} not found: SwissGov pages skipped)")
        for name, corpus, count in corpora:
            print(f"{name} ({count} documents), scorer {args.scorer}:")
            out = Path(tmp) / f"report-{len(name)}"
            first, summary = run(corpus, out, args.scorer)
            print(f"  first report (fresh index)   {first:8.2f} s   {summary}")
            again, summary = run(corpus, out, args.scorer)
            print(
                f"  re-run, nothing changed      {again:8.2f} s   {summary}  "
                f"({again / first:.3f}x the first)"
            )
            if args.dask:
                from distributed import LocalCluster

                shutil.rmtree(out)
                os.environ["READER_INDEX"] = str(Path(tmp) / f"index-dask-{len(name)}.sqlite")
                with LocalCluster(
                    n_workers=2,
                    threads_per_worker=1,
                    host="127.0.0.1",
                    dashboard_address=":0",
                    silence_logs=40,
                ) as cluster:
                    extra = (
                        "--engine",
                        "dask",
                        "--scheduler",
                        cluster.scheduler_address,
                    )
                    on_dask, summary = run(corpus, out, args.scorer, *extra)
                print(
                    f"  first report on 2 Dask workers {on_dask:6.2f} s   ({on_dask / first:.2f}x "
                    "in-process; cluster start not counted)"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
