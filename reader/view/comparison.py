"""Presentation helpers shared by every view of a Comparison (TUI, text, HTML).

What a row *means* to a reader (its marker: match, differs, added, omitted, moved,
boilerplate), how documents are labelled (EN, IT, FR), the summary sentence, and each
cell's text with its marks. No Textual imports: the exports stay light. Widths, fitting
and wrapping are :mod:`reader.view.cells`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reader.compare.model import Cell, Comparison, Row
from reader.corpus.safe import display_path, neutralise

Marker = Literal["match", "differs", "added", "omitted", "moved", "boilerplate"]


@dataclass(frozen=True, slots=True)
class MarkerInfo:
    symbol: str
    ascii: str  # fallback for plain terminals and copy-paste
    label: str
    description: str


MARKERS: dict[Marker, MarkerInfo] = {
    "match": MarkerInfo("=", "=", "match", "same content in every column"),
    "differs": MarkerInfo("≠", "~", "differs", "aligned, but something differs inside"),
    "added": MarkerInfo("+", "+", "added", "not in the pivot (first column)"),
    "omitted": MarkerInfo("−", "-", "omitted", "in the pivot, missing elsewhere"),
    "moved": MarkerInfo("↕", "^", "moved", "counterpart is elsewhere in the document"),
    "boilerplate": MarkerInfo("·", ".", "boilerplate", "site furniture, dimmed"),
}

MARKER_ORDER: tuple[Marker, ...] = ("match", "differs", "added", "omitted", "moved", "boilerplate")

# How much a marker stands out, used where several rows share one cell (overview strip).
SEVERITY: dict[Marker, int] = {
    "boilerplate": 0,
    "match": 1,
    "moved": 2,
    "differs": 3,
    "added": 4,
    "omitted": 5,
}


def column_marker(row: Row, k: int) -> Marker | None:
    """What document ``k`` (k ≥ 1) says in this row on its own, against the pivot
    (``None`` when neither it nor the pivot has text in the row)."""
    verdict = row.verdict(k)
    if verdict is None:
        return None
    if row.boilerplate:
        return "boilerplate"
    return verdict.kind


def row_marker(row: Row) -> Marker:
    """The row as a whole: the most salient of its columns' markers (see SEVERITY)."""
    if row.boilerplate:
        return "boilerplate"
    markers = [m for k in range(1, len(row.cells)) if (m := column_marker(row, k)) is not None]
    if not markers:
        return "added" if row.cells and row.cells[0] is None else "omitted"
    return max(markers, key=lambda m: SEVERITY[m])


def is_difference(row: Row) -> bool:
    """Rows that ``n``/``N`` stop at: anything but a full match or boilerplate."""
    return row_marker(row) not in ("match", "boilerplate")


def _doc_attr(doc: object, name: str) -> str:
    value = getattr(doc, name, None)
    return "" if value is None else str(value)


def doc_label(doc: object) -> str:
    """The column label of a document: its language in capitals, ``??`` when unknown."""
    language = _doc_attr(doc, "language")
    return neutralise(language.upper()) if language else "??"


def doc_labels(documents: Sequence[object]) -> list[str]:
    """Labels of all documents, made unique (``EN``, ``EN²``…) when languages repeat."""
    base = [doc_label(d) for d in documents]
    seen: dict[str, int] = {}
    out: list[str] = []
    for label in base:
        seen[label] = seen.get(label, 0) + 1
        if base.count(label) > 1:
            out.append(f"{label}{seen[label]}")
        else:
            out.append(label)
    return out


def doc_title(doc: object) -> str:
    """A short, neutralised title: the document title, else (as the sidebar shows an
    untitled article) its opening words, else its file name."""
    title = _doc_attr(doc, "title") or _doc_attr(doc, "display_title")
    if not title:
        path = getattr(doc, "path", None)
        name = getattr(path, "name", "")
        return display_path(name) if name else neutralise(_doc_attr(doc, "id"))
    return neutralise(" ".join(title.split()))


def doc_file(doc: object) -> str:
    """The file name of a document on one line, undecodable bytes escaped."""
    path = getattr(doc, "path", None)
    return display_path(getattr(path, "name", "") or "")


def summary_parts(comparison: Comparison) -> list[tuple[str, dict[str, int]]]:
    """``[(label, {"added": n, "omitted": n, "differ": n, "moved": n}), ...]`` per non-pivot."""
    labels = doc_labels(comparison.documents)
    summary = comparison.summary()
    return [(labels[k], summary[k]) for k in sorted(summary)]


def summary_line(counts: dict[str, int]) -> str:
    line = " · ".join(
        f"{counts.get(key, 0)} {key}" for key in ("added", "omitted", "differ", "moved")
    )
    if counts.get("boilerplate"):
        line += f" · {counts['boilerplate']} boilerplate"
    return line


def summary_text(comparison: Comparison) -> str:
    """E.g. ``IT: 2 added · 1 omitted · 3 differ · 0 moved``, one part per non-pivot doc."""
    parts = summary_parts(comparison)
    if not parts:
        return "nothing to compare: one document only"
    return "   ".join(f"{label}: {summary_line(counts)}" for label, counts in parts)


def missing_label(labels: Sequence[str], k: int) -> str:
    return f"not in {labels[k]}"


@dataclass(frozen=True, slots=True)
class MarkedText:
    """A cell's text ready to show: neutralised, with the stretches to highlight.

    ``marks`` are sorted, non-overlapping ``(start, end, style, kind)`` offsets into
    ``text`` (``kind``: the span's, e.g. ``number``; ``""`` for a tag). Styles:
    ``"span"`` (no counterpart, or another value, on the other side), ``"span-K"`` (on
    the pivot of a comparison of three or more documents: measured against document K)
    and ``"tag"`` (the label of the documents a pivot span is measured against, inserted
    into the text right after the span, e.g. ``‹IT›``).
    """

    text: str
    marks: tuple[tuple[int, int, str, str], ...]


def mark_cell(cell: Cell, k: int, labels: Sequence[str]) -> MarkedText:
    """The text and highlights of ``cell`` in column ``k`` (labels of every column)."""
    text = neutralise(cell.text.replace("\t", " "))
    regions: list[tuple[int, int, set[int], str]] = []
    for span in sorted(cell.spans, key=lambda sp: (sp.start, sp.end)):
        start, end = max(0, span.start), min(len(text), span.end)
        if end <= start:
            continue
        against = {span.against} if span.against is not None else set()
        if regions and start < regions[-1][1]:
            a, b, seen, kind = regions[-1]
            regions[-1] = (a, max(b, end), seen | against, kind)
        else:
            regions.append((start, end, against, span.kind))
    attribute = k == 0 and len(labels) > 2
    if not attribute:
        return MarkedText(text, tuple((a, b, "span", kind) for a, b, _, kind in regions))
    out: list[str] = []
    marks: list[tuple[int, int, str, str]] = []
    pos = 0
    for a, b, against, kind in regions:
        out.append(text[pos:a])
        start = sum(len(x) for x in out)
        out.append(text[a:b])
        valid = sorted(x for x in against if 0 < x < len(labels))
        marks.append((start, start + b - a, f"span-{valid[0]}" if valid else "span", kind))
        if valid:
            tag = "‹" + ",".join(labels[x] for x in valid) + "›"
            marks.append((start + b - a, start + b - a + len(tag), "tag", ""))
            out.append(tag)
        pos = b
    out.append(text[pos:])
    return MarkedText("".join(out), tuple(marks))
