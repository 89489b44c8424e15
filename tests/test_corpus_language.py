"""Language detection: short texts in each language, restriction, batch API."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.corpus import detect_language, detect_languages, load_corpus, with_languages
from reader.corpus.language import normalise_languages

# Titles and one-sentence snippets, none of them from the seeds.
SHORT = [
    ("en", "Council approves new budget after long debate"),
    ("en", "Shares fell sharply after the announcement."),
    ("en", "Leave a Reply"),
    ("en", "Why it matters"),
    ("it", "Il governo approva la manovra"),
    ("it", "Il sindaco ha incontrato i cittadini ieri sera."),
    ("it", "Lascia un commento"),
    ("it", "Leggi di più su Social Media Today"),
    ("fr", "Le gouvernement présente son budget"),
    ("fr", "Les syndicats appellent à la grève jeudi."),
    ("fr", "Laisser un commentaire"),
    ("fr", "Une décision tout à fait logique"),
    ("de", "Die Regierung stellt den Haushalt vor"),
    ("de", "Der Bürgermeister hat neue Maßnahmen angekündigt."),
    ("de", "Schreibe einen Kommentar"),
    ("es", "El Gobierno presenta los presupuestos"),
    ("es", "El alcalde anunció nuevas medidas ayer."),
    ("es", "Deja un comentario"),
]


@pytest.mark.parametrize(("expected", "text"), SHORT, ids=[t for _, t in SHORT])
def test_short_texts(expected: str, text: str) -> None:
    assert detect_language(text) == expected


def test_batch_matches_single() -> None:
    texts = [t for _, t in SHORT] + ["", "1234 5678", "x" * 3]
    assert detect_languages(texts)[: len(SHORT)] == [lang for lang, _ in SHORT]
    assert detect_languages(texts)[len(SHORT) : len(SHORT) + 2] == [None, None]


def test_no_letters_is_none() -> None:
    assert detect_language("") is None
    assert detect_language("2023-09-12 12:00 → 42 %") is None


def test_restricted_set() -> None:
    text = "Der Bürgermeister hat neue Maßnahmen angekündigt."
    assert detect_language(text, ("de", "en")) == "de"
    # German is not allowed: the answer is one of the allowed languages or None, never "de"
    assert detect_language(text, ("en", "it")) in ("en", "it", None)
    assert detect_language(text, ("de",)) == "de"
    assert detect_language(text, ()) is None
    assert detect_language(text, ("xx", "nonsense")) is None


def test_normalise_languages() -> None:
    assert normalise_languages(["FR", " en", "fr", "zz", "english"]) == ("en", "fr")


def test_modes_agree_on_an_article() -> None:
    text = (
        "La municipalité a annoncé lundi un plan de rénovation des écoles primaires. "
        "Les travaux commenceront au printemps et dureront deux ans, selon le maire."
    )
    assert detect_language(text, accuracy="low") == "fr"
    assert detect_language(text, accuracy="high") == "fr"
    assert detect_language(text) == "fr"


def test_with_languages_on_seeds() -> None:
    from reader.corpus import default_corpus_path

    docs = load_corpus([default_corpus_path()], detect=False)
    detected = with_languages(docs)
    assert [d.language for d in detected] == ["en", "en", "en", "it", "fr"]
    assert [d.id for d in detected] == [d.id for d in docs]


def test_guess_language_for_segmentation() -> None:
    from reader.corpus.language import guess_language

    assert (
        guess_language("The mayor said that the plan is good for the city and its people.") == "en"
    )
    assert (
        guess_language("Il sindaco ha detto che il piano è buono per la città e per chi ci vive.")
        == "it"
    )
    assert (
        guess_language("Le maire a dit que le plan est bon pour la ville et pour les habitants.")
        == "fr"
    )
    assert (
        guess_language(
            "Der Bürgermeister sagte, dass der Plan für die Stadt und die Menschen gut ist."
        )
        == "de"
    )
    assert (
        guess_language("El alcalde dijo que el plan es bueno para la ciudad y para los vecinos.")
        == "es"
    )
    assert guess_language("TikTok Meta Axios") is None
    assert (
        guess_language("The mayor said that the plan is good for the city.", ("it", "fr")) is None
    )


def test_sentences_do_not_depend_on_detection() -> None:
    from reader.corpus import default_corpus_path, load_document

    for path in sorted(default_corpus_path().glob("*.txt")):
        assert load_document(path).sentences == load_document(path, detect=False).sentences


# --- languages outside the configured set ---------------------------------------------------

PORTUGUESE = (
    "O governo aprovou ontem o novo orçamento depois de um longo debate no parlamento. "
    "Os sindicatos anunciaram uma greve para a próxima semana, segundo o ministro das "
    "finanças, que falou aos jornalistas à saída da reunião."
)
DUTCH = (
    "De regering heeft gisteren de nieuwe begroting goedgekeurd na een lang debat in het "
    "parlement. De vakbonden kondigden een staking aan voor volgende week, aldus de minister."
)


def test_a_language_outside_the_set_is_other() -> None:
    from reader.corpus.language import identify_language

    found = identify_language(PORTUGUESE)
    assert found.language is None and found.other == "pt"  # not forced into "es"
    assert detect_language(PORTUGUESE) is None
    assert identify_language(DUTCH).other == "nl"
    assert identify_language(PORTUGUESE, ("en", "pt")).language == "pt"


def test_documents_outside_the_set(tmp_path: Path) -> None:
    from reader.cli import main
    from reader.view.article import meta_line
    from reader.view.listing import Slot

    path = tmp_path / "pt.txt"
    path.write_text("Orçamento aprovado\n\n" + PORTUGUESE + "\n", encoding="utf-8")
    doc = load_corpus([path])[0]
    assert doc.language is None and doc.other_language == "pt"
    assert "other (pt?)" in meta_line(doc)
    assert Slot(path, doc).badge == "pt"
    assert main(["list", str(path)]) == 0


def test_seeds_stay_in_the_set() -> None:
    from reader.corpus import default_corpus_path

    docs = load_corpus([default_corpus_path()])
    assert [(d.language, d.other_language) for d in docs] == [
        ("en", None), ("en", None), ("en", None), ("it", None), ("fr", None)
    ]


def test_unknown_language_code_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import main

    assert main(["list", "--languages", "en,xx"]) == 2
    err = capsys.readouterr().err
    assert "unknown language 'xx'" in err
    assert main(["--languages", "zz"]) == 2
    assert main(["list", "--languages", "en,pt", "--format", "json", "--no-groups"]) == 0
