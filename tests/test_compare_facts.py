"""reader.compare.facts: numbers, dates, names, polarity and quotes compared as facts,
in each of en / it / fr / de / es — differences that must be found, and faithful
translations (real sentence pairs of the seeds and of the development data in
shared/bench) that must produce none."""

from __future__ import annotations

import pytest

from reader.compare.facts import Fact, FactDifference, compare_facts, extract


def diffs(a: str, b: str, la: str, lb: str, kind: str | None = None) -> list[FactDifference]:
    found = compare_facts(a, b, la, lb)
    return [d for d in found if kind is None or d.kind == kind]


def reasons(a: str, b: str, la: str, lb: str) -> list[str]:
    return [d.reason(la.upper(), lb.upper()) for d in compare_facts(a, b, la, lb)]


def facts(text: str, language: str, kind: str) -> list[Fact]:
    return [f for f in extract(text, language) if f.kind == kind]


# --------------------------------------------------------------------------- API


def test_facts_point_at_the_words_of_the_text() -> None:
    text = "Il a vu vingt et un chevaux le 17 décembre 2004 à Genève."
    for fact in extract(text, "fr"):
        assert text[fact.start : fact.end] == fact.text
    kinds = {(f.kind, f.text, f.value) for f in extract(text, "fr")}
    assert ("number", "vingt et un", "21") in kinds
    assert ("date", "17 décembre 2004", "2004-12-17") in kinds
    assert ("name", "Genève", "geneve") in kinds


def test_reason_names_both_sides_or_the_side_lacking() -> None:
    assert reasons("It costs 420 francs.", "Cela coûte 520 francs.", "en", "fr") == [
        "number: EN 420 francs · FR 520 francs"
    ]
    (d,) = diffs("Bianchi met Carlo Conti today.", "Bianchi a vu aujourd'hui.", "en", "fr")
    assert d.reason("EN", "FR") == "name: EN Carlo Conti has no counterpart in FR"
    assert d.a and not d.b and not d.substitution


def test_unknown_language_still_compares_digits_dates_and_names() -> None:
    assert diffs("Le 17.12.2004: 420 CHF", "Am 18.12.2004: 520 CHF", None, None)  # type: ignore[arg-type]
    assert not compare_facts("Berlin, 17.12.2004: 420", "Berlin, 17.12.2004: 420", None, None)


# --------------------------------------------------------------------------- numbers

SIX = {"en": "six", "it": "sei", "fr": "six", "de": "sechs", "es": "seis"}
TEN = {"en": "ten", "it": "dieci", "fr": "dix", "de": "zehn", "es": "diez"}
MINUTES = {
    "en": "A bus leaves every {} minutes.",
    "it": "Un autobus parte ogni {} minuti.",
    "fr": "Un bus part toutes les {} minutes.",
    "de": "Ein Bus fährt alle {} Minuten.",
    "es": "Un autobús sale cada {} minutos.",
}


@pytest.mark.parametrize("lang", ["en", "it", "fr", "de", "es"])
def test_a_number_in_words_equals_its_digits_in_every_language(lang: str) -> None:
    words = MINUTES[lang].format(SIX[lang])
    for other in ("en", "it", "fr", "de", "es"):
        assert not diffs(words, MINUTES[other].format("6"), lang, other, "number")
        assert not diffs(words, MINUTES[other].format(SIX[other]), lang, other, "number")


@pytest.mark.parametrize("lang", ["en", "it", "fr", "de", "es"])
def test_another_number_in_words_is_flagged_on_both_sides(lang: str) -> None:
    other = "fr" if lang != "fr" else "en"
    (d,) = diffs(MINUTES[lang].format(SIX[lang]), MINUTES[other].format(TEN[other]), lang, other)
    assert d.kind == "number" and d.substitution
    assert (d.a[0].value, d.b[0].value) == ("6", "10")
    assert d.a[0].text == SIX[lang] and d.b[0].text == TEN[other]


def test_six_against_dix_reads_as_a_number_change() -> None:
    assert reasons("every six minutes", "toutes les dix minutes", "en", "fr") == [
        "number: EN six (6) · FR dix (10)"
    ]


