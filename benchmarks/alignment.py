#!/usr/bin/env python3
"""Sentence alignment benchmark: ``reader align`` against public gold alignments.

For each set and scorer it runs ``python -m reader align SRC TGT --presegmented
--scorer NAME`` once per document (a subprocess, exactly what a user runs), scores the
beads with the benchmark's own ``score.py`` and prints one table per set: strict and
lax precision / recall / F1 and wall-clock seconds, beside the published figures.
With the ``opus-en-it`` set it also times NLTK's Gale-Church (if ``nltk`` is
installed) on the same book in the same run.

Usage::

    benchmarks/alignment.py [--data DIR] [--sets textberg-test,opus-en-it]
                            [--scorers lexical,auto] [--keep DIR] [--books-test DIR]
                            [--cold]

``--data`` defaults to ``../shared/bench`` relative to the repository root. The
``opus-*`` sets are CroCoAlign's OPUS Books *validation* books, which ``--data`` has.
The published OPUS figures are on the *test* split, which it has not: the
``opus-test-*`` sets read it from ``--books-test`` (default ``DATA/crocoalign_books_test``)
once converted with ``benchmarks/crocoalign_jsonl.py``. Embedding
vectors are cached (``READER_CACHE_DIR``), so a second run is much faster than the
first; the first embeddings run of the 6,800-sentence Dumas book takes many minutes.
``--cold`` runs each embedding scorer on each set twice, with a new, empty vector
cache (cold: what a first ``reader align`` of those texts costs) and then again with the
cache that run filled (warm), and prints both rows; the user's cache is not touched.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "bench"

# Published strict F1 (bench README): set -> [(system, figure), ...]
PUBLISHED: dict[str, list[tuple[str, str]]] = {
    "textberg-test": [
        ("Gale-Church (NLTK, measured)", "0.678 (1.6 s)"),
        ("Vecalign", "0.902"),
        ("Bertalign", "0.936-0.940"),
    ],
    "opus-en-it": [
        ("Gale-Church (NLTK, test split)", "0.980 (21.8 s)"),
        ("Vecalign (test split)", "0.956"),
        ("Bertalign (test split)", "0.984"),
    ],
    "opus-en-fr": [
        ("Gale-Church (NLTK, test split)", "0.782 (366.9 s)"),
        ("Vecalign (test split)", "0.880"),
        ("Bertalign (test split)", "0.909"),
    ],
    "opus-test-en-it": [
        ("Gale-Church (NLTK, measured)", "0.980 (21.8 s)"),
        ("Vecalign", "0.956"),
        ("Bertalign", "0.984"),
    ],
    "opus-test-en-fr": [
        ("Gale-Church (NLTK, measured)", "0.782 (366.9 s)"),
        ("Vecalign", "0.880"),
        ("Bertalign", "0.909"),
    ],
    "opus-fr-it": [("Gale-Church (NLTK, stable log-survival)", "0.559")],
    "transread": [("Gale-Church (NLTK, measured)", "0.755")],
    "textberg-dev": [],
}

SETS = (
    "textberg-test",
    "textberg-dev",
    "opus-en-it",
    "opus-fr-it",
    "opus-en-fr",
    "transread",
    "opus-test-en-it",
    "opus-test-fr-it",
    "opus-test-en-fr",
)
# Sets that also time NLTK's Gale-Church on their first document.
NLTK_SETS = ("opus-en-it", "opus-test-en-it")
SCORERS = ("lexical", "embeddings", "auto")


@dataclass
class Doc:
    src: Path
    tgt: Path
    gold: Path


def _by_gold(pattern: Path, a: str, b: str) -> list[Doc]:
    """One document per gold file matching ``pattern``; its sides share the stem."""
    found = sorted(glob.glob(str(pattern)))
    return [Doc(Path(g[:-5] + f".{a}"), Path(g[:-5] + f".{b}"), Path(g)) for g in found]


def documents(data: Path, name: str, books_test: Path | None = None) -> list[Doc]:
    tb = data / "textberg_de-fr"
    if name.startswith("opus-test-"):
        a, b = name[10:].split("-")
        folder = books_test or data / "crocoalign_books_test"
        return _by_gold(folder / f"test_{a.upper()}-{b.upper()}-*.gold", a, b)
    if name == "textberg-test":
        return [Doc(tb / f"test{i}.de", tb / f"test{i}.fr", tb / f"test{i}.defr") for i in range(7)]
    if name == "textberg-dev":
        return [Doc(tb / "dev.de", tb / "dev.fr", tb / "dev.defr")]
    if name.startswith("opus-"):
        a, b = name[5:].split("-")
        books = data / "crocoalign_books_val"
        return _by_gold(books / f"val_{a.upper()}-{b.upper()}-*.gold", a, b)
    if name == "transread":
        return _by_gold(data / "transread_en-fr_dev" / "*.gold", "en", "fr")
    raise SystemExit(f"unknown set {name!r}: choose from {', '.join(SETS)}")


def run_align(
    doc: Doc, scorer: str, out: Path, monotone: bool = False, cache: Path | None = None
) -> float:
    cmd = [
        sys.executable,
        "-m",
        "reader",
        "align",
        str(doc.src),
        str(doc.tgt),
        "--presegmented",
        "--scorer",
        scorer,
        *(["--monotone"] if monotone else []),
    ]
    env = None if cache is None else {**os.environ, "READER_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=False, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"reader align failed on {doc.src.name}: {proc.stderr.strip()}")
    out.write_text(proc.stdout, encoding="utf-8")
    return elapsed


def score(data: Path, golds: list[Path], tests: list[Path]) -> dict[str, float]:
    cmd = [
        sys.executable,
        str(data / "score.py"),
        "--gold",
        *map(str, golds),
        "--test",
        *map(str, tests),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    rows: dict[str, float] = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in ("precision", "recall", "F1"):
            rows[f"{parts[0]}_strict"] = float(parts[1])
            rows[f"{parts[0]}_lax"] = float(parts[2])
    return rows


def nltk_gale_church(doc: Doc) -> tuple[float, float | None, Path | None]:
    """Seconds of NLTK's Gale-Church on one document pair; None if nltk is missing."""
    try:
        from nltk.translate import gale_church
    except ImportError:
        return 0.0, None, None
    src = doc.src.read_text(encoding="utf-8").splitlines()
    tgt = doc.tgt.read_text(encoding="utf-8").splitlines()
    start = time.perf_counter()
    pairs = gale_church.align_blocks([len(s) for s in src], [len(t) for t in tgt])
    elapsed = time.perf_counter() - start
    # Turn NLTK's (i, j) links into beads for score.py.
    links: dict[int, set[int]] = {}
    for i, j in pairs:
        links.setdefault(i, set()).add(j)
    beads: list[tuple[list[int], list[int]]] = []
    seen_t: set[int] = set()
    group: tuple[list[int], list[int]] | None = None
    for i in range(len(src)):
        js = sorted(links.get(i, ()))
        if group is not None and js and set(js) & set(group[1]):
            group[0].append(i)
            continue
        if group is not None:
            beads.append(group)
        group = ([i], js)
        seen_t.update(js)
    if group is not None:
        beads.append(group)
    for j in range(len(tgt)):
        if j not in seen_t:
            beads.append(([], [j]))
    fd, name = tempfile.mkstemp(suffix=".nltk")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        for s, t in beads:
            fh.write(f"{s}:{t}\n")
    return elapsed, 0.0, Path(name)


