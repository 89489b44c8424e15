"""Text and HTML renderings of a Comparison (reader.export)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.compare.model import Cell, Comparison, Row, Span
from reader.export.html import render_html
from reader.export.text import render_text
from reader.view.comparison import is_difference, row_marker, summary_text
from tests.helpers.comparisons import cell, doc, long_comparison, pair, trio

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# -- layout -----------------------------------------------------------------------------


def test_row_markers_relative_to_the_pivot() -> None:
    markers = [row_marker(r) for r in trio().rows]
    assert markers == [
        "match",
        "differs",
        "added",
        "omitted",
        "differs",
        "moved",
        "moved",
        "boilerplate",
    ]
    assert [is_difference(r) for r in trio().rows] == [
        False,
        True,
        True,
        True,
        True,
        True,
        True,
        False,
    ]


def test_column_markers_tell_each_document_apart() -> None:
    from reader.view.comparison import column_marker

    rows = trio().rows
    assert [column_marker(rows[1], k) for k in (1, 2)] == ["differs", "differs"]
    assert [column_marker(rows[5], k) for k in (1, 2)] == ["moved", "match"]
    assert [column_marker(rows[2], k) for k in (1, 2)] == ["added", None]


def test_a_match_row_missing_in_one_column_is_an_omission() -> None:
    row = Row("match", (cell("a", (0,)), cell("b", (0,)), None), 0.9)
    assert row_marker(row) == "omitted"
    assert is_difference(row)


def test_summary_text_names_each_language() -> None:
    assert summary_text(trio()) == (
        "IT: 1 added · 1 omitted · 2 differ · 1 moved   "
        "FR: 0 added · 1 omitted · 2 differ · 0 moved"
    )


# -- text -------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 60, 80, 100, 160])
@pytest.mark.parametrize("make", [pair, trio])
def test_text_fits_the_width(width: int, make: object) -> None:
    comparison = make()  # type: ignore[operator]
    for color in (False, True):
        out = render_text(comparison, width=width, color=color)
        for line in out.splitlines():
            assert cell_len(ANSI.sub("", line)) <= width, line


def test_text_side_by_side_at_80_columns_and_stacked_when_narrow() -> None:
    wide = render_text(trio(), width=80)
    assert re.search(r"^\s+EN\s+│ IT\s+│ FR$", wide, re.M)
    narrow = render_text(trio(), width=60)
    assert "│ IT" not in narrow.splitlines()[10]
    # stacked: one line per doc, each non-pivot column with its own marker
    assert re.search(r"^\s+IT │ = Roma ha inaugurato", narrow, re.M)


def test_text_marks_kinds_spans_and_missing_cells() -> None:
    out = render_text(trio(), width=120)
    # a pivot span says which document lacks it; each other column opens with its marker
    assert "≠   2 The line cost [[3‹IT›]] billion" in out
    assert "[[Gualtieri‹FR›]]" in out
    assert "≠ La linea è costata [[4]] miliardi" in out
    assert "+   3 (not in EN)" in out and "+ Il progetto" in out
    assert "−   4 Commuters" in out
    assert "↕   6" in out and "↕ (not in IT)" in out and "·   8" in out
    assert "↳ similarity 0.61 · number: EN 3 · IT 4" in out
    assert "counterpart at row 7" in out
    assert "note: embeddings extra not installed: lexical only" in out
    assert "IT: 1 added · 1 omitted · 2 differ · 1 moved" in out


def test_text_is_neutralised_and_colour_only_when_asked() -> None:
    plain = render_text(trio(), width=100)
    assert "\x1b" not in plain and "\x07" not in plain
    assert "␛]0;pwned␇" in plain
    assert "[bold red]x[/]" in plain
    coloured = render_text(trio(), width=100, color=True)
    assert "\x1b[" in coloured
    assert "[[" not in ANSI.sub("", coloured)  # spans are highlighted, not bracketed
    # The only escape sequences are SGR colour codes: nothing from the article.
    assert "\x1b" not in ANSI.sub("", coloured)
    assert "\x07" not in coloured


def test_text_of_an_empty_comparison() -> None:
    empty = Comparison((doc("en", "A", "a.txt"), doc("it", "B", "b.txt")), (), "lexical")
    assert "no rows" in render_text(empty)


def test_text_of_a_long_comparison_has_every_row() -> None:
    out = render_text(long_comparison(250), width=100)
    assert re.search(r"^\S\s+250 ", out, re.M)


# -- HTML -------------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> & <b>bold</b> &amp; "quoted" \x1b[31m'


def hostile_comparison() -> Comparison:
    en = doc("en", f"Title {HOSTILE}", "a<b>.txt")
    it = doc("it", "Titolo & co", "b.txt")
    span_start = 4
    text = f"Say {HOSTILE} now"
    rows = (
        Row(
            "differs",
            (
                Cell(
                    text,
                    (0,),
                    (Span(span_start, span_start + len(HOSTILE), "quote", HOSTILE),),
                ),
                Cell("Dire & fare <i>", (0,)),
            ),
            0.5,
            reason=f"quote missing: {HOSTILE}",
        ),
        Row("only", (None, Cell("solo <em>qui</em>", (1,))), reason="only in IT"),
    )
    return Comparison((en, it), rows, "lexical", notes=(f"note {HOSTILE}",))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.rows: list[dict[str, str | None]] = []
        self.cells_per_row: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag == "tr":
            self.rows.append(dict(attrs))
            self.cells_per_row.append(0)
        if tag in ("td", "th") and self.cells_per_row:
            self.cells_per_row[-1] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser


def test_html_escapes_all_article_text() -> None:
    html = render_html(hostile_comparison())
    parsed = _parse(html)
    assert "script" not in parsed.tags
    assert "b" not in parsed.tags and "i" not in parsed.tags and "em" not in parsed.tags
    assert "&lt;script&gt;" in html and "&amp;amp;" in html and "&amp; co" in html
    assert "\x1b" not in html
    text = "".join(parsed.text)
    assert '<script>alert("x")</script>' in text  # shown literally to the reader
    assert "solo <em>qui</em>" in text
    assert "a<b>.txt" in text


def test_html_is_self_contained() -> None:
    html = render_html(trio())
    parsed = _parse(html)
    assert html.startswith("<!DOCTYPE html>")
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    for name, value in parsed.attrs:
        if name in ("src", "href"):
            assert value is not None and value.startswith("#"), (name, value)
    assert "http://" not in html and "https://" not in html and "@import" not in html
    assert '<meta charset="utf-8">' in html


def test_html_structure_rows_columns_kinds_legend_summary() -> None:
    comparison = trio()
    html = render_html(comparison)
    parsed = _parse(html)
    body_rows = [r for r in parsed.rows if (r.get("id") or "").startswith("row-")]
    assert len(body_rows) == len(comparison.rows)
    assert [r["class"] for r in body_rows] == [f"k-{row_marker(r)}" for r in comparison.rows]
    header_cells = parsed.cells_per_row[0]
    assert header_cells == 1 + len(comparison.documents)  # gutter + one per document
    data_counts = [
        n
        for r, n in zip(parsed.rows, parsed.cells_per_row, strict=True)
        if (r.get("id") or "").startswith("row-")
    ]
    assert set(data_counts) == {1 + len(comparison.documents)}
    assert 'class="legend"' in html
    for label in ("match", "differs", "added", "omitted", "moved", "boilerplate"):
        assert f'class="k-{label}"' in html
    assert re.search(r'<mark class="s-number[ "]', html)
    assert re.search(r'<mark class="s-clause[ "]', html)
    assert "IT</span>: 1 added · 1 omitted · 2 differ · 1 moved" in html
    assert "embeddings extra not installed: lexical only" in html
    assert "not in EN" in html
    assert 'href="#row-7"' in html  # the moved row links to its counterpart


def test_html_of_long_comparison_and_file_round_trip(tmp_path: Path) -> None:
    html = render_html(long_comparison(400))
    target = tmp_path / "diff.html"
    target.write_text(html, encoding="utf-8")
    assert target.read_text(encoding="utf-8").count('<tr id="row-') == 400


def test_no_documents_is_a_message_not_a_crash() -> None:
    nothing = Comparison((), (Row("only", (None,)),), "lexical")
    assert "nothing to compare" in render_text(nothing)
    html = render_html(nothing)
    assert "No rows" in html and "<table>" in html
