"""Hand-made comparisons for the diff view and export tests (no engine needed)."""

from __future__ import annotations

from pathlib import Path

from reader.compare.model import Cell, Comparison, Row, RowKind, Span, SpanKind, Verdict
from reader.corpus.model import Document


def doc(language: str | None, title: str, name: str) -> Document:
    return Document(id=name, path=Path("/corpus") / name, language=language, title=title)


def cell(
    text: str,
    sentences: tuple[int, ...],
    *spans: str,
    kind: SpanKind = "words",
    against: int | None = None,
) -> Cell:
    """A cell whose ``spans`` are given as substrings of ``text`` (first occurrence)."""
    found: list[Span] = []
    for piece in spans:
        start = text.index(piece)
        found.append(Span(start, start + len(piece), kind, piece, against))
    return Cell(text=text, sentences=sentences, spans=tuple(found))


def _with(c: Cell, *more: Span) -> Cell:
    return Cell(c.text, c.sentences, tuple(sorted((*c.spans, *more), key=lambda s: s.start)))


def _span(text: str, piece: str, kind: SpanKind, against: int) -> Span:
    start = text.index(piece)
    return Span(start, start + len(piece), kind, piece, against)


def trio() -> Comparison:
    """EN | IT | FR with every row kind: match, differs, added, omitted, moved, boilerplate.

    Each column tells its own story (as the engine's verdicts do): in row 2 IT changes a
    number while FR leaves out a name; in row 5 both lack a clause; in row 6 only IT
    moved the quote."""
    en = doc("en", "Rome opens a new metro line", "en_metro.txt")
    it = doc("it", "Roma inaugura una nuova linea della metro", "it_metro.txt")
    fr = doc("fr", "Rome ouvre une nouvelle ligne de métro", "fr_metro.txt")
    cost = "The line cost 3 billion euros, said Mayor Gualtieri."
    clause = (
        "Trains will run every four minutes, the operator ATAC said, "
        "while the stations near the Colosseum open in 2025."
    )
    missing = "while the stations near the Colosseum open in 2025"
    rows = (
        Row(
            "match",
            (
                cell("Rome opened its new metro line C on Monday.", (0,)),
                cell("Roma ha inaugurato lunedì la nuova linea C della metro.", (0,)),
                cell("Rome a inauguré lundi la nouvelle ligne C du métro.", (0,)),
            ),
            similarity=0.93,
            verdicts=(None, Verdict("match", 0.93), Verdict("match", 0.95)),
        ),
        Row(
            "differs",
            (
                _with(
                    cell(cost, (1,)),
                    _span(cost, "3", "number", 1),
                    _span(cost, "Gualtieri", "name", 2),
                ),
                cell(
                    "La linea è costata 4 miliardi di euro, ha detto il sindaco Gualtieri.",
                    (1,),
                    "4",
                    kind="number",
                    against=0,
                ),
                cell("La ligne a coûté 3 milliards d'euros, selon le maire.", (1,)),
            ),
            similarity=0.61,
            reason="number: EN 3 · IT 4; FR has no counterpart for the name Gualtieri",
            verdicts=(
                None,
                Verdict("differs", 0.61, "number: EN 3 · IT 4"),
                Verdict("differs", 0.72, "FR has no counterpart for the name Gualtieri"),
            ),
        ),
        Row(
            "only",
            (
                None,
                cell("Il progetto era fermo dal 2007 [bold red]x[/] per ritardi.", (2,)),
                None,
            ),
            reason="only in IT",
            verdicts=(None, Verdict("added", None, "only in IT"), None),
        ),
        Row(
            "only",
            (
                cell("Commuters welcomed the \x1b]0;pwned\x07 news with relief.", (2,)),
                None,
                None,
            ),
            reason="IT has no counterpart; FR has no counterpart",
            verdicts=(
                None,
                Verdict("omitted", None, "IT has no counterpart"),
                Verdict("omitted", None, "FR has no counterpart"),
            ),
        ),
        Row(
            "differs",
            (
                _with(
                    cell(clause, (3,)),
                    _span(clause, missing, "clause", 1),
                    _span(clause, missing, "clause", 2),
                ),
                cell("I treni passeranno ogni quattro minuti, ha detto ATAC.", (3,)),
                cell(
                    "Les rames passeront toutes les quatre minutes, a indiqué l'ATAC.",
                    (3,),
                ),
            ),
            similarity=0.55,
            reason="IT has no counterpart for the clause “while the stations…”; "
            "FR has no counterpart for the clause “while the stations…”",
            verdicts=(
                None,
                Verdict(
                    "differs", 0.55, "IT has no counterpart for the clause “while the stations…”"
                ),
                Verdict(
                    "differs", 0.58, "FR has no counterpart for the clause “while the stations…”"
                ),
            ),
        ),
        Row(
            "match",
            (
                cell("“It is a historic day,” the mayor said.", (4,)),
                None,
                cell("« C'est une journée historique », a dit le maire.", (4,)),
            ),
            similarity=0.88,
            reason="moved: IT has it elsewhere (row 7)",
            moved_from=6,
            verdicts=(
                None,
                Verdict("moved", 0.88, "moved: IT has it elsewhere (row 7)", 6),
                Verdict("match", 0.9),
            ),
        ),
        Row(
            "moved",
            (
                None,
                cell("«È una giornata storica», ha detto il sindaco.", (5,)),
                None,
            ),
            similarity=0.88,
            reason="moved: EN has it elsewhere (row 6)",
            moved_from=5,
            verdicts=(None, Verdict("moved", 0.88, "moved: EN has it elsewhere (row 6)", 5), None),
        ),
        Row(
            "match",
            (
                cell("Read more: subscribe to our newsletter.", (5,)),
                cell("Leggi di più su Roma.", (6,)),
                cell("Lire aussi : notre newsletter.", (5,)),
            ),
            similarity=0.40,
            verdicts=(None, Verdict("match", 0.4), Verdict("match", 0.45)),
        ),
    )
    # The last row is site furniture in every column.
    last = rows[-1]
    boiler = Row(
        last.kind,
        tuple(
            Cell(c.text, c.sentences, c.spans, boilerplate=True) if c is not None else None
            for c in last.cells
        ),
        similarity=last.similarity,
        verdicts=last.verdicts,
    )
    return Comparison(
        documents=(en, it, fr),
        rows=(*rows[:-1], boiler),
        scorer="lexical",
        notes=("embeddings extra not installed: lexical only",),
    )


