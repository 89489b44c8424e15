"""Language versions a page names itself: pages that point to each other with
``<link rel="alternate" hreflang>`` are versions of one article with certainty, whatever
their alignment says. Kept apart from the grouping rules so that it survives their
changes: :func:`linked_pairs` gives the pairs, grouping unions them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from reader.corpus.model import Document


def _own(doc: Document) -> set[str]:
    """The addresses a document is known by: its own and its entry for its language."""
    urls = {doc.url} if doc.url else set()
    language = doc.language or doc.other_language
    urls.update(url for code, url in doc.alternates if url and code == language)
    return urls


def linked_pairs(documents: Sequence[Document]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of documents that name each other as language
    versions: each lists an address of the other among its alternates."""
    owners: dict[str, set[int]] = {}
    for i, doc in enumerate(documents):
        if doc.error is None:
            for url in _own(doc):
                owners.setdefault(url, set()).add(i)
    names: list[set[int]] = []
    for i, doc in enumerate(documents):
        found: set[int] = set()
        for _, url in doc.alternates:
            found.update(owners.get(url, ()))
        found.discard(i)
        names.append(found)
    return sorted((i, j) for i, found in enumerate(names) for j in found if i < j and i in names[j])


def linked_ids(documents: Sequence[Document]) -> frozenset[str]:
    """Ids of the documents that some other document names back (for the sidebar)."""
    return frozenset(documents[k].id for pair in linked_pairs(documents) for k in pair)
