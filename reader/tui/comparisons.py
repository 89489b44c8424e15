"""The comparisons the diff view has computed, kept for reopening it instantly.

A comparison is a pure function of the documents' content (their ids are content hashes)
and the scorer, so ``(document ids, scorer)`` is its key. :data:`COMPARISONS` is the
process's one cache (a small LRU, safe to use from worker threads).

The cache also knows which comparisons are being computed (:meth:`ComparisonCache.begin`
… :meth:`~ComparisonCache.end`), so that one computation serves everyone who asks: the
app compares the open document with its versions ahead of time (:class:`Ahead`), and a
diff view opened meanwhile joins that work (:meth:`~ComparisonCache.join`), with its
progress, instead of starting the same comparison a second time.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from threading import Lock

from reader.compare.model import Comparison
from reader.corpus.model import Document

ComparisonKey = tuple[tuple[str, ...], str]
Progress = Callable[[int, int], None]


def comparison_key(documents: Sequence[Document], scorer: str) -> ComparisonKey:
    """The cache key of comparing ``documents`` (pivot first) with ``scorer``."""
    return (tuple(d.id for d in documents), scorer)


class Pending:
    """A comparison being computed: ended once it is cached (or given up), with the
    progress of its work passed on to whoever listens."""

    def __init__(self) -> None:
        self.ended = threading.Event()
        self._lock = Lock()
        self._listeners: list[Progress] = []
        self._last: tuple[int, int] | None = None

    def report(self, done: int, total: int) -> None:
        """The computation's progress (``reader.compare.progress``), told to listeners."""
        with self._lock:
            self._last = (done, total)
            listeners = list(self._listeners)
        for listener in listeners:
            with contextlib.suppress(Exception):  # a listener's trouble is not the work's
                listener(done, total)

    def listen(self, callback: Progress) -> None:
        """Tell ``callback`` the progress from now on (and the last one, if any)."""
        with self._lock:
            self._listeners.append(callback)
            last = self._last
        if last is not None:
            callback(*last)

    def unlisten(self, callback: Progress) -> None:
        with self._lock:
            if callback in self._listeners:
                self._listeners.remove(callback)


class ComparisonCache:
    """The ``size`` most recently used comparisons, by ``(document ids, scorer)``."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._items: OrderedDict[ComparisonKey, Comparison] = OrderedDict()
        self._pending: dict[ComparisonKey, Pending] = {}
        self._lock = Lock()

    def get(self, key: ComparisonKey) -> Comparison | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: ComparisonKey, comparison: Comparison) -> None:
        with self._lock:
            self._items[key] = comparison
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget the cached comparisons (those being computed still end normally)."""
        with self._lock:
            self._items.clear()

    def begin(self, key: ComparisonKey) -> Pending | None:
        """Claim the computation of ``key``: a :class:`Pending` to report progress on and
        to :meth:`end` (whatever happens), or ``None`` when ``key`` is cached or already
        being computed."""
        with self._lock:
            if key in self._items or key in self._pending:
                return None
            pending = self._pending[key] = Pending()
            return pending

    def end(self, key: ComparisonKey, pending: Pending) -> None:
        """The computation claimed by :meth:`begin` is over (``put`` first if it worked)."""
        with self._lock:
            if self._pending.get(key) is pending:
                del self._pending[key]
        pending.ended.set()

    def computing(self, key: ComparisonKey) -> bool:
        with self._lock:
            return key in self._pending

    def join(
        self,
        key: ComparisonKey,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Comparison | None:
        """The comparison ``key``: cached, or once the computation of it that runs
        elsewhere ends (its progress passed to ``progress`` meanwhile). ``None`` when it
        is neither cached nor being computed, when that computation failed or was
        cancelled, or when ``cancelled()`` (asked every 50 ms) turns true first."""
        with self._lock:
            pending = self._pending.get(key)
        if pending is not None:
            if progress is not None:
                pending.listen(progress)
            try:
                while not pending.ended.wait(0.05):
                    if cancelled():
                        return None
            finally:
                if progress is not None:
                    pending.unlisten(progress)
        return self.get(key)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


COMPARISONS = ComparisonCache()


class Ahead:
    """Compares the open document with its versions before ``d`` asks for it.

    One comparison at a time, in a daemon thread, into a :class:`ComparisonCache`;
    :meth:`start` on another document cancels the previous one (the engine stops at its
    next checkpoint), and ``stopped()`` (the app is closing) cancels it too. A failure
    is silent: the diff view, finding nothing cached, compares and reports it.
    """

    def __init__(self, cache: ComparisonCache) -> None:
        self.cache = cache
        self._cancel: threading.Event | None = None
        self._key: ComparisonKey | None = None
        self.thread: threading.Thread | None = None

    def start(
        self,
        documents: Sequence[Document],
        scorer: str,
        *,
        stopped: Callable[[], bool] = lambda: False,
    ) -> bool:
        """Compare ``documents`` (pivot first) in the background, unless that comparison
        is cached or being computed. True when a computation was started."""
        key = comparison_key(documents, scorer)
        if key == self._key and self.running:
            return False  # already under way
        self.cancel()
        pending = self.cache.begin(key)
        if pending is None:
            return False  # cached, or a diff view is computing it
        cancel = self._cancel = threading.Event()
        self._key = key
        chosen = tuple(documents)

        def run() -> None:
            from reader.compare import compare
            from reader.compare.cancel import cancellable
            from reader.compare.progress import reporting

            lowered = False

            def progress(done: int, total: int) -> None:
                nonlocal lowered
                if done < total and not lowered:  # the model has texts to read: seconds
                    lowered = True
                    _yield_to_the_ui()
                pending.report(done, total)

            try:
                with cancellable(lambda: cancel.is_set() or stopped()), reporting(progress):
                    comparison = compare(chosen, scorer=scorer)
            except Exception:  # noqa: BLE001 - Cancelled, or a failure the diff view will show
                return
            else:
                self.cache.put(key, comparison)
            finally:
                self.cache.end(key, pending)

        self.thread = threading.Thread(target=run, name="reader-compare-ahead", daemon=True)
        self.thread.start()
        return True

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def cancel(self) -> None:
        """Stop the comparison under way, if any (its diff view, if one waits, then
        compares by itself)."""
        if self._cancel is not None:
            self._cancel.set()
            self._cancel = None
            self._key = None


AHEAD_NICE = 10  # the comparison ahead's CPU priority below the app's (Linux)


def _yield_to_the_ui() -> None:
    """Lower the calling thread's CPU priority, and so that of the threads it starts
    (the embeddings model's), so that the app stays responsive while a comparison runs
    ahead on a cold vector cache (article j/k: median 12 ms instead of 18-30 ms while the
    seeds' vectors are computed, 11-12 ms idle). Only then: a warm comparison takes a
    fraction of a second and a diff view may be waiting for it, and a thread's priority
    cannot be raised again. Linux only, where a priority is per thread (elsewhere
    ``setpriority`` would change the whole process)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), AHEAD_NICE)
