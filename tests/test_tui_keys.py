"""Pilot tests of every keyboard (and mouse) flow of the reader's main screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Label

from reader.tui.app import ReaderApp
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.article import ArticleView
from reader.tui.widgets.doclist import DocList
from tests.helpers.pilot import settle

SIZE = (110, 32)


def _app(paths: list[Path], tmp_path: Path) -> ReaderApp:
    return ReaderApp(paths, state_dir=tmp_path / "state", config_dir=tmp_path / "config")


def _names(app: ReaderApp) -> list[str]:
    return [slot.path.name for slot in app.slots]


def _index_of(app: ReaderApp, prefix: str) -> int:
    return next(i for i, slot in enumerate(app.slots) if slot.path.name.startswith(prefix))


async def test_first_document_opens_and_list_is_focused(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.slots) == 5
        assert all(slot.document is not None and slot.document.ok for slot in app.slots)
        assert app.open_index is not None
        assert isinstance(app.focused, DocList)
        article = app.query_one(ArticleView)
        assert article.document is app.slots[app.open_index].document
        assert app.sub_title == app.slots[app.open_index].title
        # Languages were detected in a worker after loading.
        languages = {slot.document.language for slot in app.slots if slot.document}
        assert {"en", "it", "fr"} <= languages


async def test_j_k_arrows_move_and_enter_opens(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        doc_list = app.query_one(DocList)
        doc_list.action_first()
        first = doc_list.current_index
        await pilot.press("j")
        second = doc_list.current_index
        assert second is not None and second != first
        await pilot.press("down")
        third = doc_list.current_index
        assert third not in (first, second)
        await pilot.press("k")
        assert doc_list.current_index == second
        await pilot.press("up")
        assert doc_list.current_index == first
        await pilot.press("G")
        last = doc_list.current_index
        await pilot.press("g")
        assert doc_list.current_index == first
        await pilot.press("G", "enter")
        assert app.open_index == last
        assert isinstance(app.focused, ArticleView)
        assert app.query_one(ArticleView).document is app.slots[last].document


async def test_tab_switches_focus(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, DocList)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleView)
        await pilot.press("tab")
        assert isinstance(app.focused, DocList)


async def test_article_scrolling_keys(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(80, 16)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        article = app.query_one(ArticleView)
        assert article.max_scroll_y > 5, "the seed must be longer than the screen"
        await pilot.press("j")
        assert article.scroll_offset.y == 1
        await pilot.press("down", "down")
        assert article.scroll_offset.y == 3
        await pilot.press("k")
        assert article.scroll_offset.y == 2
        await pilot.press("G")
        assert article.scroll_offset.y == article.max_scroll_y
        await pilot.press("g")
        assert article.scroll_offset.y == 0
        await pilot.press("space")
        page = article.scroll_offset.y
        assert page > 3
        await pilot.press("b")
        assert article.scroll_offset.y == 0
        await pilot.press("end")
        assert article.scroll_offset.y == article.max_scroll_y
        await pilot.press("home")
        assert article.scroll_offset.y == 0


async def test_search_highlights_counts_cycles_and_clears(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "slash")
        assert isinstance(app.focused, Input) and app.focused.id == "search"
        await pilot.press(*"tiktok")
        article = app.query_one(ArticleView)
        total = len(article.matches)
        assert total > 2
        document = article.document
        assert document is not None
        expected = sum(
            b.text.casefold().count("tiktok")
            for b in article.blocks
            if b.kind not in ("meta", "label")
        )
        assert total == expected
        count = app.query_one("#search-count", Label)
        assert str(count.render()).startswith(f"1/{total} ")
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleView)
        assert article.current_match == 0
        await pilot.press("n")
        assert article.current_match == 1
        assert str(count.render()).startswith(f"2/{total} ")
        await pilot.press("N", "N")
        assert article.current_match == total - 1  # wraps around
        # The current match is drawn differently from the others.
        current = article.matches[total - 1]
        y = next(
            i
            for i, line in enumerate(article.lines)
            if line.block == current.block and line.start <= current.start < line.end
        )
        assert article.scroll_offset.y <= y < article.scroll_offset.y + article.size.height
        await pilot.press("escape")
        assert article.matches == [] and article.search_query == ""
        assert not app.query_one("#searchbar").display
        assert str(count.render()) == ""


async def test_search_escape_in_box_clears(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzzqqq")
        assert app.query_one(ArticleView).matches == []
        assert str(app.query_one("#search-count", Label).render()) == "no match"
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleView)
        assert not app.query_one("#searchbar").display


async def test_ctrl_f_filters_the_sidebar(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        doc_list = app.query_one(DocList)
        everything = [r.index for r in doc_list.rows if r.kind == "doc"]
        assert len(everything) == 5
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, Input) and app.focused.id == "filter"
        await pilot.press(*"voudrait")
        shown = [r.index for r in doc_list.rows if r.kind == "doc"]
        assert shown == [_index_of(app, "004")]
        await pilot.press("enter")
        assert isinstance(app.focused, DocList)
        await pilot.press("enter")
        assert app.open_index == _index_of(app, "004")
        await pilot.press("ctrl+f", "escape")
        assert len([r for r in doc_list.rows if r.kind == "doc"]) == 5
        assert doc_list.current_index == _index_of(app, "004")


async def test_filter_by_file_name(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"003_")
        shown = [r.index for r in app.query_one(DocList).rows if r.kind == "doc"]
        assert shown == [_index_of(app, "003")]
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        assert len([r for r in app.query_one(DocList).rows if r.kind == "doc"]) == 5


async def test_ctrl_b_hides_and_shows_sidebar(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.query_one("#sidebar")
        assert sidebar.display
        await pilot.press("ctrl+b")
        assert not sidebar.display
        assert isinstance(app.focused, ArticleView)
        await pilot.press("ctrl+b")
        assert sidebar.display


async def test_narrow_terminal_hides_sidebar_until_asked(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(50, 20)) as pilot:
        await settle(pilot)
        sidebar = app.query_one("#sidebar")
        assert not sidebar.display
        await pilot.press("ctrl+b")
        assert sidebar.display
        await pilot.press("ctrl+b")
        assert not sidebar.display


async def test_help_lists_every_binding(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        sections = app.help_sections()
        descriptions = {d for _, rows in sections for _, d in rows}
        for cls in (ReaderApp, DocList, ArticleView):
            for binding in cls.BINDINGS:
                assert not isinstance(binding, tuple)
                description = getattr(binding, "description", "")
                assert description in descriptions, description
        keys = " ".join(k for _, rows in sections for k, _ in rows)
        for key in ("j", "k", "g", "G", "/", "n", "N", "y", "q", "^f", "^b", "^p", "?", "f1"):
            assert key in keys.split(), key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_opens_document_by_title(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = _index_of(app, "004")
        title = app.slots[target].title
        await pilot.press("ctrl+p")
        await pilot.press(*"Open: FR")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.open_index == target, title
        assert isinstance(app.focused, ArticleView)


async def test_palette_toggles_sidebar(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"toggle sidebar")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.query_one("#sidebar").display


async def test_y_copies_current_paragraph(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "y")
        article = app.query_one(ArticleView)
        block = article.current_block()
        assert block is not None and block.paragraph is not None
        assert app.clipboard == block.text
        assert any("Copied" in n.title for n in app._notifications)
        # With a search, the paragraph of the current match is the one copied.
        await pilot.press("slash", *"axios", "enter", "n", "y")
        match = article.matches[article.current_match or 0]
        assert app.clipboard == article.blocks[match.block].text


async def test_mouse_click_opens_document(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        doc_list = app.query_one(DocList)
        rows = doc_list.rows
        y = max(i for i, r in enumerate(rows) if r.kind == "doc")
        await pilot.click(DocList, offset=(5, y))
        await pilot.pause()
        assert app.open_index == rows[y].index


async def test_mouse_wheel_scrolls_article(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(80, 16)) as pilot:
        await settle(pilot)
        article = app.query_one(ArticleView)
        # Pilot has no wheel helper: post the events the driver would.
        await pilot._post_mouse_events([events.MouseScrollDown], ArticleView, offset=(10, 5))
        await pilot.pause()
        assert article.scroll_offset.y > 0
        doc_list = app.query_one(DocList)
        await pilot._post_mouse_events([events.MouseScrollDown], DocList, offset=(2, 2))
        await pilot.pause()
        assert doc_list.max_scroll_y == 0 or doc_list.scroll_offset.y > 0


async def test_q_quits(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_in_search_box_types(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        assert app.is_running
        assert app.query_one("#search", Input).value == "q"


async def test_d_without_versions_explains(tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a.txt").write_text("Alone\n\nOnly one article here. Nothing to compare.\n")
    app = _app([folder], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        messages = [n.message for n in app._notifications]
        assert any("not available" in m or "No other version" in m for m in messages), messages


async def test_d_opens_diff_of_versions(seeds_dir: Path, tmp_path: Path) -> None:
    try:
        from reader.compare import group  # noqa: F401
        from reader.tui.screens.diff import DiffScreen
    except (ImportError, AttributeError):
        pytest.skip("grouping or diff screen not available yet")
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = _index_of(app, "001")
        app.open_document(target)
        versions = app.versions_of(target)
        assert [d.path.name[:3] for d in versions] == ["001", "003"]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]


async def test_no_documents_message(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    app = _app([empty], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.query_one(ArticleView)
        assert article.blocks[0].text == "No documents"
        await pilot.press("j", "enter", "tab", "slash", "x", "escape", "y", "d")
        assert app.is_running


async def test_palette_compare_documents_opens_picker(seeds_dir: Path, tmp_path: Path) -> None:
    try:
        from reader.tui.screens.pick import ComparePicker
    except ImportError:
        pytest.skip("compare picker not available yet")
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Compare documents")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ComparePicker)


async def test_progress_shows_while_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    import reader.corpus
    import reader.tui.app as app_module

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(40):
        (folder / f"{number:03}.txt").write_text(f"Title {number}\n\nBody text number {number}.\n")
    real = reader.corpus.load_document

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(0.03)
        return real(*args, **kwargs)

    monkeypatch.setattr(reader.corpus, "load_document", slow)
    monkeypatch.setattr(app_module, "PROGRESS_DELAY", 0.05)
    app = _app([folder], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.4)
        sidebar = app.query_one("#sidebar")
        assert app.loading
        assert sidebar.has_class("-loading")
        assert app.query_one("#progress").display
        status = str(app.query_one("#status", Label).render())
        assert status.startswith("Loading ") and "/ 40" in status
        # The list is usable while loading: the first documents are already listed.
        assert len(app.slots) == 40
        await pilot.press("j")
        await settle(pilot)
        assert not sidebar.has_class("-loading")
        assert not app.query_one("#progress").display
        assert all(slot.document is not None for slot in app.slots)


# -- going back, quitting, and where the focus returns ------------------------------------


async def test_q_goes_back_one_level_and_ctrl_q_quits_from_anywhere(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """As in less and newsboat: ``q`` in the diff view, the help or the picker goes back
    to the main screen (focus and scroll where they were); on the main screen it quits;
    ``ctrl+q`` quits from any screen."""
    from reader.tui.screens.diff import DiffScreen
    from reader.tui.screens.pick import ComparePicker

    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_document(_index_of(app, "001"), focus_article=True)
        await pilot.pause()
        article = app.query_one(ArticleView)
        await pilot.press("space", "space")
        await pilot.pause()
        scrolled = article.scroll_offset.y
        assert scrolled > 0
        for back in ("q", "escape", "d"):
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, DiffScreen)
            await pilot.press(back)
            await pilot.pause()
            assert app.is_running and app.screen is app.screen_stack[0], back
            assert app.focused is article and article.scroll_offset.y == scrolled, back
        # the why panel is one level too: q closes it, then the view
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("w", "q")
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen) and not app.screen.has_class("-explain")
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        # from the sidebar, the focus comes back to the sidebar, on the same row
        await pilot.press("tab")
        doc_list = app.query_one(DocList)
        row = doc_list.cursor
        assert app.focused is doc_list
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.focused is doc_list and doc_list.cursor == row
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert app.is_running and app.screen is app.screen_stack[0]
        app.action_compare()
        await pilot.pause()
        assert isinstance(app.screen, ComparePicker)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and app.screen is app.screen_stack[0]
        assert app.focused is doc_list
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize("where", ["help", "picker"])
async def test_ctrl_q_quits_from_a_modal_screen(
    seeds_dir: Path, tmp_path: Path, where: str
) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if where == "help":
            await pilot.press("question_mark")
        else:
            app.action_compare()
        await pilot.pause()
        assert app.screen is not app.screen_stack[0]
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_help_lists_symbols_and_brackets_scrolls_and_fits_80x24(
    seeds_dir: Path, tmp_path: Path
) -> None:
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    from reader.view.comparison import MARKERS
    from reader.view.listing import FOUND_BRACKETS, LINKED_BRACKETS

    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        box = help_screen.query_one("#help-box", VerticalScroll)
        assert box.region.right <= 80 and box.region.bottom <= 24  # fits the screen
        static = help_screen.query_one("#help-text", Static)
        text = "\n".join(static.render_line(y).text for y in range(static.size.height))
        for marker in MARKERS.values():  # = ≠ + − ↕ ·, each with its meaning
            assert f"{marker.symbol}" in text and marker.description in text
        for bracket in (*FOUND_BRACKETS, *LINKED_BRACKETS):
            assert bracket in text
        assert "found by aligning" in text and "name each other" in text
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        await pilot.press("j", "j")
        assert box.scroll_y == 2
        await pilot.press("k")
        assert box.scroll_y == 1
        await pilot.press("space")
        assert box.scroll_y > 10
        await pilot.press("G")
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("g")
        assert box.scroll_y == 0


async def _palette(pilot: Pilot[None], command: str) -> None:
    """Run ``command`` from the command palette (ctrl+p, its name, enter)."""
    await pilot.press("ctrl+p", *command)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_keys_panel_closes_with_escape(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _palette(pilot, "Keys")
        assert app.screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")
        # without the panel, escape keeps its other meanings (here: clear the filter)
        await pilot.press("ctrl+f", "0", "0", "4")
        assert app.query_one("#filter", Input).value == "004"
        await pilot.press("escape")
        assert app.query_one("#filter", Input).value == ""


@pytest.mark.parametrize("pictures", [False, True], ids=["state-dir", "pictures-dir"])
async def test_screenshot_says_where_it_saved(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pictures: bool
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    if pictures:
        (home / "Pictures").mkdir()
    folder = home / "Pictures" if pictures else tmp_path / "state" / "screenshots"
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _palette(pilot, "Screenshot")
        await pilot.pause(0.5)  # (the command saves after a short timer)
        saved = sorted(folder.glob("*.svg"))
        assert len(saved) == 1 and saved[0].stat().st_size > 1000
        messages = [n.message for n in app._notifications]
        assert any(str(saved[0]) in m for m in messages), messages


async def test_sidebar_grows_on_wide_screens_and_cuts_titles_only_without_room(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    title = "A title of exactly fifty characters, give or take"  # 49 characters
    (folder / "a.txt").write_text(f"{title}\n\nThe body of it. A second sentence.\n")
    (folder / "b.txt").write_text("Short\n\nAnother body here. It has two sentences.\n")
    app = _app([folder], tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        sidebar = app.query_one("#sidebar")
        doc_list = app.query_one(DocList)
        assert 42 < sidebar.region.width <= 60
        lines = [doc_list.render_line(y).text for y in range(3)]
        assert any(title in line for line in lines), lines  # not cut
        await pilot.resize_terminal(120, 40)  # the article needs its reading width
        await pilot.pause()
        await pilot.pause()
        assert sidebar.region.width == 42
        lines = [doc_list.render_line(y).text for y in range(3)]
        assert not any(title in line for line in lines)
        assert any(title[:30] in line and "…" in line for line in lines), lines
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        assert sidebar.region.width == 28  # medium screens keep app.tcss's width
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        await pilot.pause()
        assert sidebar.region.width == doc_list.widest + 3 <= 60


async def test_untitled_and_dated_articles_read_the_same_in_the_app_and_reader_show(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """001 has a blank first line and no title: its heading is its opening words, as in
    the sidebar, not the file name. 004 starts with "date 2023-09": that is its date
    (meta line), not a paragraph of text. `reader show` prints the same page."""
    from reader.cli import main

    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.query_one(ArticleView)
        pages = {}
        for prefix in ("001", "004"):
            index = _index_of(app, prefix)
            app.open_document(index)
            await pilot.pause()
            pages[prefix] = [block.text for block in article.blocks]
            assert pages[prefix][0] == app.slots[index].title  # as the sidebar lists it
            assert not pages[prefix][0].startswith(prefix)
    assert pages["001"][0].startswith("TikTok could possibly be set to put down")
    assert pages["004"][0].startswith("TikTok voudrait ajouter des fonctionnalités")
    assert pages["004"][1].endswith("· 2023-09")
    assert not any("date 2023-09" in text for text in pages["004"])
    for prefix, page in pages.items():
        path = next(seeds_dir.glob(f"{prefix}_*.txt"))
        assert main(["show", str(path), "--width", "200"]) == 0
        shown = capsys.readouterr().out
        assert shown.splitlines()[0] == page[0], prefix
        assert "date 2023-09" not in shown
