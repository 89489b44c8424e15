"""Result types of the comparison engine. Pure data, no UI imports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

RowKind = Literal["match", "differs", "only", "moved"]
SpanKind = Literal["name", "number", "quote", "url", "clause", "words"]


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
    """A stretch of a cell's text with no counterpart on the other side."""

    start: int  # offsets into Cell.text
    end: int
    kind: SpanKind
    text: str


@dataclass(frozen=True, slots=True)
class Cell:
    """What one document contributes to a row."""

    text: str  # the row's sentences of this document, joined by a space
    sentences: tuple[int, ...]  # indices as in `reader show --format json`
    spans: tuple[Span, ...] = ()
    boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    kind: RowKind
    cells: tuple[Cell | None, ...]  # one per compared document, in order; None = nothing
    similarity: float | None = None  # of the pair that decided the kind; None for "only"
    reason: str = ""  # why the row was flagged, for a person ("numbers differ: 3 vs 4")
    moved_from: int | None = None  # for "moved": the row index where the counterpart is

    @property
    def boilerplate(self) -> bool:
        present = [c for c in self.cells if c is not None]
        return bool(present) and all(c.boilerplate for c in present)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Documents compared row by row against a pivot (the first document)."""

    documents: tuple[object, ...]  # reader.corpus.model.Document, kept untyped to stay light
    rows: tuple[Row, ...]
    scorer: str  # the scorer actually used, e.g. "auto (lexical+embeddings)" or "lexical"
    notes: tuple[str, ...] = ()  # e.g. "embeddings extra not installed: lexical only"

    def summary(self) -> dict[int, dict[str, int]]:
        """Per non-pivot document k: counts of added / omitted / differ / moved rows.

        "added": text only document k has; "omitted": pivot text that k lacks.
        Rows made only of boilerplate (bios, comment prompts) are counted apart, as
        "boilerplate", so that they do not pass for content added or left out.
        """
        out: dict[int, dict[str, int]] = {}
        for k in range(1, len(self.documents)):
            counts = {"added": 0, "omitted": 0, "differ": 0, "moved": 0, "boilerplate": 0}
            for row in self.rows:
                pivot, cell = row.cells[0], row.cells[k]
                if row.boilerplate:
                    if (pivot is None) != (cell is None):
                        counts["boilerplate"] += 1
                    continue
                if row.kind == "moved":
                    # A move is two rows (where the text was, where it went): count it once,
                    # on the side of document k, and never as an omission as well.
                    if cell is not None:
                        counts["moved"] += 1
                    continue
                if row.kind == "only" or (pivot is None) != (cell is None):
                    if cell is not None and pivot is None:
                        counts["added"] += 1
                    elif pivot is not None and cell is None:
                        counts["omitted"] += 1
                elif row.kind == "differs" and cell is not None:
                    counts["differ"] += 1
            out[k] = counts
        return out
