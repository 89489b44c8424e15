"""Grouping: are the versions found, and how fast does it grow?

Quality (pairwise precision / recall / F1 of ``version_group`` against a gold):

* ``swissgov``: SwissGov-RSD dev (``../shared/bench/swissgov-rsd_dev``), 168 English
  Swiss federal pages with their French, Italian and German versions, written out as 672
  articles (benchmarks/_gold_groups.py) into a temporary folder and loaded with
  ``reader.corpus.load_corpus`` (languages detected). Also stories: how many, the
  biggest, and how many pages are split across stories (a story should hold every
  version of a page). ``swissgov-holes``: the same with a third of the documents left
  out at random (seeded), so that many pages miss a version: what over-merges when the
  corpus is not complete.
* ``seeds``: the bundled articles (001↔003 EN/IT and 002↔004 EN/FR are versions).
* ``generated``: benchmarks/_corpus.py ``make_versioned_corpus`` (N articles of 300-1500
  words, stories of 1-3 articles told in 1-5 languages, rewrites), with its gold; story
  precision / recall too.
* ``mixed``: SwissGov + generated + seeds in one folder: over-merging across sources.

Each prints the time of ``reader.compare.grouping.group`` and its peak memory
(tracemalloc, Python allocations, numpy's included), the pairs scored after blocking,
and the size of the largest version group.

Scale (``--scale 1000,10000,100000``): generated corpora of N documents, each in a fresh
child process that loads the files in worker processes, fingerprints them there and keeps
only the fingerprints (as a persistent index would), then groups them
(``group_fingerprints``): load time, grouping time, peak resident memory of the child
(``resource.getrusage``), pairs scored, and precision / recall against the generator's
gold. ``--scale-documents N`` runs the plain ``group(documents)`` path too (documents
in memory) for N up to 10,000, as the app and ``reader list`` do. That is the
``end-to-end`` step; ``--steps`` adds the corpus index (a file in the scale folder):
``cold`` (a new index: ``list_indexed`` + ``grouping_of``, languages detected),
``reopen`` (nothing changed) and ``regroup`` (documents and fingerprints indexed, the
grouping dropped: what any change to the corpus costs), each in a fresh process with
its time, the grouping's CPU time, peak RSS and precision / recall; ``command``
(``reader list --format json`` on the indexed corpus, a new process: wall and CPU time)
and ``app`` (the app, headless: its start until the sidebar shows every title and the
story headers from the index) after a ``cold`` or ``reopen`` step.

Usage: .venv/bin/python benchmarks/grouping.py [--sets swissgov,seeds,generated,mixed]
       [--docs 1000] [--scale 1000,10000] [--runs R] [--keep DIR]
       [--steps end-to-end,cold,reopen,regroup,command,app]
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Mapping
from pathlib import Path

from benchmarks._corpus import make_versioned_corpus
from benchmarks._gold_groups import pairwise, write_swissgov
from reader.compare import grouping
from reader.corpus import Document, default_corpus_path, load_corpus

ROOT = Path(__file__).resolve().parents[1]

SEED_GOLD = {"000": "a", "001": "b", "003": "b", "002": "c", "004": "c"}


def timed(docs: list[Document], runs: int) -> tuple[float, float, grouping.Grouping, int]:
    """Best time of ``runs`` calls of group(), peak MB of one traced call, the grouping,
    and the pairs scored."""
    best = float("inf")
    result = grouping.Grouping()
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = grouping.group(docs)
        best = min(best, time.perf_counter() - start)
    prints = grouping.fingerprints(docs)
    _, _, stats = grouping.group_fingerprints(prints)
    del prints
    gc.collect()
    tracemalloc.start()
    grouping.group(docs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 1e6, result, stats.candidate_pairs


def quality(
    name: str,
    docs: list[Document],
    gold: Mapping[str, str],
    runs: int,
    story_gold: Mapping[str, str] | None = None,
    pages: bool = False,
) -> None:
    """Print P/R/F1 of the version groups of ``docs`` against ``gold`` (doc id → group)."""
    seconds, peak, result, pairs = timed(docs, runs)
    p, r, f1, (tp, predicted, true) = pairwise(result.version_group, gold)
    sizes = collections.Counter(result.version_group.values())
    print(
        f"{name:16s} {len(docs):6d} docs  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  "
        f"({tp} of {predicted} pairs right, {true} gold)  "
        f"{seconds:6.2f} s  peak {peak:6.1f} MB  {pairs} pairs scored  "
        f"largest group {max(sizes.values())}"
    )
    stories = collections.Counter(result.story.values())
    line = f"{'':16s} stories {len(stories)}, largest {max(stories.values())}"
    if story_gold is not None:
        sp, sr, sf, _ = pairwise(result.story, story_gold)
        line += f"; story P {sp:.3f} R {sr:.3f} F1 {sf:.3f}"
    if pages:
        split = collections.defaultdict(set)
        for doc_id, page in gold.items():
            split[page].add(result.story[doc_id])
        line += (
            f"; pages split across stories {sum(len(s) > 1 for s in split.values())}"
            f" of {len(split)}"
        )
    print(line)


def swissgov_docs(tmp: Path) -> tuple[list[Document], dict[str, str]]:
    names = write_swissgov(tmp)
    docs = load_corpus([tmp])
    return docs, {d.id: names[d.path.name] for d in docs}


def seed_docs() -> tuple[list[Document], dict[str, str]]:
    path = default_corpus_path()
    docs = load_corpus([path]) if path is not None else []
    return docs, {d.id: SEED_GOLD[d.path.name[:3]] for d in docs if d.path.name[:3] in SEED_GOLD}


def generated_docs(
    tmp: Path, n: int, seed: int
) -> tuple[list[Document], dict[str, str], dict[str, str]]:
    corpus = make_versioned_corpus(tmp, n, seed=seed)
    docs = load_corpus([tmp])
    version = {d.id: corpus.version[d.path] for d in docs}
    story = {d.id: corpus.story[d.path] for d in docs}
    return docs, version, story


def run_quality(sets: list[str], n: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        sg = sg_gold = None
        if any(s.startswith("swissgov") or s == "mixed" for s in sets):
            sg, sg_gold = swissgov_docs(tmp / "swissgov")
        if "swissgov" in sets and sg is not None and sg_gold is not None:
            quality("swissgov", sg, sg_gold, runs, pages=True)
        if "swissgov-holes" in sets and sg is not None and sg_gold is not None:
            for seed in (1, 2):
                kept = random.Random(seed).sample(sg, k=2 * len(sg) // 3)
                gold = {d.id: sg_gold[d.id] for d in kept}
                quality(f"swissgov-holes{seed}", kept, gold, runs)
        seeds, seeds_gold = seed_docs()
        if "seeds" in sets:
            quality("seeds", seeds, seeds_gold, runs)
        gen = gen_gold = gen_story = None
        if "generated" in sets or "mixed" in sets:
            gen, gen_gold, gen_story = generated_docs(tmp / "generated", n, seed=0)
        if "generated" in sets and gen is not None and gen_gold is not None:
            quality("generated", gen, gen_gold, runs, story_gold=gen_story)
        if "mixed" in sets and sg and gen and sg_gold and gen_gold:
            docs = sg + gen + seeds
            gold = {**{k: "sg" + v for k, v in sg_gold.items()}}
            gold.update({k: "gen" + v for k, v in gen_gold.items()})
            gold.update({k: "seed" + v for k, v in seeds_gold.items()})
            quality("mixed", docs, gold, runs)


# --------------------------------------------------------------------------- scale


def _load_and_print(paths: list[Path]) -> list[tuple[str, object]]:
    from reader.compare.fingerprints import fingerprint
    from reader.corpus import load_document

    out: list[tuple[str, object]] = []
    for path in paths:
        doc = load_document(path, detect=False)
        out.append((str(path), fingerprint(doc)))
    return out


def _gold(gold_file: Path, folder: Path) -> dict[str, str]:
    """The generator's versions by path inside ``folder`` (a gold written with absolute
    paths, by an earlier run, still reads: its folder may have been moved or linked)."""
    out: dict[str, str] = {}
    for key, version in json.loads(gold_file.read_text()).items():
        parts = Path(key).parts
        if folder.name in parts:
            parts = parts[len(parts) - parts[::-1].index(folder.name) :]
        out[str(Path(*parts))] = version
    return out


def _relative(path: str | Path, folder: Path) -> str:
    return str(Path(path).relative_to(folder))


def scale_child(folder: Path, gold_file: Path, documents_path: bool) -> None:
    """Run in a fresh process: load + fingerprint in workers, group, print JSON."""
    import multiprocessing
    import resource

    from reader.corpus import discover

    gold = _gold(gold_file, folder)
    paths = discover([folder])
    start = time.perf_counter()
    chunks = [paths[i : i + 250] for i in range(0, len(paths), 250)]
    workers = max(1, min(2, os.cpu_count() or 1))
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        parts = pool.map(_load_and_print, chunks)
    named = [item for part in parts for item in part]
    load = time.perf_counter() - start
    prints = [fp for _, fp in named]
    start, cpu = time.perf_counter(), time.process_time()
    versions, _, stats = grouping.group_fingerprints(prints)  # type: ignore[arg-type]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    keys = [name for name, _ in named]
    p, r, f1, _ = pairwise(
        {k: str(v) for k, v in zip(keys, versions, strict=True)},
        {k: gold[_relative(k, folder)] for k in keys},
    )
    report: dict[str, object] = {
        "documents": len(prints),
        "load_and_fingerprint_s": round(load, 1),
        "group_s": round(seconds, 2),
        "group_cpu_s": round(cpu, 2),
        "peak_rss_mb": round(rss),
        "peak_rss_worker_mb": round(workers_rss),
        "fingerprint_mb": round(sum(fp.nbytes for fp in prints if fp is not None) / 1e6),
        "pairs_scored": stats.candidate_pairs,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
    }
    if documents_path:
        del prints, named
        gc.collect()
        docs = load_corpus([folder], detect=False)
        start = time.perf_counter()
        grouping.group(docs)
        report["group_documents_s"] = round(time.perf_counter() - start, 2)
        report["peak_rss_with_documents_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )
    print(json.dumps(report))


INDEX_STEPS = ("cold", "reopen", "regroup")


def index_child(folder: Path, gold_file: Path, index_file: Path, step: str) -> None:
    """Run in a fresh process: the corpus through the index as ``reader list`` reads it
    (``list_indexed`` + ``grouping_of``), print JSON. ``cold``: a new index (read,
    parse, detect languages, fingerprint, group, store everything); ``reopen``: nothing
    changed (the grouping is reused); ``regroup``: the index holds every document and
    fingerprint but no grouping, so the corpus is grouped again from the fingerprints
    (what any change to the corpus costs, a file edited, added or removed)."""
    import resource
    import sqlite3

    from reader.corpus.index import CorpusIndex
    from reader.corpus.indexed import grouping_of, list_indexed

    if step == "cold":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{index_file}{suffix}").unlink(missing_ok=True)
    elif step == "regroup":
        with sqlite3.connect(index_file) as conn:
            conn.execute("DELETE FROM groupings")
        conn.close()
    gold = _gold(gold_file, folder)
    index = CorpusIndex(index_file)
    start = time.perf_counter()
    items = list_indexed([folder], index=index)
    listed = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    found = grouping_of(items, index=index)
    grouped, cpu = time.perf_counter() - start, time.process_time() - cpu
    index.close()
    versions = found.grouping.version_group
    ids = [item.id for item in items if item.id in versions]
    by_id = {item.id: _relative(item.path, folder) for item in items}
    p, r, f1, _ = pairwise({i: str(versions[i]) for i in ids}, {i: gold[by_id[i]] for i in ids})
    report: dict[str, object] = {
        "step": step,
        "documents": len(items),
        "list_s": round(listed, 2),
        "group_s": round(grouped, 2),
        "group_cpu_s": round(cpu, 2),  # this process: workers' time not included
        "total_s": round(listed + grouped, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "index_mb": round(
            sum(
                Path(f"{index_file}{x}").stat().st_size
                for x in ("", "-wal")
                if Path(f"{index_file}{x}").exists()
            )
            / 1e6
        ),
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
    }
    print(json.dumps(report))


def command_child(folder: Path, index_file: Path) -> None:
    """``reader list --format json`` on an indexed corpus, as a user runs it (a new
    process: interpreter, imports, the stat check, every title and group, the JSON
    written): wall time, and the CPU time of that process (user + system)."""
    import resource

    env = {**os.environ, "READER_INDEX": str(index_file)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(folder), "--format", "json"],
        capture_output=True,
        env=env,
        check=True,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    listed = json.loads(out.stdout)
    print(
        json.dumps(
            {
                "step": "command",
                "documents": len(listed["documents"]),
                "total_s": round(seconds, 2),
                "cpu_s": round(cpu, 2),
                "peak_rss_mb": round(after.ru_maxrss / 1024),
            }
        )
    )


def app_child(folder: Path, index_file: Path) -> None:
    """The app (headless, Pilot) on an indexed corpus: seconds from its start until the
    sidebar shows every title and the story headers from the index (benchmarks/index.py's
    measurement)."""
    import asyncio

    os.environ["READER_INDEX"] = str(index_file)
    from benchmarks.index import _app_times

    with tempfile.TemporaryDirectory() as state:
        painted, idle, headers = asyncio.run(_app_times(folder, Path(state)))
    print(
        json.dumps(
            {
                "step": "app",
                "sidebar_painted_s": round(painted, 2),
                "idle_s": round(idle, 2),
                "story_headers": headers,
            }
        )
    )


def _child(call: str) -> str | None:
    """Run ``call`` (a function of this module, as Python source) in a fresh process:
    its JSON line, or None (the error printed)."""
    code = (
        "from benchmarks.grouping import scale_child, index_child, command_child, app_child; "
        f"from pathlib import Path; {call}"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(f"failed\n{out.stderr[-2000:]}")
        return None
    return out.stdout.strip()


def run_scale(
    sizes: list[int],
    runs: int,
    keep: Path | None,
    documents_up_to: int,
    steps: list[str],
) -> None:
    for n in sizes:
        base = keep if keep is not None else Path(tempfile.mkdtemp(prefix="grouping-"))
        folder = base / f"generated-{n}"
        gold_file = base / f"generated-{n}.json"
        try:
            if not gold_file.exists():
                shutil.rmtree(folder, ignore_errors=True)
                start = time.perf_counter()
                corpus = make_versioned_corpus(folder, n, seed=0)
                gold_file.write_text(
                    json.dumps({_relative(p, folder): v for p, v in corpus.version.items()})
                )
                print(f"generated {n} documents in {time.perf_counter() - start:.0f} s")
            for step in steps:
                for _ in range(runs if step != "cold" else 1):
                    if step == "end-to-end":
                        call = (
                            f"scale_child(Path({str(folder)!r}), Path({str(gold_file)!r}), "
                            f"{n <= documents_up_to!r})"
                        )
                    elif step in ("command", "app"):
                        index_file = base / f"index-{n}.sqlite"
                        call = f"{step}_child(Path({str(folder)!r}), Path({str(index_file)!r}))"
                    else:
                        index_file = base / f"index-{n}.sqlite"
                        call = (
                            f"index_child(Path({str(folder)!r}), Path({str(gold_file)!r}), "
                            f"Path({str(index_file)!r}), {step!r})"
                        )
                    line = _child(call)
                    if line is None:
                        break
                    print(f"scale {n:>7d} {step:10s}: {line}", flush=True)
        finally:
            if keep is None:
                shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sets",
        default="swissgov,swissgov-holes,seeds,generated,mixed",
        help="quality sets, comma-separated ('' for none)",
    )
    ap.add_argument("--docs", type=int, default=1000, help="generated documents (1000)")
    ap.add_argument("--runs", type=int, default=1, help="best of R timings (1)")
    ap.add_argument("--scale", default="", help="generated corpus sizes, e.g. 1000,10000")
    ap.add_argument(
        "--scale-documents",
        type=int,
        default=10_000,
        help="also time group(documents) up to this size (10000)",
    )
    ap.add_argument(
        "--steps",
        default="end-to-end",
        help="scale runs, comma-separated: end-to-end (workers load and fingerprint, then "
        "group_fingerprints) and/or the index: cold, reopen, regroup, command, app "
        "(default end-to-end)",
    )
    ap.add_argument("--keep", type=Path, help="keep generated scale corpora in this folder")
    args = ap.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    if sets:
        run_quality(sets, args.docs, args.runs)
    if args.scale:
        run_scale(
            [int(x) for x in args.scale.split(",")],
            args.runs,
            args.keep,
            args.scale_documents,
            [s for s in args.steps.split(",") if s],
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
