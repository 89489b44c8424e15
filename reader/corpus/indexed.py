"""Loading, listing and grouping a corpus through the index (:mod:`reader.corpus.index`).

The same results as :func:`reader.corpus.loader.load_corpus` and
:func:`reader.compare.grouping.group`, without the work already done: unchanged files
come from the index, only new and changed files are read, and a corpus is grouped again
only when something in it changed. What is read is indexed for next time; rows of files
gone from the folders read are removed.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from reader.corpus import DEFAULT_LANGUAGES
from reader.corpus.discovery import scan
from reader.corpus.index import CachedGrouping, CorpusIndex, Entry, Listed
from reader.corpus.model import Document

if TYPE_CHECKING:
    from reader.compare.fingerprints import Fingerprint
    from reader.compare.grouping import Grouping
    from reader.corpus.index import Prepared

DETECT_CHUNK = 500  # documents per language-detection batch (lingua's parallel mode)
PARALLEL_READ_ABOVE = 500  # new files read in worker processes above this many
READ_WORKERS = 4  # at most this many reading processes
READ_CHUNK = 100  # files a reading task
Progress = Callable[[int, int], None]  # (done, total)
GroupFunction = Callable[[list[Document]], "Grouping"]
L = TypeVar("L", bound=Entry | Document)


def _read(
    paths: Sequence[Path],
    index: CorpusIndex,
    languages: Sequence[str],
    progress: Progress | None,
) -> dict[Path, Document]:
    """Documents for files the index does not hold: recovered by content hash, else
    read and parsed; languages detected; then indexed. Above
    :data:`PARALLEL_READ_ABOVE` new files, read in worker processes
    (:func:`_read_in_workers`), which also fingerprint them for grouping."""
    found: dict[Path, Document] = {}
    if not paths:
        return found  # (a reopen: the parsers are not even imported)
    from reader.corpus.loader import load_document, with_languages

    todo: list[Path] = []
    workers = _read_workers(len(paths))
    for n, path in enumerate(paths, 1):
        recovered = index.recover(path, languages)
        if recovered is not None:
            found[path] = recovered
        else:
            todo.append(path)
        if workers and progress is not None and n == len(paths):
            progress(len(found), len(paths))
    if workers and len(todo) > PARALLEL_READ_ABOVE:
        done = _read_in_workers(todo, index, languages, workers, progress, len(found), len(paths))
        if done is not None:
            found.update(done)
            index.forget([p for p in todo if not found[p].ok])  # gone or unreadable now
            return found
    fresh: list[Document] = []
    for n, path in enumerate(todo, len(paths) - len(todo) + 1):
        fresh.append(load_document(path, languages=languages, detect=False))
        if progress is not None and (n % 50 == 0 or n == len(paths)):
            progress(n, len(paths))
    for start in range(0, len(fresh), DETECT_CHUNK):
        chunk = with_languages(fresh[start : start + DETECT_CHUNK], languages)
        index.store(chunk, languages)
        found.update((d.path, d) for d in chunk)
    index.forget([d.path for d in fresh if not d.ok])  # gone or unreadable now
    return found


def _read_workers(files: int) -> int:
    """Worker processes for reading ``files`` new files: one per core (at most
    :data:`READ_WORKERS`), none for a few files or a single core."""
    cores = os.cpu_count() or 1
    if files <= PARALLEL_READ_ABOVE or cores < 2:
        return 0
    return min(cores, READ_WORKERS)


# what a worker sends back for one file: the document, its index row (None: not to be
# indexed), and the key and fingerprint grouping will ask for (None: not groupable)
_WorkerRead = tuple[Document, "Prepared | None", "str | None", "Fingerprint | None"]


def _read_files(task: tuple[list[Path], tuple[str, ...]]) -> list[_WorkerRead]:
    """In a worker process: what the serial path of :func:`_read` does to a chunk of
    files (read, parse, detect languages), plus their index rows and grouping
    fingerprints, so that the parent only writes them."""
    from reader.compare.fingerprints import fingerprint
    from reader.corpus.index import fingerprint_key, prepare
    from reader.corpus.loader import load_document, with_languages

    paths, languages = task
    docs = [load_document(path, languages=languages, detect=False) for path in paths]
    out: list[_WorkerRead] = []
    for doc in with_languages(docs, languages):
        row = prepare(doc)
        if row is not None and doc.ok and not doc.is_feed:
            out.append((doc, row, fingerprint_key(doc), fingerprint(doc)))
        else:
            out.append((doc, row, None, None))
    return out


def _read_in_workers(
    paths: Sequence[Path],
    index: CorpusIndex,
    languages: Sequence[str],
    workers: int,
    progress: Progress | None,
    done: int,
    total: int,
) -> dict[Path, Document] | None:
    """The new files ``paths`` read, parsed, detected and fingerprinted in ``workers``
    processes (spawned: lingua's threads do not survive a fork), in chunks that this
    process indexes as they come back. None when no process could be started (the
    caller then reads them itself)."""
    import multiprocessing

    tasks = [
        (list(paths[i : i + READ_CHUNK]), tuple(languages))
        for i in range(0, len(paths), READ_CHUNK)
    ]
    found: dict[Path, Document] = {}
    try:
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            for part in pool.imap(_read_files, tasks):
                rows = [row for _, row, _, _ in part if row is not None]
                index.store_prepared(rows, languages)
                prints = {key: fp for _, row, key, fp in part if row is not None and key}
                index.store_fingerprints(prints)
                found.update((doc.path, doc) for doc, _, _, _ in part)
                done += len(part)
                if progress is not None:
                    progress(done, total)
    except (OSError, RuntimeError):  # no processes to be had
        return None if not found else _finish_here(paths, found, index, languages)
    return found


def _finish_here(
    paths: Sequence[Path],
    found: dict[Path, Document],
    index: CorpusIndex,
    languages: Sequence[str],
) -> dict[Path, Document]:
    """The files the workers did not get to, read in this process."""
    rest = [p for p in paths if p not in found]
    found.update(_read(rest, index, languages, None) if rest else {})
    return found


def _through_index(
    paths: Sequence[str | os.PathLike[str]],
    index: CorpusIndex | None,
    languages: Sequence[str],
    progress: Progress | None,
    lookup: Callable[[CorpusIndex, list[Path]], Mapping[Path, L]],
) -> list[L | Document]:
    from reader.corpus.ids import unique_ids

    index = index if index is not None else CorpusIndex()
    inputs = [Path(p) for p in paths]
    found = scan(inputs)
    files = list(found.files)
    known = lookup(index, files)
    loaded = _read([p for p in files if p not in known], index, languages, progress)
    index.forget_missing(inputs, files)
    # folders the walk did not open (too deep, too many files): refused, saying why
    skipped: list[Document] = []
    if found.skipped:
        from reader.corpus.loader import skipped_document

        skipped = [skipped_document(s) for s in found.skipped]
    return unique_ids([*(known[p] if p in known else loaded[p] for p in files), *skipped])


def load_indexed(
    paths: Sequence[str | os.PathLike[str]],
    *,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    index: CorpusIndex | None = None,
    progress: Progress | None = None,
) -> list[Document]:
    """:func:`~reader.corpus.loader.load_corpus` (languages detected) through the index."""

    def decoded(index: CorpusIndex, files: list[Path]) -> dict[Path, Document]:
        return index.documents(files, languages)

    return _through_index(paths, index, languages, progress, decoded)


def list_indexed(
    paths: Sequence[str | os.PathLike[str]],
    *,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    index: CorpusIndex | None = None,
    progress: Progress | None = None,
) -> list[Listed]:
    """What :func:`load_indexed` gives, but indexed documents stay :class:`Entry`
    (title, language… without decoding the document): for listings."""

    def entries(index: CorpusIndex, files: list[Path]) -> dict[Path, Entry]:
        return index.entries(files, languages)

    return _through_index(paths, index, languages, progress, entries)


def groupable(items: Sequence[L]) -> list[L]:
    """The items grouping takes: readable, and not feeds (a feed is a list of links)."""
    return [item for item in items if item.ok and not item.is_feed]


def documents_of(
    items: Sequence[Listed], index: CorpusIndex, languages: Sequence[str]
) -> list[Document]:
    """Full documents for ``items`` (entries decoded from the index, else read again),
    with the ids the items have."""
    wanted = [item.path for item in items if isinstance(item, Entry)]
    decoded = index.documents(wanted, languages) if wanted else {}
    missing = [p for p in wanted if p not in decoded]
    if missing:  # changed since it was listed: read it again
        decoded.update(_read(missing, index, languages, None))
    out: list[Document] = []
    for item in items:
        doc = decoded[item.path] if isinstance(item, Entry) else item
        out.append(doc if doc.id == item.id else dataclasses.replace(doc, id=item.id))
    return out


def grouping_of(
    items: Sequence[Listed],
    *,
    index: CorpusIndex | None = None,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    group: GroupFunction | None = None,
) -> CachedGrouping:
    """Versions and stories of the groupable ``items``: from the index when these very
    documents were grouped before; else grouped and kept in the index. By default the
    grouping fingerprint of each document is kept too, so that a corpus where a few
    files changed is regrouped fingerprinting only those (``group``: another function
    to group the full documents with, e.g. in another process)."""
    index = index if index is not None else CorpusIndex()
    usable = groupable(items)
    known = index.grouping(usable)
    if known is not None:
        return known
    from reader.compare.alternates import linked_ids

    if group is None:
        grouping = _group_with_fingerprints(usable, index, languages)
    else:
        grouping = group(documents_of(usable, index, languages))
    linked = linked_ids(cast("Sequence[Document]", usable))
    index.store_grouping(usable, grouping, linked)
    return CachedGrouping.of(grouping, linked)


def _group_with_fingerprints(
    usable: Sequence[Listed], index: CorpusIndex, languages: Sequence[str]
) -> Grouping:
    """:func:`reader.compare.grouping.group`, with fingerprints from the index where it
    has them (the same result: a fingerprint depends on its document alone)."""
    from reader.compare.alternates import linked_pairs
    from reader.compare.grouping import Grouping, assemble, fingerprints, group_fingerprints
    from reader.corpus.index import fingerprint_key

    if not usable:
        return Grouping()
    keys = [fingerprint_key(item) for item in usable]
    prints = index.fingerprints(keys)
    todo = [i for i, key in enumerate(keys) if key not in prints]
    if todo:
        made = fingerprints(documents_of([usable[i] for i in todo], index, languages))
        fresh = {keys[i]: fp for i, fp in zip(todo, made, strict=True)}
        index.store_fingerprints(fresh)
        prints.update(fresh)
    ordered = [prints[key] for key in keys]
    docs = cast("Sequence[Document]", usable)  # entries have what grouping reads of them
    versions, stories, _ = group_fingerprints(ordered, linked_pairs(docs))
    return assemble(docs, ordered, versions, stories)
