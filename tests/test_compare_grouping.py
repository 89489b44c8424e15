"""Grouping a corpus into versions of one article and stories on the same news."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import reader.compare.grouping as grouping
from reader.compare.grouping import Grouping, group
from reader.corpus.loader import load_corpus, load_document
from reader.corpus.model import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds() -> tuple[list[Document], Grouping]:
    docs = load_corpus([SEEDS])
    return docs, group(docs)


def _by_prefix(docs: list[Document], prefix: str) -> Document:
    (doc,) = [d for d in docs if d.path.name.startswith(prefix)]
    return doc


def test_seed_versions(seeds: tuple[list[Document], Grouping]) -> None:
    docs, g = seeds
    v = {p: g.version_group[_by_prefix(docs, p).id] for p in ("000", "001", "002", "003", "004")}
    assert v["001"] == v["003"]
    assert v["002"] == v["004"]
    assert len({v["000"], v["001"], v["002"]}) == 3


def test_seed_story_is_one(seeds: tuple[list[Document], Grouping]) -> None:
    docs, g = seeds
    assert len({g.story[d.id] for d in docs}) == 1
    (story,) = g.stories
    assert sorted(len(vg.documents) for vg in story.versions) == [1, 2, 2]
    assert story.label
    en = _by_prefix(docs, "001")
    it = _by_prefix(docs, "003")
    assert set(g.versions_of(en.id)) == {en.id, it.id}
    langs = {vg.languages for vg in story.versions}
    assert ("en", "it") in langs and ("en", "fr") in langs


FIRST = [
    "Heavy rain flooded the old town of Ravenna on Sunday night.",
    "Firefighters evacuated 340 residents from the lower districts.",
    "Mayor Giulia Fabbri said that the dykes along the Montone river held.",
    "The regional weather service expects more rain over the Apennines on Wednesday.",
    "Schools in Ravenna will stay closed until the water recedes.",
    "Insurers estimate the damage at 12 million euros.",
]
FIRST_IT = [
    "Una pioggia intensa ha allagato il centro storico di Ravenna domenica notte.",
    "I vigili del fuoco hanno evacuato 340 residenti dai quartieri bassi.",
    "La sindaca Giulia Fabbri ha detto che gli argini del fiume Montone hanno retto.",
    "Il servizio meteorologico regionale prevede altra pioggia sugli Appennini mercoledì.",
    "Le scuole di Ravenna resteranno chiuse finché l'acqua non si ritirerà.",
    "Gli assicuratori stimano i danni in 12 milioni di euro.",
]
SECOND = [
    "The chess federation of Norway announced a new tournament in Bergen.",
    "Magnus Carlsen will defend his title against 24 challengers.",
    "Tickets go on sale in March and the final is broadcast on NRK.",
    "Organisers hope to attract young players from Stavanger and Oslo.",
    "Prize money doubled compared with the previous edition.",
]


def _write(tmp: Path, name: str, sentences: list[str]) -> Document:
    path = tmp / name
    path.write_text("\n\n".join(sentences), encoding="utf-8")
    doc = load_document(path)
    assert doc.error is None
    return doc


def test_two_unrelated_stories(tmp_path: Path) -> None:
    docs = [
        _write(tmp_path, "a.txt", FIRST),
        _write(tmp_path, "b.txt", SECOND),
        _write(tmp_path, "c.txt", FIRST_IT),
    ]
    g = group(docs)
    assert g.story[docs[0].id] == g.story[docs[2].id] != g.story[docs[1].id]
    assert g.version_group[docs[0].id] == g.version_group[docs[2].id]
    assert g.version_group[docs[1].id] != g.version_group[docs[0].id]
    assert [s.id for s in g.stories] == ["s1", "s2"]


def test_rewrite_same_language_is_a_version_but_another_article_is_not(tmp_path: Path) -> None:
    rewrite = [s.replace("Heavy rain", "Torrential rain") for s in FIRST]
    rewrite[3] = "Forecasters expect more rain over the Apennines on Wednesday."
    other = [  # same news, different article: shares names and a quoted sentence
        "Ravenna counts the cost after a night of floods.",
        "Mayor Giulia Fabbri said that the dykes along the Montone river held.",
        "Shop owners in the centre swept mud out of their stores all morning.",
        "Tourism officials fear cancellations for the summer season.",
        "A local choir cancelled its concert in the cathedral.",
    ]
    docs = [
        _write(tmp_path, "a.txt", FIRST),
        _write(tmp_path, "b.txt", rewrite),
        _write(tmp_path, "c.txt", other),
    ]
    g = group(docs)
    assert g.version_group[docs[0].id] == g.version_group[docs[1].id]
    assert g.version_group[docs[2].id] != g.version_group[docs[0].id]
    assert g.story[docs[2].id] == g.story[docs[0].id]


def test_bad_and_empty_documents_are_groups_of_their_own(tmp_path: Path) -> None:
    good = _write(tmp_path, "a.txt", FIRST)
    bad = Document(id="bad", path=tmp_path / "x.bin", error="binary file")
    empty = Document(id="empty", path=tmp_path / "e.txt")
    g = group([good, bad, empty])
    assert len({g.story[d] for d in ("bad", "empty", good.id)}) == 3
    assert len(g.stories) == 3
    assert group([]) == Grouping()


def test_grouping_is_deterministic(seeds: tuple[list[Document], Grouping]) -> None:
    docs, g = seeds
    assert group(docs) == g
    rev = group(list(reversed(docs)))
    for a in docs:
        for b in docs:
            same_before = g.version_group[a.id] == g.version_group[b.id]
            assert same_before == (rev.version_group[a.id] == rev.version_group[b.id])


def test_blocking_keeps_the_pairs_scored_linear(tmp_path: Path) -> None:
    rng = random.Random(7)
    vocab = [f"{w}{i}" for i, w in enumerate(["Alder", "Birch", "Cedar", "Dogwood"] * 50)]
    docs = []
    for k in range(240):
        topic = rng.sample(vocab, 4)  # names shared by small families of articles
        text = "\n\n".join(
            f"Report {k} says {topic[i % 4]} met {rng.choice(vocab)} near the river "
            f"{rng.random():.6f}."
            for i in range(6)
        )
        docs.append(_write(tmp_path, f"d{k}.txt", text.split("\n\n")))
    prints = grouping.fingerprints(docs)
    _, _, stats = grouping.group_fingerprints(prints)
    languages = {p.language for p in prints if p is not None}
    assert 0 < stats.candidate_pairs <= grouping.CANDIDATES * len(languages) * len(docs)
    assert stats.candidate_pairs < len(docs) * (len(docs) - 1) // 2 // 10
    g = group(docs)
    assert len(g.story) == len(docs)


def test_grouping_in_a_subprocess_gives_the_same_groups(seeds_dir: Path) -> None:
    from reader.compare.grouping import group_in_subprocess

    docs = load_corpus([seeds_dir])
    assert group_in_subprocess(docs) == group(docs)
