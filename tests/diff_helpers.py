"""Hand-made comparisons for the diff view and export tests (no engine needed)."""

from __future__ import annotations

from pathlib import Path

from reader.compare.model import Cell, Comparison, Row, Span, SpanKind
from reader.corpus.model import Document


def doc(language: str | None, title: str, name: str) -> Document:
    return Document(id=name, path=Path("/corpus") / name, language=language, title=title)


def cell(text: str, sentences: tuple[int, ...], *spans: str, kind: SpanKind = "words") -> Cell:
    """A cell whose ``spans`` are given as substrings of ``text`` (first occurrence)."""
    found: list[Span] = []
    for piece in spans:
        start = text.index(piece)
        found.append(Span(start, start + len(piece), kind, piece))
    return Cell(text=text, sentences=sentences, spans=tuple(found))


def trio() -> Comparison:
    """EN | IT | FR with every row kind: match, differs, added, omitted, moved, boilerplate."""
    en = doc("en", "Rome opens a new metro line", "en_metro.txt")
    it = doc("it", "Roma inaugura una nuova linea della metro", "it_metro.txt")
    fr = doc("fr", "Rome ouvre une nouvelle ligne de métro", "fr_metro.txt")
    rows = (
        Row(
            "match",
            (
                cell("Rome opened its new metro line C on Monday.", (0,)),
                cell("Roma ha inaugurato lunedì la nuova linea C della metro.", (0,)),
                cell("Rome a inauguré lundi la nouvelle ligne C du métro.", (0,)),
            ),
            similarity=0.93,
        ),
        Row(
            "differs",
            (
                cell(
                    "The line cost 3 billion euros, said Mayor Gualtieri.", (1,), "3", kind="number"
                ),
                cell(
                    "La linea è costata 4 miliardi di euro, ha detto il sindaco Gualtieri.",
                    (1,),
                    "4",
                    kind="number",
                ),
                cell(
                    "La ligne a coûté 3 milliards d'euros, selon le maire.",
                    (1,),
                ),
            ),
            similarity=0.61,
            reason="numbers differ: 3 vs 4; name missing in FR: Gualtieri",
        ),
        Row(
            "only",
            (
                None,
                cell("Il progetto era fermo dal 2007 [bold red]x[/] per ritardi.", (2,)),
                None,
            ),
            reason="only in IT",
        ),
        Row(
            "only",
            (
                cell("Commuters welcomed the \x1b]0;pwned\x07 news with relief.", (2,)),
                None,
                None,
            ),
            reason="omitted in IT and FR",
        ),
        Row(
            "differs",
            (
                cell(
                    "Trains will run every four minutes, the operator ATAC said, "
                    "while the stations near the Colosseum open in 2025.",
                    (3,),
                    "while the stations near the Colosseum open in 2025",
                    kind="clause",
                ),
                cell("I treni passeranno ogni quattro minuti, ha detto ATAC.", (3,)),
                cell(
                    "Les rames passeront toutes les quatre minutes, a indiqué l'ATAC.",
                    (3,),
                ),
            ),
            similarity=0.55,
            reason="clause missing in IT and FR",
        ),
        Row(
            "moved",
            (
                cell("“It is a historic day,” the mayor said.", (4,)),
                cell("«È una giornata storica», ha detto il sindaco.", (5,)),
                cell("« C'est une journée historique », a dit le maire.", (4,)),
            ),
            similarity=0.88,
            reason="IT has it two sentences later",
            moved_from=6,
        ),
        Row(
            "match",
            (
                cell("Read more: subscribe to our newsletter.", (5,)),
                cell("Leggi di più su Roma.", (6,)),
                cell("Lire aussi : notre newsletter.", (5,)),
            ),
            similarity=0.40,
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
    )
    return Comparison(
        documents=(en, it, fr),
        rows=(*rows[:-1], boiler),
        scorer="lexical",
        notes=("embeddings extra not installed: lexical only",),
    )


def pair() -> Comparison:
    """EN | IT, the first two documents of :func:`trio`."""
    full = trio()
    rows = tuple(
        Row(r.kind, r.cells[:2], r.similarity, r.reason, r.moved_from)
        for r in full.rows
        if any(c is not None for c in r.cells[:2])
    )
    return Comparison(full.documents[:2], rows, full.scorer, full.notes)


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
