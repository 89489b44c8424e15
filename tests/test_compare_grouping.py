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


# --------------------------------------------------------------------------- the new rule

FIRST_IT_OTHER = [  # another Italian translation of FIRST, worded differently
    "Nella notte di domenica la pioggia ha sommerso il centro di Ravenna.",
    "Sono stati 340 gli abitanti portati via dai vigili del fuoco nelle zone basse.",
    "Secondo la sindaca Giulia Fabbri gli argini lungo il Montone non hanno ceduto.",
    "Per mercoledì i meteorologi della regione annunciano nuove piogge sugli Appennini.",
    "A Ravenna le scuole restano chiuse fino al ritiro dell'acqua.",
    "Per le compagnie assicurative il danno ammonta a 12 milioni di euro.",
]


def test_a_version_group_holds_one_document_per_language(tmp_path: Path) -> None:
    docs = [
        _write(tmp_path, "en.txt", FIRST),
        _write(tmp_path, "it1.txt", FIRST_IT),
        _write(tmp_path, "it2.txt", FIRST_IT_OTHER),
        _write(tmp_path, "other.txt", SECOND),
    ]
    g = group(docs)
    members = g.versions_of(docs[0].id)
    italian = [d.id for d in docs[1:3] if d.id in members]
    assert len(italian) == 1  # one of the two translations, never both
    assert docs[3].id not in members
    # both Italian texts tell the same story as the English one
    assert g.story[docs[1].id] == g.story[docs[2].id] == g.story[docs[0].id]


def _versioned(tmp_path: Path, n: int, seed: int) -> tuple[list[Document], dict[str, str]]:
    from benchmarks._corpus import make_versioned_corpus

    corpus = make_versioned_corpus(tmp_path, n, seed=seed, words=(150, 400))
    docs = load_corpus([tmp_path], detect=False)
    return docs, {d.id: corpus.version[d.path] for d in docs}


def _pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = {}
    for doc, gid in groups.items():
        members.setdefault(gid, []).append(doc)
    return {(a, b) for m in members.values() for a in m for b in m if a < b}


def test_generated_versions_are_found_without_chains(tmp_path: Path) -> None:
    docs, gold = _versioned(tmp_path, 160, seed=5)
    g = group(docs)
    predicted, true = _pairs(g.version_group), _pairs(gold)
    precision = len(predicted & true) / len(predicted)
    recall = len(predicted & true) / len(true)
    assert precision >= 0.85 and recall >= 0.85, (precision, recall)
    # no chain: a version group is one article (five languages and a rewrite at most)
    for story in g.stories:
        for vg in story.versions:
            assert len(vg.documents) <= 6
            counts = {lang: vg.languages.count(lang) for lang in vg.languages}
            assert max(counts.values()) <= 2  # two only for a same-language rewrite


def test_fingerprints_are_stable_and_group_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.compare.fingerprints import fingerprint

    docs, _ = _versioned(tmp_path, 40, seed=2)
    again = load_corpus([tmp_path], detect=False)
    for a, b in zip(docs, again, strict=True):
        fa, fb = fingerprint(a), fingerprint(b)
        assert fa is not None and fb is not None
        assert fa.language == fb.language and fa.words == fb.words
        assert (fa.grams == fb.grams).all() and (fa.anchors == fb.anchors).all()
    # worker processes (forked) fingerprint exactly as this one does
    sequential = grouping.fingerprints(docs)
    monkeypatch.setattr(grouping, "PARALLEL_ABOVE", 5)
    parallel = grouping.fingerprints(docs)
    for a, b in zip(sequential, parallel, strict=True):
        assert a is not None and b is not None
        assert (a.prefixes == b.prefixes).all() and (a.shingles == b.shingles).all()
    versions, stories, stats = grouping.group_fingerprints(parallel)
    assert grouping.assemble(docs, parallel, versions, stories) == group(docs)
    assert stats.documents == len(docs)


def test_pairwise_scores_of_the_benchmark() -> None:
    from benchmarks._gold_groups import detokenise, pairwise

    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    p, r, f1, counts = pairwise({"a": "x", "b": "x", "c": "y", "d": "y"}, gold)
    assert counts == (1, 2, 3) and p == 0.5 and abs(r - 1 / 3) < 1e-9
    assert pairwise(gold, gold)[:3] == (1.0, 1.0, 1.0)
    assert detokenise("Switzerland ' s supply ( IEA ) , case - by - case .") == (
        "Switzerland's supply (IEA), case-by-case."
    )


@pytest.mark.parametrize("text", ["qz", "q", "qzx", "qzxw", "Qz 12 qzxwv"])
def test_a_text_of_a_few_letters_has_a_fingerprint(text: str) -> None:
    """Texts shorter than a 5-letter prefix once indexed out of range (IndexError)."""
    from reader.compare.fingerprints import fingerprint_text

    fp = fingerprint_text([text], None)
    assert fp.words >= 1
    assert fp.prefixes.size == (1 if "qzxwv" in text else 0)
