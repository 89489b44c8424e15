"""The diff view's rows laid out in columns: pure data and functions, no widget.

A :class:`PreparedComparison` is a Comparison whose cells are neutralised and marked
(:func:`prepare_comparison`); :func:`compute_layout` wraps every cell once for a width
and gives each row its first line and height. Both are plain functions over frozen
data, safe in a worker thread; the TUI's ``DiffTable`` draws the few lines on screen
from them (:func:`cell_pieces`, :func:`header_cell`, :func:`missing_cell`), styling the
pieces by their mark names.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from reader.compare.model import Comparison, Row
from reader.view.cells import cells, fit, wrap
from reader.view.comparison import (
    Marker,
    column_marker,
    doc_labels,
    doc_title,
    mark_cell,
    row_marker,
)

GUTTER = 2  # symbol + space
SEPARATOR = " │ "
COLUMN_MARKER = 2  # a column's own marker and a space (three or more documents)


@dataclass(frozen=True, slots=True)
class PreparedCell:
    text: str  # neutralised, tabs expanded to one space, pivot span tags inserted
    marks: tuple[tuple[int, int, str, str], ...]  # sorted, non-overlapping (MarkedText)
    boilerplate: bool


@dataclass(frozen=True, slots=True)
class Layout:
    width: int
    changes_only: bool  # rows that match are hidden (no lines at all)
    columns: tuple[int, ...]  # width of each document column
    wraps: list[tuple[list[tuple[int, int]] | None, ...]]  # per row, per column
    tops: list[int]  # first content line of each row
    heights: list[int]  # text lines of each row (a rule line follows each row)
    total: int  # content lines


def _prepare(row: Row, k: int, labels: Sequence[str]) -> PreparedCell | None:
    cell = row.cells[k] if k < len(row.cells) else None
    if cell is None:
        return None
    marked = mark_cell(cell, k, labels)
    return PreparedCell(marked.text, marked.marks, cell.boilerplate)


def shows_column_markers(labels: Sequence[str]) -> bool:
    """Three or more documents: every other column opens with its own marker."""
    return len(labels) > 2


@dataclass(frozen=True, slots=True)
class PreparedComparison:
    """A Comparison with its text neutralised and spans clipped, ready to lay out.

    Pure data, built by :func:`prepare_comparison` (safe to run in a worker thread).
    """

    comparison: Comparison
    cells: tuple[tuple[PreparedCell | None, ...], ...]
    markers: tuple[Marker, ...]
    labels: tuple[str, ...]
    titles: tuple[str, ...]
    # per row, per column: the column's own marker (three or more documents), else None
    column_markers: tuple[tuple[Marker | None, ...], ...] = ()


# In a worker thread, pure-Python loops hold the GIL; pausing every so many rows lets
# the UI thread paint in between (measured: the largest UI stall drops several-fold).
_YIELD_EVERY = 64


def prepare_comparison(comparison: Comparison, *, polite: bool = False) -> PreparedComparison:
    """Neutralise and index every cell; ``polite`` (in workers) yields the GIL often."""
    n = max(1, len(comparison.documents))
    labels = tuple(doc_labels(comparison.documents))
    rows: list[tuple[PreparedCell | None, ...]] = []
    for i, row in enumerate(comparison.rows):
        if polite and i % _YIELD_EVERY == 0:
            time.sleep(0)
        rows.append(tuple(_prepare(row, k, labels) for k in range(n)))
    column_markers: tuple[tuple[Marker | None, ...], ...] = ()
    if shows_column_markers(labels):
        column_markers = tuple(
            tuple(None if k == 0 else column_marker(row, k) for k in range(n))
            for row in comparison.rows
        )
    return PreparedComparison(
        comparison,
        tuple(rows),
        tuple(row_marker(row) for row in comparison.rows),
        labels,
        tuple(doc_title(doc) for doc in comparison.documents),
        column_markers,
    )


def hidden_when_changes_only(marker: Marker) -> bool:
    """Rows the changes-only view hides: those that match, and boilerplate."""
    return marker in ("match", "boilerplate")


def compute_layout(
    prepared: PreparedComparison,
    width: int,
    *,
    polite: bool = False,
    changes_only: bool = False,
) -> Layout:
    """Wrap every cell at ``width`` (the table's content width); pure, thread-safe.

    With ``changes_only``, rows that match take no lines at all (their top is the next
    shown row's, their height 0)."""
    columns = column_widths(width, len(prepared.labels) or 1)
    lead = shows_column_markers(prepared.labels)
    text_widths = [max(1, w - COLUMN_MARKER) if lead and k else w for k, w in enumerate(columns)]
    wraps: list[tuple[list[tuple[int, int]] | None, ...]] = []
    tops: list[int] = []
    heights: list[int] = []
    line = 0
    for i, row_cells in enumerate(prepared.cells):
        if polite and i % _YIELD_EVERY == 0:
            time.sleep(0)
        if changes_only and hidden_when_changes_only(prepared.markers[i]):
            wraps.append(tuple(None for _ in row_cells))
            tops.append(line)
            heights.append(0)
            continue
        row_wraps = tuple(
            None if c is None else wrap(c.text, text_widths[k]) for k, c in enumerate(row_cells)
        )
        height = max((len(w) for w in row_wraps if w is not None), default=1)
        wraps.append(row_wraps)
        tops.append(line)
        heights.append(height)
        line += height + 1
    return Layout(width, changes_only, columns, wraps, tops, heights, line)


def column_widths(total: int, count: int) -> tuple[int, ...]:
    """Split ``total`` cells (after the gutter) into ``count`` columns and separators."""
    count = max(1, count)
    available = max(count, total - GUTTER - len(SEPARATOR) * (count - 1))
    base = available // count
    widths = [base] * count
    widths[-1] += available - base * count
    return tuple(max(1, w) for w in widths)


def header_cell(label: str, title: str, width: int) -> tuple[str, str]:
    """A column's heading in ``width`` cells: its label and `` · title``, cut to fit
    (``(label part, title part)``, styled apart)."""
    text = fit(label + (" · " + title if title else ""), width)
    return text[: len(label)], text[len(label) :]


def missing_cell(label: str, width: int) -> str:
    """What a column shows where its document has nothing in the row."""
    return fit(f"∅ not in {label}", width)


def cell_pieces(cell: PreparedCell, start: int, end: int) -> list[tuple[str, str | None]]:
    """``cell.text[start:end]`` (one wrapped line) as pieces of text, each with the
    name of the mark it lies in (``"span"``, ``"span-2"``, ``"tag"``…) or ``None``."""
    text = cell.text
    pieces: list[tuple[str, str | None]] = []
    pos = start
    for s, e, name, _kind in cell.marks:
        if e <= pos:
            continue
        if s >= end:
            break
        s = max(s, pos)
        e = min(e, end)
        if s > pos:
            pieces.append((text[pos:s], None))
        pieces.append((text[s:e], name))
        pos = e
    if pos < end:
        pieces.append((text[pos:end], None))
    return pieces


def line_cells(cell: PreparedCell, start: int, end: int) -> int:
    """The cells one wrapped line of ``cell`` takes."""
    return cells(cell.text[start:end])