@pytest.mark.parametrize(
    ("a", "la", "b", "lb"),
    [
        ("1,000 people", "en", "1.000 persone", "it"),
        ("1,000 people", "en", "1 000 personnes", "fr"),
        ("1,000 people", "en", "1\u202f000 personnes", "fr"),
        ("1,000 people", "en", "1'000 Leute", "de"),
        ("3.5 kilometres", "en", "3,5 chilometri", "it"),
        ("5 % of them", "fr", "5 per cent of them", "en"),
        ("5 % of them", "fr", "il cinque per cento", "it"),
        ("5 Prozent", "de", "el 5 por ciento", "es"),
        ("CHF 1.5 million", "en", "1,5 Mio. Franken", "de"),
        ("CHF 1.5 million", "en", "1,5 millions de francs", "fr"),
        ("€3bn", "en", "3 milliards d'euros", "fr"),
        ("3 billion", "en", "3 miliardi", "it"),
        ("3 billion", "en", "3 Milliarden", "de"),
        ("3 billion", "en", "3 mil millones", "es"),
        ("1.5 million", "en", "1500000", "en"),
        ("the 3rd time", "en", "la 3e fois", "fr"),
        ("the 3rd time", "en", "la 3ème fois", "fr"),
        ("the 3rd time", "en", "la 3° volta", "it"),
        ("at 3 pm", "en", "um 15 Uhr", "de"),
        ("at 10:30", "en", "à 10h30", "fr"),
        ("at 10:30", "en", "alle 10.30 ore", "it"),
        ("sechs Millionen", "de", "6 million", "en"),
        ("vingt et un", "fr", "21", "en"),
        ("einundzwanzig", "de", "veintiuno", "es"),
    ],
)
def test_one_value_in_many_spellings(a: str, la: str, b: str, lb: str) -> None:
    assert not diffs(a, b, la, lb, "number"), reasons(a, b, la, lb)


def test_billion_is_a_thousand_millions_only_in_english() -> None:
    assert diffs("3 billion", "3 Billionen", "en", "de", "number")
    assert not diffs("3 Billionen", "3000 milliards", "de", "fr", "number")


def test_currency_changed_for_the_same_amount() -> None:
    (d,) = diffs("It costs CHF 1.5 million.", "Es kostet 1,5 Mio. Euro.", "en", "de")
    assert (d.a[0].unit, d.b[0].unit) == ("CHF", "EUR")


@pytest.mark.parametrize(
    ("a", "la", "b", "lb"),
    [
        ("A man came in.", "en", "Un homme est entré.", "fr"),
        ("A study found that.", "en", "Uno studio lo ha scoperto.", "it"),
        ("A man came in.", "en", "Ein Mann kam herein.", "de"),
        ("A man came in.", "en", "Un hombre entró.", "es"),
        ("You are here.", "en", "Tu sei qui.", "it"),
        ("According to the report.", "en", "Secondo il rapporto.", "it"),
        ("A new house.", "en", "Une maison neuve.", "fr"),
        ("One of them left.", "en", "L'un d'eux est parti.", "fr"),
    ],
)
def test_articles_and_look_alikes_are_not_the_number_one(a: str, la: str, b: str, lb: str) -> None:
    assert not diffs(a, b, la, lb, "number"), reasons(a, b, la, lb)


def test_an_article_counts_as_one_against_another_number_in_its_place() -> None:
    # "un" stands for 1 only when the other side has a number there
    assert reasons("Zwei Männer kamen.", "Un homme est venu.", "de", "fr") == [
        "number: DE Zwei (2) · FR Un (1)"
    ]
    assert not diffs("One man came.", "Un homme est venu.", "en", "fr")
    weak = facts("Un homme est venu.", "fr", "number")
    assert [(f.text, f.weak) for f in weak] == [("Un", True)]


def test_a_digit_with_no_counterpart_is_reported_a_small_word_is_not() -> None:
    (d,) = diffs("In 2004, 420 people came.", "In 2004 kamen Leute.", "en", "de")
    assert d.a[0].value == "420" and not d.b
    # "à quatre pattes" / "on all fours": idioms with small numbers in words
    assert not diffs(
        "Nirgends hatte es sich auf allen Vieren bewegt.",
        "Nulle part elle n'avait marché à quatre pattes.",
        "de",
        "fr",
    )


# --------------------------------------------------------------------------- dates

DATES = {
    "fr": "Le 17 décembre 2004, le traité a été signé.",
    "en": "On December 17, 2004, the treaty was signed.",
    "it": "Il 17 dicembre 2004 il trattato è stato firmato.",
    "de": "Am 17. Dezember 2004 wurde der Vertrag unterzeichnet.",
    "es": "El 17 de diciembre de 2004 se firmó el tratado.",
}


@pytest.mark.parametrize("lang", sorted(DATES))
def test_one_date_in_five_languages(lang: str) -> None:
    (fact,) = facts(DATES[lang], lang, "date")
    assert fact.value == "2004-12-17"
    for other in DATES:
        assert not compare_facts(DATES[lang], DATES[other], lang, other)
    assert not compare_facts(DATES[lang], "Signed on 17.12.2004.", lang, "en")


