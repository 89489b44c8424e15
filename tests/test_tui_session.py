"""The corpus session (reader/tui/session.py) on its own, hosted by a bare Textual app
that records the messages it posts: listing, loading, language detection, grouping, the
look-ups, the corpus index, failures, and documents added (pages fetched)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TypeVar

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Static

from reader.corpus import DEFAULT_LANGUAGES, load_document
from reader.corpus.model import Document
from reader.tui import prefetch
from reader.tui.prefetch import Prefetch
from reader.tui.session import CorpusSession

M = TypeVar("M", bound=Message)


class Host(App[None]):
    """The smallest app a session needs: it runs the workers and keeps the messages."""

    def __init__(self, inputs: list[Path]) -> None:
        super().__init__()
        self.session = CorpusSession(self, inputs, DEFAULT_LANGUAGES)
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    @on(CorpusSession.Loaded)
    @on(CorpusSession.Detecting)
    @on(CorpusSession.Detected)
    @on(CorpusSession.Finished)
    @on(CorpusSession.Grouped)
    @on(CorpusSession.GroupingFailed)
    @on(CorpusSession.Failed)
    @on(CorpusSession.Notice)
    def _record(self, message: Message) -> None:
        self.messages.append(message)

    def kinds(self) -> list[str]:
        return [type(m).__name__ for m in self.messages]

    def of(self, kind: type[M]) -> list[M]:
        return [m for m in self.messages if isinstance(m, kind)]


async def _wait_for(pilot: Pilot[None], kind: type[Message], count: int = 1) -> None:
    app = pilot.app
    assert isinstance(app, Host)
    for _ in range(1200):  # at most about a minute
        await pilot.pause(0.05)
        if len(app.of(kind)) >= count:
            return
    raise AssertionError(f"no {kind.__name__} after a minute: {app.kinds()}")


async def _load(pilot: Pilot[None], *, preview: bool = False) -> CorpusSession:
    """List, (preview,) read the first screenful and load the rest, as the app does."""
    app = pilot.app
    assert isinstance(app, Host)
    session = app.session
    assert session.scan() is not None
    if preview:
        session.preview()
    session.load(session.read_first(24))
    await _wait_for(pilot, CorpusSession.Finished)
    return session


def _slot_of(session: CorpusSession, prefix: str) -> int:
    return next(i for i, s in enumerate(session.slots) if s.path.name.startswith(prefix))


async def test_load_reads_every_file_then_detects_languages(seeds_dir: Path) -> None:
    app = Host([seeds_dir])
    async with app.run_test() as pilot:
        session = app.session
        paths = session.scan()
        assert paths is not None and len(paths) == 5
        assert session.loading and all(slot.document is None for slot in session.slots)
        first = session.read_first(2)  # the first screenful, at once, on this thread
        assert [d.path for d in first] == paths[:2] and session.loaded == 2
        assert all(slot.document is not None for slot in session.slots[:2])
        session.load(first)
        await _wait_for(pilot, CorpusSession.Finished)
        assert not session.loading and session.loaded == 5
        kinds = app.kinds()
        # the worker hands over the other three files, then detects, then says it ended
        assert kinds[0] == "Loaded" and kinds[-1] == "Finished"
        assert kinds.index("Detecting") < kinds.index("Detected") < kinds.index("Finished")
        assert sum(m.count for m in app.of(CorpusSession.Loaded)) == 3
        documents = [slot.document for slot in session.slots]
        assert all(d is not None and d.ok for d in documents)
        languages = {d.language for d in documents if d is not None}
        assert {"en", "it"} <= languages, languages
        assert not session.grouping, "grouping is the app's call"


async def test_group_and_the_version_look_ups(seeds_dir: Path) -> None:
    app = Host([seeds_dir])
    async with app.run_test() as pilot:
        session = await _load(pilot)
        assert session.regroup()
        assert session.grouping
        await _wait_for(pilot, CorpusSession.Grouped)
        assert not session.grouping
        one, three, zero = (_slot_of(session, p) for p in ("001", "003", "000"))
        assert [d.path.name[:3] for d in session.versions_of(one)] == ["001", "003"]
        assert [d.path.name[:3] for d in session.versions_of(three)] == ["003", "001"]
        assert [d.path.name[:3] for d in session.versions_of(zero)] == ["000"]
        doc_one = session.slots[one].document
        doc_two = session.slots[_slot_of(session, "002")].document
        assert doc_one is not None and doc_two is not None
        assert session.version_group[doc_one.id] != session.version_group[doc_two.id]
        assert len(session.story) == 5
        assert len(session.readable()) == len(session.groupable()) == 5
        # a file is found by its path, relative or absolute
        relative = os.path.relpath(session.slots[three].path)
        assert session.index_of(relative) == three
        assert session.index_of(seeds_dir / "no-such-file.txt") is None


async def test_versions_are_unknown_until_grouped(seeds_dir: Path) -> None:
    app = Host([seeds_dir])
    async with app.run_test() as pilot:
        session = app.session
        assert session.scan() is not None
        index = _slot_of(session, "001")
        assert session.versions_of(index) == [], "not read yet"
        session.load()
        await _wait_for(pilot, CorpusSession.Finished)
        only = session.versions_of(index)
        assert [d.path.name[:3] for d in only] == ["001"], "read, not grouped"


async def test_one_document_is_not_grouped(seeds_dir: Path) -> None:
    app = Host([seeds_dir / "001_473fb720d46988df.txt"])
    async with app.run_test() as pilot:
        session = await _load(pilot)
        assert not session.regroup() and not session.grouping
        await pilot.pause(0.1)
        assert not app.of(CorpusSession.Grouped)


async def test_a_corpus_that_cannot_be_listed_posts_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.corpus.discovery as discovery

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(discovery, "scan", refuse)
    app = Host([tmp_path])
    async with app.run_test() as pilot:
        session = app.session
        assert session.scan() is None
        await _wait_for(pilot, CorpusSession.Failed)
        (failed,) = app.of(CorpusSession.Failed)
        assert failed.reason.startswith("PermissionError:") and "Permission denied" in failed.reason
        assert not session.loading and session.slots == []
        assert app.is_running, "a failed load is a message, not a crash"


async def test_an_empty_folder_is_listed_and_not_loading(tmp_path: Path) -> None:
    app = Host([tmp_path])
    async with app.run_test():
        assert app.session.scan() == []
        assert not app.session.loading and not app.session.readable()


async def test_grouping_that_raises_posts_grouping_failed(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.compare.grouping as grouping

    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError("no room")

    monkeypatch.setattr(grouping, "group", broken)
    app = Host([seeds_dir])
    async with app.run_test() as pilot:
        session = await _load(pilot)
        assert session.regroup()
        await _wait_for(pilot, CorpusSession.GroupingFailed)
        (failed,) = app.of(CorpusSession.GroupingFailed)
        assert "MemoryError: no room" in failed.reason
        assert not session.grouping and session.version_group == {}
        index = _slot_of(session, "001")
        assert len(session.versions_of(index)) == 1


async def test_added_documents_replace_their_file_and_regroup(seeds_copy: Path) -> None:
    """Reloading a file (a page fetched again): its slot is replaced, a new file gets a
    slot at the end, and grouping again sees both."""
    app = Host([seeds_copy])
    async with app.run_test() as pilot:
        session = await _load(pilot)
        session.regroup()
        await _wait_for(pilot, CorpusSession.Grouped)
        three = _slot_of(session, "003")
        victim = session.slots[three].path
        victim.write_text("A different article\n\nNothing in common with the others.\n", "utf-8")
        extra = seeds_copy / "005_extra.txt"
        shutil.copy(session.slots[_slot_of(session, "001")].path, extra)
        documents: list[Document] = [load_document(victim), load_document(extra)]
        first = session.add(documents)
        assert first == three and len(session.slots) == 6
        assert session.slots[three].document is documents[0]
        assert session.slots[5].path == extra
        assert session.regroup()
        await _wait_for(pilot, CorpusSession.Grouped, 2)
        one = _slot_of(session, "001")
        names = [d.path.name[:3] for d in session.versions_of(one)]
        assert "003" not in names, names
        assert [d.path.name[:3] for d in session.versions_of(three)] == ["003"]
        with pytest.raises(ValueError):
            session.add([])


async def test_a_second_session_previews_from_the_index(seeds_dir: Path) -> None:
    first_app = Host([seeds_dir])
    async with first_app.run_test() as pilot:
        first = await _load(pilot, preview=True)
        first.regroup()
        await _wait_for(pilot, CorpusSession.Grouped)
    app = Host([seeds_dir])
    async with app.run_test() as pilot:
        session = app.session
        assert session.scan() is not None
        assert session.preview(), "titles from the index"
        assert all(slot.preview for slot in session.slots)
        assert session.version_group == first.version_group and session.story == first.story
        assert session.read_first(24) == [], "placeholders are left to the worker"
        session.load()
        await _wait_for(pilot, CorpusSession.Finished)
        replaced = set().union(*(m.previews for m in app.of(CorpusSession.Loaded)))
        assert replaced == set(range(5))
        assert not any(slot.preview for slot in session.slots)
        assert [s.document for s in session.slots] == [s.document for s in first.slots]


async def test_a_damaged_index_is_a_notice(seeds_dir: Path) -> None:
    path = Path(os.environ["READER_INDEX"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 200)
    app = Host([seeds_dir])
    async with app.run_test() as pilot:
        session = await _load(pilot, preview=True)
        notices = [m.text for m in app.of(CorpusSession.Notice)]
        assert any("index" in text for text in notices), notices
        assert len(session.readable()) == 5


def _prefetch(root: Path) -> Prefetch:
    started = prefetch.start([root], DEFAULT_LANGUAGES)
    assert started is not None
    return started


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
async def test_the_session_takes_the_childs_reading(seeds_dir: Path) -> None:
    # What the child read fills the first slots, and the session opens the corpus
    # index itself when it loads the rest: the same documents, languages and
    # grouping as a session that read everything on its own.
    alone = Host([seeds_dir])
    async with alone.run_test() as pilot:
        session = alone.session
        assert session.scan() is not None
        session.preview()
        session.load(session.read_first(24))
        await _wait_for(pilot, CorpusSession.Finished)
        expected = [s.document for s in session.slots]
    os.environ["READER_INDEX"] = os.environ["READER_INDEX"] + ".second"  # a cold index
    app = Host([seeds_dir])
    app.session = CorpusSession(app, [seeds_dir], DEFAULT_LANGUAGES, prefetch=_prefetch(seeds_dir))
    async with app.run_test() as pilot:
        session = app.session
        assert session.scan() is not None
        assert not session.preview()  # nothing indexed in this index
        assert session.indexed is None, "the child read the index; opened at load"
        first = session.read_first(24)
        assert len(first) == 5 and all(d.language is None for d in first)
        session.load(first)
        assert session.indexed is not None
        await _wait_for(pilot, CorpusSession.Finished)
        assert [s.document for s in session.slots] == expected
