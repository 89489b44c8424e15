"""The comparisons the diff view has computed, kept for reopening it instantly.

A comparison is a pure function of the documents' content (their ids are content hashes)
and the scorer, so ``(document ids, scorer)`` is its key. :data:`COMPARISONS` is the
process's one cache (a small LRU, safe to use from worker threads).
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from reader.compare.model import Comparison

ComparisonKey = tuple[tuple[str, ...], str]


class ComparisonCache:
    """The ``size`` most recently used comparisons, by ``(document ids, scorer)``."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._items: OrderedDict[ComparisonKey, Comparison] = OrderedDict()
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
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


COMPARISONS = ComparisonCache()