@pytest.mark.parametrize("lang", sorted(DATES))
@pytest.mark.parametrize("changed", ["18 December 2004", "17 November 2004", "17 December 2005"])
def test_a_changed_day_month_or_year_is_a_date_difference(lang: str, changed: str) -> None:
    found = compare_facts(DATES[lang], f"The treaty was signed on {changed}.", lang, "en")
    assert [d.kind for d in found] == ["date"]  # the day and the year are not also numbers
    assert found[0].substitution


def test_date_reason() -> None:
    assert reasons("On 17 December 2004.", "Il 18 dicembre 2004.", "en", "it") == [
        "date: EN 17 December 2004 · IT 18 dicembre 2004"
    ]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("in September 2023", "en", "2023-09"),
        ("the month of April, 1625, was", "en", "1625-04"),
        ("nel settembre 2023", "it", "2023-09"),
        ("en septiembre de 2023", "es", "2023-09"),
        ("le 1er janvier", "fr", "--01-01"),
        ("il 1° gennaio", "it", "--01-01"),
        ("on March 1st", "en", "--03-01"),
        ("im Jänner", "de", "--01"),
        ("am 1. Jänner 2020", "de", "2020-01-01"),
        ("2004-12-17", "en", "2004-12-17"),
        ("12/17/2004", "en", "2004-12-17"),
        ("17/12/2004", "fr", "2004-12-17"),
        ("on Monday", "en", "-W-1"),
    ],
)
def test_partial_dates(text: str, lang: str, value: str) -> None:
    assert [f.value for f in facts(text, lang, "date")] == [value]


def test_a_changed_year_after_a_month_and_a_comma() -> None:
    (d,) = diffs(
        "In April, 1625, Meung was in uproar.", "En avril 1624, Meung était en émoi.", "en", "fr"
    )
    assert d.kind == "date" and (d.a[0].text, d.b[0].text) == ("April, 1625", "avril 1624")


def test_weekday_with_the_date_is_compared() -> None:
    a, b = "Friday, 17 December 2004", "samedi 17 décembre 2004"
    (d,) = diffs(a, b, "en", "fr")
    assert (d.kind, d.a[0].weekday, d.b[0].weekday) == ("date", 5, 6)
    assert not diffs(a, "vendredi 17 décembre 2004", "en", "fr")


def test_month_words_that_are_other_words_are_not_dates() -> None:
    assert not facts("You may go now.", "en", "date")
    assert not facts("Non è mai venuto.", "it", "date")
    assert facts("Il est venu en mai 2004.", "fr", "date")[0].value == "2004-05"


def test_a_year_alone_against_a_date() -> None:
    assert not diffs("in December 2004", "nel 2004", "en", "it")
    (d,) = diffs("in December 2004", "nel 2005", "en", "it")
    assert d.kind == "date" and d.b[0].kind == "number"


# --------------------------------------------------------------------------- names

SAID = {
    "en": "Councillor {} said the plan would be ready.",
    "fr": "La conseillère {} a dit que le plan serait prêt.",
    "it": "La consigliera {} ha detto che il piano sarebbe pronto.",
    "de": "Stadträtin {} sagte, der Plan sei bereit.",
    "es": "La concejala {} dijo que el plan estaría listo.",
}


@pytest.mark.parametrize("lang", sorted(SAID))
def test_a_different_person_in_the_same_place_is_flagged_on_both_sides(lang: str) -> None:
    other = "en" if lang != "en" else "fr"
    a = SAID[lang].format("Maria Bianchi")
    b = SAID[other].format("Giulia Rossi")
    (d,) = diffs(a, b, lang, other)
    assert d.kind == "name" and d.substitution
    assert (d.a[0].text, d.b[0].text) == ("Maria Bianchi", "Giulia Rossi")
    assert not diffs(a, SAID[other].format("Maria Bianchi"), lang, other)


def test_name_reason_from_the_issue() -> None:
    assert reasons(
        "Councillor Maria Bianchi said the plan was ready.",
        "La conseillère Giulia Rossi a dit que le plan était prêt.",
        "en",
        "fr",
    ) == ["name: EN Maria Bianchi · FR Giulia Rossi"]


def test_a_surname_alone_is_the_same_person() -> None:
    assert not diffs(
        "Maria Bianchi said no more.", "Mme Bianchi n'a rien dit de plus.", "en", "fr", "name"
    )
    assert diffs("Maria Bianchi said so.", "Maria Rossi l'a dit.", "en", "fr", "name")


