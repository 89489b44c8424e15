"""Markdown articles: blocks with source offsets, and how each block is shown.

Parsed with markdown-it-py (CommonMark, plus tables and strikethrough). The document's
text stays the Markdown source: paragraphs and sentences point into it, as for ``.txt``
files, so search hits, ``reader show --format json`` offsets and the diff refer to the
file itself. What is *shown* of each block is a :class:`~reader.corpus.model.Rendering`:
the text without markup (``**``, ``_``, `````, ``[…](…)``, ``> ``, list markers),
inline styles, a link's target after its text, and the pieces of shown text that come
from the source (markdown-it gives no inline offsets; the walk below finds each shown
character in the source, in order, within the block's lines).

Inline HTML and HTML blocks are shown literally, as text: nothing in an article is
interpreted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reader.corpus.blocks import Assembled, SourceBlock, assemble
from reader.corpus.model import Inline, InlineKind, ParagraphRole, Rendering

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it.token import Token

_WINDOW = 64  # how far ahead a shown character may be found (entities, escapes)
_BULLETS = ("•", "◦", "▪")
_CELL_SEPARATOR = " │ "

_STYLE_TOKENS: dict[str, InlineKind] = {
    "strong_open": "strong",
    "em_open": "emphasis",
    "s_open": "strike",
}


def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


_PARSER: Any = None


def _tokens(source: str) -> list[Token]:
    global _PARSER
    if _PARSER is None:
        _PARSER = _parser()
    tokens: list[Token] = _PARSER.parse(source)
    return tokens


@dataclass
class _Shown:
    """Shown text being built, with the source offset of each character (-1: added)."""

    source: str
    cursor: int
    limit: int
    chars: list[str] = field(default_factory=list)
    origin: list[int] = field(default_factory=list)
    inlines: list[Inline] = field(default_factory=list)
    open_styles: list[tuple[InlineKind, int]] = field(default_factory=list)

    @property
    def length(self) -> int:
        return len(self.chars)

    def add(self, text: str) -> None:
        """Shown text taken from the source: each character is looked for, in order."""
        if not text:
            return
        source = self.source
        at = source.find(text, self.cursor, min(self.limit, self.cursor + _WINDOW + len(text)))
        if at >= 0:
            self.chars.extend(text)
            self.origin.extend(range(at, at + len(text)))
            self.cursor = at + len(text)
            return
        for char in text:
            stop = min(self.limit, self.cursor + _WINDOW)
            at = source.find(char, self.cursor, stop)
            self.chars.append(char)
            if at < 0:
                self.origin.append(-1)
            else:
                self.origin.append(at)
                self.cursor = at + 1

    def insert(self, text: str) -> None:
        """Shown text that is not in the source (a bullet, a separator)."""
        self.chars.extend(text)
        self.origin.extend([-1] * len(text))

    def styled(self, kind: InlineKind, start: int) -> None:
        if self.length > start:
            self.inlines.append(Inline(start, self.length, kind))

    def rendering(self) -> Rendering:
        pieces: list[tuple[int, int, int]] = []
        for shown, origin in enumerate(self.origin):
            if origin < 0:
                continue
            if pieces:
                p_shown, p_source, p_length = pieces[-1]
                if p_shown + p_length == shown and p_source + p_length == origin:
                    pieces[-1] = (p_shown, p_source, p_length + 1)
                    continue
            pieces.append((shown, origin, 1))
        inlines = tuple(sorted(self.inlines, key=lambda i: (i.start, -i.end)))
        return Rendering("".join(self.chars), inlines, tuple(pieces))


def _inline(shown: _Shown, children: list[Token]) -> None:
    link_start: list[tuple[int, str, bool]] = []
    for token in children:
        kind = token.type
        if kind == "text":
            shown.add(token.content)
        elif kind in ("softbreak", "hardbreak"):
            at = shown.source.find("\n", shown.cursor, shown.limit)
            shown.chars.append(" ")
            shown.origin.append(-1)
            if at >= 0:
                shown.cursor = at + 1
        elif kind in _STYLE_TOKENS:
            shown.open_styles.append((_STYLE_TOKENS[kind], shown.length))
        elif kind in ("strong_close", "em_close", "s_close"):
            if shown.open_styles:
                style, start = shown.open_styles.pop()
                shown.styled(style, start)
        elif kind == "code_inline":
            start = shown.length
            shown.add(token.content)
            shown.styled("code", start)
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            link_start.append((shown.length, href, token.markup == "autolink"))
        elif kind == "link_close" and link_start:
            start, href, auto = link_start.pop()
            shown.styled("link", start)
            text = "".join(shown.chars[start:])
            if href and not auto and href != text:
                shown.insert(" <")
                target = shown.length
                at = shown.source.find(href, shown.cursor, shown.limit)
                if at >= 0:
                    shown.chars.extend(href)
                    shown.origin.extend(range(at, at + len(href)))
                    shown.cursor = at + len(href)
                else:
                    shown.insert(href)
                shown.styled("target", target)
                shown.insert(">")
        elif kind == "image":
            shown.insert("[image: ")
            _inline(shown, token.children or [])
            shown.insert("]")
        elif kind == "html_inline" or token.content:
            shown.add(token.content)


@dataclass
class _Context:
    quote: int = 0
    lists: list[tuple[bool, int]] = field(default_factory=list)  # (ordered, next number)
    marker: str | None = None  # the marker of the list item whose first block comes next


def _line_starts(source: str) -> list[int]:
    starts = [0]
    at = source.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = source.find("\n", at + 1)
    starts.append(len(source) + 1)
    return starts


def _span(rendering: Rendering, source: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The block's source span: its first to last shown character, with the markup that
    wraps them (``**…**``), never the block markers (``#``, ``>``, ``-``) before a space."""
    if not rendering.pieces:
        return None
    start = rendering.pieces[0][1]
    last = rendering.pieces[-1]
    end = last[1] + last[2]
    while start > lo and not source[start - 1].isspace():
        start -= 1
    while end < hi and not source[end].isspace():
        end += 1
    return start, end


