"""Cost of the diff view on the UI thread: show a comparison, repaint, move the cursor.

    .venv/bin/python benchmarks/diff_view.py

For the seeds 001|003 (real engine, lexical) and synthetic comparisons of 300, 1,000 and
5,000 rows × 3 columns (``tests/helpers/comparisons.long_comparison``), prints: time until every
row is laid out, time spent on the UI thread showing it, median repaint of one screen,
median cursor move, and the longest gap of a 10 ms UI timer while it loads.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

from textual.app import App

import reader.tui.screens.diff as diff_screen
from reader.compare import Comparison, compare
from reader.corpus import load_document
from reader.tui.screens.diff import DiffScreen
from reader.tui.widgets.diff_table import DiffTable
from tests.helpers.comparisons import long_comparison

ROOT = Path(__file__).resolve().parent.parent

SHOW_TIMES: list[float] = []
_original_show = diff_screen.DiffScreen._show


def _timed_show(self: Any, *args: Any) -> None:
    start = time.perf_counter()
    _original_show(self, *args)
    SHOW_TIMES.append(time.perf_counter() - start)


diff_screen.DiffScreen._show = _timed_show  # type: ignore[method-assign]


class Harness(App[None]):
    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison
        self.gaps: list[float] = []
        self.last = 0.0

    def on_mount(self) -> None:
        self.last = time.perf_counter()
        self.set_interval(0.01, self.tick)
        self.push_screen(DiffScreen(self.comparison.documents, comparison=self.comparison))  # type: ignore[arg-type]

    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now


async def measure(name: str, comparison: Comparison) -> None:
    SHOW_TIMES.clear()
    app = Harness(comparison)
    async with app.run_test(size=(160, 48)) as pilot:
        start = time.perf_counter()
        while app.screen.query_one(DiffTable).row_count != len(comparison.rows):
            await asyncio.sleep(0.005)
        ready = time.perf_counter() - start
        await pilot.pause()
        table = app.screen.query_one(DiffTable)
        paints = []
        for _ in range(20):
            table._strips.clear()
            t = time.perf_counter()
            for y in range(table.size.height):
                table.render_line(y)
            paints.append(time.perf_counter() - t)
        moves = []
        for _ in range(20):
            t = time.perf_counter()
            table.action_cursor_down()
            moves.append(time.perf_counter() - t)
        gaps = sorted(app.gaps[2:]) or [0.0]
    print(
        f"{name:30s} rows {len(comparison.rows):5d} | laid out in {1000 * ready:6.0f} ms"
        f" | UI thread {1000 * sum(SHOW_TIMES):6.1f} ms"
        f" | repaint {1000 * statistics.median(paints):5.2f} ms"
        f" | cursor {1000 * statistics.median(moves):5.2f} ms"
        f" | longest UI gap {1000 * gaps[-1]:5.0f} ms"
    )


async def main() -> None:
    seeds = ROOT / "seeds"
    docs = [
        load_document(seeds / n) for n in ("001_473fb720d46988df.txt", "003_c3d469d494e6eb81.txt")
    ]
    await measure("seeds 001|003 (lexical)", compare(docs, scorer="lexical"))
    for n in (300, 1000, 5000):
        await measure(f"synthetic {n} rows x 3 cols", long_comparison(n))


if __name__ == "__main__":
    asyncio.run(main())
