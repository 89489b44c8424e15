"""Web pages and feeds in the app (Pilot): saved pages grouped as versions and diffed,
the URL prompt (``o``), a feed's entries, and every failure leaving the app running.
A local server on 127.0.0.1 stands for the web."""

from __future__ import annotations

import socket
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import reader.compare
from reader.compare.model import Comparison
from reader.corpus.model import Document
from reader.tui.app import ReaderApp
from reader.tui.comparisons import COMPARISONS
from reader.tui.screens.diff import DiffScreen
from reader.tui.screens.url import UrlPrompt
from reader.tui.widgets.article import ArticleView
from reader.tui.widgets.diff_table import DiffTable
from reader.tui.widgets.doclist import DocList
from tests.helpers.pilot import settle
from tests.helpers.web import RELEASE_PATH, Server, feed, serve, write_release

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def _lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.compare.comparison import compare as real_compare

    def lexical(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        return real_compare(documents, scorer="lexical")

    monkeypatch.setattr(reader.compare, "compare", lexical, raising=False)
    COMPARISONS.clear()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def _app(paths: list[Path], tmp_path: Path) -> ReaderApp:
    return ReaderApp(
        paths,
        state_dir=tmp_path / "state",
        config_dir=tmp_path / "config",
        library=tmp_path / "library",
    )


def _messages(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_saved_pages_of_one_article_are_versions_and_d_diffs_them(
    tmp_path: Path,
) -> None:
    paths = write_release(tmp_path / "saved")
    app = _app(paths, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = app.query_one(DocList).rows
        assert rows[0].kind == "header" and rows[0].text == "Story · 3 articles · EN FR IT"
        assert [r.version_mark for r in rows[1:]] == ["┏", "┃", "┗"]  # named by the pages
        en = next(i for i, s in enumerate(app.slots) if s.path.name == "en.html")
        app.open_document(en)
        await pilot.pause()
        meta = [b.text for b in app.query_one(ArticleView).blocks if b.kind == "meta"]
        assert "versions named by the page: IT FR" in meta
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert [d.path.name for d in screen.documents] == ["en.html", "fr.html", "it.html"]
        assert list(screen.query_one(DiffTable).labels) == ["EN", "FR", "IT"]
        assert screen.query_one(DiffTable).row_count >= 8


async def _prompt(pilot: object, app: ReaderApp, url: str, *, versions: bool = True) -> None:
    from textual.pilot import Pilot
    from textual.widgets import Checkbox, Input

    assert isinstance(pilot, Pilot)
    await pilot.press("o")
    await pilot.pause()
    assert isinstance(app.screen, UrlPrompt)
    app.screen.query_one(Checkbox).value = versions
    app.screen.query_one(Input).value = url
    await pilot.press("enter")
    await settle(pilot)


async def test_url_prompt_fetches_a_page_and_its_versions(
    server: Server, tmp_path: Path, seeds_dir: Path
) -> None:
    app = _app([seeds_dir / "000_5f5a5ba9a4b1ca69.txt"], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _prompt(pilot, app, server.url(RELEASE_PATH.format(lang="en")))
        names = [s.path.name for s in app.slots]
        assert names.count("ip_24_1234.html") == 3  # en, it, fr, in the library
        assert all(tmp_path / "library" in s.path.parents for s in app.slots[1:])
        opened = app.open_document_object
        assert opened is not None and opened.language == "en"
        assert len(app.versions_of(app.open_index or 0)) == 3
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        assert len(app.screen.documents) == 3


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("javascript:alert(1)", "javascript: is not a web address"),
        ("file:///etc/passwd", "file: addresses are not fetched"),
        ("/missing", "page not found (HTTP 404)"),
        ("/error", "HTTP 500"),
        ("/loop-a", "redirects in a loop"),
        ("/report.pdf", "application/pdf"),
    ],
)
async def test_url_prompt_failures_are_messages(
    server: Server, tmp_path: Path, seeds_dir: Path, address: str, message: str
) -> None:
    url = server.url(address) if address.startswith("/") else address
    app = _app([seeds_dir / "000_5f5a5ba9a4b1ca69.txt"], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _prompt(pilot, app, url, versions=False)
        assert any(message in m for m in _messages(app)), _messages(app)
        assert len(app.slots) == 1 and app.is_running
        assert not (tmp_path / "library").exists() or not any(
            p.is_file() and not p.name.startswith(".") for p in (tmp_path / "library").rglob("*")
        )
        await pilot.press("j", "k")  # still answering keys


async def test_offline_is_a_message(tmp_path: Path, seeds_dir: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = _app([seeds_dir / "000_5f5a5ba9a4b1ca69.txt"], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _prompt(pilot, app, f"http://127.0.0.1:{port}/news", versions=False)
        assert any("cannot connect to 127.0.0.1" in m for m in _messages(app))
        assert app.is_running


async def test_escape_cancels_the_prompt_and_nothing_is_fetched(
    server: Server, tmp_path: Path, seeds_dir: Path
) -> None:
    app = _app([seeds_dir / "000_5f5a5ba9a4b1ca69.txt"], tmp_path)
    hits = sum(server.hits.values())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"http://x", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, UrlPrompt) and len(app.slots) == 1
    assert sum(server.hits.values()) == hits


def _feed_app(server: Server, tmp_path: Path) -> ReaderApp:
    """The app on a feed file whose entries point at the local server."""
    path = tmp_path / "press.xml"
    path.write_text(feed(server.base), encoding="utf-8")
    return _app([path], tmp_path)


async def test_feed_entries_open_by_fetching_their_article(
    server: Server, tmp_path: Path
) -> None:
    app = _feed_app(server, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        doc_list = app.query_one(DocList)
        items = [r for r in doc_list.rows if r.kind == "item"]
        assert len(items) == 8
        assert doc_list.select_item(0, 0)
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.slots) == 2  # the article, fetched into the library
        article = app.open_document_object
        assert article is not None and article.source_format == "html"
        assert article.language == "en" and tmp_path / "library" in article.path.parents
        # opening it again does not fetch again
        hits = server.hits[RELEASE_PATH.format(lang="en")]
        doc_list.select_item(0, 0)
        await pilot.press("enter")
        await settle(pilot)
        assert server.hits[RELEASE_PATH.format(lang="en")] == hits and len(app.slots) == 2


async def test_broken_feed_entries_say_why(server: Server, tmp_path: Path) -> None:
    app = _feed_app(server, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        doc_list = app.query_one(DocList)
        for entry, reason in [(3, "no link"), (4, "javascript:"), (7, "HTTP 500")]:
            assert doc_list.select_item(0, entry)
            await pilot.press("enter")
            await settle(pilot)
            warnings = [b.text for b in app.query_one(ArticleView).blocks if b.kind == "warning"]
            assert any(reason in w for w in warnings), (entry, warnings)
        assert len(app.slots) == 1 and app.is_running
        titles = [b.text for b in app.query_one(ArticleView).blocks if b.kind == "title"]
        assert titles == ["[bold]Escapes[/bold] ␛]0;pwned␇ title"]  # data, shown as is