@pytest.mark.parametrize("lang", sorted(SAID))
def test_the_same_surname_under_another_given_name_is_another_person(lang: str) -> None:
    other = "en" if lang != "en" else "it"
    a = SAID[lang].format("Albert Rösti")
    (d,) = diffs(a, SAID[other].format("Markus Rösti"), lang, other)
    assert d.kind == "name" and d.substitution
    assert (d.a[0].text, d.b[0].text) == ("Albert Rösti", "Markus Rösti")
    # an initial, a given name spelled alike, the surname alone: the same person
    for same in ("A. Rösti", "Albertus Rösti", "Rösti", "Albert Rösti"):
        assert not diffs(a, SAID[other].format(same), lang, other, "name"), same


@pytest.mark.parametrize("lang", sorted(SAID))
@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("Karin Keller-Sutter", "Karin Müller"),  # Karin is a town in Iran too
        ("Florence Martin", "Florence Dupont"),
        ("Victoria Beckham", "Victoria Adams"),
    ],
)
def test_a_given_name_that_is_also_a_place_does_not_make_two_persons_one(
    lang: str, name: str, other: str
) -> None:
    to = "en" if lang != "en" else "fr"
    (d,) = diffs(SAID[lang].format(name), SAID[to].format(other), lang, to, "name")
    assert d.substitution and (d.a[0].text, d.b[0].text) == (name, other)


@pytest.mark.parametrize("lang", sorted(SAID))
@pytest.mark.parametrize("same", ["Karin Keller-Sutter", "Karin Keller Sutter", "Keller-Sutter"])
def test_a_hyphenated_surname_written_otherwise_is_the_same_person(lang: str, same: str) -> None:
    to = "en" if lang != "en" else "fr"
    a = SAID[lang].format("Karin Keller-Sutter")
    assert not diffs(a, SAID[to].format(same), lang, to, "name"), same


def test_a_capital_letter_after_a_name_is_an_initial_only_with_a_full_stop() -> None:
    assert [f.text for f in facts("Contact: Maria Bianchi T +41 58 462 96 88", "en", "name")] == [
        "Maria Bianchi"
    ]
    assert "John F. Kennedy" in [f.text for f in facts("Signed by John F. Kennedy.", "en", "name")]


def test_a_legal_form_does_not_make_two_companies_one() -> None:
    (d,) = diffs(
        "The prize went to Biketec AG, Kirchberg.",
        "Il premio è andato alla Velotec AG, Kirchberg.",
        "en",
        "it",
        "name",
    )
    assert (d.a[0].text, d.b[0].text) == ("Biketec AG", "Velotec AG")
    assert not diffs(
        "The prize went to Biketec AG.", "Il premio è andato alla Biketec AG.", "en", "it"
    )
    assert not diffs("Nestlé SA grew.", "Nestlé est en croissance.", "en", "fr", "name")


@pytest.mark.parametrize(
    ("a", "la", "b", "lb"),
    [
        ("He lives in Zürich.", "en", "Il habite à Zurich.", "fr"),
        ("The talks in Geneva.", "en", "Les pourparlers de Genève.", "fr"),
        ("The talks in Geneva.", "en", "I colloqui di Ginevra.", "it"),
        ("The talks in Geneva.", "en", "Die Gespräche in Genf.", "de"),
        ("The talks in Geneva.", "en", "Las conversaciones de Ginebra.", "es"),
        ("Switzerland and Germany.", "en", "La Suisse et l'Allemagne.", "fr"),
        ("Switzerland and Germany.", "en", "La Svizzera e la Germania.", "it"),
        ("Switzerland and Germany.", "en", "Die Schweiz und Deutschland.", "de"),
        ("Switzerland and Germany.", "en", "Suiza y Alemania.", "es"),
        ("Parliament met in Bern.", "en", "Le Parlement s'est réuni à Berne.", "fr"),
        ("Parliament met in Bern.", "en", "Il Parlamento si è riunito a Berna.", "it"),
        ("Turkey and the Netherlands.", "en", "Die Türkei und die Niederlande.", "de"),
        ("The canton of Ticino.", "en", "Le canton du Tessin.", "fr"),
        ("In St. Gallen.", "en", "À Saint-Gall.", "fr"),
        ("The EU decided.", "en", "L'UE a décidé.", "fr"),
    ],
)
def test_exonyms_accents_and_case_are_one_name(a: str, la: str, b: str, lb: str) -> None:
    assert not diffs(a, b, la, lb, "name"), reasons(a, b, la, lb)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Federal Council decided.", "en"),
        ("Le Conseil fédéral a décidé.", "fr"),
        ("Il Consiglio federale ha deciso.", "it"),
        ("Der Bundesrat hat entschieden.", "de"),
        ("El Consejo Federal decidió.", "es"),
    ],
)
def test_translated_institution_names_are_not_substitutions(text: str, lang: str) -> None:
    for other, other_text in (
        ("en", "The Federal Council decided."),
        ("fr", "Le Conseil fédéral a décidé."),
        ("de", "Der Bundesrat hat entschieden."),
    ):
        assert not diffs(text, other_text, lang, other, "name"), reasons(
            text, other_text, lang, other
        )


