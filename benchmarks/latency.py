"""Keypress → repaint latency of the reader, in the sidebar and in the article.

    .venv/bin/python benchmarks/latency.py [--presses 200] [--docs 10000] [--ahead 2]

Runs the app headless (Textual's test driver), sends one key at a time as the terminal
driver would, and times from the key event to the next screen update the compositor
produces (``App._display``). Each key waits for the previous repaint. Reported: median
and 95th percentile, in ms, for the seeds and for a generated corpus of ``--docs``
documents, next to a bare Textual app (an OptionList and a scrolling Static) measured in
the same run. Target: median ≤ 16 ms. Figures, not asserts.

``--ahead N`` first runs N alternated pairs of the article keys on the seeds with an
empty vector cache: 001 open while the app compares it with its version ahead of ``d``
(the embeddings model reading its sentences, seconds), against the same app with that
comparison switched off. Only the first pair is wholly cold (the process keeps what it
has read), so a line says whether the comparison still ran when its presses ended.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from time import perf_counter
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static

from benchmarks._corpus import make_corpus
from reader.tui.app import ReaderApp
from reader.tui.widgets.article import ArticleView
from reader.tui.widgets.doclist import DocList

ROOT = Path(__file__).resolve().parent.parent

SIZE = (120, 40)


class BareApp(App[None]):
    """The baseline: what Textual costs for a list and a scrolling pane."""

    def __init__(self, items: int, text: str) -> None:
        super().__init__()
        self._items = items
        self._text = text

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(*[f"document {i}" for i in range(self._items)], id="list")
            with VerticalScroll(id="pane"):
                yield Static(self._text, markup=False)
        yield Footer()


class Spy:
    """Records when the app hands a screen update to the (headless) driver."""

    def __init__(self, app: App[Any]) -> None:
        self.event = asyncio.Event()
        self.stamp = 0.0
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None and not self.event.is_set():
                self.stamp = perf_counter()
                self.event.set()
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]


def _key_event(key: str) -> events.Key:
    char: str | None = key if len(key) == 1 else None
    if key == "space":
        char = " "
    elif char is None:
        try:
            char = unicodedata.lookup(key.upper())
        except KeyError:
            char = None
    return events.Key(key, char)


async def _measure(app: App[Any], spy: Spy, keys: Sequence[str], presses: int) -> list[float]:
    driver = app._driver
    assert driver is not None
    samples: list[float] = []
    for number in range(presses):
        key = keys[number % len(keys)]
        spy.event.clear()
        start = perf_counter()
        event = _key_event(key)
        event.set_sender(app)
        driver.send_message(event)
        try:
            await asyncio.wait_for(spy.event.wait(), timeout=2.0)
        except TimeoutError:
            continue  # the key changed nothing on screen (e.g. at the end of the list)
        samples.append((spy.stamp - start) * 1000)
        await asyncio.sleep(0.005)
    return samples


SETTLE_SECONDS = 600.0  # grouping 10,000 documents takes minutes (in a child process)


async def _settle(app: App[Any]) -> float:
    """Wait until loading, detection and grouping are done; return the seconds waited."""
    start = perf_counter()
    while perf_counter() - start < SETTLE_SECONDS:
        await asyncio.sleep(0.05)
        busy = getattr(app, "busy", False) or any(w.is_running for w in app.workers)
        if not busy:
            break
    await asyncio.sleep(0.2)
    return perf_counter() - start


# Moving down then up keeps every press a real change (no clamping at the ends).
LIST_KEYS = ["j", "j", "k", "k"]
ARTICLE_KEYS = ["j"] * 8 + ["k"] * 8 + ["space", "b"]


async def reader_latency(corpus: Path, presses: int, state: Path) -> dict[str, list[float]]:
    app = ReaderApp([corpus], state_dir=state / "s", config_dir=state / "c")
    async with app.run_test(size=SIZE) as pilot:
        waited = await _settle(app)
        still_busy = " (still busy)" if getattr(app, "busy", False) else ""
        print(f"  {corpus.name}: loaded, detected and grouped in {waited:.1f} s{still_busy}")
        spy = Spy(app)
        app.query_one(DocList).focus()
        await pilot.pause()
        sidebar = await _measure(app, spy, LIST_KEYS, presses)
        # The longest document of the corpus (so the article can scroll).
        sizes = [len(s.document.text) if s.document is not None else 0 for s in app.slots]
        longest = max(range(len(sizes)), key=sizes.__getitem__)
        app.open_document(longest, focus_article=True, remember=False)
        await pilot.pause()
        article = await _measure(app, spy, ARTICLE_KEYS, presses)
        view = app.query_one(ArticleView)
        view.action_top()
        word = max(view.blocks[-1].text.split() or ["e"], key=len)
        view.set_query(word[:3])
        await pilot.pause()
        search = await _measure(app, spy, ["n", "N", "n"], max(20, presses // 4))
        return {"sidebar j/k": sidebar, "article j/k/space/b": article, "article n/N": search}


async def bare_latency(items: int, text: str, presses: int) -> dict[str, list[float]]:
    app = BareApp(items, text)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        spy = Spy(app)
        app.query_one("#list").focus()
        await pilot.pause()
        listing = await _measure(app, spy, ["down"] * 10 + ["up"] * 10, presses)
        app.query_one("#pane").focus()
        await pilot.pause()
        pane = await _measure(app, spy, ["down"] * 8 + ["up"] * 8, presses)
        return {"bare list up/down": listing, "bare pane up/down": pane}


def _row(name: str, samples: list[float]) -> str:
    if not samples:
        return f"  {name:<24} no repaint measured"
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (
        f"  {name:<24} median {statistics.median(samples):6.1f} ms   "
        f"p95 {p95:6.1f} ms   (n={len(samples)})"
    )


async def main_async(presses: int, docs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        seeds = ROOT / "seeds"
        text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))
        print(f"Keypress → repaint latency, headless, {SIZE[0]}×{SIZE[1]}, {presses} presses")
        print("seeds (5 documents):")
        for name, samples in (await reader_latency(seeds, presses, state)).items():
            print(_row(name, samples))
        for name, samples in (await bare_latency(5, text, presses)).items():
            print(_row(name, samples))
        if docs:
            corpus = Path(tmp) / "corpus"
            make_corpus(corpus, docs, seed=0)
            print(f"generated corpus ({docs:,} documents):")
            for name, samples in (await reader_latency(corpus, presses, state)).items():
                print(_row(name, samples))
            for name, samples in (await bare_latency(docs, text, presses)).items():
                print(_row(name, samples))


async def ahead_latency(presses: int, on: bool) -> tuple[list[float], bool]:
    """Article keys on 001 while the comparison ahead of ``d`` runs on an empty vector
    cache (``on``), or with it switched off; and whether it still ran at the end."""
    import os

    import reader.tui.app as app_module
    from reader.tui.comparisons import COMPARISONS

    COMPARISONS.clear()  # the process's comparisons: an earlier run's would be found
    saved = {name: os.environ.get(name) for name in ("READER_CACHE_DIR", app_module.AHEAD_ENV)}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READER_CACHE_DIR"] = str(Path(tmp) / "cache")
        os.environ[app_module.AHEAD_ENV] = "on" if on else "off"  # the user's switch
        try:
            app = ReaderApp([ROOT / "seeds"], state_dir=Path(tmp) / "s", config_dir=Path(tmp) / "c")
            async with app.run_test(size=SIZE) as pilot:
                await _settle(app)
                pivot = next(i for i, s in enumerate(app.slots) if s.path.name.startswith("001"))
                app.open_document(pivot, focus_article=True, remember=False)
                while app.warming:
                    await asyncio.sleep(0.05)
                await asyncio.sleep(app_module.AHEAD_DELAY + 0.2)
                spy = Spy(app)
                await pilot.pause()
                samples = await _measure(app, spy, ARTICLE_KEYS, presses)
                return samples, bool(app._ahead is not None and app._ahead.running)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


async def ahead_async(presses: int, rounds: int) -> None:
    print(f"article j/k/space/b on seed 001, empty vector cache, {presses} presses:")
    for _ in range(rounds):
        for on in (True, False):
            samples, running = await ahead_latency(presses, on)
            name = "comparing ahead" if on else "not comparing ahead"
            still = (
                (" (still comparing at the end)" if running else " (comparison ended)")
                if on
                else ""
            )
            print(_row(name, samples) + still)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--docs", type=int, default=10_000, help="0 skips the big corpus")
    parser.add_argument(
        "--ahead",
        type=int,
        default=0,
        metavar="N",
        help="N pairs of runs with and without the comparison ahead of d (cold cache)",
    )
    args = parser.parse_args(argv)
    if args.ahead:  # first: later runs of the process find the seeds' vectors in memory
        asyncio.run(ahead_async(min(args.presses, 150), args.ahead))
    asyncio.run(main_async(args.presses, args.docs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
