"""Small renderings around the diff table: summary, notes, and why a row was flagged.

Everything is a ``rich.text.Text`` built by ``append``; text that comes from articles or
the engine goes through ``neutralise`` and is never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from reader.compare.model import Comparison
from reader.corpus.safe import neutralise
from reader.export.layout import (
    MARKERS,
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


def explain_renderable(comparison: Comparison, index: int) -> Text:
    """Why row ``index`` was flagged: kind, similarity, reason, unmatched spans per side."""
    out = Text()
    if not 0 <= index < len(comparison.rows):
        out.append("No row selected.", style="italic")
        return out
    row = comparison.rows[index]
    marker = row_marker(row)
    info = MARKERS[marker]
    labels = doc_labels(comparison.documents)
    out.append(f"Row {index + 1} of {len(comparison.rows)}  ", style="bold")
    out.append(f"{info.symbol} {info.label}", style=_MARKER_STYLE[marker])
    out.append(f" — {info.description}", style="dim")
    if row.similarity is not None:
        out.append("  similarity ", style="dim")
        out.append(f"{row.similarity:.2f}", style="bold")
    out.append("\n")
    if row.reason:
        out.append("Why: ", style="bold")
        out.append(_clean(row.reason))
        out.append("\n")
    if row.kind == "moved" and row.moved_from is not None:
        out.append(f"Counterpart at row {row.moved_from + 1} (press m to go there).\n")
    for k, label in enumerate(labels):
        cell = row.cells[k] if k < len(row.cells) else None
        out.append(f"{label}: ", style="bold")
        if cell is None:
            out.append("nothing in this row", style="italic")
        else:
            if cell.sentences:
                plural = "s" if len(cell.sentences) > 1 else ""
                numbers = ", ".join(str(s) for s in cell.sentences)
                out.append(f"sentence{plural} {numbers}", style="dim")
                out.append(" · ", style="dim")
            if not cell.spans:
                out.append("no unmatched spans", style="dim")
            else:
                out.append("no counterpart for ")
                for j, span in enumerate(cell.spans):
                    if j:
                        out.append(", ")
                    out.append("«")
                    text = span.text or cell.text[span.start : span.end]
                    out.append(_clean(text), style="reverse")
                    out.append("»")
                    out.append(f" {span.kind}", style="dim")
        if k < len(labels) - 1:
            out.append("\n")
    return out