def test_a_different_place_is_flagged() -> None:
    (d,) = diffs(
        "The talks were held in Geneva.", "Les pourparlers ont eu lieu à Lausanne.", "en", "fr"
    )
    assert (d.kind, d.a[0].text, d.b[0].text) == ("name", "Geneva", "Lausanne")


def test_german_nouns_are_not_names() -> None:
    text = (
        "Die Energieversorgung der Schweiz hängt zu über 70 Prozent vom Import fossiler "
        "Brenn- und Treibstoffe sowie von Kernbrennstoffen aus dem Ausland ab."
    )
    names = facts(text, "de", "name")
    assert [(n.text, n.weak) for n in names if not n.weak] == [("Schweiz", False)]


# --------------------------------------------------------------------------- polarity

NEGATED = {
    "en": ("The plan was approved.", "The plan was not approved.", "not"),
    "it": ("Il piano è stato approvato.", "Il piano non è stato approvato.", "non"),
    "fr": ("Le plan a été approuvé.", "Le plan n'a pas été approuvé.", "n'a pas"),
    "de": ("Der Plan wurde genehmigt.", "Der Plan wurde nicht genehmigt.", "nicht"),
    "es": ("El plan fue aprobado.", "El plan no fue aprobado.", "no"),
}


@pytest.mark.parametrize("lang", sorted(NEGATED))
def test_one_side_negated(lang: str) -> None:
    plain, negated, cue = NEGATED[lang]
    other = "en" if lang != "en" else "it"
    (d,) = diffs(NEGATED[other][0], negated, other, lang)
    assert d.kind == "polarity" and not d.a and d.b[0].text == cue
    assert not diffs(NEGATED[other][1], negated, other, lang)
    assert not diffs(NEGATED[other][0], plain, other, lang)


def test_polarity_reason() -> None:
    assert reasons("The plan was approved.", "Il piano non è stato approvato.", "en", "it") == [
        "polarity: IT negates (“non”), EN does not"
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Not only the price but also the date changed.", "en"),
        ("He will answer no later than May.", "en"),
        ("Non solo il prezzo ma anche la data.", "it"),
        ("Non appena arrivato, ha parlato.", "it"),
        ("La cosa più strana che abbia mai visto.", "it"),
        ("Il ne reste que deux jours.", "fr"),
        ("Non seulement le prix, mais aussi la date.", "fr"),
        ("Avant qu'il ne parte, il a parlé.", "fr"),
        ("Nicht nur der Preis, sondern auch das Datum.", "de"),
        ("Nicht zuletzt wegen des Preises.", "de"),
        ("No sólo el precio sino también la fecha.", "es"),
        ("No obstante, el plan sigue.", "es"),
    ],
)
def test_restrictions_and_set_phrases_are_not_negations(text: str, lang: str) -> None:
    assert not facts(text, lang, "negation"), facts(text, lang, "negation")


@pytest.mark.parametrize(
    ("text", "lang", "cues"),
    [
        ("Non è mai venuto nessuno.", "it", 1),
        ("Il n'a jamais rien dit.", "fr", 1),
        ("No vino nunca nadie.", "es", 1),
        ("Er kam nie, und sie rief nicht an.", "de", 2),
        ("Nobody came, and he never called.", "en", 2),
    ],
)
def test_negative_concord_is_one_negation_per_clause(text: str, lang: str, cues: int) -> None:
    assert len(facts(text, lang, "negation")) == cues


# two clauses, the second negated; the words of the first, and them negated
TWO_CLAUSES = {
    "en": "The office is open and the portal cannot process the case.|is open|is not open",
    "it": "L'ufficio è aperto e il portale non può trattare il caso.|è aperto|non è aperto",
    "fr": "Le bureau est ouvert et le portail ne peut pas traiter le cas.|est ouvert|"
    "n'est pas ouvert",
    "de": "Das Büro ist offen und das Portal kann den Fall nicht bearbeiten.|ist offen|"
    "ist nicht offen",
    "es": "La oficina está abierta y el portal no puede tratar el caso.|está abierta|"
    "no está abierta",
}


