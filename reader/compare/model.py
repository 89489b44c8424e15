"""Result types of the comparison engine. Pure data, no UI imports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from reader.corpus.model import Document

RowKind = Literal["match", "differs", "only", "moved"]
# How one document's side of a row stands against the pivot's.
VerdictKind = Literal["match", "differs", "added", "omitted", "moved"]
SpanKind = Literal[
    "name", "number", "date", "negation", "quote", "url", "clause", "words", "sentence"
]


@dataclass(frozen=True, slots=True)
class Bead:
    """One step of an alignment: source sentences ``src`` correspond to target ``tgt``.

    Either side may be empty (a sentence with no counterpart). Indices are 0-based.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0


class Scorer(Protocol):
    """Similarity between sentences, possibly in different languages.

    ``prepare`` is called once per side with every sentence of the side; ``score`` then
    compares spans of consecutive prepared sentences (``src[a:b]`` against ``tgt[c:d]``)
    and returns a similarity, higher is more alike, about 0..1.
    """

    name: str

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None: ...

    def score(self, a: int, b: int, c: int, d: int) -> float: ...


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a cell's text with no counterpart, or another value, on the other side.

    ``against`` is the index of the document it is measured against: the pivot (0) for
    the spans of another document's cell; for the pivot's own cell, the document that
    lacks (or changes) it, so that a highlight on the pivot says which version differs.
    ``None`` when not known (hand-made comparisons).
    """

    start: int  # offsets into Cell.text
    end: int
    kind: SpanKind
    text: str
    against: int | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """What one document contributes to a row."""

    text: str  # the row's sentences of this document, joined by a space
    sentences: tuple[int, ...]  # indices as in `reader show --format json`
    spans: tuple[Span, ...] = ()
    boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    """How document k's side of a row stands against the pivot's side, on its own.

    Each non-pivot column of a row has one, decided by that document's own comparison
    with the pivot (as in a 2-way diff): a third document never changes it.
    """

    kind: VerdictKind
    similarity: float | None = None  # of the aligned pair; None without a pair
    reason: str = ""  # for a person, with language labels ("number: EN 6 · IT 7")
    moved_to: int | None = None  # for "moved": the row where the other end is


@dataclass(frozen=True, slots=True)
class Row:
    kind: RowKind  # the whole row: "differs" if any column differs (see verdicts)
    cells: tuple[Cell | None, ...]  # one per compared document, in order; None = nothing
    similarity: float | None = None  # lowest of the columns' similarities; None for "only"
    reason: str = ""  # the columns' reasons, for a person ("number: EN 3 · IT 4")
    moved_from: int | None = None  # for "moved": the row index where the counterpart is
    # One per document: None for the pivot (index 0) and for a column with nothing to
    # say in this row (neither it nor the pivot has text here). Empty on hand-made rows:
    # :meth:`verdict` then derives one from the fields above.
    verdicts: tuple[Verdict | None, ...] = ()

    @property
    def boilerplate(self) -> bool:
        present = [c for c in self.cells if c is not None]
        return bool(present) and all(c.boilerplate for c in present)

    def verdict(self, k: int) -> Verdict | None:
        """How document ``k`` (k ≥ 1) stands against the pivot in this row."""
        if k < len(self.verdicts):
            return self.verdicts[k]
        if self.verdicts or k <= 0 or k >= len(self.cells):
            return None
        pivot, cell = self.cells[0], self.cells[k]
        if pivot is None and cell is None:
            return None
        if self.kind == "moved":
            return Verdict("moved", self.similarity, self.reason, self.moved_from)
        if cell is None:
            return Verdict("omitted", None, self.reason)
        if pivot is None:
            return Verdict("added", None, self.reason)
        kind: VerdictKind = "differs" if self.kind == "differs" else "match"
        return Verdict(kind, self.similarity, self.reason)


COUNT_KEYS: tuple[str, ...] = ("added", "omitted", "differ", "moved", "boilerplate")


def tally(rows: Sequence[Row], k: int) -> dict[str, int]:
    """Counts of added / omitted / differ / moved / boilerplate rows for document k.

    "added": text only document k has; "omitted": pivot text that k lacks. Rows made
    only of boilerplate (bios, comment prompts) are counted apart, as "boilerplate", so
    that they do not pass for content added or left out. A move is two rows (where the
    text was, where it went): it is counted once, on the row where k has the text.
    """
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for row in rows:
        verdict = row.verdict(k)
        if verdict is None:
            continue
        cell = row.cells[k] if k < len(row.cells) else None
        if row.boilerplate:
            if verdict.kind in ("added", "omitted", "moved") and (
                (row.cells[0] is None) != (cell is None)
            ):
                counts["boilerplate"] += 1
            continue
        if verdict.kind == "moved":
            if cell is not None:
                counts["moved"] += 1
        elif verdict.kind == "added":
            counts["added"] += 1
        elif verdict.kind == "omitted":
            counts["omitted"] += 1
        elif verdict.kind == "differs":
            counts["differ"] += 1
    return counts


@dataclass(frozen=True, slots=True)
class Comparison:
    """Documents compared row by row against a pivot (the first document)."""

    documents: tuple[Document, ...]
    rows: tuple[Row, ...]
    scorer: str  # the scorer actually used, e.g. "auto (lexical+embeddings)" or "lexical"
    notes: tuple[str, ...] = ()  # e.g. "embeddings extra not installed: lexical only"
    # Per document (the pivot's is empty): the counts of its own 2-way comparison with the
    # pivot, as (key, count) pairs; empty on hand-made comparisons (then counted from rows).
    counts: tuple[tuple[tuple[str, int], ...], ...] = ()

    def summary(self) -> dict[int, dict[str, int]]:
        """Per non-pivot document k: counts of added / omitted / differ / moved rows, as
        in k's 2-way diff with the pivot (see :func:`tally`)."""
        out: dict[int, dict[str, int]] = {}
        for k in range(1, len(self.documents)):
            if k < len(self.counts) and self.counts[k]:
                out[k] = dict(self.counts[k])
            else:
                out[k] = tally(self.rows, k)
        return out
