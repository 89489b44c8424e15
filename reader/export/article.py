"""An article typeset as plain text, for ``reader show``: what the TUI's article pane shows.

Blocks come from :func:`reader.view.article.document_blocks` (pure, no Textual), which
neutralises all article text; colour (SGR) comes from :class:`reader.export.ansi.Painter`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.export.ansi import Painter

if TYPE_CHECKING:
    from reader.corpus.model import Document

# SGR parameters of each block kind, and of inline styles within a block.
_BLOCK_STYLE = {
    "title": "1",
    "meta": "2",
    "warning": "33",
    "dek": "3",
    "date": "2",
    "heading": "1",
    "code": "36",
    "rule": "2",
    "label": "2",
    "boilerplate": "2",
    "error": "31",
    "note": "2",
}
_INLINE_STYLE = {
    "strong": "1",
    "emphasis": "3",
    "underline": "4",
    "link": "4",
    "strike": "9",
    "code": "36",
    "target": "2",
}


def _styled(
    text: str, base: str, inlines: Sequence[tuple[int, int, str]], paint: Painter
) -> str:
    """``text`` with its block style and its inline styles (offsets into ``text``)."""
    if not paint.enabled or not text:
        return text
    cuts = sorted({0, len(text), *(x for a, b, _ in inlines for x in (a, b) if 0 < x < len(text))})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        codes = [base] if base else []
        codes += [
            _INLINE_STYLE[k] for s, e, k in inlines if s <= a and b <= e and k in _INLINE_STYLE
        ]
        piece = text[a:b]
        out.append(paint.sgr(piece, ";".join(codes)) if codes else piece)
    return "".join(out)


def render_document_text(doc: Document, *, width: int = 80, colour: bool = False) -> str:
    """The article typeset for a terminal or a pipe, block by block as the TUI shows it.

    Title, meta line, warnings, dek, paragraphs wrapped at ``width``; Markdown and web
    pages rendered (headings, emphasis, list markers, quote bars, code, a link's target
    after its text); boilerplate keeps its place, dimmed and prefixed with ``┆``. All
    article text is neutralised by :func:`reader.view.article.document_blocks` (pure, no
    Textual).
    """
    from reader.view.article import document_blocks, wrap_block

    paint = Painter(colour)
    width = max(20, width)
    blocks = document_blocks(doc)
    lines: list[str] = []
    for index, block in enumerate(blocks):
        previous = blocks[index - 1].kind if index else None
        if index and not (
            block.kind in ("meta", "warning")
            or block.tight
            or (block.kind == "boilerplate" and previous in ("label", "boilerplate"))
        ):
            lines.append("")
        code = _BLOCK_STYLE.get(block.kind, "")
        if block.kind == "rule":
            lines.append(paint.sgr("─" * min(width, 40), code))
            continue
        mark = "┆ " if block.kind == "boilerplate" else ""
        for start, end in wrap_block(block, width - len(mark)):
            lead = mark + (block.prefix if start == 0 else block.indent)
            piece = block.text[start:end].rstrip()
            inlines = [
                (max(i.start, start) - start, min(i.end, end) - start, i.kind)
                for i in block.inlines
                if i.start < end and i.end > start
            ]
            lines.append(paint(lead, "dim") + _styled(piece, code, inlines, paint))
    return "\n".join(lines) + "\n"
