"""Article text is data; bad files never crash the reader; the corpus is never written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.segment import Segment

from reader.tui.app import ReaderApp
from reader.tui.widgets.article import ArticleView
from reader.tui.widgets.doclist import DocList
from tests.helpers.pilot import settle

EVIL_TITLE = "Evil [bold red]x[/] title \x1b]0;pwned\x07"
EVIL_BODY = (
    "Markup [link=https://e.vil]click[/link] and [bold red]x[/] here. "
    "A clipboard write \x1b]52;c;ZXZpbA==\x07 and a clear \x1b[2J and an 8-bit CSI \x9b31m "
    "and a bell \x07 end."
)


def _app(paths: list[Path], tmp_path: Path) -> ReaderApp:
    return ReaderApp(paths, state_dir=tmp_path / "state", config_dir=tmp_path / "config")


def _screen_segments(app: ReaderApp) -> list[Segment]:
    """Every segment the app would send for its current screen."""
    segments: list[Segment] = []
    update = app.screen._compositor.render_full_update()
    for line in update.strips:
        for strip in line:
            segments.extend(strip)
    assert segments
    return segments


def _visible_article_text(article: ArticleView) -> str:
    lines = []
    for y in range(article.size.height):
        lines.append("".join(segment.text for segment in article.render_line(y)))
    return "\n".join(lines)


async def test_markup_and_escapes_are_shown_as_data(tmp_path: Path) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "evil.txt").write_text(f"{EVIL_TITLE}\n\n{EVIL_BODY}\n", encoding="utf-8")
    app = _app([folder], tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        article = app.query_one(ArticleView)
        assert article.document is not None
        shown = _visible_article_text(article)
        # Markup is shown literally, never interpreted.
        assert "[bold red]x[/]" in shown
        assert "[link=https://e.vil]click[/link]" in shown
        # Control characters are replaced by visible stand-ins.
        assert "␛]0;pwned␇" in shown
        assert "␛]52;c;ZXZpbA==␇" in shown
        assert "␛[2J" in shown
        for segment in _screen_segments(app):
            assert "\x1b" not in segment.text and "\x07" not in segment.text
            assert "\x9b" not in segment.text
            style = segment.style
            assert style is None or style.link is None, "article text must not create links"
        # The window title (header) and the sidebar get the neutralised text too.
        assert "\x1b" not in app.sub_title and "␛]0;pwned␇" in app.sub_title
        doc_list = app.query_one(DocList)
        row_text = "".join(s.text for s in doc_list.render_line(0))
        assert "[bold red]x[/]" in row_text and "\x1b" not in row_text
        # Copying a paragraph copies the neutralised text.
        await pilot.press("tab", "G", "y")
        assert app.clipboard is not None and "\x1b" not in app.clipboard
        # Searching for a bracket works on the literal text.
        await pilot.press("slash", *"[bold")
        assert len(article.matches) == 2  # title and body


async def test_palette_shows_markup_titles_literally(tmp_path: Path) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "[red]name[x].txt").write_text(f"{EVIL_TITLE}\n\n{EVIL_BODY}\n", encoding="utf-8")
    app = _app([folder], tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Open")
        await pilot.pause(0.3)
        text = "".join(s.text for s in _screen_segments(app))
        assert "[bold red]x[/]" in text
        assert "[red]name[x].txt" in text


async def test_bad_files_are_listed_with_a_reason(bad_corpus: Path, tmp_path: Path) -> None:
    before = _tree_state(bad_corpus)
    app = _app([bad_corpus], tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        by_name = {slot.path.name: slot for slot in app.slots}
        for name in ("empty.txt", "binary.txt", "huge-line.txt", "loop-a.txt", "loop-b.txt"):
            assert name in by_name, sorted(by_name)
            assert by_name[name].status == "error", name
            assert by_name[name].badge == "!"
        assert by_name["notes.pdf"].status == "unsupported"
        assert by_name["good.txt"].status == "ok"
        assert by_name["latin1.txt"].status == "ok"
        # Each bad file opens with a clear reason in the article pane.
        article = app.query_one(ArticleView)
        for index, slot in enumerate(app.slots):
            app.open_document(index)
            await pilot.pause()
            assert slot.document is not None
            if slot.status in ("error", "unsupported"):
                kinds = [block.kind for block in article.blocks]
                assert "error" in kinds, slot.path.name
                error = next(b.text for b in article.blocks if b.kind == "error")
                assert slot.document.error is not None
                assert slot.document.error.split()[0] in error
            # Every key still works on it.
            await pilot.press("tab", "j", "G", "g", "slash", "a", "enter", "n", "y", "tab")
        assert app.is_running
    assert _tree_state(bad_corpus) == before, "the reader wrote into the corpus folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
async def test_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    secret = folder / "secret.txt"
    secret.write_text("Secret\n\nYou cannot read me.\n")
    secret.chmod(0)
    try:
        app = _app([folder], tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert app.slots[0].status == "error"
            assert "error" in [b.kind for b in app.query_one(ArticleView).blocks]
    finally:
        secret.chmod(0o644)


async def test_state_is_not_written_in_the_corpus(seeds_dir: Path, tmp_path: Path) -> None:
    before = _tree_state(seeds_dir)
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter", "ctrl+p", *"theme", "escape")
    assert _tree_state(seeds_dir) == before
    assert (tmp_path / "state" / "state.json").exists()


def _tree_state(folder: Path) -> list[tuple[str, int, int]]:
    out = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(files + dirs):
            path = Path(root) / name
            info = path.lstat()
            out.append((str(path.relative_to(folder)), info.st_size, info.st_mtime_ns))
    return sorted(out)


async def test_first_readable_document_opens(bad_corpus: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    app = _app([missing, bad_corpus], tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.slots[0].status == "error"  # listed first, with its reason
        assert app.open_index is not None
        assert app.slots[app.open_index].status == "ok"
