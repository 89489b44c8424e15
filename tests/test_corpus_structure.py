"""Structure on made-up articles: paragraphs, title, dek, date, boilerplate."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.corpus.loader import parse_text
from reader.corpus.model import Paragraph
from reader.corpus.structure import analyse, marker_kind, parse_date, split_blocks


def _kinds(text: str) -> list[tuple[str, str]]:
    paragraphs, *_ = parse_text(text)
    return [(p.kind, p.text) for p in paragraphs]


def _parse(text: str) -> tuple[tuple[Paragraph, ...], str, str | None, str | None]:
    paragraphs, _, title, dek, date, _ = parse_text(text)
    return paragraphs, title, dek, date


IT = """Il Comune approva il nuovo piano per le piste ciclabili
Pubblicato il 12 settembre 2023
Il consiglio comunale ha approvato ieri sera il piano. Il dott. Rossi ha votato a favore.
La spesa prevista è di 1.500.000 euro, secondo l’assessore.
Articoli correlati
Nuove regole per i monopattini in città
Il sindaco incontra i commercianti
Lascia un commento
Il tuo indirizzo email non sarà pubblicato."""


def test_italian_article() -> None:
    paragraphs, title, dek, date = _parse(IT)
    assert title == "Il Comune approva il nuovo piano per le piste ciclabili"
    assert date == "2023-09-12"
    assert [p.kind for p in paragraphs] == [
        "title",
        "date",
        "body",
        "body",
        "boilerplate",
        "boilerplate",
        "boilerplate",
        "boilerplate",
        "boilerplate",
    ]


FR = """La SNCF annonce de nouveaux trains pour l’été

Publié le 3 mars 2024

La compagnie ferroviaire a présenté lundi son plan. M. Dupont, directeur, a parlé de « progrès ».

Les syndicats restent prudents. Ils attendent les détails du financement et des embauches.

À lire aussi

Grève : ce qui change jeudi

Laisser un commentaire

