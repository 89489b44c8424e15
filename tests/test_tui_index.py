"""The app and the corpus index: the sidebar painted from it at once, documents taken
from it, groupings reused, a damaged index survived, and corpus search (F)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from reader.tui.app import ReaderApp
from reader.tui.screens.search import CorpusSearch
from reader.tui.session import CorpusSession
from reader.tui.widgets.article import ArticleView
from reader.tui.widgets.doclist import DocList
from tests.helpers.pilot import settle

SIZE = (110, 32)


def _app(paths: list[Path], tmp_path: Path) -> ReaderApp:
    return ReaderApp(paths, state_dir=tmp_path / "state", config_dir=tmp_path / "config")


Rows = list[tuple[str, str, str]]


async def _first_run(paths: list[Path], tmp_path: Path) -> tuple[ReaderApp, Rows]:
    app = _app(paths, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.story, "the seeds group into stories"
        rows = [(r.kind, r.text, r.version_mark) for r in app.query_one(DocList).rows]
    return app, rows


async def test_sidebar_paints_from_the_index_before_any_file_is_read(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, rows_then = await _first_run([seeds_dir], tmp_path)
    # a second app whose loader never runs: what it shows comes from the index alone
    monkeypatch.setattr(CorpusSession, "load", lambda self, first=(): None)
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert all(slot.preview for slot in app.slots)
        assert app.story == first.story and app.version_group == first.version_group
        rows = [(r.kind, r.text, r.version_mark) for r in app.query_one(DocList).rows]
        assert rows == rows_then
        assert any(kind == "header" and text.startswith("Story") for kind, text, _ in rows)
        # a placeholder is never shown as an article
        app.open_document(0)
        assert app.query_one(ArticleView).document is None


async def test_a_placeholder_opened_shows_its_document_once_loaded(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _first_run([seeds_dir], tmp_path)
    import threading

    from reader.corpus.model import Document
    from reader.tui.indexing import IndexedCorpus

    read, detect = threading.Event(), threading.Event()
    cached, detected = IndexedCorpus.cached, IndexedCorpus.detect

    def held_reading(self: IndexedCorpus, paths: list[Path]) -> dict[Path, Document]:
        read.wait(30)  # the loader waits until the placeholder is open
        return cached(self, paths)

    def held_detection(self: IndexedCorpus, documents: list[Document]) -> list[Document]:
        detect.wait(30)  # and languages come later (they redraw the open document too)
        return detected(self, documents)

    monkeypatch.setattr(IndexedCorpus, "cached", held_reading)
    monkeypatch.setattr(IndexedCorpus, "detect", held_detection)
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.slots[2].preview
        app.open_document(2)
        article = app.query_one(ArticleView)
        assert article.document is None  # "Still loading…"
        read.set()
        for _ in range(200):
            await pilot.pause(0.05)
            if not app.slots[2].preview:
                break
        await pilot.pause()
        # read, languages not detected yet: the article shows it already
        assert app.loading and app.open_index == 2
        assert article.document is app.slots[2].document is not None
        detect.set()
        await settle(pilot)
        assert article.document is app.slots[2].document


async def test_second_open_reads_no_file_and_groups_nothing(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = await _first_run([seeds_dir], tmp_path)
    from reader.compare import grouping
    from reader.corpus import loader

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file was read again")

    monkeypatch.setattr(loader, "load_document", no_reading)
    monkeypatch.setattr(grouping, "group", no_reading)
    monkeypatch.setattr(loader, "with_languages", no_reading)
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not any(slot.preview for slot in app.slots)
        assert [s.document for s in app.slots] == [s.document for s in first.slots]
        assert app.version_group == first.version_group
        assert app.open_index is not None
        assert app.query_one(ArticleView).document is app.slots[app.open_index].document


async def test_an_edited_file_is_read_again_and_regrouped(
    seeds_copy: Path, tmp_path: Path
) -> None:
    folder = seeds_copy
    first, _ = await _first_run([folder], tmp_path)
    victim = sorted(folder.iterdir())[1]
    victim.write_text("A different article\n\nNothing in common with the others.\n", "utf-8")
    app = _app([folder], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        slot = next(s for s in app.slots if s.path == victim)
        assert slot.document is not None and slot.document.title == "A different article"
        assert slot.document.id not in first.version_group
        assert app.version_group != first.version_group


async def test_a_damaged_index_is_a_notice_not_a_crash(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = Path(os.environ["READER_INDEX"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 200)
    messages: list[str] = []
    notify = ReaderApp.notify

    def recording(self: ReaderApp, message: str, *args: object, **kwargs: object) -> None:
        messages.append(message)  # notifications expire: keep what was said
        notify(self, message, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ReaderApp, "notify", recording)
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.slots) == 5 and all(s.document is not None for s in app.slots)
        assert any("index" in m and "rebuilding" in m for m in messages), messages
        assert app.story


async def test_corpus_search_opens_the_document_at_the_match(
    seeds_dir: Path, tmp_path: Path
) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, CorpusSearch)
        screen = app.screen
        await pilot.press(*"piattaforma")
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.found is not None:
                break
        assert screen.found is not None and screen.found.total == 1
        result = screen.found.results[0]
        results = screen.query_one(OptionList)
        assert results.option_count == len(result.hits)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CorpusSearch)
        assert app.slots[app.open_index or 0].path == result.path
        article = app.query_one(ArticleView)
        assert article.search_query.casefold() == "piattaforma"
        current = article.matches[article.current_match or 0]
        document = article.document
        assert document is not None
        paragraph = document.sentences[result.hits[0].sentence].paragraph
        assert article.blocks[current.block].paragraph == paragraph
        assert app.query_one("#search", Input).value.casefold() == "piattaforma"


async def test_corpus_search_takes_any_input_and_escape_closes(
    seeds_dir: Path, tmp_path: Path
) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F")
        screen = app.screen
        assert isinstance(screen, CorpusSearch)
        await pilot.press(*'"[bold]( -* OR NOT')
        await pilot.pause(0.4)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CorpusSearch)  # no crash, an answer or a reason
        await pilot.press("escape")
        assert not isinstance(app.screen, CorpusSearch)
