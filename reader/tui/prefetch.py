"""The first screenful of the corpus, read on the other core while the app starts.

Importing Textual and the app takes most of the time before the first frame; reading
the first files (and the titles the corpus index has for them) took another fifth of
it, on the same core. :func:`start`, called by the ``reader`` command before it imports
Textual, forks a child process that does that reading — list the files, take what the
corpus index knows of them, read the first small text files — and sends the result
back through a pipe; the app's :class:`~reader.tui.session.CorpusSession` takes it
(:meth:`Prefetch.take`) instead of reading on the UI thread. The child is forked while
the command has no other thread, writes nothing but its result (its standard streams
go to ``/dev/null``) and ends as soon as it has sent it.

Everything here is an extra: with no ``fork`` (Windows), with ``READER_PREFETCH=off``,
or when the child fails, is late or listed other files than the app, :meth:`take`
returns ``None`` and the session reads the files itself, as it always could.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from time import monotonic, thread_time
from typing import TYPE_CHECKING

from reader.corpus.model import Document

if TYPE_CHECKING:
    from reader.corpus.discovery import Skipped

# Read before the first frame (so that it shows titles): the first files while they are
# plain text or Markdown, regular and small.
PRELOAD_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
PRELOAD_BYTES = 256 * 1024
PRELOAD_CPU = 0.05  # seconds of CPU for reading them
PRELOAD_WAIT = 0.15  # seconds of wall time, whatever the CPU time (a slow disk)
PREFETCH_ENV = "READER_PREFETCH"
# Above this many files the child sends nothing and the app reads the corpus index
# itself: the index's placeholders of many files cost more to pickle, send and unpickle
# (10,000: 2.6 MB, about 0.23 s of dumps + loads) than reading them again. Measured
# coming back to 10,000 indexed articles in a pseudo-terminal, alternated: titles and
# first story header 1.09-1.19 s without the child against 1.26-1.38 s with it.
MAX_FILES = 2_000
# How long the app waits, at most, for a child that has not finished. The child does
# what the app would do itself, and started before Textual was imported, so waiting is
# never slower than doing the work again; only a child stuck on a file (a dead network
# share, where the app would be stuck too) is given up.
WAIT = 5.0


@dataclass(frozen=True, slots=True)
class Prefetched:
    """What the child read. ``paths``: the files it listed (the app uses the rest only
    when it lists the same); ``stubs``: placeholders from the corpus index, by slot;
    ``grouping``: (story, version group, linked) stored in the index for them;
    ``documents``: the documents of the first slots, read from their files;
    ``notices``: what the corpus index said (rebuilt, bypassed…)."""

    paths: tuple[str, ...]
    stubs: dict[int, Document]
    grouping: tuple[dict[str, str], dict[str, str], frozenset[str]] | None
    documents: tuple[Document, ...]
    notices: tuple[str, ...]


class Prefetch:
    """A child process reading the first screenful (see the module's docstring)."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self._fd: int | None = fd

    def take(self, paths: Sequence[Path], wait: float = WAIT) -> Prefetched | None:
        """The child's result, if it has listed exactly ``paths`` (in order); ``None``
        when it has not, failed, or is not done within ``wait`` seconds. Once only."""
        fd, self._fd = self._fd, None
        if fd is None:
            return None
        chunks: list[bytes] = []
        deadline = monotonic() + wait
        try:
            while True:
                left = deadline - monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    return None  # late: the app reads the files itself
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            return None
        finally:
            os.close(fd)
            self._end()
        if not chunks:
            return None  # the child sent nothing (too many files, or it failed)
        try:
            result = pickle.loads(b"".join(chunks))
        except Exception:  # a child that died half-way: nothing usable
            return None
        if not isinstance(result, Prefetched):
            return None
        if result.paths != tuple(str(p) for p in paths):
            return None  # the folder changed between the two listings
        return result

    def close(self) -> None:
        """Drop the result (if not taken) and end the child."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)
            self._end()

    def _end(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)  # done already, or late: not wanted now
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)


def start(roots: Sequence[Path], languages: Sequence[str]) -> Prefetch | None:
    """Fork the child that reads the first screenful of ``roots``; ``None`` where this
    cannot be done (no ``fork``, ``READER_PREFETCH=off``). Call it while the process
    has no other thread."""
    if not hasattr(os, "fork") or os.environ.get(PREFETCH_ENV, "").lower() in ("off", "0"):
        return None
    try:
        rows = os.get_terminal_size().lines  # the app's height: its first screenful
    except OSError:
        rows = 24
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: never returns
        try:
            os.close(read_fd)
            devnull = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(devnull, stream)
            result = read_screenful(roots, languages, rows)
            # None (too many files): nothing is sent, and take() finds no result
            payload = b"" if result is None else pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                view = view[os.write(write_fd, view) :]
        except BaseException:  # noqa: BLE001 - nothing may escape the child
            pass
        finally:
            os._exit(0)
    os.close(write_fd)
    return Prefetch(pid, read_fd)


def read_screenful(
    roots: Sequence[Path], languages: Sequence[str], rows: int, max_files: int | None = None
) -> Prefetched | None:
    """List the files of ``roots``, take the corpus index's placeholders and grouping
    for them, and read the first small text files (at most ``rows``) that the index did
    not give: the work the child does, in any process. None when more than
    ``max_files`` (default :data:`MAX_FILES`) are listed: the app does better reading
    them itself."""
    from reader.corpus import discovery
    from reader.tui.indexing import IndexedCorpus

    limit = MAX_FILES if max_files is None else max_files
    # The walk stops one file past the limit: above it, nothing is sent anyway.
    found = discovery.scan(roots, max_files=min(discovery.MAX_FILES, limit + 1))
    skipped = {s.path: s for s in found.skipped}
    paths = [*found.files, *skipped]
    if len(paths) > limit:
        return None
    notices: list[str] = []
    indexed = IndexedCorpus(languages, roots, notice=notices.append)
    try:
        stubs, known = indexed.preview(paths)
    except Exception as error:  # the index is an extra
        notices.append(f"the corpus index cannot be read: {error}")
        stubs, known = {}, None
    grouping = None
    if known is not None:
        grouping = (dict(known.story), dict(known.version_group), frozenset(known.linked))
    documents = read_first(
        paths,
        0,
        rows,
        placeholder=stubs.__contains__,
        read=lambda path: read_document(path, languages, skipped.get(path)),
    )
    return Prefetched(
        paths=tuple(str(p) for p in paths),
        stubs=stubs,
        grouping=grouping,
        documents=tuple(documents),
        notices=tuple(notices),
    )


def read_first(
    paths: Sequence[Path],
    start: int,
    rows: int,
    *,
    placeholder: Callable[[int], bool],
    read: Callable[[Path], Document],
) -> list[Document]:
    """``read`` of the files ``paths[start:rows]``, in order, while each is
    :func:`preloadable` and not a ``placeholder`` (its title comes from the corpus
    index), within :data:`PRELOAD_CPU` seconds of CPU and :data:`PRELOAD_WAIT` in all:
    the first screenful, read before the first frame (by the child or by the app)."""
    started, waited = thread_time(), monotonic()
    documents: list[Document] = []
    for index in range(start, min(rows, len(paths))):
        path = paths[index]
        if placeholder(index) or not preloadable(path):
            break
        documents.append(read(path))
        if thread_time() - started > PRELOAD_CPU or monotonic() - waited > PRELOAD_WAIT:
            break  # (a slow disk: the worker reads the rest)
    return documents


def preloadable(path: Path) -> bool:
    """Whether ``path`` is a file cheap enough to read before the first frame: a regular
    plain-text or Markdown file of at most :data:`PRELOAD_BYTES`."""
    import stat

    if path.suffix.lower() not in PRELOAD_SUFFIXES:
        return False
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= PRELOAD_BYTES


def read_document(path: Path, languages: Sequence[str], skipped: Skipped | None) -> Document:
    """The document of ``path`` (languages not detected; ``skipped``: why the walk did
    not open it, if it did not); never raises."""
    from reader.corpus import load_document
    from reader.corpus.loader import skipped_document

    if skipped is not None:
        return skipped_document(skipped)
    try:
        document: Document = load_document(path, languages=languages, detect=False)
        return document
    except Exception as error:  # the loader promises not to raise; be sure anyway
        return Document(id=f"error:{path}", path=path, error=f"{type(error).__name__}: {error}")