def _both_negated(lang: str) -> tuple[str, str]:
    """The sentence as it is, and with its first clause negated too."""
    plain, words, negated = TWO_CLAUSES[lang].split("|")
    return plain, plain.replace(words, negated, 1)


@pytest.mark.parametrize("lang", sorted(TWO_CLAUSES))
def test_one_clause_negated_more_when_both_sides_negate(lang: str) -> None:
    other = "en" if lang != "en" else "fr"
    plain, both = _both_negated(lang)
    other_plain, other_both = _both_negated(other)
    (d,) = diffs(other_plain, both, other, lang, "polarity")
    assert not d.a and len(d.b) == 1 and d.b[0].start < len(both) / 2  # the first clause
    assert not diffs(other_both, both, other, lang, "polarity")
    assert not diffs(other_plain, plain, other, lang, "polarity")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("No, sire, he has not seen it.", "Non, Sire, il ne l'a pas vu."),  # an answer
        ("Nobody came, and he did not wait.", "Personne n'est venu, et il n'a pas attendu."),
        ("Nobody came, and he did not wait.", "Il n'est venu personne, et il n'a pas attendu."),
        ("He had found nothing, nothing at all.", "Il n'avait rien trouvé, rien du tout."),
    ],
)
def test_n_words_and_answers_do_not_count_as_negated_clauses(a: str, b: str) -> None:
    assert not diffs(a, b, "en", "fr", "polarity"), reasons(a, b, "en", "fr")


def test_a_second_negation_in_one_clause_is_a_second_negated_clause() -> None:
    text = "Il savait que ce n'était pas là qu'elle n'avait pas écrit la lettre."
    assert len(facts(text, "fr", "negation")) == 2
    assert len(facts("As if not sure of the house she was not seeking.", "en", "negation")) == 2


def test_a_negation_rendered_as_without_is_not_a_polarity_change() -> None:
    assert not diffs(
        "He left without any hope.", "Il est parti sans aucun espoir.", "en", "fr", "polarity"
    )


# --------------------------------------------------------------------------- quotes

QUOTED = {
    "en": "“We will not give up,” said Maria Bianchi.",
    "fr": "« Nous n'abandonnerons pas », a déclaré Maria Bianchi.",
    "it": "«Non ci arrenderemo», ha detto Maria Bianchi.",
    "de": "„Wir geben nicht auf“, sagte Maria Bianchi.",
    "es": '"No nos rendiremos", dijo Maria Bianchi.',
}


@pytest.mark.parametrize("lang", sorted(QUOTED))
def test_quotes_and_their_speakers(lang: str) -> None:
    (q,) = facts(QUOTED[lang], lang, "quote")
    assert q.speaker == "Maria Bianchi"
    assert QUOTED[lang][q.speaker_start : q.speaker_end] == "Maria Bianchi"
    for other in QUOTED:
        assert not diffs(QUOTED[lang], QUOTED[other], lang, other)


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        ("According to Smith, “this is over now”.", "en", "Smith"),
        ("Selon Dupont, « c'est terminé maintenant ».", "fr", "Dupont"),
        ("Secondo Bianchi, «è finita adesso».", "it", "Bianchi"),
        ("Laut Doris Leuthard ist „das jetzt vorbei“.", "de", "Doris Leuthard"),
        ("Según García, «esto ya ha terminado».", "es", "García"),
    ],
)
def test_attributions(text: str, lang: str, speaker: str) -> None:
    (q,) = facts(text, lang, "quote")
    assert q.speaker == speaker


def test_a_quote_attributed_to_someone_else() -> None:
    a = "“We will not give up,” said Smith."
    b = "« Nous n'abandonnerons pas », a déclaré Dupont."
    found = diffs(a, b, "en", "fr", "quote")
    assert [d.reason("EN", "FR") for d in found] == ["quote attributed to EN Smith · FR Dupont"]


def test_a_quote_with_no_counterpart() -> None:
    a = "The minister said: “We will never accept this agreement.” The talks ended."
    b = "Les discussions se sont terminées."
    (d,) = diffs(a, b, "en", "fr", "quote")
    assert not d.b and d.reason("EN", "FR").startswith("quote: EN “We will never accept")


