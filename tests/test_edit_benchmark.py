"""benchmarks/edits.py: the edit injectors, the detection judge and the document builders."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

import pytest

from reader.compare.model import Cell, Comparison, Row, RowKind, Span
from reader.corpus.model import Document, Sentence

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> Iterator[tuple[ModuleType, ModuleType, ModuleType]]:
    from benchmarks import edit_inject, edit_judge, edits

    yield edit_inject, edit_judge, edits


def _rng() -> random.Random:
    return random.Random(7)


def _only(found: list[object], note: str | None = None) -> object:
    hits = [i for i in found if note is None or getattr(i, "note", None) == note]
    assert len(hits) == 1, hits
    return hits[0]


def _check_offsets(original: str, inj: object) -> None:
    """The edited stretch is where the injection says, and nothing else changed."""
    text, start, end, after = inj.text, inj.start, inj.end, inj.after  # type: ignore[attr-defined]
    if after:
        assert text[start:end] == after
    assert text[:start] == original[: len(text[:start])] or start == 0


# --- numbers ----------------------------------------------------------------------------


IT = "Nella Cancelleria federale sono impiegate circa 340 persone in 6 settori diversi."


@pytest.mark.parametrize(
    ("language", "sentence", "word"),
    [
        ("it", IT, "sei"),
        ("fr", "La Chancellerie fédérale compte 6 sections et 340 collaborateurs.", "six"),
        ("de", "Die Bundeskanzlei hat 6 Sektionen und 340 Mitarbeitende.", "sechs"),
        ("en", "The Federal Chancellery has 6 sections and 340 employees.", "six"),
        ("es", "La Cancillería federal tiene 6 secciones y 340 empleados.", "seis"),
    ],
)
def test_number_as_word_of_the_same_value(
    bench: tuple[ModuleType, ...], language: str, sentence: str, word: str
) -> None:
    inj_mod = bench[0]
    inj = _only(inj_mod.number_words(sentence, language, _rng()), "digits->word")
    assert inj.text == sentence.replace(" 6 ", f" {word} ")  # type: ignore[attr-defined]
    assert inj.text[inj.start : inj.end] == word  # type: ignore[attr-defined]
    assert inj.before == "6"  # type: ignore[attr-defined]


def test_number_word_back_to_digits_and_ambiguous_words_left_alone(
    bench: tuple[ModuleType, ...],
) -> None:
    inj_mod = bench[0]
    s = "Le Conseil fédéral a publié trois rapports sur le neuf bâtiment."
    inj = _only(inj_mod.number_words(s, "fr", _rng()))
    assert inj.text == "Le Conseil fédéral a publié 3 rapports sur le neuf bâtiment."  # type: ignore[attr-defined]
    # "sei" is also "you are": never read as six
    assert inj_mod.number_words("Tu sei qui da tre giorni.", "it", _rng())[0].before == "tre"


def test_number_word_of_another_value(bench: tuple[ModuleType, ...]) -> None:
    inj_mod = bench[0]
    words = {inj_mod.number_word(v, "it"): v for v in range(2, 21)}
    for seed in range(20):
        inj = _only(inj_mod.number_word_others(IT, "it", random.Random(seed)))
        new = inj.text[inj.start : inj.end]  # type: ignore[attr-defined]
        assert new in words and words[new] != 6
        assert inj.text == IT.replace(" 6 ", f" {new} ")  # type: ignore[attr-defined]


def test_number_changes_change_the_value_not_years_or_dates(bench: tuple[ModuleType, ...]) -> None:
    inj_mod = bench[0]
    s = "In 2019, 84 people and 8'756 staff met on 17.12.2004 for 1.5 hours."
    found = inj_mod.number_changes(s, "en", _rng())
    assert [i.before for i in found] == ["84", "8'756", "1.5"]
    by = {i.before: i for i in found}
    assert by["84"].after == "48"
    assert by["1.5"].after == "2.5"
    assert sorted(by["8'756"].after.replace("'", "")) == sorted("8756")
    assert by["8'756"].after != "8'756" and by["8'756"].after[1] == "'"
    for i in found:
        assert i.text[i.start : i.end] == i.after
        assert i.text.replace(i.after, i.before, 1) == s


def test_thousands_rewrites(bench: tuple[ModuleType, ...]) -> None:
    inj_mod = bench[0]
    found = inj_mod.thousands_rewrites(
        "Il y a 8'756 postes et 12500 visiteurs en 2022.", "fr", _rng()
    )
    assert [(i.before, i.after) for i in found] == [("8'756", "8756"), ("12500", "12'500")]


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "sentence", "date"),
    [
        ("it", "Il rapporto del 17 dicembre 2004 è pubblico.", (17, 12, 2004)),
        ("fr", "Le rapport du 17 décembre 2004 est public.", (17, 12, 2004)),
        ("de", "Der Bericht vom 17. Dezember 2004 ist öffentlich.", (17, 12, 2004)),
        ("en", "The report of December 17, 2004 is public.", (17, 12, 2004)),
        ("en", "The report (PDF, 17.12.2004) is public.", (17, 12, 2004)),
    ],
)
def test_date_changes_each_part(
    bench: tuple[ModuleType, ...], language: str, sentence: str, date: tuple[int, int, int]
) -> None:
    inj_mod = bench[0]
    [found] = inj_mod.dates(sentence, language)
    assert found.values == date
    edits = inj_mod.date_changes(sentence, language, _rng())
    assert [i.note for i in edits] == ["day", "month", "year"]
    for i in edits:
        [changed] = inj_mod.dates(i.text, language)
        parts = dict(zip(("day", "month", "year"), changed.values, strict=True))
        old = dict(zip(("day", "month", "year"), date, strict=True))
        assert parts[i.note] != old[i.note]
        assert all(parts[k] == old[k] for k in old if k != i.note)
        assert i.text[i.start : i.end] == i.after


def test_date_reformats_keep_the_date(bench: tuple[ModuleType, ...]) -> None:
    inj_mod = bench[0]
    [inj] = inj_mod.date_reformats("Aggiornato il 17.12.2004 dal servizio.", "it", _rng())
    assert inj.text == "Aggiornato il 17 dicembre 2004 dal servizio."
    [inj] = inj_mod.date_reformats("Mis à jour le 1er mars 2022.", "fr", _rng())
    assert inj.text == "Mis à jour le 01.03.2022."
    [inj] = inj_mod.date_reformats("Stand: 01.03.2022", "de", _rng())
    assert inj.text == "Stand: 1. März 2022"


# --- negation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "language", "sentence", "expected", "edited"),
    [
        (
            "insert",
            "it",
            "La Svizzera è un paese piccolo.",
            "La Svizzera non è un paese piccolo.",
            "non",
        ),
        ("insert", "it", "Il testo si può scaricare.", "Il testo non si può scaricare.", "non"),
        (
            "insert",
            "fr",
            "La Suisse est un petit pays.",
            "La Suisse n'est pas un petit pays.",
            "n'est pas",
        ),
        (
            "insert",
            "fr",
            "Le texte, c'est un résumé.",
            "Le texte, ce n'est pas un résumé.",
            "ce n'est pas",
        ),
        ("insert", "fr", "Il y a un rapport.", "Il n'y a pas un rapport.", "n'y a pas"),
        (
            "insert",
            "fr",
            "Le Conseil les a publiés.",
            "Le Conseil ne les a pas publiés.",
            "ne les a pas",
        ),
        (
            "insert",
            "de",
            "Die Schweiz ist ein kleines Land.",
            "Die Schweiz ist kein kleines Land.",
            "kein",
        ),
        (
            "insert",
            "de",
            "Der Bundesrat kann die Verordnung ändern.",
            "Der Bundesrat kann nicht die Verordnung ändern.",
            "nicht",
        ),
        (
            "insert",
            "de",
            "Heute hat er das Buch gelesen.",
            "Heute hat er nicht das Buch gelesen.",
            "nicht",
        ),
        (
            "insert",
            "en",
            "Switzerland is a small country.",
            "Switzerland is not a small country.",
            "not",
        ),
        ("insert", "en", "The council can change it.", "The council cannot change it.", "cannot"),
        ("remove", "it", "Il servizio non è gratuito.", "Il servizio è gratuito.", "è"),
        ("remove", "fr", "Le service n'est pas gratuit.", "Le service est gratuit.", "est"),
        (
            "remove",
            "fr",
            "Le résultat, ce n'est pas un hasard.",
            "Le résultat, c'est un hasard.",
            "est",
        ),
        ("remove", "fr", "Je ne vois pas la mer.", "Je vois la mer.", "vois"),
        ("remove", "de", "Der Dienst ist nicht gratis.", "Der Dienst ist gratis.", "ist"),
        ("remove", "de", "Das ist kein Problem.", "Das ist ein Problem.", "ein"),
        ("remove", "en", "The service is not free.", "The service is free.", "is"),
        ("remove", "en", "They didn't agree.", "They did agree.", "did"),
    ],
)
def test_negation_inserted_and_removed_grammatically(
    bench: tuple[ModuleType, ...],
    note: str,
    language: str,
    sentence: str,
    expected: str,
    edited: str,
) -> None:
    """Inserted: the negation is the edited stretch; removed: the word it was on."""
    inj_mod = bench[0]
    inj = _only(inj_mod.negations(sentence, language, _rng()), note)
    assert inj.text == expected  # type: ignore[attr-defined]
    assert inj.text[inj.start : inj.end] == edited  # type: ignore[attr-defined]


def test_negation_left_alone_where_a_rule_would_break_the_sentence(
    bench: tuple[ModuleType, ...],
) -> None:
    inj_mod = bench[0]
    # verb-final subordinate clause, already negated, "non solo"
    assert inj_mod.negations("Er sagt, dass es nötig ist.", "de", _rng()) == []
    assert [i.note for i in inj_mod.negations("Il ne peut pas venir.", "fr", _rng())] == ["remove"]
    assert inj_mod.negations("Non solo il testo.", "it", _rng()) == []


# --- clauses and names ------------------------------------------------------------------


def test_clause_deletion(bench: tuple[ModuleType, ...]) -> None:
    inj_mod = bench[0]
    s = (
        "Giorgio, che ha un cugino studente di medicina, ha quindi contratto "
        "una certa abitudine, come sanno tutti i suoi amici."
    )
    found = inj_mod.clause_deletions(s, "it", _rng())
    assert [i.text for i in found] == [
        "Giorgio, ha quindi contratto una certa abitudine, come sanno tutti i suoi amici.",
        "Giorgio, che ha un cugino studente di medicina, come sanno tutti i suoi amici.",
        "Giorgio, che ha un cugino studente di medicina, ha quindi contratto una certa abitudine.",
    ]
    for i in found:
        assert i.start == i.end and s[: i.start] == i.text[: i.start]
        assert s[i.start :].startswith(i.before)
    # an item of a list, a date's comma: not clauses
    assert (
        inj_mod.clause_deletions(
            "Specialists work in many fields, particularly in languages, law and policy.",
            "en",
            _rng(),
        )
        == []
    )
    assert (
        inj_mod.clause_deletions("They met the minister on December 17, 2004.", "en", _rng()) == []
    )


def test_names_and_swaps(bench: tuple[ModuleType, ...]) -> None:
    inj_mod = bench[0]
    s = "Secondo il consigliere Alain Berset, la Svizzera e SECO collaborano con TWh."
    assert [w for _, _, w in inj_mod.names_in(s)] == ["Alain", "Berset", "Svizzera"]
    swaps = inj_mod.name_swaps(
        s, "it", _rng(), shared={"berset", "svizzera"}, pool=["Cassis", "Ginevra"], taken={"alain"}
    )
    by = {i.before: i for i in swaps}
    assert by["Berset"].after == "Cassis"  # a person by a name of the pool, never a place
    assert by["Svizzera"].after in inj_mod.place_alternatives("Svizzera", "it")
    assert "Alain" not in by  # not in the other version
    for i in swaps:
        assert i.text[i.start : i.end] == i.after


# --- the judge --------------------------------------------------------------------------


def _doc(sentences: Sequence[str], language: str, name: str) -> Document:
    text = " ".join(sentences)
    out, pos = [], 0
    for k, s in enumerate(sentences):
        out.append(Sentence(index=k, paragraph=0, start=pos, end=pos + len(s), text=s))
        pos += len(s) + 1
    return Document(
        id=name, path=Path(f"{name}.txt"), text=text, language=language, sentences=tuple(out)
    )


def _row(
    kind: RowKind,
    a: Sequence[int] | None,
    b: Sequence[int] | None,
    docs: tuple[Document, Document],
    spans: tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int]]] = ((), ()),
) -> Row:
    cells: list[Cell | None] = []
    for k, idx in enumerate((a, b)):
        if idx is None:
            cells.append(None)
            continue
        text = " ".join(docs[k].sentences[i].text for i in idx)
        cells.append(
            Cell(text, tuple(idx), tuple(Span(s, e, "number", text[s:e]) for s, e in spans[k]))
        )
    return Row(kind=kind, cells=tuple(cells), reason="" if kind == "match" else f"{kind} reason")


EN = ["One sentence here.", "It has 84 words.", "A third one."]
IT_DOC = ["Una frase qui.", "Ha 84 parole.", "Una terza."]


def _cmp(docs: tuple[Document, Document], rows: Sequence[Row]) -> Comparison:
    return Comparison(documents=docs, rows=tuple(rows), scorer="test")


def test_judge_number_change_detected_only_with_a_span_on_the_edit(
    bench: tuple[ModuleType, ...],
) -> None:
    _, judge_mod, _ = bench
    en, it = _doc(EN, "en", "en"), _doc(IT_DOC, "it", "it")
    before = _cmp((en, it), [_row("match", [i], [i], (en, it)) for i in range(3)])
    edited = _doc(["Una frase qui.", "Ha 48 parole.", "Una terza."], "it", "it2")
    at = edited.text.index("48")
    site = judge_mod.Site(1, judge_mod.Splice(at, at + 2, 2), (at, at + 2), "content")
    local = "Ha 48 parole.".index("48")
    hit = _cmp(
        (en, edited),
        [
            _row("match", [0], [0], (en, edited)),
            _row("differs", [1], [1], (en, edited), ((), [(local, local + 2)])),
            _row("match", [2], [2], (en, edited)),
        ],
    )
    v = judge_mod.judge(before, hit, site)
    assert (v.detected, v.flagged, v.pre_covered, v.collateral) == (True, True, False, 0)
    assert v.reason == "differs reason"
    # flagged, but the highlight is elsewhere ("Ha"): not detected
    miss = _cmp(
        (en, edited),
        [
            _row("match", [0], [0], (en, edited)),
            _row("differs", [1], [1], (en, edited), ((), [(0, 2)])),
            _row("differs", [2], [2], (en, edited)),
        ],
    )
    v = judge_mod.judge(before, miss, site)
    assert (v.detected, v.flagged, v.collateral) == (False, True, 1)  # row 3 changed kind


def test_judge_rewrite_false_alarm(bench: tuple[ModuleType, ...]) -> None:
    _, judge_mod, _ = bench
    en, it = _doc(EN, "en", "en"), _doc(IT_DOC, "it", "it")
    before = _cmp((en, it), [_row("match", [i], [i], (en, it)) for i in range(3)])
    edited = _doc(["Una frase qui.", "Ha ottantaquattro parole.", "Una terza."], "it", "it2")
    at = edited.text.index("ottanta")
    site = judge_mod.Site(1, judge_mod.Splice(at, at + 2, 16), (at, at + 16), "content")
    quiet = _cmp((edited and en, edited), [_row("match", [i], [i], (en, edited)) for i in range(3)])
    assert not judge_mod.judge(before, quiet, site).flagged
    loud = _cmp(
        (en, edited),
        [_row("differs" if i == 1 else "match", [i], [i], (en, edited)) for i in range(3)],
    )
    assert judge_mod.judge(before, loud, site).flagged


def test_judge_deleted_and_inserted_sentences(bench: tuple[ModuleType, ...]) -> None:
    _, judge_mod, _ = bench
    en, it = _doc(EN, "en", "en"), _doc(IT_DOC, "it", "it")
    before = _cmp((en, it), [_row("match", [i], [i], (en, it)) for i in range(3)])
    # IT sentence 1 deleted: EN sentence 1 must be shown as only in EN
    edited = _doc(["Una frase qui.", "Una terza."], "it", "it2")
    cut = len("Una frase qui. ")
    site = judge_mod.Site(
        1, judge_mod.Splice(cut, cut + len("Ha 84 parole. "), 0), (cut, cut), "delete"
    )
    shown = _cmp(
        (en, edited),
        [
            _row("match", [0], [0], (en, edited)),
            _row("only", [1], None, (en, edited)),
            _row("match", [2], [1], (en, edited)),
        ],
    )
    v = judge_mod.judge(before, shown, site)
    assert (v.detected, v.ambiguous, v.collateral) == (True, False, 0)
    merged = _cmp(
        (en, edited),
        [_row("match", [0], [0], (en, edited)), _row("differs", [1, 2], [1], (en, edited))],
    )
    assert not judge_mod.judge(before, merged, site).detected
    # a deleted sentence that shared its row with another sentence of its document
    before2 = _cmp(
        (en, it),
        [_row("match", [0], [0], (en, it)), _row("match", [1, 2], [1, 2], (en, it))],
    )
    assert judge_mod.judge(before2, shown, site).ambiguous
    # an inserted sentence shown as only in IT
    added = _doc(["Una frase qui.", "Una frase nuova.", "Ha 84 parole.", "Una terza."], "it", "it3")
    at = len("Una frase qui. ")
    n = len("Una frase nuova. ")
    site = judge_mod.Site(1, judge_mod.Splice(at, at, n), (at, at + n - 1), "insert")
    rows = [
        _row("match", [0], [0], (en, added)),
        _row("only", None, [1], (en, added)),
        _row("match", [1], [2], (en, added)),
        _row("match", [2], [3], (en, added)),
    ]
    v = judge_mod.judge(before, _cmp((en, added), rows), site)
    assert (v.detected, v.collateral) == (True, 0)
    rows[1] = _row("moved", None, [1], (en, added))
    assert not judge_mod.judge(before, _cmp((en, added), rows), site).detected


def test_splice_maps_offsets_back(bench: tuple[ModuleType, ...]) -> None:
    _, judge_mod, edits = bench
    sp = edits._splice_of("abc 84 def", 0, 10, "abc 48 def")
    assert (sp.start, sp.end, sp.length) == (4, 6, 2)
    sp = judge_mod.Splice(4, 6, 5)  # "84" → "ottan"
    assert [sp.to_original(p) for p in (3, 4, 8, 9, 12)] == [3, None, None, 6, 9]


# --- documents and the pipeline ---------------------------------------------------------


def test_swissgov_digit_groups_joined_with_their_labels(bench: tuple[ModuleType, ...]) -> None:
    edits = bench[2]
    tokens = [
        "Le",
        "01",
        ".",
        "03",
        ".",
        "2022",
        ",",
        "8",
        "'",
        "756",
        "postes",
        ",",
        "3",
        ",",
        "5",
        "%",
        "en",
        "1999",
        ".",
        "1999",
        "le",
        "6",
        ".",
        "Januar",
    ]
    text, labels = edits._join_numbers(tokens, [0.0] * 6 + [1.0] * (len(tokens) - 6))
    assert text == "Le 01.03.2022 , 8'756 postes , 3,5 % en 1999 . 1999 le 6. Januar"
    assert len(labels) == len(text)
    assert labels[text.index("8'756")] == 1.0 and labels[text.index("2022")] == 0.0


def test_book_windows_and_edits_through_the_real_pipeline(
    bench: tuple[ModuleType, ...], tmp_path: Path
) -> None:
    _, _, edits = bench
    en = [
        f"In the year of our story, {n + 10} sailors rowed to the island of Harris."
        for n in range(30)
    ]
    it = [
        f"Nell'anno della nostra storia, {n + 10} marinai remarono all'isola di Harris."
        for n in range(30)
    ]
    (tmp_path / "book.en").write_text("\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "book.it").write_text("\n".join(it) + "\n", encoding="utf-8")
    (tmp_path / "book.gold").write_text(
        "".join(f"[{i}]:[{i}]\n" for i in range(30)), encoding="utf-8"
    )
    docs = edits.book_docs("opus", tmp_path / "book.gold", "en", "it", seed=0)
    assert docs and all(20 <= len(d.units[0]) <= 40 for d in docs)
    d = docs[0]
    assert d.unit(1, 3) == it[3] and 3 in d.eligible[1]
    ctx = edits._context(docs)
    [edit] = edits.sample(edits.TYPE_BY_NAME["number"], [d], ctx, 1, seed=0)
    assert edit.text[edit.focus[0] : edit.focus[1]] == edit.after != edit.before
    runner = edits.Runner("lexical", tmp_path)
    verdict = runner.run(edit)
    assert verdict.detected and verdict.reason and "number" in verdict.reason
    [deletion] = edits.sample(edits.TYPE_BY_NAME["sentence-deleted"], [d], ctx, 1, seed=0)
    assert deletion.before not in deletion.text
    assert not runner.run(deletion).ambiguous
