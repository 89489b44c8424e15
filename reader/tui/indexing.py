"""The app's side of the corpus index (:mod:`reader.corpus.index`): the sidebar painted
from the index before any file is read, documents taken from it instead of being read
and parsed again, languages detected only for what it did not hold, groupings reused.

Every method is safe to call from a worker thread; none raises for the index's sake
(a damaged or read-only index is rebuilt or bypassed, with a notice).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.corpus.index import CachedGrouping, CorpusIndex, Notice, raw_id
from reader.corpus.model import Document

if TYPE_CHECKING:
    from reader.compare.grouping import Grouping


class IndexedCorpus:
    """The corpus index, for one app."""

    def __init__(
        self, languages: Sequence[str], inputs: Sequence[Path], notice: Notice | None = None
    ) -> None:
        self.index = CorpusIndex(notice=notice)
        self.languages = tuple(languages)
        self.inputs = list(inputs)  # the files and folders opened
        self._detected: set[tuple[str, str]] = set()  # (path, content hash) from the index

    def preview(self, paths: Sequence[Path]) -> tuple[dict[int, Document], CachedGrouping | None]:
        """Placeholders for the indexed files among ``paths`` (by position; not checked
        against the files yet) and the grouping stored for them, if any."""
        from reader.corpus.ids import unique_names
        from reader.corpus.indexed import groupable

        entries = self.index.entries(paths, self.languages, check=False)
        if not entries:
            return {}, None
        listed = [(i, entries[p]) for i, p in enumerate(paths) if p in entries]
        names = unique_names([entry.id for _, entry in listed])
        renamed = [
            (i, entry if entry.id == name else dataclasses.replace(entry, id=name))
            for (i, entry), name in zip(listed, names, strict=True)
        ]
        stubs = {i: entry.stub() for i, entry in renamed}
        grouping = self.index.grouping(groupable([entry for _, entry in renamed]))
        return stubs, grouping

    def cached(self, paths: Sequence[Path]) -> dict[Path, Document]:
        """The documents of unchanged files (languages detected), from the index; rows
        of files gone from the folders opened are removed."""
        found = self.index.documents(paths, self.languages)
        self.index.forget_missing(self.inputs, paths)
        self._detected.update((_where(p), d.id) for p, d in found.items())
        return found

    def detect(self, documents: Sequence[Document]) -> list[Document]:
        """``documents`` with languages detected for those the index did not give, which
        are then indexed. Raises what language detection raises."""
        from reader.corpus.loader import with_languages

        todo = [
            i
            for i, d in enumerate(documents)
            if (_where(d.path), raw_id(d.id)) not in self._detected
        ]
        if not todo:
            return list(documents)
        detected = with_languages([documents[i] for i in todo], self.languages)
        self.index.store(detected, self.languages)
        out = list(documents)
        for i, doc in zip(todo, detected, strict=True):
            out[i] = doc
        return out

    def grouping(self, documents: Sequence[Document]) -> CachedGrouping | None:
        return self.index.grouping(documents)

    def store_grouping(
        self, documents: Sequence[Document], grouping: Grouping, linked: frozenset[str]
    ) -> None:
        self.index.store_grouping(documents, grouping, linked)


def _where(path: Path) -> str:
    return os.path.abspath(path)