def test_quoted_terms_and_dialogue_typography_are_not_missing_quotes() -> None:
    assert not diffs("an Uno “Reverse” card", "une carte Uno Reverse", "en", "fr", "quote")
    # French books open dialogue with a dash; direct speech without marks has a verb
    assert not diffs(
        '"It appears that our journey was a remounting journey, then?"',
        "-- Il paraît que notre voyage était un voyage de remonte?",
        "en",
        "fr",
    )
    assert not diffs(
        '" All this was indispensably necessary , " replied the doctor .',
        "Tout cela était indispensable , répliquait le docteur .",
        "en",
        "fr",
        "quote",
    )


# --------------------------------------------------------------------------- faithful pairs

FAITHFUL = [
    # seeds 001 | 003 (EN | IT)
    (
        "As reported by Axios, TikTok has posted a number of new job advertisements referring to "
        "social networking components that it’s looking for to develop.",
        "en",
        "Come riportato da Axios, TikTok ha pubblicato diversi nuovi annunci di lavoro relativi a "
        "elementi di social networking che intende sviluppare.",
        "it",
    ),
    (
        "There’s not a lot to go on as but, but it surely does seem to be TikTok shall be wading "
        "into new territory.",
        "en",
        "Non c’è ancora molto su cui basarsi, ma sembra che TikTok si addentrerà in un nuovo "
        "territorio.",
        "it",
    ),
    # seeds 002 | 004 (EN | FR)
    (
        "According to Axios, the company has recently advertised job openings.",
        "en",
        "Comme découvert par Axios, l’entreprise a publié des offres d’emploi.",
        "fr",
    ),
    (
        "As competing platforms like Instagram integrate more TikTok-like features, it seems "
        "logical.",
        "en",
        "Alors que les plateformes concurrentes comme Instagram intègrent davantage de "
        "fonctionnalités à la TikTok, cela semble logique.",
        "fr",
    ),
    # REFreSD (equivalent)
    (
        "This was not the first solo flight by a woman in Germany; the Frenchwoman Sophie "
        "Blanchard had previously made a flight in September 1810, starting from Frankfurt.",
        "en",
        "Ce n'est pas le premier vol en solo par une femme en Allemagne, la Française Sophie "
        "Blanchard avait déjà fait un vol en septembre 1810, partant de Francfort.",
        "fr",
    ),
    (
        "The Rolls-Royce 30 hp was one of four cars to be produced as a result of an agreement of "
        "23 December 1904 between Charles Rolls and Henry Royce.",
        "en",
        "La Rolls-Royce 30 HP est l'un des quatre véhicules devant être produits à la suite d'un "
        "accord du 23 décembre 1904 entre Charles Rolls et Henry Royce.",
        "fr",
    ),
    # SwissGov-RSD dev
    (
        "Simonetta Sommaruga took over as head of the Federal Department of the Environment, "
        "Transport, Energy and Communications DETEC on 1 January 2019.",
        "en",
        "Le 1er janvier 2019, Simonetta Sommaruga a repris la direction du Département fédéral de "
        "l’environnement, des transports, de l’énergie et de la communication (DETEC).",
        "fr",
    ),
    (
        "At its meeting on 25 May 2022, the Federal Council enacted the partially revised "
        "Ordinance on Political Rights (PoRO).",
        "en",
        "À sa séance du 25 mai 2022, le Conseil fédéral a arrêté la mise en vigueur du projet de "
        "révision partielle de l’ordonnance sur les droits politiques (ODP).",
        "fr",
    ),
    (
        "Since 1 September 2021, light sources must be declared with the new energy label.",
        "en",
        "Dal 1° settembre 2021, le sorgenti luminose devono essere dichiarate con la nuova "
        "etichettaEnergia.",
        "it",
    ),
    (
        "In June 2021, the Federal Council has adopted the Federal Act on a Secure Electricity "
        "Supply with Renewable Energies.",
        "en",
        "Nel giugno 2021 il Consiglio federale ha adottato il messaggio concernente la legge "
        "federale su un approvvigionamento elettrico sicuro con le energie rinnovabili.",
        "it",
    ),
    (
        "Within Horizon Europe, Switzerland has so far recorded 1144 project participations and "
        "funding commitments amounting to CHF 564 million (as of October 2023).",
        "en",
        "Im Rahmen von Horizon Europe verzeichnet die Schweiz bisher 1144 Projektbeteiligungen und "
        "Förderzusagen in der Höhe von 564 Millionen Franken (Stand Oktober 2023).",
        "de",
    ),
    (
        "The basic licence is valid for conducting online voting for a limited section of the "
        "electorate up to and including the popular vote held on 8 March 2026.",
        "en",
        "Die Grundbewilligung gilt für ein limitiertes Elektorat bis und mit der Abstimmung vom "
        "8. März 2026.",
        "de",
    ),
    (
        "In April 2021 the Federal Council approved a further site in Eastern Switzerland as the "
        "sixth component of the Swiss Innovation Park network.",
        "en",
        "Im April 2021 genehmigte der Bundesrat die Aufnahme des Innovationsparks Ost als sechsten "
        "Standortträger in das Gesamtnetzwerk Schweizerischer Innovationspark.",
        "de",
    ),
    # Text+Berg de-fr dev
    (
        "Diesem schwer zugänglichen Massiv galt die erste Expedition des Ehepaares Visser-Hooft im "
        "Jahre 1922 .",
        "de",
        "Ce massif d' approche difficile fut l' objectif de la première expédition du couple "
        "Visser-Hooft en 1922 .",
        "fr",
    ),
    (
        "3. Die Expedition hat alle Reisekosten des Verbindungsoffiziers von und nach Kathmandu zu "
        "tragen .",
        "de",
        "3. Tous les frais de voyage de l' officier de liaison , à partir de Kathmandou et retour "
        "sont à la charge de l' expédition .",
        "fr",
    ),
    # OPUS Books val
    (
        "Halliford and Shepperton are both pretty little spots where they touch the river; but "
        "there is nothing remarkable about either of them.",
        "en",
        "Halliford e Shepperton sono veramente graziosi dove toccano la riva; ma nè l’uno nè "
        "l’altro hanno nulla di notevole.",
        "it",
    ),
    (
        '"To your Eminence!" murmured Bonacieux, rolling his eyes round in astonishment.',
        "en",
        "«À Votre Éminence!» murmurait Bonacieux en roulant des yeux égarés.",
        "fr",
    ),
    (
        "Le 18.--Il plut toute la journée, et je ne sortis pas.",
        "fr",
        "18. Piovve tutto giorno, nè per conseguenza mi mossi punto di casa.",
        "it",
    ),
    # TransRead dev
    (
        "Candide gave two thousand piastres to Pacquette , and a thousand to Friar Giroflee , "
        'saying , " I will answer that this will make them happy . "',
        "en",
        "Candide donna deux mille piastres à Paquette , et mille piastres à frère Giroflée . Je "
        "vous réponds , dit-il , qu' avec cela ils seront heureux .",
        "fr",
    ),
    (
        "But then , ' thought Alice , ' shall I never get any older than I am now ?",
        "en",
        '" Mais alors , " pensa Alice , " ne serai-je donc jamais plus vieille que je ne le suis '
        "maintenant ?",
        "fr",
    ),
]


