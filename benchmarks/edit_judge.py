"""Was an injected edit detected? Reads two Comparisons (before / after the edit).

This is the one place of ``benchmarks/edits.py`` that reads the comparison model, so that
it is easy to adapt when the model changes. It is written against today's model, for
**2-document comparisons**: one ``Row.kind`` per row, ``Cell.spans`` with offsets into
``Cell.text`` (the cell's sentences joined by one space). When rows get a kind, spans and
a reason *per non-pivot cell* (issue 9, item 4), change :func:`row_kind` and
:func:`row_reason` to read the edited column's cell (or, for an edit on the pivot, the
cell of the compared column) and keep the rest.

Definitions (the benchmark's contract):

- the *edited row*: the row(s) of the edited comparison that hold a sentence of the
  edited document touching the edited stretch (``Site.focus``);
- **detected**, by the site's mode:

  - ``content`` (changed number, name, date, inserted negation; also the rewrites):
    an edited row is flagged (``differs``, or ``moved`` with its highlight) and one of
    its spans on the edited side overlaps the edited stretch;
  - ``removal`` (removed negation): as ``content``, or a *new* span (one the unedited
    comparison did not have) on the other side of a flagged edited row;
  - ``clause`` (deleted clause): a flagged edited row with a new span on the other side
    (the text that lost its counterpart);
  - ``delete`` (deleted sentence): its counterpart (the other document's sentences of
    the unedited row that held the deleted sentence and nothing else of its document) is
    shown as only-in-one: every row holding them is ``only`` and holds nothing else; when
    the deleted sentence shared its unedited row with other sentences of its document,
    the counterpart is unclear and the edit is ``ambiguous`` (left out of the figures);
  - ``insert`` (inserted sentence): every row holding the inserted sentence is ``only``
    and holds nothing else;

- **flagged** (for same-meaning rewrites, a false alarm): an edited row turned flagged
  where the unedited row was not, or a span on the edited side overlaps the rewrite;
- **pre-covered**: in the *unedited* comparison a span already covered that place
  (content and removal modes), so detection there may owe nothing to the edit;
- **collateral**: rows of the edited comparison, other than the edited row(s), that hold
  a sentence whose row kind differs from its row kind in the unedited comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from reader.compare.model import Comparison, Row

Mode = Literal["content", "removal", "clause", "delete", "insert"]
FLAGGED = frozenset({"differs", "moved"})


class _Sentence(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Splice:
    """The edited document is the original with ``original[start:end]`` replaced by
    ``length`` characters."""

    start: int
    end: int
    length: int

    def to_original(self, pos: int) -> int | None:
        """Where an offset of the edited text was in the original (None: in new text)."""
        if pos < self.start:
            return pos
        if pos >= self.start + self.length:
            return pos - self.length + (self.end - self.start)
        return None


@dataclass(frozen=True, slots=True)
class Site:
    """Where an edit is: the edited document's column, the splice and the edited stretch
    ``focus`` in the edited document's text (``start == end``: a point)."""

    column: int
    splice: Splice
    focus: tuple[int, int]
    mode: Mode


@dataclass(frozen=True, slots=True)
class Verdict:
    detected: bool
    flagged: bool  # for a rewrite: a false alarm
    pre_covered: bool
    collateral: int
    reason: str  # the edited row(s)' reason text
    ambiguous: bool = False


# --- the only functions that read rows and cells ----------------------------------------


def row_kind(row: Row, column: int) -> str:
    """The row's kind as seen from ``column`` (today one kind per row)."""
    del column
    return row.kind


def row_reason(row: Row, column: int) -> str:
    del column
    return row.reason


def cell_sentences(row: Row, column: int) -> tuple[int, ...]:
    cell = row.cells[column]
    return () if cell is None else cell.sentences


def cell_spans(row: Row, column: int, sentences: Sequence[_Sentence]) -> list[tuple[int, int]]:
    """The spans of ``row``'s cell in ``column`` as offsets into the document's text."""
    cell = row.cells[column]
    if cell is None:
        return []
    bases: list[tuple[int, int, int]] = []  # (cell offset, cell offset end, doc start)
    pos = 0
    for i in cell.sentences:
        s = sentences[i]
        bases.append((pos, pos + (s.end - s.start), s.start))
        pos += (s.end - s.start) + 1
    out = []
    for span in cell.spans:
        for c0, c1, d0 in bases:
            if c0 <= span.start < c1:
                end = min(span.end, c1)
                out.append((d0 + span.start - c0, d0 + end - c0))
                break
    return out


# --- the judgement ----------------------------------------------------------------------


def _sentences(comparison: Comparison, column: int) -> Sequence[_Sentence]:
    doc = comparison.documents[column]
    return doc.sentences  # type: ignore[attr-defined, no-any-return]


def _row_of(comparison: Comparison, column: int) -> dict[int, int]:
    return {i: r for r, row in enumerate(comparison.rows) for i in cell_sentences(row, column)}


def _touching(sentences: Sequence[_Sentence], a: int, b: int) -> list[int]:
    if a == b:
        return [i for i, s in enumerate(sentences) if s.start <= a <= s.end][:1]
    return [i for i, s in enumerate(sentences) if s.start < b and s.end > a]


def _overlaps(spans: Iterable[tuple[int, int]], a: int, b: int) -> bool:
    if a == b:
        return any(s <= a <= e for s, e in spans)
    return any(s < b and e > a for s, e in spans)


