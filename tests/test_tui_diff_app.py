"""The diff view inside the real reader app: ``d`` and the palette's "Compare documents…".

The comparison engine runs for real, with the lexical scorer (the app asks for "auto",
whose first use loads the embeddings model: too slow for a unit test; the scorer paths
are tested by the engine's own tests).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from textual.widgets import Static

import reader.compare
from reader.compare.model import Comparison
from reader.corpus.model import Document
from reader.tui.app import ReaderApp
from reader.tui.comparisons import COMPARISONS, comparison_key
from reader.tui.screens.diff import DiffScreen
from reader.tui.screens.pick import ComparePicker
from reader.tui.widgets.diff_table import DiffTable
from reader.view.comparison import is_difference
from tests.helpers.pilot import settle

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def _lexical(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from reader.compare.comparison import compare as real_compare

    asked: list[str] = []

    def lexical(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        asked.append(scorer)
        return real_compare(documents, scorer="lexical")

    monkeypatch.setattr(reader.compare, "compare", lexical, raising=False)
    COMPARISONS.clear()
    return asked


def _app(seeds: Path, tmp_path: Path) -> ReaderApp:
    return ReaderApp([seeds], state_dir=tmp_path / "state", config_dir=tmp_path / "config")


def _index(app: ReaderApp, prefix: str) -> int:
    return next(i for i, slot in enumerate(app.slots) if slot.path.name.startswith(prefix))


async def test_d_opens_the_versions_side_by_side_and_closes(
    seeds_dir: Path, tmp_path: Path, _lexical: list[str]
) -> None:
    app = _app(seeds_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_document(_index(app, "001"))
        await pilot.pause()
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert [d.path.name[:3] for d in screen.documents] == ["001", "003"]
        assert _lexical == ["auto"]  # the app asks for the default scorer
        table = screen.query_one(DiffTable)
        assert table.row_count > 5
        assert list(table.labels) == ["EN", "IT"]
        summary = str(screen.query_one("#diff-summary", Static).render())
        assert summary.startswith("IT vs EN: +")
        comparison = screen.comparison
        assert comparison is not None
        differences = [i for i, r in enumerate(comparison.rows) if is_difference(r)]
        assert differences, "the Italian version adds text: there are differences"
        await pilot.press("n")
        assert table.cursor == differences[0]
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, DiffScreen)


async def test_palette_compare_documents_picks_three(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app(seeds_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_document(_index(app, "002"))
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Compare documents")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ComparePicker)
        assert [d.path.name[:3] for d in picker.chosen()] == ["002"]  # the open one, as pivot
        names = [d.path.name[:3] for d in picker.documents]
        picker.selection_list.highlighted = names.index("004")
        await pilot.press("space")
        picker.selection_list.highlighted = names.index("000")
        await pilot.press("space")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert [d.path.name[:3] for d in screen.documents] == ["002", "004", "000"]
        table = screen.query_one(DiffTable)
        assert table.row_count > 5
        assert list(table.labels) == ["EN1", "FR", "EN2"]


async def test_d_pressed_before_the_versions_are_known_opens_the_diff_when_ready(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import reader.compare.grouping as grouping

    release = threading.Event()
    real_group = grouping.group

    def slow_group(*args: object, **kwargs: object) -> grouping.Grouping:
        release.wait(30)  # grouping takes as long as the test wants
        return real_group(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(grouping, "group", slow_group)
    pair = [seeds_dir / "001_473fb720d46988df.txt", seeds_dir / "003_c3d469d494e6eb81.txt"]
    app = ReaderApp(pair, state_dir=tmp_path / "state", config_dir=tmp_path / "config")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")  # at once: the documents may not even be read yet
        for _ in range(200):
            await pilot.pause(0.05)
            if app.grouping:
                break
        assert app.grouping and not isinstance(app.screen, DiffScreen)
        await pilot.press("d")  # and again while grouping runs: still waits, no error
        assert not isinstance(app.screen, DiffScreen)
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        assert [d.path.name[:3] for d in app.screen.documents] == ["001", "003"]


async def test_the_engine_warms_up_once_after_loading(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.compare.warmup as warmup

    asked: list[list[str] | None] = []

    def recorded(languages: list[str] | None = None, **_: object) -> list[str]:
        asked.append(languages)
        return []

    monkeypatch.setattr(warmup, "warm_up", recorded)
    app = _app(seeds_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(100):
            if not app.warming:
                break
            await pilot.pause(0.05)
        assert asked == [["en", "fr", "it"]]  # the seeds' languages, once
        app._finish_loading()  # loading again (a reload) does not warm up again
        await settle(pilot)
        assert len(asked) == 1


def _quick_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.compare.warmup as warmup

    monkeypatch.setattr(warmup, "warm_up", lambda *_a, **_k: [])


async def _until(pilot: object, ready: Callable[[], bool], seconds: float = 30.0) -> bool:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    for _ in range(int(seconds / 0.05)):
        if ready():
            return True
        await pilot.pause(0.05)
    return ready()


async def _open_001(pilot: object, app: ReaderApp) -> tuple[tuple[str, ...], str]:
    """Once the app has settled, open seed 001: the key of comparing it with its versions."""
    await settle(pilot)
    app.open_document(_index(app, "001"))
    assert app.open_index is not None
    return comparison_key(app.versions_of(app.open_index), "auto")


async def test_the_open_document_is_compared_with_its_versions_before_d(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _lexical: list[str]
) -> None:
    _quick_warm_up(monkeypatch)
    app = _app(seeds_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        key = await _open_001(pilot, app)
        assert await _until(pilot, lambda: COMPARISONS.get(key) is not None)
        calls = len(_lexical)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert [d.path.name[:3] for d in screen.documents] == ["001", "003"]
        assert screen.comparison is not None and not screen.provisional
        assert len(_lexical) == calls  # `d` found it ready: nothing compared again


async def test_d_while_the_comparison_ahead_runs_waits_for_it(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from reader.compare.comparison import compare as real_compare

    _quick_warm_up(monkeypatch)
    asked: list[tuple[str, ...]] = []
    started, release = threading.Event(), threading.Event()

    def slow(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        names = tuple(d.path.name[:3] for d in documents)
        asked.append(names)
        if names == ("001", "003"):
            started.set()
            release.wait(30)
        return real_compare(documents, scorer="lexical")

    monkeypatch.setattr(reader.compare, "compare", slow, raising=False)
    app = _app(seeds_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_document(_index(app, "001"))
        assert await _until(pilot, started.is_set)  # compared ahead, in the background
        await pilot.press("d")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert screen.comparison is None  # waiting for the work under way
        release.set()
        await settle(pilot)
        assert screen.comparison is not None
        assert asked.count(("001", "003")) == 1  # compared once, not twice


@pytest.mark.parametrize("why", ["too long", "switched off"])
async def test_versions_too_long_or_with_the_setting_off_are_not_compared_ahead(
    seeds_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    _lexical: list[str],
    why: str,
) -> None:
    import reader.tui.app as app_module

    _quick_warm_up(monkeypatch)
    if why == "too long":
        monkeypatch.setattr(app_module, "AHEAD_SENTENCES", 10)
    else:
        monkeypatch.setenv("READER_COMPARE_AHEAD", "off")
    app = _app(seeds_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        key = await _open_001(pilot, app)
        await _until(pilot, lambda: not app.warming)
        await pilot.pause(app_module.AHEAD_DELAY + 0.5)
        assert _lexical == []
        assert COMPARISONS.get(key) is None and not COMPARISONS.computing(key)
        await pilot.press("d")  # the diff view compares them itself
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen) and app.screen.comparison is not None
        assert _lexical == ["auto"]
