"""Plain-text rendering of a Comparison, for ``reader diff --format text``.

Side by side when every column gets a readable width, stacked otherwise (one block per
row, one line per document). Each row starts with its kind's symbol and number; spans
with no counterpart are marked ``[[…]]`` without colour, highlighted with ANSI codes
when ``color=True`` (the CLI decides, honouring ``NO_COLOR``). All article text passes
through :func:`reader.corpus.safe.neutralise`, so nothing in it can drive the terminal.
"""

from __future__ import annotations

from reader.compare.model import Cell, Comparison, Row
from reader.corpus.safe import neutralise
from reader.export.ansi import Painter
from reader.view.cells import cells, fit, pad, wrap
from reader.view.comparison import (
    MARKER_ORDER,
    MARKERS,
    column_marker,
    doc_file,
    doc_labels,
    doc_title,
    is_difference,
    mark_cell,
    missing_label,
    row_marker,
    summary_line,
    summary_parts,
)

MIN_COLUMN = 22  # narrower than this, side by side is unreadable: stack instead
SPAN_OPEN, SPAN_CLOSE = "[[", "]]"


def _clean(text: str) -> str:
    return neutralise(text.replace("\t", " "))


def _pad(text_cells: int, width: int) -> str:
    return " " * max(0, width - text_cells)


def _cell_lines(
    cell: Cell | None,
    label: str,
    width: int,
    paint: Painter,
    *,
    k: int,
    labels: list[str],
    symbol: tuple[str, str] | None = None,
) -> list[tuple[int, str]]:
    """The wrapped lines of one cell as (cells used, rendered text). ``symbol`` (text,
    style), when given, opens the first line: a column's own marker in a comparison of
    three or more documents."""
    lead_width = 2 if symbol is not None else 0
    lead = paint(symbol[0], symbol[1]) + " " if symbol is not None else ""
    width = max(1, width - lead_width)
    if cell is None:
        text = fit(f"({label})", width)
        return [(lead_width + cells(text), lead + paint(text, "dim"))]
    marked = mark_cell(cell, k, labels)
    text, marks = marked.text, marked.marks
    base_style = "boilerplate" if cell.boilerplate else ""
    if not paint.enabled:
        # Insert visible markers around spans (a pivot span's tag inside the brackets:
        # [[text‹IT›]]), then wrap the marked text.
        pieces: list[str] = []
        pos = 0
        for start, end, style, _kind in marks:
            if style == "tag":
                continue
            tag_end = next((e for s0, e, st, _ in marks if st == "tag" and s0 == end), end)
            pieces.append(text[pos:start])
            pieces.append(SPAN_OPEN + text[start:tag_end] + SPAN_CLOSE)
            pos = tag_end
        pieces.append(text[pos:])
        text = "".join(pieces)
        lines = [
            (cells(text[a:b]), paint(text[a:b], base_style))
            for a, b in wrap(text, width)
        ]
    else:
        lines = []
        for a, b in wrap(text, width):
            parts: list[str] = []
            pos = a
            for start, end, style, _kind in marks:
                s0, e0 = max(start, a), min(end, b)
                if e0 <= s0 or e0 <= pos:
                    continue
                s0 = max(s0, pos)
                parts.append(paint(text[pos:s0], base_style))
                parts.append(paint(text[s0:e0], "dim" if style == "tag" else "span"))
                pos = e0
            parts.append(paint(text[pos:b], base_style))
            lines.append((cells(text[a:b]), "".join(parts)))
    if symbol is not None:
        lines = [
            (used + lead_width, (lead if i == 0 else " " * lead_width) + rendered)
            for i, (used, rendered) in enumerate(lines)
        ]
    return lines


def _column_symbol(row: Row, k: int, n: int) -> tuple[str, str] | None:
    """A column's own marker (text, style), shown when three or more documents are
    compared; a blank where the column has nothing to say in the row."""
    if n < 3 or k == 0:
        return None
    marker = column_marker(row, k)
    if marker is None:
        return (" ", "")
    return (MARKERS[marker].symbol, marker if marker != "match" else "")


def _explanation(row: Row) -> str:
    bits: list[str] = []
    if row.similarity is not None:
        bits.append(f"similarity {row.similarity:.2f}")
    if row.reason:
        bits.append(_clean(" ".join(row.reason.split())))
    if row.moved_from is not None:
        bits.append(f"counterpart at row {row.moved_from + 1}")
    return " · ".join(bits)


