"""The diff view (DiffScreen, DiffTable, DiffOverview) and the ComparePicker.

A tiny app pushes the screens directly, so these tests do not depend on the main app.
Comparisons are hand-made (tests/helpers/comparisons.py) except where the real engine is the
point (the seeds 001 | 003).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static

import reader.compare
from reader.compare.model import Cell, Comparison, Row, Span
from reader.corpus.model import Document
from reader.tui.comparisons import COMPARISONS
from reader.tui.screens.diff import DiffScreen
from reader.tui.screens.pick import ComparePicker
from reader.tui.widgets.diff_overview import DiffOverview
from reader.tui.widgets.diff_table import HEADER_HEIGHT, DiffTable
from reader.view.comparison import is_difference
from tests.helpers.comparisons import doc, long_comparison, pair, trio
from tests.helpers.snapshots import SIZE_IDS, SIZES


class DiffApp(App[None]):
    """Pushes a DiffScreen on mount (a stand-in for the main app's ``d`` key)."""

    def __init__(
        self,
        documents: Sequence[Document],
        comparison: Comparison | None = None,
        scorer: str = "auto",
    ) -> None:
        super().__init__()
        self.documents = documents
        self.comparison = comparison
        self.scorer = scorer
        self.closed = False

    def on_mount(self) -> None:
        def closed(_: None) -> None:
            self.closed = True

        self.push_screen(
            DiffScreen(self.documents, self.scorer, comparison=self.comparison), closed
        )


def diff_app(comparison: Comparison) -> DiffApp:
    return DiffApp(comparison.documents, comparison)  # type: ignore[arg-type]


def table_lines(table: DiffTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    COMPARISONS.clear()


# -- snapshots --------------------------------------------------------------------------


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_snapshot_trio(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(diff_app(trio()), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_snapshot_trio_changes_only(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(diff_app(trio()), terminal_size=size, press=["c"], run_before=_settle)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_snapshot_pair_explained(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(diff_app(pair()), terminal_size=size, press=["n", "w"], run_before=_settle)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_snapshot_seeds_001_003(snap_compare: Any, seeds_dir: Path, size: tuple[int, int]) -> None:
    """The real engine (lexical scorer, deterministic) on the EN and IT versions.

    This snapshot follows the engine: when alignment or divergence changes on purpose,
    look at the new picture and update it (``--snapshot-update``)."""
    from reader.corpus import load_document

    documents = [
        load_document(seeds_dir / "001_473fb720d46988df.txt"),
        load_document(seeds_dir / "003_c3d469d494e6eb81.txt"),
    ]
    app = DiffApp(documents, scorer="lexical")
    assert snap_compare(app, terminal_size=size, press=["n"], run_before=_settle)


# -- behaviour --------------------------------------------------------------------------


async def test_rows_align_and_row_height_is_the_tallest_cell() -> None:
    comparison = trio()
    app = diff_app(comparison)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one(DiffTable)
        layout = table.row_layout
        assert layout is not None
        assert len(layout.columns) == 3
        for r, wraps in enumerate(layout.wraps):
            tallest = max(len(w) for w in wraps if w is not None)
            assert layout.heights[r] == tallest
            if r:
                assert layout.tops[r] == layout.tops[r - 1] + layout.heights[r - 1] + 1
        # Every rendered line is exactly as wide as the table's content region.
        for y in range(table.size.height):
            assert table.render_line(y).cell_length == layout.width
        header = table.render_line(0).text
        assert header.index("EN") < header.index("IT") < header.index("FR")


async def test_next_and_previous_difference() -> None:
    comparison = trio()
    expected = [i for i, row in enumerate(comparison.rows) if is_difference(row)]
    assert expected == [1, 2, 3, 4, 5, 6]  # the first row matches, the last is boilerplate
    app = diff_app(comparison)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one(DiffTable)
        assert table.cursor == 0
        seen = []
        for _ in expected:
            await pilot.press("n")
            seen.append(table.cursor)
        assert seen == expected
        await pilot.press("n")  # nothing after the last difference: stays put
        assert table.cursor == expected[-1]
        await pilot.press("N", "N")
        assert table.cursor == expected[-3]
        await pilot.press("j", "j", "j")
        assert table.cursor == expected[-3] + 3
        await pilot.press("k")
        assert table.cursor == expected[-3] + 2
        await pilot.press("G")
        assert table.cursor == len(comparison.rows) - 1
        await pilot.press("g")
        assert table.cursor == 0


async def test_cursor_is_kept_visible_on_a_long_comparison() -> None:
    comparison = long_comparison(600)
    app = diff_app(comparison)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one(DiffTable)
        await pilot.press(*["n"] * 15, "pagedown", "pagedown")
        await pilot.pause()
        first, last = table.visible_rows()
        assert first <= table.cursor <= last
        assert table.cursor > 15
        # Line-based rendering: only lines that were on screen have been built.
        layout = table.row_layout
        assert layout is not None
        assert table.built_lines < layout.total // 4
        await pilot.press("G")
        await pilot.pause()
        first, last = table.visible_rows()
        assert last == len(comparison.rows) - 1


async def test_explain_panel_shows_similarity_reason_and_spans() -> None:
    app = diff_app(trio())
    async with app.run_test(size=(160, 48)) as pilot:
        await _settle(pilot)
        explain = app.screen.query_one("#diff-explain", Static)
        assert not explain.display
        await pilot.press("n", "enter")
        assert explain.display
        text = str(explain.render())
        assert "Row 2 of 8" in text
        # each column on its own line, with its own marker, similarity and reason;
        # sentence numbers as a person counts them (from 1)
        assert "IT: ≠ differs · similarity 0.61 · sentence 2 · number: EN 3 · IT 4" in text
        assert "FR: ≠ differs · similarity 0.72 · sentence 2 · FR has no counterpart" in text
        # on the pivot, each highlight says which document lacks it
        assert "EN: sentence 2 · not in IT: «3» number · not in FR: «Gualtieri» name" in text
        assert "not in EN: «4» number" in text
        await pilot.press("n")  # the panel follows the cursor
        text = str(explain.render())
        assert "Row 3 of 8" in text and "EN: nothing in this row" in text
        assert "IT: + added" in text and "FR: nothing in this row" in text
        await pilot.press("escape")  # escape closes the panel first …
        assert not explain.display
        assert not app.closed
        await pilot.press("escape")  # … then the view
        await pilot.pause()
        assert app.closed


async def test_d_closes_and_m_goes_to_the_moved_counterpart() -> None:
    comparison = trio()
    moved = next(i for i, r in enumerate(comparison.rows) if r.kind == "moved")
    app = diff_app(comparison)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one(DiffTable)
        table.cursor = moved
        await pilot.press("m")
        assert table.cursor == comparison.rows[moved].moved_from
        await pilot.press("d")
        await pilot.pause()
        assert app.closed
        assert not isinstance(app.screen, DiffScreen)


async def test_summary_and_notes_are_visible() -> None:
    app = diff_app(trio())
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        summary = str(app.screen.query_one("#diff-summary", Static).render())
        assert "IT vs EN: +1 added · −1 omitted · ≠2 differ · ↕1 moved" in summary
        assert "FR vs EN: +0 added · −1 omitted · ≠2 differ · ↕0 moved" in summary
        notes = app.screen.query_one("#diff-notes", Static)
        assert notes.display
        assert "embeddings extra not installed" in str(notes.render())


async def test_article_text_is_data_not_markup() -> None:
    app = diff_app(trio())
    async with app.run_test(size=(160, 48)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one(DiffTable)
        text = "\n".join(table_lines(table))
        assert "[bold red]x[/]" in text  # shown literally
        assert "\x1b" not in text and "\x07" not in text
        assert "␛]0;pwned␇" in text  # neutralised, visibly


async def test_overview_strip_marks_differences_and_jumps() -> None:
    comparison = long_comparison(300)
    app = diff_app(comparison)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        overview = app.screen.query_one(DiffOverview)
        table = app.screen.query_one(DiffTable)
        height = overview.size.height
        assert height > 0
        # Every line of the strip covers a band, the bands cover all rows in order.
        bands = [overview.band(y) for y in range(height)]
        assert bands[0][0] == 0 and bands[-1][1] == len(comparison.rows)
        assert all(a[1] == b[0] for a, b in zip(bands, bands[1:], strict=False))
        # The synthetic rows have a difference every few rows: every band shows one.
        assert all(overview.marker_at(y) in ("differs", "omitted", "moved") for y in range(height))
        await pilot.click(DiffOverview, offset=(1, height - 1))
        await pilot.pause()
        assert table.cursor == bands[-1][0]


async def test_worker_aligns_off_the_ui_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    comparison = trio()
    release = threading.Event()
    threads: list[str] = []

    def fake_compare(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        threads.append(threading.current_thread().name)
        assert [d.id for d in documents] == [d.id for d in comparison.documents]  # type: ignore[attr-defined]
        assert scorer == "lexical"
        release.wait(5)
        return comparison

    monkeypatch.setattr(reader.compare, "compare", fake_compare, raising=False)
    app = DiffApp(comparison.documents, scorer="lexical")  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.4)
        status = app.screen.query_one("#diff-status", Static)
        assert "Aligning EN ↔ IT ↔ FR (0 + 0 + 0 sentences, scorer lexical)" in str(status.render())
        assert app.screen.query_one("#diff-loading").display  # spinner after a moment
        await pilot.press("n")  # the UI still answers while the worker runs
        release.set()
        await _settle(pilot)
        table = app.screen.query_one(DiffTable)
        assert table.row_count == len(comparison.rows)
        assert not app.screen.query_one("#diff-loading").display
        assert threads and threads[0] != threading.main_thread().name


async def test_engine_failure_is_a_message_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        raise ValueError("cannot compare x.txt: binary file")

    monkeypatch.setattr(reader.compare, "compare", broken, raising=False)
    comparison = pair()
    app = DiffApp(comparison.documents)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        status = str(app.screen.query_one("#diff-status", Static).render())
        assert "Could not compare these documents" in status
        assert "binary file" in status
        await pilot.press("n", "w", "j")  # nothing to act on, nothing breaks
        await pilot.press("d")
        await pilot.pause()
        assert app.closed


async def test_one_document_is_explained() -> None:
    app = DiffApp([doc("en", "Alone", "alone.txt")])
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        status = str(app.screen.query_one("#diff-status", Static).render())
        assert "Nothing to compare" in status


# -- the picker -------------------------------------------------------------------------


class PickApp(App[None]):
    def __init__(self, documents: Sequence[Document], current: Document | None) -> None:
        super().__init__()
        self.documents = documents
        self.current = current
        self.result: list[Document] | None | str = "pending"

    def on_mount(self) -> None:
        def done(result: list[Document] | None) -> None:
            self.result = result

        self.push_screen(ComparePicker(self.documents, self.current, scorer="lexical"), done)


def _four() -> list[Document]:
    return [
        doc("en", "Rome opens a new metro line", "en.txt"),
        doc("it", "Roma inaugura la metro [b]C[/b]", "it.txt"),
        doc("fr", "Rome ouvre une ligne", "fr.txt"),
        Document(id="bad", path=Path("/corpus/bad.bin"), error="binary file"),
    ]


async def test_picker_ticks_pivot_and_opens_the_diff(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _four()
    calls: list[list[str]] = []

    def fake_compare(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        calls.append([d.id for d in documents])
        return Comparison(tuple(documents), (), scorer)

    monkeypatch.setattr(reader.compare, "compare", fake_compare, raising=False)
    app = PickApp(docs, docs[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ComparePicker)
        assert picker.chosen() == [docs[1]]  # the current document, as pivot
        sl = picker.query_one(SelectionList)
        assert "[b]C[/b]" in str(sl.get_option_at_index(1).prompt)  # titles are not markup
        await pilot.press("up", "space")  # tick EN
        await pilot.press("down", "down", "space")  # tick FR
        assert picker.chosen() == [docs[1], docs[0], docs[2]]
        await pilot.press("up", "up", "p")  # EN becomes the pivot
        assert picker.chosen() == [docs[0], docs[1], docs[2]]
        assert sl.get_option_at_index(3).disabled  # the unreadable file cannot be ticked
        assert "binary file" in str(sl.get_option_at_index(3).prompt)
        await pilot.press("down", "down", "down")  # the cursor skips it (wraps to the top)
        assert sl.highlighted == 0
        await pilot.press("enter")
        await _settle(pilot)
        assert app.result == [docs[0], docs[1], docs[2]]
        assert isinstance(app.screen, DiffScreen)
        assert calls == [["en.txt", "it.txt", "fr.txt"]]


async def test_picker_needs_two_documents_and_escape_cancels() -> None:
    docs = _four()
    app = PickApp(docs, docs[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ComparePicker)
        await pilot.press("space")  # untick the pivot: nothing ticked
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is picker  # refused, with a notification
        assert app.result == "pending"
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None
        assert not isinstance(app.screen, ComparePicker | DiffScreen)


async def test_picker_enter_on_another_document_compares_it_with_the_current() -> None:
    docs = _four()
    app = PickApp(docs, docs[0])
    app_result: list[Any] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ComparePicker)
        picker.open_diff = False
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        app_result.append(app.result)
    assert app_result == [[docs[0], docs[2]]]


async def test_picker_accepts_first_as_the_current_document() -> None:
    docs = _four()
    app = App[None]()
    async with app.run_test(size=(80, 24)) as pilot:
        picker = ComparePicker(docs, first=docs[2], open_diff=False)
        await app.push_screen(picker)
        await pilot.pause()
        assert picker.chosen() == [docs[2]]
        assert "pivot" in str(picker.selection_list.get_option_at_index(2).prompt)


async def test_resizing_a_long_comparison_rewraps_in_a_worker() -> None:
    comparison = long_comparison(400)
    app = diff_app(comparison)
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one(DiffTable)
        await pilot.press("G")
        wide = table.row_layout
        assert wide is not None
        await pilot.resize_terminal(80, 24)
        await _settle(pilot)
        narrow = table.row_layout
        assert narrow is not None and narrow is not wide
        assert narrow.width == table.content_width() < wide.width
        assert narrow.total > wide.total  # narrower columns, more lines
        first, last = table.visible_rows()
        assert first <= table.cursor <= last  # the selected row stays in view


WEIRD = (
    "",
    "\t tabbed\ttext\t",
    "漢字とかなの文章はセル幅が二つです。" * 3,
    "emoji 👩‍👩‍👧 flags 🇮🇹 and e\u0301 combining",
    "x" * 500,
    "zero\u200bwidth\u2028line sep\nnew line\r\n",
    "\x1b[2J\x1b]52;c;cGF5bG9hZA==\x07 \x9b31m",
)


async def test_any_text_renders_lines_of_exact_width() -> None:
    en, it = doc("en", "Weird", "w_en.txt"), doc("it", "Strano", "w_it.txt")
    rows = []
    for i, text in enumerate(WEIRD):
        spans = (Span(0, len(text) + 5, "words", text), Span(-3, 2, "name", text[:2]))
        rows.append(
            Row(
                "differs",
                (Cell(text, (i,), spans), Cell(WEIRD[-1 - i], (i,), spans[:1])),
                0.5,
                reason=text,
            )
        )
    rows.append(Row("only", (None, None), None))
    comparison = Comparison((en, it), tuple(rows), "lexical", notes=(WEIRD[-1],))
    app = diff_app(comparison)
    for size in ((80, 24), (43, 20)):
        async with app.run_test(size=size) as pilot:
            await _settle(pilot)
            table = app.screen.query_one(DiffTable)
            layout = table.row_layout
            assert layout is not None
            for _ in range(len(rows)):
                for y in range(table.size.height):
                    strip = table.render_line(y)
                    assert strip.cell_length == layout.width
                    assert "\x1b" not in strip.text and "\x9b" not in strip.text
                await pilot.press("n", "w")
            app = diff_app(comparison)


async def test_clicking_a_row_selects_it() -> None:
    app = diff_app(trio())
    async with app.run_test(size=(160, 48)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one(DiffTable)
        layout = table.row_layout
        assert layout is not None
        y = HEADER_HEIGHT + layout.tops[3] + 1  # second line of the fourth row
        await pilot.click(DiffTable, offset=(10, y))
        assert table.cursor == 3
        await pilot.click(DiffTable, offset=(10, 0))  # the header is not a row
        assert table.cursor == 3


async def test_picker_filters_a_big_corpus() -> None:
    docs = [
        doc(("en", "it", "fr")[i % 3], f"Article {i} about [red]things[/red]", f"a{i:04d}.txt")
        for i in range(1000)
    ]
    app = PickApp(docs, docs[700])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ComparePicker)
        sl = picker.selection_list
        assert sl.option_count == 201  # the first 200, plus the ticked current document
        assert picker.highlighted_document == 700
        status = str(picker.query_one("#picker-status", Static).render())
        assert "Showing 200 of 1000 documents" in status
        await pilot.press("slash", *"a093", "enter")  # the filter, then back to the list
        assert picker.shown == [700, *range(930, 940)]  # the ticked pivot stays listed
        assert picker.focused is sl
        assert picker.highlighted_document == 700
        await pilot.press("down", "space")
        assert picker.chosen() == [docs[700], docs[930]]
        # "/" selects the filter's text, so typing replaces it; every word must match.
        await pilot.press("slash", *"a093 fr", "enter")
        assert picker.shown == [700, 930, 932, 935, 938]
        assert "Showing" not in str(picker.query_one("#picker-status", Static).render())
        await pilot.press("enter")
        await _settle(pilot)
        assert app.result == [docs[700], docs[930]]


def test_snapshot_picker(snap_compare: Any) -> None:
    docs = _four()
    assert snap_compare(PickApp(docs, docs[1]), terminal_size=(80, 24), press=["up", "space"])


async def test_closing_while_aligning_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    comparison = trio()
    release = threading.Event()

    def slow(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        release.wait(5)
        return comparison

    monkeypatch.setattr(reader.compare, "compare", slow, raising=False)
    app = DiffApp(comparison.documents)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.closed
        release.set()
        await _settle(pilot)
        assert not isinstance(app.screen, DiffScreen)
    assert app.return_code in (None, 0)
    # The result was still kept: reopening the same documents is instant.
    app = DiffApp(comparison.documents)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(DiffTable).row_count == len(comparison.rows)


async def test_an_unreadable_document_is_explained_not_compared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def counting(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        calls.append(len(documents))
        return trio()

    monkeypatch.setattr(reader.compare, "compare", counting, raising=False)
    broken = Document(id="bad", path=Path("/corpus/bad.bin"), error="binary file")
    app = DiffApp([doc("en", "Fine", "fine.txt"), broken])
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        status = str(app.screen.query_one("#diff-status", Static).render())
        assert "could not be read" in status
        assert calls == []


async def test_overview_marks_only_the_rows_on_screen() -> None:
    comparison = long_comparison(200)
    app = diff_app(comparison)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        overview = app.screen.query_one(DiffOverview)
        table = app.screen.query_one(DiffTable)
        first, last = table.visible_rows()
        assert first == 0 and 0 < last < 20
        lines = [overview.render_line(y).text for y in range(overview.size.height)]
        assert lines[0].startswith("▶")  # the selected row, on screen
        assert lines[-1].startswith(" ")  # the end of the document is not on screen
        await pilot.press("G")
        await pilot.pause()
        lines = [overview.render_line(y).text for y in range(overview.size.height)]
        assert lines[-1].startswith("▶") and lines[0].startswith(" ")


async def test_changes_only_hides_matching_rows_and_says_how_many() -> None:
    comparison = trio()
    hidden = [i for i, row in enumerate(comparison.rows) if not is_difference(row)]
    assert hidden == [0, 7]  # the first row matches, the last is boilerplate
    app = diff_app(comparison)
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one(DiffTable)
        status = app.screen.query_one("#diff-status", Static)
        assert not status.display
        await pilot.press("c")
        await pilot.pause()
        assert table.changes_only and table.cursor == 1  # moved off the hidden first row
        assert "2 matching or boilerplate rows hidden" in str(status.render())
        text = "\n".join(table_lines(table))
        assert "Rome opened its new metro line" not in text
        assert "Commuters welcomed" in text
        await pilot.press("k")  # nothing shown above: the cursor stays
        assert table.cursor == 1
        await pilot.press("G")
        assert table.cursor == 6  # the last row shown, not the hidden boilerplate
        await pilot.press("c")
        await pilot.pause()
        assert not table.changes_only and not status.display
        assert table.row_region(0).height and table.row_region(7).height  # shown again
        assert table.cursor == 6


# -- rough edges a first user hits -------------------------------------------------------


def _untitled(language: str, text: str, name: str) -> Document:
    """A document with no title (the sidebar lists it by its opening words)."""
    from reader.corpus.model import Sentence

    return Document(
        id=name,
        path=Path("/corpus") / name,
        language=language,
        text=text,
        sentences=(Sentence(0, 0, 0, len(text), text),),
    )


async def test_picker_rows_ticks_status_filter_and_j_k() -> None:
    docs = [
        *_four()[:3],
        _untitled("en", "TikTok could possibly be set to put down a card.", "001_473f.txt"),
        doc("en", "Rome opens a new metro line", "en_copy.txt"),  # reads like docs[0]
    ]
    app = PickApp(docs, docs[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ComparePicker)
        sl = picker.selection_list
        lines = [sl.render_line(y).text for y in range(len(docs))]
        assert lines[1].startswith("[x]") and lines[0].startswith("[ ]"), lines
        # title and language, not file names (except to tell alike documents apart)
        assert "EN" in lines[0] and "Rome opens a new metro line" in lines[0]
        assert "it.txt" not in lines[1] and "fr.txt" not in lines[2]
        assert "TikTok could possibly" in lines[3] and "001_473f" not in lines[3]
        assert "en.txt" in lines[0] and "en_copy.txt" in lines[4]
        # j/k move like the arrows
        assert sl.highlighted == 1
        await pilot.press("j", "j")
        assert sl.highlighted == 3
        await pilot.press("k")
        assert sl.highlighted == 2
        await pilot.press("space")  # tick FR
        lines = [sl.render_line(y).text for y in range(len(docs))]
        assert lines[2].startswith("[x]")
        status = str(picker.query_one("#picker-status", Static).render())
        assert "IT “Roma inaugura la metro [b]C[/b]” (pivot)" in status, status
        assert "FR “Rome ouvre une ligne”" in status
        assert "EN | EN" not in status and "IT | FR" not in status
        # escape in the filter box clears the filter, not the picker and its ticks
        await pilot.press("slash", *"rome")
        assert picker.shown == [0, 1, 2, 4]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is picker and app.result == "pending"
        assert picker.query_one("#picker-filter", Input).value == ""
        assert picker.shown == list(range(len(docs)))
        assert picker.chosen() == [docs[1], docs[2]]
        assert picker.focused is sl
        # q in the filter box is a letter; on the list it goes back
        await pilot.press("slash", "q")
        assert picker.query_one("#picker-filter", Input).value == "q"
        await pilot.press("escape", "q")
        await pilot.pause()
        assert app.result is None


async def _open_panel_on_the_last_visible_row(pilot: Pilot[Any]) -> DiffTable:
    """Move the cursor to the lowest row that is fully in view, then press ``w``."""
    await _settle(pilot)
    table = pilot.app.screen.query_one(DiffTable)
    while True:
        nxt = table.cursor + 1
        region = table.row_region(nxt)
        if nxt >= table.row_count or region.bottom > table.scroll_y + table.size.height:
            break
        await pilot.press("j")
    await pilot.press("w")
    await _settle(pilot)
    return table


def _row_in_view(table: DiffTable) -> bool:
    region = table.row_region(table.cursor)
    top = int(table.scroll_y) + HEADER_HEIGHT
    bottom = int(table.scroll_y) + table.size.height
    return region.y >= top and region.y + region.height - 1 <= bottom  # the rule may hide


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_why_panel_never_hides_the_row_it_explains(size: tuple[int, int]) -> None:
    app = diff_app(trio())
    async with app.run_test(size=size) as pilot:
        table = await _open_panel_on_the_last_visible_row(pilot)
        explain = app.screen.query_one("#diff-explain", Static)
        assert explain.display
        assert _row_in_view(table), (table.cursor, table.row_region(table.cursor))
        for _ in range(table.row_count):  # the panel's height changes from row to row
            await pilot.press("j")
            await _settle(pilot)
            assert _row_in_view(table), (table.cursor, table.scroll_y, table.size)
        for _ in range(table.row_count):
            await pilot.press("k")
            await _settle(pilot)
            assert _row_in_view(table), (table.cursor, table.scroll_y, table.size)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_why_panel_has_every_language_on_a_line_that_fits(size: tuple[int, int]) -> None:
    app = diff_app(trio())
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        await pilot.press("n", "w")  # row 2: every document has something to say
        await _settle(pilot)
        explain = app.screen.query_one("#diff-explain", Static)
        text_lines = str(explain.render()).split("\n")
        # nothing clipped: every line of the panel is on screen, none wider than it
        assert len(text_lines) <= explain.content_region.height, text_lines
        assert all(len(line) <= explain.content_region.width for line in text_lines)
        for label in ("EN:", "IT:", "FR:"):  # one part per document, each shown
            assert any(line.startswith(label) for line in text_lines), text_lines


def _progressive(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Comparison, Comparison, threading.Event, list[str]]:
    """A default scorer that has 4,000 characters to embed and waits for ``release``, and a
    lexical one that answers at once; ``asked`` records the scorers asked for."""
    import dataclasses

    from reader.compare.cancel import checkpoint
    from reader.compare.progress import report

    provisional = long_comparison(120, columns=2)
    final = dataclasses.replace(
        provisional, rows=provisional.rows[:100], scorer="auto (lexical+embeddings)"
    )
    release = threading.Event()
    asked: list[str] = []

    def compare(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        asked.append(scorer)
        if scorer == "lexical":
            return provisional
        report(0, 4000)
        while not release.wait(0.01):
            checkpoint()  # the view closed (the app quits): stop, as the engine does
            if len(asked) > 1:  # the stand-in was asked for: say how far embedding is
                report(1000, 4000)
        return final

    monkeypatch.setattr(reader.compare, "compare", compare, raising=False)
    return provisional, final, release, asked


async def _until(pilot: Pilot[Any], ready: Any) -> None:
    for _ in range(400):
        if ready():
            return
        await pilot.pause(0.02)
    raise AssertionError("the diff view never got there")


async def test_a_slow_default_scorer_shows_the_lexical_result_first_then_the_final_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    provisional, final, release, asked = _progressive(monkeypatch)
    app = DiffApp(provisional.documents)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        await _until(pilot, lambda: screen.provisional)
        assert asked == ["auto", "lexical"]
        assert screen.comparison is provisional
        table = screen.query_one(DiffTable)
        assert table.row_count == 120
        title = str(screen.query_one("#diff-title", Static).render())
        assert "scorer lexical (provisional)" in title
        status = screen.query_one("#diff-status", Static)
        await _until(pilot, lambda: "25 %" in str(status.render()))
        assert "refining with embeddings" in str(status.render())
        for _ in range(40):  # the reader goes on reading meanwhile
            await pilot.press("j")
        await pilot.pause()
        cursor, scroll = table.cursor, table.scroll_y
        assert cursor > 30 and scroll > 0
        release.set()
        await _until(pilot, lambda: not screen.provisional)
        await _settle(pilot)
        assert screen.comparison is final and table.row_count == 100
        assert table.cursor == cursor and table.scroll_y == scroll  # kept in place
        title = str(screen.query_one("#diff-title", Static).render())
        assert "auto (lexical+embeddings)" in title and "provisional" not in title
        assert "refining" not in str(status.render())
        assert COMPARISONS.get((tuple(d.id for d in final.documents), "auto")) is final


async def test_a_default_scorer_with_its_vectors_cached_shows_no_provisional_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader.compare.progress import report

    provisional, final, _release, asked = _progressive(monkeypatch)

    def cached(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        asked.append(scorer)
        report(0, 300)  # a few new words to embed: not worth a stand-in
        time.sleep(1.0)
        return final

    monkeypatch.setattr(reader.compare, "compare", cached, raising=False)
    app = DiffApp(provisional.documents)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert screen.comparison is final and not screen.provisional
        assert asked == ["auto"]


async def test_a_stand_in_that_comes_after_the_final_result_is_not_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    provisional, final, release, asked = _progressive(monkeypatch)
    import reader.compare as engine

    slow_final = engine.compare
    shown = threading.Event()

    def compare(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        if scorer == "lexical":  # the stand-in, asked for: let the final one win the race
            release.set()
            shown.wait(10)
        return slow_final(documents, scorer)

    monkeypatch.setattr(reader.compare, "compare", compare, raising=False)
    app = DiffApp(provisional.documents)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        await _until(pilot, lambda: screen.comparison is not None)
        shown.set()
        await _settle(pilot)
        assert screen.comparison is final and not screen.provisional
        assert asked == ["auto", "lexical"]


def test_snapshot_provisional(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lexical stand-in while the default scorer embeds (80x24)."""
    provisional, _final, release, _asked = _progressive(monkeypatch)

    async def until_provisional(pilot: Pilot[Any]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, DiffScreen)
        status = screen.query_one("#diff-status", Static)
        await _until(pilot, lambda: "25 %" in str(status.render()))

    try:
        app = DiffApp(provisional.documents)
        assert snap_compare(app, terminal_size=(80, 24), run_before=until_provisional)
    finally:
        release.set()
