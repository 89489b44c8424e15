"""Document ids made unique in a corpus: two files with the same contents have the same
content-hash id, so the second is ``id-2``, the third ``id-3``… in corpus order.

Kept apart from :mod:`reader.corpus.loader` so that a listing from the index (which
reads no file) does not import the parsers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from reader.corpus.index import Entry
    from reader.corpus.model import Document


def unique_names(ids: Sequence[str]) -> list[str]:
    """``ids`` with duplicates renamed ``id-2``, ``id-3`` … in order (see :func:`unique_ids`)."""
    seen: dict[str, int] = {}
    taken = set(ids)
    result: list[str] = []
    for doc_id in ids:
        count = seen.get(doc_id, 0) + 1
        seen[doc_id] = count
        if count == 1:
            result.append(doc_id)
            continue
        n = count
        new_id = f"{doc_id}-{n}"
        while new_id in taken:
            n += 1
            new_id = f"{doc_id}-{n}"
        taken.add(new_id)
        result.append(new_id)
    return result


_D = TypeVar("_D", bound="Document | Entry")


def unique_ids(documents: Sequence[_D]) -> list[_D]:
    """Documents (or index entries) with duplicate ids renamed ``id-2``, ``id-3`` … in
    order."""
    names = unique_names([d.id for d in documents])
    return [
        doc if doc.id == name else dataclasses.replace(doc, id=name)
        for doc, name in zip(documents, names, strict=True)
    ]