Votre adresse e-mail ne sera pas publiée."""


def test_french_article() -> None:
    paragraphs, title, _, date = _parse(FR)
    assert title == "La SNCF annonce de nouveaux trains pour l’été"
    assert date == "2024-03-03"
    marked = [p.text for p in paragraphs if p.boilerplate]
    assert marked == [
        "À lire aussi",
        "Grève : ce qui change jeudi",
        "Laisser un commentaire",
        "Votre adresse e-mail ne sera pas publiée.",
    ]


@pytest.mark.parametrize(
    ("text", "date", "marked"),
    [
        (
            "Die Bahn streicht Züge im Sommer\n\n12. September 2023\n\nDie Deutsche Bahn hat am "
            "Montag angekündigt, dass weniger Züge fahren.\n\nÄhnliche Beiträge\n\n"
            "Schreibe einen Kommentar",
            "2023-09-12",
            ["Ähnliche Beiträge", "Schreibe einen Kommentar"],
        ),
        (
            "El Gobierno presenta los presupuestos\n\nPublicado el 5 de mayo de 2023\n\n"
            "El Gobierno presentó ayer los presupuestos.\n\nArtículos relacionados\n\n"
            "Deja un comentario",
            "2023-05-05",
            ["Artículos relacionados", "Deja un comentario"],
        ),
    ],
    ids=["de", "es"],
)
def test_german_and_spanish(text: str, date: str, marked: list[str]) -> None:
    paragraphs, _, _, found = _parse(text)
    assert found == date
    assert [p.text for p in paragraphs if p.boilerplate] == marked


def test_mid_article_teaser_does_not_swallow_the_body() -> None:
    text = (
        "Council approves budget\n"
        "By Jane Doe | September 12, 2023\n"
        "The council approved the budget on Tuesday after a long debate about schools.\n"
        "Read more: Council to vote on budget\n"
        "The vote was 7 to 2. Opponents said the plan was too expensive.\n"
        "Critics are expected to appeal the decision in the coming weeks.\n"
        "Share this article"
    )
    kinds = _kinds(text)
    assert kinds[1] == ("date", "By Jane Doe | September 12, 2023")
    assert [k for k, _ in kinds] == [
        "title",
        "date",
        "body",
        "boilerplate",
        "body",
        "body",
        "boilerplate",
    ]
    assert parse_text(text)[4] == "2023-09-12"


def test_author_bio_after_read_more_marker() -> None:
    body = "The plan was approved after a debate that lasted most of the night. " * 3
    text = (
        f"A title for the story\n\n{body}\n\n{body}\n\n{body}\n\n"
        "Read more on Example News\n\n"
        "Journalist and editor. Writes about cities, transport and energy.\n\n"
        "Lives in Turin."
    )
    kinds = [k for k, _ in _kinds(text)]
    assert kinds == ["title", "body", "body", "body", "boilerplate", "boilerplate", "boilerplate"]


def test_tail_ends_at_a_long_paragraph() -> None:
    long = "This is a real paragraph of the article that continues the story at length. " * 8
    text = f"Title of it\n\nFirst. Second.\n\nThird.\n\nLeave a comment\n\nShort.\n\n{long}"
    kinds = [k for k, _ in _kinds(text)]
    assert kinds[-3:] == ["boilerplate", "boilerplate", "body"]


def test_marker_words_inside_prose_are_not_boilerplate() -> None:
    text = (
        "Readers were asked to leave a comment on the plan, and thousands did so within "
        "a day, according to the city council, which said it would read all of them."
    )
    assert marker_kind(text) is None
    assert marker_kind("Related posts") == "teaser"
    assert marker_kind("LEAVE A REPLY") == "tail"
    assert marker_kind("Leggi di più su Social Media Today") == "tail"
    assert marker_kind("Partager sur Facebook") == "self"


def test_glued_date_on_first_line() -> None:
    text = "date 2024-01 Un titre court. Une phrase de présentation.\n\nLe corps. Encore.\n\nFin."
    paragraphs, title, dek, date = _parse(text)
    assert date == "2024-01"
    assert paragraphs[0].kind == "date" and paragraphs[0].text == "date 2024-01"
    assert title == "Un titre court"
    assert dek == "Une phrase de présentation."


def test_sentence_opening_with_a_date_is_body() -> None:
    text = (
        "Budget news\n\nOn May 3, 2023, the company said its revenue grew by a third, "
        "helped by new customers in Europe and Asia.\n\nMore follows. And more."
    )
    paragraphs, _, _, date = _parse(text)
    assert date is None
    assert [p.kind for p in paragraphs][1] == "body"


def test_markdown_heading_and_wrapped_lines() -> None:
    text = (
        "# A Markdown title\n\n"
        "This paragraph is wrapped at a fixed width so that\n"
        "its lines continue in lower case on the next line.\n\n"
        "A second paragraph.\nA third one on its own line."
    )
    blocks = split_blocks(text)
    assert [text[s:e] for s, e in blocks][1].count("\n") == 1
    paragraphs, title, _, _ = _parse(text)
    assert title == "A Markdown title"
    assert paragraphs[0].text == "A Markdown title"
    assert len(paragraphs) == 4


def test_no_title_when_text_starts_with_prose() -> None:
    text = (
        "The council approved the budget on Tuesday after a long debate about schools.\n"
        "It was a long night.\nShort line here\nMore text follows here."
    )
    _, title, dek, _ = _parse(text)
    assert title == ""
    assert dek is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("September 12, 2023", "2023-09-12"),
        ("Sept. 1, 2023", "2023-09-01"),
        ("12 settembre 2023", "2023-09-12"),
        ("1er septembre 2023", "2023-09-01"),
        ("12 septembre 2023", "2023-09-12"),
        ("12. März 2024", "2024-03-12"),
        ("5 de mayo de 2023", "2023-05-05"),
        ("2023-09-12", "2023-09-12"),
        ("2023-09", "2023-09"),
        ("12/09/2023", "2023-09-12"),
        ("12.09.2023", "2023-09-12"),
        ("March 2024", "2024-03"),
        ("published 3 Dec 2021 at 10:00", "2021-12-03"),
        ("2023-13", None),
        ("no date here", None),
        ("the 1990s", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    found = parse_date(text)
    assert (found[0] if found else None) == iso


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from(
            [
                "Title line",
                "date 2023-09 ",
                "Leave a Reply",
                "Related posts",
                "A sentence. Another one.",
                "News",
                "\n",
                "\n\n",
                " ",
                "12 settembre 2023",
                "“quoted.”",
                "x" * 50,
            ]
        ),
        max_size=20,
    ).map("".join)
)
def test_structure_blocks_are_ordered_and_map_back(text: str) -> None:
    structure = analyse(text)
    previous = 0
    for block in structure.blocks:
        assert previous <= block.start < block.end <= len(text)
        chunk = text[block.start : block.end]
        assert chunk == chunk.strip()
        previous = block.end


def test_title_starting_with_a_date_stays_whole() -> None:
    text = (
        "March 2024: what changed for renters\n\nThe rules changed. Many renters noticed.\n\nMore."
    )
    paragraphs, title, _, date = _parse(text)
    assert title == "March 2024: what changed for renters"
    assert date is None
    assert paragraphs[0].kind == "title"


@pytest.mark.parametrize(
    "line",
    [
        "Más de 200 personas murieron en el accidente del domingo.",
        "More from the interview will be published on Monday morning.",
        "Partager les données est essentiel pour la recherche publique.",
        "Written by hand, the letter was found in a drawer last year.",
    ],
)
def test_prose_starting_like_a_label_is_not_a_marker(line: str) -> None:
    assert marker_kind(line) is None


def test_labels_are_markers() -> None:
    assert marker_kind("Más de El País") == "tail"
    assert marker_kind("Written by Jane Doe.") == "tail"
    assert marker_kind("Read more on Example News") == "tail"
    assert marker_kind("Your email address will not be published. Required fields are marked *")


def test_question_headline_set_apart_is_a_title() -> None:
    text = "Will TikTok replace Instagram?\n\nThe app is growing. Fast.\n\nMore.\n\nEven more."
    assert _parse(text)[1] == "Will TikTok replace Instagram?"
    # without a blank line after it, a question opening the text is prose
    text = "Why does it matter?\nThe app is growing. Fast.\nMore.\nEven more."
    assert _parse(text)[1] == ""


def test_title_with_an_acronym() -> None:
    text = "U.S. Stocks Rally as Inflation Cools\n\nStocks rose. Bonds fell.\n\nMore.\n\nEnd."
    assert _parse(text)[1] == "U.S. Stocks Rally as Inflation Cools"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("date 2023-09", "2023-09"),
        ("Published: 12 March 2023", "2023-03-12"),
        ("Pubblicato il 12 settembre 2023, 10:30", "2023-09-12"),
        ("12.09.2023", "2023-09-12"),
        ("By Jane Doe | May 3, 2023", None),  # a byline: says who, too
        ("Brussels, 14 March 2024", None),  # a dateline: says where
        ("On May 3, 2023, the company said it would grow.", None),
        ("The body of an article.", None),
    ],
)
def test_bare_date(line: str, expected: str | None) -> None:
    from reader.corpus.structure import bare_date

    assert bare_date(line) == expected
