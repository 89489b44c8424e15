"""Small renderings around the diff table: summary, notes, and why a row was flagged.

Everything is a ``rich.text.Text`` built by ``append``; text that comes from articles or
the engine goes through ``neutralise`` and is never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from reader.compare.model import Comparison, Span
from reader.corpus.safe import neutralise
from reader.view.comparison import (
    MARKERS,
    column_marker,
    doc_labels,
    row_marker,
    summary_parts,
)

# Rich style names used here map to theme-neutral ANSI colours; widgets restyle via CSS.
_COUNT_STYLE = {
    "added": "green",
    "omitted": "red",
    "differ": "yellow",
    "moved": "magenta",
}
_COUNT_SYMBOL = {"added": "+", "omitted": "−", "differ": "≠", "moved": "↕"}
_MARKER_STYLE = {
    "match": "",
    "differs": "bold yellow",
    "added": "bold green",
    "omitted": "bold red",
    "moved": "bold magenta",
    "boilerplate": "dim",
}


def _clean(text: str) -> str:
    return neutralise(" ".join(text.split()))


def summary_renderable(comparison: Comparison) -> Text:
    """``IT: +2 added · −1 omitted · ≠3 differ · ↕1 moved`` per non-pivot document."""
    out = Text(no_wrap=False, overflow="fold")
    parts = summary_parts(comparison)
    labels = doc_labels(comparison.documents)
    if not parts:
        out.append("Only one document: nothing to compare against.", style="italic")
        return out
    for i, (label, counts) in enumerate(parts):
        if i:
            out.append("\n")
        out.append(label, style="bold")
        out.append(f" vs {labels[0]}: ", style="dim")
        for j, key in enumerate(("added", "omitted", "differ", "moved")):
            if j:
                out.append(" · ", style="dim")
            value = counts.get(key, 0)
            style = _COUNT_STYLE[key] if value else "dim"
            out.append(f"{_COUNT_SYMBOL[key]}{value} {key}", style=style)
        if counts.get("boilerplate"):
            out.append(f" · ·{counts['boilerplate']} boilerplate", style="dim")
    return out


def notes_renderable(notes: Sequence[str]) -> Text:
    out = Text()
    for i, note in enumerate(notes):
        if i:
            out.append("\n")
        out.append("⚠ ", style="bold yellow")
        out.append(_clean(note))
    return out


def _sentences(numbers: Sequence[int]) -> str:
    """Sentence numbers as a person reads them (1-based)."""
    plural = "s" if len(numbers) > 1 else ""
    return f"sentence{plural} " + ", ".join(str(i + 1) for i in numbers)


def _spans_text(out: Text, spans: Sequence[Span], text: str) -> None:
    for j, span in enumerate(spans):
        if j:
            out.append(", ")
        out.append("«")
        out.append(_clean(span.text or text[span.start : span.end]), style="reverse")
        out.append("»")
        out.append(f" {span.kind}", style="dim")


def explain_renderable(
    comparison: Comparison,
    index: int,
    *,
    width: int | None = None,
    max_lines: int | None = None,
    console: Console | None = None,
) -> Text:
    """Why row ``index`` was flagged: for each document, what it says against the pivot
    (marker, similarity, reason) and the stretches with no counterpart; on the pivot,
    which document lacks each stretch. One part per document.

    With ``width``, each part is wrapped there (continuation lines indented under the
    text), and with ``max_lines`` the whole fits that many lines: every part keeps at
    least its first line, the rest share what is left in order, and a part cut short
    ends with "…"."""
    parts = _explain_parts(comparison, index)
    if width is None:
        return Text("\n").join(parts)
    return _fit_parts(parts, max(8, width), max_lines, console or Console(width=width))


def _fit_parts(parts: list[Text], width: int, max_lines: int | None, console: Console) -> Text:
    wrapped: list[list[Text]] = []
    for number, part in enumerate(parts):
        indent = 0 if number == 0 else min(8, _label_width(part))
        lines = list(part.wrap(console, width - indent, overflow="fold"))
        for k in range(1, len(lines)):
            line = lines[k]
            lead = len(line.plain) - len(line.plain.lstrip())
            lines[k] = Text(" " * indent) + line[lead:]
        wrapped.append(lines or [Text()])
    budget = sum(len(lines) for lines in wrapped) if max_lines is None else max_lines
    keep = [1] * len(wrapped)
    spare = budget - len(wrapped)
    for number, lines in enumerate(wrapped):
        extra = min(max(0, spare), len(lines) - 1)
        keep[number] += extra
        spare -= extra
    out: list[Text] = []
    for lines, count in zip(wrapped, keep, strict=True):
        shown = lines[:count]
        if count < len(lines):
            last = shown[-1].copy()
            last.rstrip()
            last.truncate(max(1, width - 1))
            last.append("…", style="dim")
            shown[-1] = last
        out.extend(shown)
    text = Text("\n").join(out)
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def _label_width(part: Text) -> int:
    """Cells of a part's ``EN: `` lead (where its continuation lines start)."""
    head = part.plain.split(": ", 1)[0]
    return len(head) + 2 if len(head) <= 6 else 0


def _explain_parts(comparison: Comparison, index: int) -> list[Text]:
    out = Text()
    parts = [out]
    if not 0 <= index < len(comparison.rows):
        out.append("No row selected.", style="italic")
        return parts
    row = comparison.rows[index]
    marker = row_marker(row)
    info = MARKERS[marker]
    labels = doc_labels(comparison.documents)
    out.append(f"Row {index + 1} of {len(comparison.rows)}  ", style="bold")
    out.append(f"{info.symbol} {info.label}", style=_MARKER_STYLE[marker])
    out.append(f" — {info.description}", style="dim")
    if row.moved_from is not None:
        out.append(f" · counterpart at row {row.moved_from + 1} (m goes there)", style="dim")
    pivot = row.cells[0] if row.cells else None
    out = Text()
    parts.append(out)
    out.append(f"{labels[0]}: ", style="bold")
    if pivot is None:
        out.append("nothing in this row", style="italic")
    else:
        out.append(_sentences(pivot.sentences), style="dim")
        unattributed = [sp for sp in pivot.spans if sp.against is None]
        if unattributed:
            out.append(" · no counterpart: ", style="dim")
            _spans_text(out, unattributed, pivot.text)
        for k in range(1, len(labels)):
            lacking = [sp for sp in pivot.spans if sp.against == k]
            if lacking:
                out.append(f" · not in {labels[k]}: ", style="dim")
                _spans_text(out, lacking, pivot.text)
    for k in range(1, len(labels)):
        cell = row.cells[k] if k < len(row.cells) else None
        verdict = row.verdict(k)
        own = column_marker(row, k)
        out = Text()
        parts.append(out)
        out.append(f"{labels[k]}: ", style="bold")
        if own is None or verdict is None:
            out.append("nothing in this row", style="italic")
            continue
        out.append(f"{MARKERS[own].symbol} {MARKERS[own].label}", style=_MARKER_STYLE[own])
        if verdict.similarity is not None:
            out.append(" · similarity ", style="dim")
            out.append(f"{verdict.similarity:.2f}", style="bold")
        if cell is not None:
            out.append(" · ", style="dim")
            out.append(_sentences(cell.sentences), style="dim")
        if verdict.reason and verdict.kind != "match":
            out.append(" · ", style="dim")
            out.append(_clean(verdict.reason))
        if cell is not None and cell.spans:
            out.append(f" · not in {labels[0]}: ", style="dim")
            _spans_text(out, cell.spans, cell.text)
    return parts