def _header(comparison: Comparison, width: int, paint: Painter) -> list[str]:
    labels = doc_labels(comparison.documents)
    lines = [fit(f"reader diff · scorer: {_clean(comparison.scorer)}", width)]
    for k, doc in enumerate(comparison.documents):
        role = "pivot" if k == 0 else "     "
        file = doc_file(doc)
        title = doc_title(doc)
        lead = f"{role} {labels[k]}: "
        tail = f" ({file})" if file and file != title else ""
        # the title is cut, not the file name (the one thing that tells two files apart)
        room = max(10, width - cells(lead) - cells(tail))
        lines.append(fit(lead + fit(title, room) + tail, width))
    for note in comparison.notes:
        lines.append(paint(fit(f"note: {_clean(note)}", width), "note"))
    for label, counts in summary_parts(comparison):
        lines.append(fit(f"{label}: {summary_line(counts)}", width))
    legend = "  ".join(f"{MARKERS[m].symbol} {MARKERS[m].label}" for m in MARKER_ORDER)
    spans_hint = "highlighted" if paint.enabled else f"{SPAN_OPEN}…{SPAN_CLOSE}"
    legend += f"  {spans_hint} unmatched"
    lines.extend(fit(part, width) for part in _legend_lines(legend, width))
    return lines


def _legend_lines(legend: str, width: int) -> list[str]:
    return [legend[a:b] for a, b in wrap(legend, width)]


def render_text(
    comparison: Comparison, *, width: int = 80, color: bool = False, changes_only: bool = False
) -> str:
    """The whole comparison as text, no line wider than ``width`` cells (minimum 40).

    ``changes_only`` leaves out the rows that match (and boilerplate), keeping the row
    numbers of the full comparison, and says how many were left out."""
    width = max(40, width)
    paint = Painter(color)
    if not comparison.documents:
        return "(nothing to compare: no documents)\n"
    labels = doc_labels(comparison.documents)
    n = max(1, len(comparison.documents))
    number_width = max(3, len(str(len(comparison.rows))))
    gutter = 2 + number_width + 1  # "≠ " + number + " "
    sep = " │ "
    column = (width - gutter - len(sep) * (n - 1)) // n
    side_by_side = column >= MIN_COLUMN

    out = _header(comparison, width, paint)
    if changes_only:
        hidden = sum(1 for row in comparison.rows if not is_difference(row))
        out.append(
            paint(
                fit(f"changes only: {hidden} matching or boilerplate rows left out", width),
                "dim",
            )
        )
    out.append("")
    if not comparison.rows:
        out.append("(no rows: the documents have no text to compare)")
        return "\n".join(out) + "\n"

    if side_by_side:
        head = " " * gutter + sep.join(
            pad(fit(labels[k], column), column)
            for k in range(n)
        )
        out.append(paint(head.rstrip(), "bold"))
        out.append("─" * gutter + "─┼─".join("─" * column for _ in range(n)))

    for index, row in enumerate(comparison.rows):
        if changes_only and not is_difference(row):
            continue
        marker = row_marker(row)
        info = MARKERS[marker]
        style = marker if marker != "match" else ""
        number = f"{index + 1:>{number_width}}"
        if side_by_side:
            cells = [
                _cell_lines(
                    row.cells[k] if k < len(row.cells) else None,
                    missing_label(labels, k),
                    column,
                    paint,
                    k=k,
                    labels=labels,
                    symbol=_column_symbol(row, k, n),
                )
                for k in range(n)
            ]
            height = max(len(c) for c in cells)
            for line_no in range(height):
                lead = paint(f"{info.symbol} {number} ", style) if line_no == 0 else " " * gutter
                parts: list[str] = []
                for k in range(n):
                    if line_no < len(cells[k]):
                        cells_used, rendered = cells[k][line_no]
                    else:
                        cells_used, rendered = 0, ""
                    parts.append(rendered + (_pad(cells_used, column) if k < n - 1 else ""))
                out.append((lead + sep.join(parts)).rstrip())
        else:
            out.append(paint(f"{info.symbol} {number} {info.label}", style))
            label_width = max(len(label) for label in labels)
            inner = width - gutter - label_width - 3
            for k in range(n):
                cell = row.cells[k] if k < len(row.cells) else None
                lines = _cell_lines(
                    cell,
                    missing_label(labels, k),
                    inner,
                    paint,
                    k=k,
                    labels=labels,
                    symbol=_column_symbol(row, k, n),
                )
                for line_no, (_cells, rendered) in enumerate(lines):
                    tag = labels[k] if line_no == 0 else ""
                    out.append((" " * gutter + f"{tag:<{label_width}} │ " + rendered).rstrip())
        if marker not in ("match", "boilerplate"):
            why = _explanation(row)
            if why:
                why = "↳ " + why
                for a, b in wrap(why, width - gutter - 2):
                    lead = " " * gutter + ("" if a == 0 else "  ")
                    out.append(paint(lead + why[a:b], "dim"))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
