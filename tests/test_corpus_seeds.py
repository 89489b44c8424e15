"""The bundled seed articles, read through the public corpus API."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.corpus import Document, default_corpus_path, discover, load_corpus

SEEDS = default_corpus_path()


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    docs = load_corpus([SEEDS])
    return {d.path.name[:3]: d for d in docs}


def test_default_corpus_path_is_the_checkout_seeds() -> None:
    assert Path(__file__).resolve().parents[1] / "seeds" == SEEDS
    assert len(discover([SEEDS])) == 5


def test_all_seeds_load_without_error(seeds: dict[str, Document]) -> None:
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    for doc in seeds.values():
        assert doc.ok, doc.error
        assert doc.supported
        assert doc.encoding == "utf-8"
        assert doc.paragraphs and doc.sentences
        assert doc.words > 100


def test_ids_are_content_hashes(seeds: dict[str, Document]) -> None:
    import hashlib

    for doc in seeds.values():
        assert doc.id == hashlib.sha256(doc.path.read_bytes()).hexdigest()[:16]


@pytest.mark.parametrize(
    ("seed", "language"),
    [("000", "en"), ("001", "en"), ("002", "en"), ("003", "it"), ("004", "fr")],
)
def test_seed_languages(seeds: dict[str, Document], seed: str, language: str) -> None:
    assert seeds[seed].language == language


def test_every_offset_maps_back(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        for p in doc.paragraphs:
            assert doc.text[p.start : p.end] == p.text
            assert p.text == p.text.strip()
            for i in p.sentences:
                assert doc.sentences[i].paragraph == p.index
        for i, s in enumerate(doc.sentences):
            assert s.index == i
            assert doc.text[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.text
            assert s.boilerplate == doc.paragraphs[s.paragraph].boilerplate
        starts = [s.start for s in doc.sentences]
        assert starts == sorted(starts)


def test_004_date_title_and_dek(seeds: dict[str, Document]) -> None:
    doc = seeds["004"]
    assert doc.date == "2023-09"
    assert doc.paragraphs[0].kind == "date"
    assert doc.title == (
        "TikTok voudrait ajouter des fonctionnalités sociales pour mieux concurrencer Meta"
    )
    assert doc.dek is not None and doc.dek.startswith("Une décision tout à fait logique")
    assert all(s.text != "date 2023-09" for s in doc.sentences)


def test_002_title_dek_and_section_label(seeds: dict[str, Document]) -> None:
    doc = seeds["002"]
    assert doc.title == "TikTok Looks to Social Features to Compete with Meta in Job Postings"
    assert doc.dek is not None and doc.dek.endswith("on competing platforms.")
    label = [p for p in doc.paragraphs if p.text == "News"]
    assert label and label[0].boilerplate
    kinds = [p.kind for p in doc.paragraphs]
    assert kinds[-2:] == ["boilerplate", "boilerplate"]  # Related posts, Leave a Comment


def test_000_title_and_tail(seeds: dict[str, Document]) -> None:
    doc = seeds["000"]
    assert doc.title == "China’s TikTok Makes Big Push In New Area"
    assert doc.date is None
    tail = [p.text for p in doc.paragraphs if p.boilerplate]
    assert tail == [
        "READ NEXT:",
        "Leave a Reply",
        "Your email address will not be published.",
        "Previous Story",
        "Google Marks Major Anniversary",
        "Next Story",
        "Dying Social Media App Tries New Approach",
    ]
    body = [p for p in doc.paragraphs if p.kind == "body"]
    assert body[-1].text.startswith("Privacy remains")


def test_001_and_003_have_no_title(seeds: dict[str, Document]) -> None:
    for seed in ("001", "003"):
        doc = seeds[seed]
        assert doc.title == ""
        # Lists show the opening words instead, cut at a word boundary.
        assert doc.display_title.endswith("…")
        assert len(doc.display_title) <= 72
        assert doc.sentences[0].text.startswith(doc.display_title[:-1])
        assert doc.paragraphs[0].kind == "body"


def test_003_author_bio_is_boilerplate(seeds: dict[str, Document]) -> None:
    doc = seeds["003"]
    marked = [p.text for p in doc.paragraphs if p.boilerplate]
    assert marked[0] == "Leggi di più su Social Media Today"
    assert marked[1].startswith("Consulente di comunicazione")
    assert marked[2].startswith("Vivo e lavoro come freelancer")
    assert len(marked) == 3
    assert doc.paragraphs[-4].text == "Ti terremo aggiornato su eventuali progressi."
    assert doc.paragraphs[-4].kind == "body"


def test_single_newline_paragraphs(seeds: dict[str, Document]) -> None:
    # 001 and 003 separate paragraphs with single line breaks
    assert len(seeds["001"].paragraphs) == 12
    assert len(seeds["003"].paragraphs) == 15


def test_words_count_body_only(seeds: dict[str, Document]) -> None:
    doc = seeds["000"]
    body_words = sum(
        sum(1 for w in p.text.split() if any(c.isalnum() for c in w))
        for p in doc.paragraphs
        if p.kind == "body"
    )
    assert body_words < len(doc.text.split())
    assert doc.words == body_words
    assert doc.reading_minutes >= 1


def test_load_without_detection_then_with_language() -> None:
    from reader.corpus import with_language

    docs = load_corpus([SEEDS], detect=False)
    assert all(d.language is None for d in docs)
    detected = [with_language(d) for d in docs]
    assert [d.language for d in detected] == ["en", "en", "en", "it", "fr"]
    assert detected[0].sentences == docs[0].sentences


def test_display_title_falls_back_to_the_file_name_without_text(tmp_path: Path) -> None:
    from reader.corpus.model import Document as Doc

    empty = Doc(id="x", path=tmp_path / "empty.txt")
    assert empty.display_title == "empty.txt"