_KIND: dict[str, RowKind] = {
    "match": "match",
    "differs": "differs",
    "added": "only",
    "omitted": "only",
    "moved": "moved",
}


def pair() -> Comparison:
    """EN | IT, the first two documents of :func:`trio` (IT's own story)."""
    full = trio()
    rows = []
    for r in full.rows:
        if not any(c is not None for c in r.cells[:2]):
            continue
        verdict = r.verdict(1)
        pivot = r.cells[0]
        if pivot is not None:
            pivot = Cell(
                pivot.text,
                pivot.sentences,
                tuple(s for s in pivot.spans if s.against in (1, None)),
                pivot.boilerplate,
            )
        rows.append(
            Row(
                _KIND[verdict.kind] if verdict is not None else r.kind,
                (pivot, r.cells[1]),
                None if verdict is None else verdict.similarity,
                "" if verdict is None else verdict.reason,
                None if verdict is None else verdict.moved_to,
                verdicts=(None, verdict),
            )
        )
    return Comparison(full.documents[:2], tuple(rows), full.scorer, full.notes)


def long_comparison(rows: int, columns: int = 3) -> Comparison:
    """A synthetic comparison of ``rows`` rows, for performance checks."""
    docs = tuple(
        doc(lang, f"Long {lang}", f"long_{lang}.txt") for lang in ("en", "it", "fr")[:columns]
    )
    kinds = ("match", "match", "differs", "only", "match", "moved")
    out: list[Row] = []
    for i in range(rows):
        kind = kinds[i % len(kinds)]
        text = f"Sentence {i} says something about the number {i * 7} and Rossi. " * (1 + i % 3)
        cells: list[Cell | None] = [cell(text.strip(), (i,), str(i * 7), kind="number")]
        for k in range(1, columns):
            cells.append(None if kind == "only" and k == 1 else cell(text.strip(), (i,)))
        out.append(Row(kind, tuple(cells), 0.8, "synthetic", (i + 3) if kind == "moved" else None))  # type: ignore[arg-type]
    return Comparison(docs, tuple(out), "lexical")