def markdown_blocks(source: str) -> list[SourceBlock]:
    """The blocks of the Markdown ``source``, in reading order."""
    tokens = _tokens(source)
    lines = _line_starts(source)
    blocks: list[SourceBlock] = []
    context = _Context()
    heading: int | None = None
    row: _Shown | None = None
    row_region: tuple[int, int] = (0, 0)
    row_header = False

    def region(token: Token) -> tuple[int, int]:
        first, last = token.map or (0, 0)
        first = min(first, len(lines) - 1)
        last = min(last, len(lines) - 1)
        return lines[first], max(lines[first], min(len(source), lines[last] - 1))

    def add_block(shown: _Shown, role: ParagraphRole, lo: int, hi: int, level: int = 0) -> None:
        rendering = shown.rendering()
        span = _span(rendering, source, lo, hi)
        if span is None or not rendering.text.strip():
            return
        marker = ""
        if context.marker is not None and role in ("paragraph", "code"):
            marker, context.marker = context.marker, None
            if role == "paragraph":
                role = "item"
        depth = len(context.lists)
        blocks.append(
            SourceBlock(
                span[0],
                span[1],
                role=role,
                level=level if role == "heading" else depth,
                quote=context.quote,
                marker=marker,
                rendering=rendering,
            )
        )

    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        elif kind == "heading_close":
            heading = None
        elif kind == "blockquote_open":
            context.quote += 1
        elif kind == "blockquote_close":
            context.quote = max(0, context.quote - 1)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else 0
            context.lists.append((kind == "ordered_list_open", start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if context.lists:
                context.lists.pop()
            context.marker = None
        elif kind == "list_item_open" and context.lists:
            ordered, number = context.lists[-1]
            if ordered:
                if token.info.isdigit():
                    number = int(token.info)
                context.marker = f"{number}{token.markup or '.'}"
                context.lists[-1] = (True, number + 1)
            else:
                context.marker = _BULLETS[(len(context.lists) - 1) % len(_BULLETS)]
        elif kind == "inline" and row is not None:
            if row.length:
                row.insert(_CELL_SEPARATOR)
            start = row.length
            row.cursor = max(row.cursor, row_region[0])
            _inline(row, token.children or [])
            if row_header:
                row.styled("strong", start)
        elif kind == "inline":
            lo, hi = region(token)
            shown = _Shown(source, lo, hi)
            _inline(shown, token.children or [])
            if heading is not None:
                add_block(shown, "heading", lo, hi, heading)
            else:
                add_block(shown, "paragraph", lo, hi)
        elif kind in ("fence", "code_block", "html_block"):
            lo, hi = region(token)
            if kind == "fence":  # the opening fence line is not content
                lo = min(hi, source.find("\n", lo) + 1 if "\n" in source[lo:hi] else hi)
            shown = _Shown(source, lo, hi)
            shown.add(token.content.rstrip("\n"))
            add_block(shown, "code", lo, hi)
        elif kind == "tr_open":
            row_region = region(token)
            row = _Shown(source, row_region[0], row_region[1])
        elif kind == "th_open":
            row_header = True
        elif kind == "td_open":
            row_header = False
        elif kind == "tr_close" and row is not None:
            add_block(row, "row", *row_region)
            row = None
        elif kind == "hr":
            lo, hi = region(token)
            text = source[lo:hi].strip()
            if text:
                at = source.find(text, lo, hi)
                rule = Rendering("", (), ())
                blocks.append(
                    SourceBlock(
                        at, at + len(text), role="rule", quote=context.quote, rendering=rule
                    )
                )
    return blocks


def parse_markdown(source: str, *, language: str | None = None) -> Assembled:
    """Paragraphs (with roles and renderings), sentences, title, dek, date and words of
    the Markdown ``source``; every offset points into ``source``."""
    return assemble(source, markdown_blocks(source), language=language)
