"""A Comparison as one self-contained HTML page, for ``reader diff --format html``.

Side-by-side columns, one table row per aligned row, kinds told apart by colour and a
symbol (with a legend), unmatched spans highlighted, the summary and the engine's notes
on top. Inline CSS only: no scripts, no fonts, no external fetches, so the page can be
mailed or opened offline. Every piece of article text (and titles, file names, notes,
reasons) is HTML-escaped; control characters are neutralised first.
"""

from __future__ import annotations

from html import escape

from reader.compare.model import Cell, Comparison, Row
from reader.corpus.safe import neutralise
from reader.view.comparison import (
    MARKER_ORDER,
    MARKERS,
    column_marker,
    doc_file,
    doc_labels,
    doc_title,
    is_difference,
    mark_cell,
    row_marker,
    summary_line,
    summary_parts,
)

_CSS = """
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d1f21; --muted: #6a6f75;
  --rule: #d9dce0; --match: transparent; --differs: #fff4cc; --added: #dcf5dc;
  --omitted: #fde0e0; --moved: #ece3fb; --span: #ffd24d; --span-fg: #000000;
  --span-2: #8fd8ff; --span-3: #c3f08c; --span-4: #ffb3d9; }
@media (prefers-color-scheme: dark) { :root { --bg: #16181b; --fg: #e6e6e6;
  --muted: #9aa0a6; --rule: #33373c; --differs: #3d3414; --added: #173a1f;
  --omitted: #45191c; --moved: #2e2445; --span: #b8860b; --span-fg: #ffffff;
  --span-2: #1f6f99; --span-3: #4f7a1f; --span-4: #8f2f5f; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 96rem; padding: 1.5rem; background: var(--bg);
  color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
.meta, .legend, .notes, .summary { margin: .3rem 0; }
.meta { color: var(--muted); }
.notes li { color: #b26b00; }
.summary span.lang { font-weight: 600; }
.legend span { display: inline-block; margin: 0 .9rem .2rem 0; padding: 0 .35rem;
  border-radius: 3px; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; table-layout: fixed; }
th, td { vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid var(--rule);
  text-align: left; overflow-wrap: anywhere; }
th { position: sticky; top: 0; background: var(--bg); border-bottom: 2px solid var(--rule); }
th .title { display: block; font-weight: normal; color: var(--muted); font-size: .85rem; }
col.gutter { width: 4.2rem; }
td.gutter { font-family: ui-monospace, monospace; white-space: nowrap; color: var(--muted); }
td.gutter .sym { display: inline-block; width: 1.2rem; font-weight: 700; color: var(--fg); }
tr.k-differs td { background: var(--differs); }
tr.k-added td { background: var(--added); }
tr.k-omitted td { background: var(--omitted); }
tr.k-moved td { background: var(--moved); }
tr.k-boilerplate td { opacity: .55; }
td.empty { color: var(--muted); font-style: italic; }
tr.why td { border-bottom: 1px solid var(--rule); padding-top: 0; font-size: .85rem;
  color: var(--muted); background: transparent; }
mark { background: var(--span); color: var(--span-fg); padding: 0 .1em; border-radius: 2px; }
mark.against-2 { background: var(--span-2); } mark.against-3 { background: var(--span-3); }
mark.against-4 { background: var(--span-4); }
sup.tag { color: var(--muted); font-size: .7em; margin-left: .1em; }
td .sym { display: inline-block; width: 1.1rem; font-weight: 700; }
.toggle { margin: .6rem 0 0; }
#changes-only:checked ~ table tr.k-match, #changes-only:checked ~ table tr.k-boilerplate,
#changes-only:checked ~ table tr.k-match + tr.why { display: none; }
#changes-only:checked ~ p.hidden-count { display: block; }
p.hidden-count { display: none; color: var(--muted); }
.legend .k-differs { background: var(--differs); } .legend .k-added { background: var(--added); }
.legend .k-omitted { background: var(--omitted); } .legend .k-moved { background: var(--moved); }
.legend .k-boilerplate { opacity: .55; }
"""


def _clean(text: str) -> str:
    return escape(neutralise(text), quote=True)


