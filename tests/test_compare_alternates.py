"""Pages that name each other as language versions are versions, whatever alignment says."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import reader.compare.grouping as grouping
from reader.compare.alternates import linked_ids, linked_pairs
from reader.corpus import load_corpus
from reader.corpus.model import Document
from tests.helpers.web import write_release


def _doc(i: int, url: str | None, alternates: dict[str, str], language: str) -> Document:
    return Document(
        id=f"d{i}",
        path=Path(f"{i}.html"),
        language=language,
        url=url,
        alternates=tuple(alternates.items()),
    )


def test_pages_must_name_each_other() -> None:
    a = _doc(0, "https://x.eu/en/a", {"en": "https://x.eu/en/a", "it": "https://x.eu/it/a"}, "en")
    b = _doc(1, "https://x.eu/it/a", {"en": "https://x.eu/en/a", "it": "https://x.eu/it/a"}, "it")
    one_way = _doc(2, "https://x.eu/fr/a", {"fr": "https://x.eu/fr/a"}, "fr")
    c = _doc(3, None, {"en": "https://x.eu/en/a", "de": "https://x.eu/de/a"}, "de")
    docs = [a, b, one_way, c]
    # a and b point to each other; a names no French page; c names a, but a not c
    assert linked_pairs(docs) == [(0, 1)]
    assert linked_ids(docs) == {"d0", "d1"}


def test_grouping_unions_linked_pages_without_a_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = load_corpus(write_release(tmp_path))
    # an impossible bar: only the pages' own links can make them versions
    monkeypatch.setattr(grouping, "MARGIN", float("inf"))
    monkeypatch.setattr(grouping, "SAME_LANGUAGE_SIMILARITY", 2.0)
    result = grouping.group(docs)
    assert len(set(result.version_group.values())) == 1
    assert len(set(result.story.values())) == 1
    # without the links they are not versions under that bar
    unlinked = [dataclasses.replace(d, alternates=()) for d in docs]
    assert len(set(grouping.group(unlinked).version_group.values())) == 3