@pytest.mark.parametrize(("a", "la", "b", "lb"), FAITHFUL)
def test_faithful_translations_have_no_fact_differences(a: str, la: str, b: str, lb: str) -> None:
    assert not compare_facts(a, b, la, lb), reasons(a, b, la, lb)
    assert not compare_facts(b, a, lb, la), reasons(b, a, lb, la)


INJECTED = [
    # (pair index in FAITHFUL, side, old, new, kind of difference expected)
    (10, "b", "1144", "1244", "number"),
    (10, "b", "564 Millionen", "546 Millionen", "number"),
    (6, "b", "1er janvier 2019", "1er février 2019", "date"),
    (6, "b", "Simonetta Sommaruga", "Doris Leuthard", "name"),
    (4, "b", "Sophie Blanchard", "Sophie Durand", "name"),
    (13, "b", "1922", "1923", "number"),
    (12, "a", "sixth", "seventh", "number"),
    (8, "b", "devono essere", "non devono essere", "polarity"),
    (11, "b", "gilt", "gilt nicht", "polarity"),
    (3, "b", "cela semble logique", "cela ne semble pas logique", "polarity"),
    (8, "a", "2021", "2020", "date"),
    (1, "a", "TikTok", "Snapchat", "name"),
]


@pytest.mark.parametrize(("index", "side", "old", "new", "kind"), INJECTED)
def test_an_edit_injected_into_a_faithful_pair_is_found(
    index: int, side: str, old: str, new: str, kind: str
) -> None:
    a, la, b, lb = FAITHFUL[index]
    if side == "a":
        assert old in a
        a = a.replace(old, new, 1)
        start = a.index(new)
    else:
        assert old in b
        b = b.replace(old, new, 1)
        start = b.index(new)
    found = [d for d in compare_facts(a, b, la, lb) if d.kind == kind]
    assert found, reasons(a, b, la, lb)
    mine = found[0].a if side == "a" else found[0].b
    if kind == "polarity":
        assert mine
    else:
        assert any(f.start < start + len(new) and start < f.end for f in mine)