def _sentence_map(
    before: Sequence[_Sentence], after: Sequence[_Sentence], splice: Splice
) -> dict[int, int]:
    """Edited-document sentence → original sentence, for sentences outside the edit."""
    by_start = {s.start: i for i, s in enumerate(before)}
    out: dict[int, int] = {}
    for j, s in enumerate(after):
        if splice.length and s.start < splice.start + splice.length and s.end > splice.start:
            continue
        a, b = splice.to_original(s.start), splice.to_original(max(s.start, s.end - 1))
        if a is None or b is None:
            continue
        if a in by_start:
            out[j] = by_start[a]
        else:
            hit = [i for i, t in enumerate(before) if t.start <= a < t.end]
            if hit:
                out[j] = hit[0]
    return out


def judge(before: Comparison, after: Comparison, site: Site) -> Verdict:
    """How the edit at ``site`` shows in ``after`` (the comparison with the edited
    document) against ``before`` (the same comparison unedited). 2-document comparisons."""
    c = site.column
    o = 1 - c
    sent_b = {k: _sentences(before, k) for k in (0, 1)}
    sent_a = {k: _sentences(after, k) for k in (0, 1)}
    row_b = {k: _row_of(before, k) for k in (0, 1)}
    row_a = {k: _row_of(after, k) for k in (0, 1)}
    mapping = _sentence_map(sent_b[c], sent_a[c], site.splice)
    sp = site.splice
    fa, fb = site.focus

    focus_sents = [] if site.mode == "delete" else _touching(sent_a[c], fa, fb)
    edited_rows = {row_a[c][j] for j in focus_sents if j in row_a[c]}
    orig_sents = _touching(sent_b[c], sp.start, sp.end) if site.mode != "insert" else []
    before_rows = {row_b[c][i] for i in orig_sents if i in row_b[c]}

    ambiguous = False
    counterpart: set[int] = set()
    if site.mode == "delete":
        rows = [before.rows[r] for r in before_rows]
        if (
            len(rows) != 1
            or set(cell_sentences(rows[0], c)) != set(orig_sents)
            or not cell_sentences(rows[0], o)
        ):
            ambiguous = True
        else:
            counterpart = set(cell_sentences(rows[0], o))
            edited_rows |= {row_a[o][i] for i in counterpart if i in row_a[o]}

    def only_rows(column: int, members: set[int]) -> bool:
        rows = {row_a[column][i] for i in members if i in row_a[column]}
        return (
            bool(members)
            and len(rows) > 0
            and all(
                row_kind(after.rows[r], column) == "only"
                and not cell_sentences(after.rows[r], 1 - column)
                and set(cell_sentences(after.rows[r], column)) <= members
                for r in rows
            )
            and all(i in row_a[column] for i in members)
        )

    flagged = covered = detected = False
    pre = False
    if site.mode == "delete":
        detected = flagged = not ambiguous and only_rows(o, counterpart)
    elif site.mode == "insert":
        detected = flagged = only_rows(c, set(focus_sents))
    else:
        before_other_spans = {
            span
            for r in range(len(before.rows))
            for span in cell_spans(before.rows[r], o, sent_b[o])
        }
        for r in edited_rows:
            row = after.rows[r]
            here = _overlaps(cell_spans(row, c, sent_a[c]), fa, fb)
            new_there = any(
                span not in before_other_spans for span in cell_spans(row, o, sent_a[o])
            )
            is_flagged = row_kind(row, c) in FLAGGED
            covered = covered or here
            if site.mode == "content":
                ok = here
            elif site.mode == "removal":
                ok = here or new_there
            else:  # clause
                ok = new_there
            detected = detected or (is_flagged and ok)
            was_flagged = any(row_kind(before.rows[rb], c) in FLAGGED for rb in before_rows)
            flagged = flagged or (is_flagged and not was_flagged)
        flagged = flagged or covered
        if site.mode in ("content", "removal"):
            a, b = (sp.start, sp.end) if sp.end > sp.start else (sp.start, sp.start)
            pre = any(
                row_kind(before.rows[rb], c) in FLAGGED
                and _overlaps(cell_spans(before.rows[rb], c, sent_b[c]), a, b)
                for rb in before_rows
            )

    # rows, other than the edited ones, holding a sentence whose row kind changed
    kind_before = {(k, i): row_kind(before.rows[r], k) for k in (0, 1) for i, r in row_b[k].items()}
    excluded = set(edited_rows)
    for rb in before_rows:
        for k in (0, 1):
            for i in cell_sentences(before.rows[rb], k):
                if k == o and i in row_a[o]:
                    excluded.add(row_a[o][i])
                if k == c:
                    excluded.update(
                        row_a[c][j] for j, orig in mapping.items() if orig == i and j in row_a[c]
                    )
    collateral = 0
    for r, row in enumerate(after.rows):
        if r in excluded:
            continue
        changed = False
        for k in (0, 1):
            for j in cell_sentences(row, k):
                orig = j if k == o else mapping.get(j)
                if orig is None:
                    continue
                if kind_before.get((k, orig)) != row_kind(row, k):
                    changed = True
        collateral += changed

    if site.mode == "delete":
        reason_rows = {row_a[o][i] for i in counterpart if i in row_a[o]}
    else:
        reason_rows = edited_rows
    reason = "; ".join(row_reason(after.rows[r], c) for r in sorted(reason_rows))
    return Verdict(
        detected=detected,
        flagged=flagged,
        pre_covered=pre,
        collateral=collateral,
        reason=reason,
        ambiguous=ambiguous,
    )