def synthetic(n: int, seed: int = 1) -> tuple[list[str], list[str], set[tuple[int, int]]]:
    """An n-sentence document and a 'version' with drops, insertions and reordered words."""
    import random

    rng = random.Random(seed)
    vocab = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
        for _ in range(5000)
    ]
    src = [" ".join(rng.choice(vocab) for _ in range(rng.randint(6, 20))) + "." for _ in range(n)]
    tgt: list[str] = []
    gold: set[tuple[int, int]] = set()
    for k, sentence in enumerate(src):
        roll = rng.random()
        if roll < 0.02:
            continue
        if roll < 0.04:
            tgt.append(" ".join(rng.choice(vocab) for _ in range(10)) + ".")
        words = sentence.split()
        rng.shuffle(words)
        tgt.append(" ".join(words[: max(3, int(len(words) * 0.8))]))
        gold.add((k, len(tgt) - 1))
    return src, tgt, gold


def run_synthetic(n: int) -> None:
    """Time and peak memory of the lexical aligner on an n x ~n synthetic document."""
    import resource

    from reader.compare.alignment import align

    src, tgt, gold = synthetic(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    beads = align(src, tgt, "lexical")
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found = {(b.src[0], b.tgt[0]) for b in beads if len(b.src) == 1 and len(b.tgt) == 1}
    print(f"\n## synthetic {len(src)} x {len(tgt)} sentences, lexical, in-process")
    print(
        f"seconds {elapsed:.1f}   peak RSS {peak / 1024:.0f} MB (before: {before / 1024:.0f} MB)"
        f"   1-1 links recovered {len(found & gold) / len(gold):.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument(
        "--sets",
        default="textberg-test,textberg-dev,opus-en-it,opus-fr-it,transread",
        help=f"comma-separated, from: {', '.join(SETS)}",
    )
    ap.add_argument(
        "--scorers",
        "--scorer",
        default="lexical,auto",
        help=f"comma-separated, from: {', '.join(SCORERS)}",
    )
    ap.add_argument(
        "--monotone",
        action="store_true",
        help="also score each scorer with `reader align --monotone` (no out-of-order pairs)",
    )
    ap.add_argument("--keep", type=Path, help="keep the predicted bead files in this folder")
    ap.add_argument("--no-nltk", action="store_true", help="skip the NLTK Gale-Church timing")
    ap.add_argument(
        "--cold",
        action="store_true",
        help="run each embedding scorer twice per set: with a new, empty vector cache "
        "(cold), then with the cache it filled (warm)",
    )
    ap.add_argument(
        "--books-test",
        type=Path,
        help="folder of OPUS Books test files made by benchmarks/crocoalign_jsonl.py "
        "(default: DATA/crocoalign_books_test)",
    )
    ap.add_argument(
        "--synthetic",
        type=int,
        default=0,
        metavar="N",
        help="also time the lexical aligner on an N x ~N synthetic document",
    )
    args = ap.parse_args(argv)
    data: Path = args.data
    if not (data / "score.py").is_file():
        print(
            f"no benchmark data at {data} (expected score.py there); use --data DIR",
            file=sys.stderr,
        )
        return 2
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    for name in sets:
        if name not in SETS:
            print(f"unknown set {name!r}: choose from {', '.join(SETS)}", file=sys.stderr)
            return 2
    scorers = [s.strip() for s in args.scorers.split(",") if s.strip()]
    for s in scorers:
        if s not in SCORERS:
            print(f"unknown scorer {s!r}", file=sys.stderr)
            return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="reader-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    for name in sets:
        docs = documents(data, name, args.books_test)
        if not docs:
            if name.startswith("opus-test-"):
                where = args.books_test or data / "crocoalign_books_test"
                print(
                    f"\n## {name}: no documents found under {where} "
                    "(convert CroCoAlign's test split with benchmarks/crocoalign_jsonl.py, "
                    "then pass --books-test DIR)"
                )
            else:
                print(f"\n## {name}: no documents found under {data}")
            continue
        sizes = sum(len(d.src.read_text(encoding="utf-8").splitlines()) for d in docs)
        sizet = sum(len(d.tgt.read_text(encoding="utf-8").splitlines()) for d in docs)
        print(f"\n## {name}  ({len(docs)} document(s), {sizes} x {sizet} sentences)")
        print(
            f"{'system':34s} {'P strict':>8s} {'R strict':>8s} {'F1 strict':>9s} "
            f"{'P lax':>6s} {'R lax':>6s} {'F1 lax':>6s} {'seconds':>8s}"
        )
        lexical_seconds: float | None = None
        runs = [
            (sc, mono) for sc in scorers for mono in ((False, True) if args.monotone else (False,))
        ]
        if args.cold:
            # cold then warm for each embedding scorer, against one new cache per set
            cache: Path | None = Path(tempfile.mkdtemp(prefix="reader-cold-", dir=work))
            runs = [
                (sc, mono, temp)
                for sc, mono in runs
                for temp in ((None,) if sc == "lexical" else ("cold", "warm"))
            ]
        else:
            cache = None
            runs = [(sc, mono, None) for sc, mono in runs]
        for scorer, monotone, temp in runs:
            tests: list[Path] = []
            seconds = 0.0
            tag = scorer + (" --monotone" if monotone else "")
            label = tag + (f" ({temp})" if temp else "")
            if temp == "cold" and cache is not None:
                shutil.rmtree(cache)
                cache.mkdir()
            for k, doc in enumerate(docs):
                stem = f"{name}.{k}.{tag.replace(' --', '.')}" + (f".{temp}" if temp else "")
                out = work / f"{stem}.beads"
                seconds += run_align(doc, scorer, out, monotone, cache if temp else None)
                tests.append(out)
            res = score(data, [d.gold for d in docs], tests)
            if scorer == "lexical" and not monotone:
                lexical_seconds = seconds
            print(
                f"{'reader --scorer ' + label:34s} {res['precision_strict']:8.3f} "
                f"{res['recall_strict']:8.3f} {res['F1_strict']:9.3f} {res['precision_lax']:6.3f} "
                f"{res['recall_lax']:6.3f} {res['F1_lax']:6.3f} {seconds:8.1f}",
                flush=True,
            )
        if name in NLTK_SETS and not args.no_nltk:
            seconds, ok, path = nltk_gale_church(docs[0])
            if ok is None or path is None:
                print("NLTK Gale-Church: nltk not installed (pip install nltk) - skipped")
            else:
                res = score(data, [docs[0].gold], [path])
                path.unlink()
                print(
                    f"{'NLTK Gale-Church (this run)':34s} {res['precision_strict']:8.3f} "
                    f"{res['recall_strict']:8.3f} {res['F1_strict']:9.3f} "
                    f"{res['precision_lax']:6.3f} {res['recall_lax']:6.3f} "
                    f"{res['F1_lax']:6.3f} {seconds:8.1f}"
                )
                if lexical_seconds is not None and seconds > 0:
                    print(
                        f"lexical / NLTK Gale-Church time ratio: {lexical_seconds / seconds:.3f}"
                        " (target <= 0.1; lexical includes process start-up)"
                    )
        for system, figure in PUBLISHED.get(name, []):
            print(f"{'published: ' + system:50s} strict F1 {figure}")
    print(f"\npredicted beads in {work}")
    if args.synthetic:
        run_synthetic(args.synthetic)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
