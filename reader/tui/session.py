"""The app's corpus session: the documents it shows and what is known about them.

One object, owned by the app, runs the load → detect → group pipeline — list the files,
paint titles from the corpus index, read the first screenful at once and the rest in a
thread worker, detect languages in chunks, group by story and version in a daemon
thread — and answers the look-ups (a document's versions, its story, the readable
documents, the slot of a file). Its state changes on the app's thread only (workers
hand their results over with ``call_from_thread``); after each change it posts a
message to the app — :class:`CorpusSession.Loaded`, ``Detecting``, ``Detected``,
``Finished``, ``Grouped``, ``GroupingFailed``, ``Failed``, ``Notice`` — which the app
handles to update the screen. The session draws nothing.

Heavy modules (the corpus loader, language detection, grouping) are imported inside
the methods that need them, so that creating a session costs nothing at start-up.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import get_current_worker

from reader.corpus.discovery import Skipped
from reader.corpus.model import Document
from reader.view.listing import Slot

if TYPE_CHECKING:
    from textual.app import App

    from reader.tui.indexing import IndexedCorpus
    from reader.tui.prefetch import Prefetch

BATCH_SECONDS = 0.1  # how often the loader hands documents to the UI
DETECT_CHUNK = 500  # documents per language-detection batch
GROUP_IN_PROCESS_ABOVE = 200  # documents; fewer are grouped in a thread (no process start)
PAINT_WAIT = 1.0  # seconds the loader waits for the titles to be painted


class CorpusSession:
    """The corpus of one app: its slots (one per file, in sidebar order), their
    grouping by story and version, and the work that fills them."""

    class Loaded(Message):
        """Documents were read: slots ``start`` to ``start + count`` hold them;
        ``previews``: those of them that held a placeholder from the corpus index."""

        def __init__(self, start: int, count: int, previews: frozenset[int]) -> None:
            super().__init__()
            self.start = start
            self.count = count
            self.previews = previews

    class Detecting(Message):
        """Every file is read; languages are being detected."""

    class Detected(Message):
        """Languages were detected for slots ``start`` to ``start + count``."""

        def __init__(self, start: int, count: int) -> None:
            super().__init__()
            self.start = start
            self.count = count

    class Finished(Message):
        """Loading has ended: every file is read and its language detected."""

    class Grouped(Message):
        """``story``, ``version_group`` and ``linked`` hold a new grouping."""

    class GroupingFailed(Message):
        """Grouping raised: the list stays as it was (``reason`` says why)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Failed(Message):
        """The corpus could not be listed (``reason``, plain text): nothing was loaded."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Notice(Message):
        """Something the user should know (plain text): the corpus index was rebuilt or
        bypassed, languages could not be detected…"""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self,
        app: App[Any],
        inputs: Sequence[Path],
        languages: Sequence[str],
        prefetch: Prefetch | None = None,
    ) -> None:
        self.app = app  # runs the workers, receives the messages
        # the first screenful, read by a child process while the app started (or None)
        self._prefetch = prefetch
        self._prefetched: tuple[Document, ...] = ()  # its documents, for read_first
        self._notices_said: set[str] = set()  # the child's notices, not said twice
        self._index_deferred = False  # the child read the index: the app opens it in load
        self.inputs: list[Path] = list(inputs)  # as given (empty: the default corpus)
        self.languages: tuple[str, ...] = tuple(languages)
        self.slots: list[Slot] = []
        self.story: dict[str, str] = {}  # document id → story id
        self.version_group: dict[str, str] = {}  # document id → version group id
        self.linked: frozenset[str] = frozenset()  # ids of pages naming each other
        self.loading = False  # reading files or detecting their languages
        self.grouping = False
        self.loaded = 0  # slots read, from the first
        self.indexed: IndexedCorpus | None = None  # the corpus index (once listed)
        self._skipped: dict[Path, Skipped] = {}
        self._generation = 0  # of the latest grouping started

    # --- the pipeline ----------------------------------------------------------------

    def scan(self) -> list[Path] | None:
        """List the files of the inputs (no file is opened) into :attr:`slots`, on the
        app's thread. Folders the walk did not open (too deep, too many files) get a
        slot that says why. ``None`` when they cannot be listed: :class:`Failed` is
        posted."""
        from reader.corpus.discovery import scan

        self.loading = True
        try:
            found = scan(self.roots)
        except Exception as error:  # a clear message, never a crash
            self.loading = False
            self._post(self.Failed(f"{type(error).__name__}: {error}"))
            return None
        self._skipped = {skipped.path: skipped for skipped in found.skipped}
        paths = [*found.files, *self._skipped]
        self.slots = [Slot(path) for path in paths]
        self.loaded = 0
        if not paths:
            self.loading = False
        return paths

    @property
    def roots(self) -> list[Path]:
        """The files and folders the session reads: the inputs, else the default corpus."""
        from reader.corpus.discovery import default_corpus_path

        return self.inputs or [default_corpus_path()]

    def preview(self) -> bool:
        """Titles, languages and groups from the corpus index, before any file is read
        (the loader then checks the files and replaces what changed). True when some
        slot changed."""
        paths = [slot.path for slot in self.slots]
        prefetch, self._prefetch = self._prefetch, None
        prefetched = prefetch.take(paths) if prefetch is not None else None
        if prefetched is not None:  # read by the child: the index is opened later (load)
            for text in prefetched.notices:
                self._notices_said.add(text)
                self.notice(text)
            stubs = prefetched.stubs
            grouping = prefetched.grouping
            self._prefetched = prefetched.documents
            self._index_deferred = True
        else:
            self._open_index()
            assert self.indexed is not None
            try:
                stubs, known = self.indexed.preview(paths)
            except Exception as error:  # the index is an extra: never a crash
                self.notice(f"the corpus index cannot be read: {error}")
                return False
            grouping = None
            if known is not None:
                grouping = (known.story, known.version_group, known.linked)
        for i, stub in stubs.items():
            self.slots[i] = Slot(self.slots[i].path, stub, preview=True)
        if grouping is not None:
            story, version_group, linked = grouping
            self.story = dict(story)
            self.version_group = dict(version_group)
            self.linked = frozenset(linked)
        return bool(stubs)

    def _open_index(self) -> None:
        """Open the corpus index (once)."""
        if self.indexed is not None:
            return
        from reader.tui.indexing import IndexedCorpus

        def notice(text: str) -> None:
            if text not in self._notices_said:  # (the child said it already)
                self.notice(text)

        self.indexed = IndexedCorpus(self.languages, self.roots, notice=notice)

    def read_first(self, rows: int) -> list[Document]:
        """Read, on the app's thread, the first files (at most ``rows``) while they are
        small plain text or Markdown, within the time that
        :func:`reader.tui.prefetch.read_first` allows (the child's reading, if any, comes
        first): reading five seed files costs milliseconds, less than the frame of file
        names it saves. Anything else (a page, a feed, a big
        file, not a regular file, a title the index gave) is left to the worker. The
        documents read are in their slots when this returns (no message)."""
        from reader.tui.prefetch import read_first

        rows = max(1, rows)
        documents: list[Document] = list(self._prefetched[:rows])  # read by the child
        self._prefetched = ()
        documents += read_first(
            [slot.path for slot in self.slots],
            len(documents),
            rows,
            # a placeholder's title is on screen from the corpus index: the loader checks it
            placeholder=lambda index: self.slots[index].preview,
            read=self.load_one,
        )
        if documents:
            self._put(0, documents)
        return documents

    def load(self, first: Sequence[Document] = ()) -> None:
        """Read the other files in a thread worker of the app (``first``: the documents
        of the first slots, already read), then detect languages, then group: posts
        :class:`Loaded` for each batch, :class:`Detecting`, :class:`Detected` for each
        chunk, :class:`Finished`; grouping is for the app to start (:meth:`regroup`)."""
        paths = [slot.path for slot in self.slots]
        if self._index_deferred:
            self._open_index()
        self.app.run_worker(
            lambda: self._load_in_thread(paths, first),
            thread=True,
            exclusive=True,
            group="load",
            name="load corpus",
        )

    def _load_in_thread(self, paths: list[Path], first: Sequence[Document]) -> None:
        worker = get_current_worker()
        from reader.corpus.ids import unique_ids
        from reader.corpus.loader import with_languages

        app = self.app
        documents: list[Document] = list(first)
        batch: list[Document] = []
        # unchanged files come from the corpus index, not read or parsed again
        cached = self.indexed.cached(paths) if self.indexed is not None else {}
        start, last = len(documents), monotonic()
        for path in paths[len(documents) :]:
            if worker.is_cancelled:
                return
            batch.append(cached.pop(path) if path in cached else self.load_one(path))
            if monotonic() - last >= BATCH_SECONDS:
                app.call_from_thread(self._read, start, batch)
                documents.extend(batch)
                start, batch, last = start + len(batch), [], monotonic()
        if batch:
            app.call_from_thread(self._read, start, batch)
            documents.extend(batch)
        documents = unique_ids(documents)  # duplicate files get the ids load_corpus gives
        # Languages afterwards, in chunks (lingua's batch mode), so the list fills first;
        # and not before the titles have been painted: loading the detector's models
        # would take the interpreter from the UI thread while it draws them.
        painted = threading.Event()
        app.call_from_thread(app.call_after_refresh, painted.set)
        deadline = monotonic() + PAINT_WAIT
        while not painted.wait(0.02) and monotonic() < deadline:
            if worker.is_cancelled:  # the app is closing
                return
        app.call_from_thread(self._post, self.Detecting())
        for start in range(0, len(documents), DETECT_CHUNK):
            if worker.is_cancelled:
                return
            chunk = documents[start : start + DETECT_CHUNK]
            try:
                if self.indexed is not None:  # only what the index did not give; then kept
                    chunk = self.indexed.detect(chunk)
                else:
                    chunk = with_languages(chunk, self.languages)
            except Exception as error:  # keep the documents, say why languages are missing
                app.call_from_thread(
                    self.notice, f"Language detection failed: {type(error).__name__}: {error}"
                )
            app.call_from_thread(self._languages_detected, start, chunk)
        app.call_from_thread(self._finished)

    def load_one(self, path: Path) -> Document:
        """The document of ``path`` (languages not detected); never raises."""
        from reader.tui.prefetch import read_document

        return read_document(path, self.languages, self._skipped.get(path))

    def _put(self, start: int, documents: Sequence[Document]) -> frozenset[int]:
        """Put ``documents`` in the slots from ``start``; returns the slots that held a
        placeholder from the corpus index."""
        previews = frozenset(
            start + offset for offset in range(len(documents)) if self.slots[start + offset].preview
        )
        for offset, document in enumerate(documents):
            self.slots[start + offset] = Slot(self.slots[start + offset].path, document)
        self.loaded = start + len(documents)
        return previews

    def _read(self, start: int, documents: list[Document]) -> None:
        previews = self._put(start, documents)
        self._post(self.Loaded(start, len(documents), previews))

    def _languages_detected(self, start: int, documents: list[Document]) -> None:
        for offset, document in enumerate(documents):
            index = start + offset
            self.slots[index] = Slot(self.slots[index].path, document)
        self._post(self.Detected(start, len(documents)))

    def _finished(self) -> None:
        self.loading = False
        self._post(self.Finished())

    # --- grouping --------------------------------------------------------------------

    def regroup(self) -> bool:
        """Group the readable documents by story and version in a daemon thread (not a
        Textual worker: grouping a large corpus can take a while, and a worker thread,
        an executor thread, would keep the process alive after ``q``). Posts
        :class:`Grouped` or :class:`GroupingFailed`; a grouping started earlier and
        finished later is dropped. False (nothing started) when fewer than two
        documents can be grouped."""
        documents = self.groupable()
        if len(documents) < 2:
            return False
        self.grouping = True
        self._generation += 1
        threading.Thread(
            target=self._group_in_thread,
            args=(documents, self._generation),
            name="reader-group",
            daemon=True,
        ).start()
        return True

    def _group_in_thread(self, documents: list[Document], generation: int) -> None:
        try:
            from reader.compare.grouping import group, group_in_subprocess

            known = self.indexed.grouping(documents) if self.indexed is not None else None
            # A large corpus is grouped in another process, so that the pure-Python work
            # never holds this interpreter's lock while the user reads (keys stay fast).
            if known is not None:  # these very documents were grouped before
                grouping = known.grouping
            elif len(documents) > GROUP_IN_PROCESS_ABOVE:
                grouping = group_in_subprocess(documents)
            else:
                grouping = group(documents)
            story, versions = dict(grouping.story), dict(grouping.version_group)
            from reader.compare.alternates import linked_ids

            linked = known.linked if known is not None else linked_ids(documents)
            if known is None and self.indexed is not None:
                self.indexed.store_grouping(documents, grouping, linked)
        except Exception as error:  # grouping is an extra: the list stays flat
            reason = f"Could not group documents by story: {type(error).__name__}: {error}"
            with contextlib.suppress(RuntimeError):  # the app may have closed meanwhile
                self.app.call_from_thread(self._grouping_failed, reason)
            return
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(self._grouped, story, versions, linked, generation)

    def _grouped(
        self,
        story: dict[str, str],
        version_group: dict[str, str],
        linked: frozenset[str],
        generation: int,
    ) -> None:
        if generation != self._generation:
            return  # an older grouping, finished after a newer one started
        self.grouping = False
        self.story = story
        self.version_group = version_group
        self.linked = linked
        self._post(self.Grouped())

    def _grouping_failed(self, reason: str) -> None:
        self.grouping = False
        self._post(self.GroupingFailed(reason))

    # --- documents added -------------------------------------------------------------

    def add(self, documents: Sequence[Document]) -> int:
        """Put ``documents`` (pages just fetched) in the slots, replacing the slot of the
        same file; returns the slot of the first. The grouping is then stale: the
        caller groups again (:meth:`regroup`) unless loading still runs (it groups when
        it ends)."""
        if not documents:
            raise ValueError("no documents to add")
        first: int | None = None
        for document in documents:
            index = self.index_of(document.path)
            if index is None:
                self.slots.append(Slot(document.path, document))
                index = len(self.slots) - 1
            else:
                self.slots[index] = Slot(self.slots[index].path, document)
            first = index if first is None else first
        assert first is not None
        return first

    # --- look-ups --------------------------------------------------------------------

    def index_of(self, path: Path | str) -> int | None:
        """The slot of the file ``path`` (the same file by absolute path), if any."""
        where = os.path.abspath(path)
        return next((i for i, s in enumerate(self.slots) if os.path.abspath(s.path) == where), None)

    def readable(self) -> list[Document]:
        """The documents that could be read (feeds included), in slot order."""
        return [s.document for s in self.slots if s.document is not None and s.document.ok]

    def groupable(self) -> list[Document]:
        """The readable documents that are articles (feeds are lists, not articles)."""
        return [d for d in self.readable() if not d.is_feed]

    def versions_of(self, index: int) -> list[Document]:
        """The document of slot ``index`` first, then its versions (same version group,
        readable), in slot order; ``[]`` for a slot not read yet."""
        document = self.slots[index].document
        if document is None:
            return []
        group = self.version_group.get(document.id)
        if group is None:
            return [document]
        others = [
            other
            for other in self.readable()
            if other.id != document.id and self.version_group.get(other.id) == group
        ]
        return [document, *others]

    # --- messages --------------------------------------------------------------------

    def notice(self, text: str) -> None:
        """Post a :class:`Notice` (from any thread: posting is thread-safe)."""
        self._post(self.Notice(text))

    def _post(self, message: Message) -> None:
        self.app.post_message(message)