def _cell_html(cell: Cell, k: int, labels: list[str]) -> str:
    marked = mark_cell(cell, k, labels)
    text = marked.text
    out: list[str] = []
    pos = 0
    for start, end, style, kind in marked.marks:
        out.append(escape(text[pos:start]))
        piece = escape(text[start:end])
        if style == "tag":
            out.append(f'<sup class="tag">{piece}</sup>')
        else:
            against = style.partition("-")[2]
            missing = (
                f"not in {labels[int(against)]}"
                if against and int(against) < len(labels)
                else "no counterpart"
            )
            css = f"s-{escape(kind)}" + (f" against-{against}" if against else "")
            title = f"{missing} ({kind})"
            out.append(f'<mark class="{css}" title="{escape(title)}">{piece}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _symbol_html(row: Row, k: int, n: int) -> str:
    """A column's own marker, when three or more documents are compared."""
    if n < 3 or k == 0:
        return ""
    marker = column_marker(row, k)
    if marker is None:
        return ""
    info = MARKERS[marker]
    return (
        f'<span class="sym" title="{escape(info.label)}" aria-label="{escape(info.label)}">'
        f"{escape(info.symbol)}</span>"
    )


def _why(row: Row) -> str:
    bits: list[str] = []
    if row.similarity is not None:
        bits.append(f"similarity {row.similarity:.2f}")
    if row.reason:
        bits.append(_clean(row.reason))
    if row.moved_from is not None:
        target = row.moved_from + 1
        bits.append(f'counterpart at <a href="#row-{target}">row {target}</a>')
    return " · ".join(bits)


def render_html(comparison: Comparison, *, changes_only: bool = False) -> str:
    """The comparison as a complete, self-contained HTML document (a string).

    Every row is in the page; a checkbox on it (ticked when ``changes_only``) hides the
    rows that match, without any script."""
    if not comparison.documents:
        comparison = Comparison((), (), comparison.scorer, comparison.notes)  # rows need columns
    docs = comparison.documents
    labels = doc_labels(docs)
    n = max(1, len(docs))
    title = " | ".join(labels) + " — " + (doc_title(docs[0]) if docs else "comparison")
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">Compared with reader · scorer: {_clean(comparison.scorer)} · '
        f"{len(comparison.rows)} rows · pivot: {escape(labels[0]) if labels else '—'}</p>",
    ]
    if comparison.notes:
        parts.append('<ul class="notes">')
        parts.extend(f"<li>{_clean(note)}</li>" for note in comparison.notes)
        parts.append("</ul>")
    summary = summary_parts(comparison)
    if summary:
        parts.append('<p class="summary">')
        parts.append(
            "<br>".join(
                f'<span class="lang">{escape(label)}</span>: {escape(summary_line(counts))}'
                for label, counts in summary
            )
        )
        parts.append("</p>")
    legend = " ".join(
        f'<span class="k-{m}" title="{escape(MARKERS[m].description)}">'
        f"{escape(MARKERS[m].symbol)} {escape(MARKERS[m].label)}</span>"
        for m in MARKER_ORDER
    )
    parts.append(f'<p class="legend">{legend} <span><mark>text</mark> no counterpart</span></p>')
    hidden = sum(1 for row in comparison.rows if not is_difference(row))
    checked = " checked" if changes_only else ""
    parts.append(
        f'<input type="checkbox" id="changes-only" class="toggle"{checked}>'
        '<label for="changes-only"> changes only (hide rows that match)</label>'
    )
    parts.append(f'<p class="hidden-count">{hidden} matching or boilerplate rows hidden.</p>')

    parts.append("<table>")
    parts.append('<colgroup><col class="gutter">' + "<col>" * n + "</colgroup>")
    head = "".join(
        f'<th scope="col" lang="{_clean(str(getattr(doc, "language", "") or ""))}">'
        f"{escape(labels[k])}"
        f'<span class="title">{escape(doc_title(doc))}'
        + (f" ({escape(doc_file(doc))})" if doc_file(doc) not in ("", doc_title(doc)) else "")
        + "</span></th>"
        for k, doc in enumerate(docs)
    )
    parts.append(f'<thead><tr><th scope="col">#</th>{head}</tr></thead>')
    parts.append("<tbody>")
    for index, row in enumerate(comparison.rows):
        marker = row_marker(row)
        info = MARKERS[marker]
        number = index + 1
        cells: list[str] = []
        for k in range(n):
            cell = row.cells[k] if k < len(row.cells) else None
            if cell is None:
                cells.append(
                    f'<td class="empty">{_symbol_html(row, k, n)}not in {escape(labels[k])}</td>'
                )
            else:
                lang = _clean(str(getattr(docs[k], "language", "") or "")) if k < len(docs) else ""
                cells.append(
                    f'<td lang="{lang}">{_symbol_html(row, k, n)}{_cell_html(cell, k, labels)}</td>'
                )
        parts.append(
            f'<tr id="row-{number}" class="k-{marker}" title="{escape(info.label)}">'
            f'<td class="gutter"><span class="sym" aria-label="{escape(info.label)}">'
            f"{escape(info.symbol)}</span>{number}</td>{''.join(cells)}</tr>"
        )
        if marker not in ("match", "boilerplate"):
            why = _why(row)
            if why:
                parts.append(f'<tr class="why"><td></td><td colspan="{n}">↳ {why}</td></tr>')
    parts.append("</tbody></table>")
    if not comparison.rows:
        parts.append("<p>No rows: the documents have no text to compare.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
