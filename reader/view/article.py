"""How a Document is laid out for reading: blocks of text, wrapped into lines with
offsets, and searched. Pure functions and data (no Textual), shared by the article
widget and its tests.

Every string that comes from the article is passed through ``neutralise`` here, once,
so the widget never sees a control character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from reader.corpus.model import Document, Inline, Paragraph
from reader.corpus.safe import display_path, neutralise
from reader.view.cells import cells, wrap

BlockKind = Literal[
    "title",
    "meta",
    "warning",
    "dek",
    "date",
    "body",
    "heading",
    "code",
    "rule",
    "label",
    "boilerplate",
    "error",
    "note",
]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like unit of the article page."""

    kind: BlockKind
    text: str  # neutralised, single spaces for line breaks inside the block (not in code)
    paragraph: int | None = None  # index into Document.paragraphs when it is one
    prefix: str = ""  # drawn before the first line: a list marker, quote bars
    indent: str = ""  # drawn before the other lines (as wide as ``prefix``)
    inlines: tuple[Inline, ...] = ()  # styles over ``text`` (bold, link, target …)
    tight: bool = False  # no blank line before it (the next item of a list, a table row)


@dataclass(frozen=True, slots=True)
class Line:
    """One wrapped line: ``blocks[block].text[start:end]``; ``block == -1`` is a blank line."""

    block: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Match:
    block: int
    start: int
    end: int


BLANK = Line(-1, 0, 0)
SUPPORTED_NOTE = "reader opens .txt, .md and .html files and RSS/Atom feeds."


def _clean(text: str) -> str:
    return neutralise(text.replace("\r\n", "\n").replace("\n", " ").strip())


def language_label(doc: Document) -> str:
    """``EN``; ``other (pt?)`` for a language outside the configured set; or unknown."""
    if doc.language:
        return doc.language.upper()
    if doc.other_language:
        return f"other ({doc.other_language}?)"
    return "language unknown"


def meta_line(doc: Document) -> str:
    if not doc.ok:
        return display_path(doc.path.name) + (" · not supported" if not doc.supported else "")
    parts: list[str] = []
    if doc.feed is not None:
        parts.append("feed")
        parts.append(display_path(doc.path.name))
        count = len(doc.feed)
        parts.append(f"{count:,} {'entry' if count == 1 else 'entries'}")
        return neutralise(" · ".join(parts))
    parts.append(language_label(doc))
    parts.append(display_path(doc.path.name))
    parts.append(f"{doc.words:,} words")
    parts.append(f"{doc.reading_minutes} min read")
    if doc.date:
        parts.append(doc.date)
    if doc.author:
        parts.append("by " + " ".join(doc.author.split()))
    return neutralise(" · ".join(parts))


def _source_lines(doc: Document) -> list[Block]:
    """Where a web page comes from, and the language versions it names."""
    blocks: list[Block] = []
    if doc.url:
        blocks.append(Block("meta", neutralise(doc.url)))
    own = doc.language or doc.other_language
    others = list(dict.fromkeys(code for code, _ in doc.alternates if code != own))
    if others:
        listed = " ".join(code.upper() for code in others)
        blocks.append(Block("meta", neutralise(f"versions named by the page: {listed}")))
    return blocks


def _paragraph_block(doc: Document, paragraph: Paragraph, kind: BlockKind) -> Block | None:
    """One paragraph as shown: its rendering (Markdown, a page's styles) when it has one,
    with the list marker or quote bars of its role."""
    rendering = paragraph.rendering
    if paragraph.role == "rule":
        return Block("rule", "", paragraph.index)
    if paragraph.role == "code":
        source = rendering.text if rendering is not None else paragraph.text
        text = neutralise(source.rstrip())
        kind = "boilerplate" if kind == "boilerplate" else "code"
        inlines: tuple[Inline, ...] = ()
    elif rendering is not None:
        text = neutralise(rendering.text.replace("\n", " "))
        inlines = rendering.inlines
        if text != text.rstrip():  # trailing spaces: styles stay within the text
            text = text.rstrip()
            inlines = tuple(i for i in inlines if i.start < len(text))
    else:
        text, inlines = _clean(paragraph.text), ()
    if not text.strip():
        return None
    if paragraph.role == "heading" and kind == "body":
        kind = "heading"
    bars = "│ " * paragraph.quote
    depth = "  " * max(0, paragraph.level - 1) if paragraph.role in ("item", "paragraph") else ""
    marker = f"{paragraph.marker} " if paragraph.marker else ""
    if paragraph.role == "code":
        depth += "    "
    prefix = bars + depth + marker
    indent = bars + depth + " " * cells(marker)
    return Block(kind, text, paragraph.index, prefix, indent, inlines)


def page_title(doc: Document) -> str:
    """The heading of a document's page: its title, else its opening words (as the
    sidebar lists it), else its file name (escaped)."""
    return _clean(doc.display_title) or display_path(doc.path.name)


def document_blocks(doc: Document) -> list[Block]:
    """The page of one document: title, meta line, warnings, dek, paragraphs.

    An untitled article is headed by its opening words, as the sidebar lists it (the
    file name is on the meta line); a paragraph that is only the date the meta line
    shows (``date 2023-09``) is not repeated as text."""
    blocks: list[Block] = [Block("title", page_title(doc))]
    blocks.append(Block("meta", meta_line(doc)))
    if doc.ok:
        blocks.extend(_source_lines(doc))
    head = len(blocks)
    for warning in doc.warnings:
        blocks.append(Block("warning", "⚠ " + _clean(warning)))
    if not doc.supported:
        reason = doc.error or "this file format is not supported"
        blocks.append(Block("error", "✖ Not supported: " + _clean(reason)))
        blocks.append(Block("note", SUPPORTED_NOTE))
        return blocks
    if doc.error is not None:
        blocks.append(Block("error", "✖ Cannot read this file: " + _clean(doc.error)))
        blocks.append(Block("note", display_path(doc.path)))
        return blocks
    # Imported here, not at the top: the structure module compiles its patterns on
    # import, and the app's first frame (titles from the corpus index) needs none.
    from reader.corpus.structure import bare_date

    title_shown = False
    dek_shown = False
    in_boilerplate = False
    previous_role = ""
    for paragraph in doc.paragraphs:
        kind = paragraph.kind
        if kind == "date" and doc.date and bare_date(paragraph.text) == doc.date:
            continue  # on the meta line
        block = _paragraph_block(doc, paragraph, "boilerplate" if kind == "boilerplate" else "body")
        if block is None:
            continue
        if kind == "title" and not title_shown and block.text == blocks[0].text:
            title_shown = True
            continue
        tight = paragraph.role in ("item", "row") and previous_role == paragraph.role
        previous_role = paragraph.role
        if kind == "boilerplate":
            if not in_boilerplate:
                blocks.append(Block("label", "── boilerplate (not part of the article) ──"))
            in_boilerplate = True
            blocks.append(_replace(block, kind="boilerplate", tight=tight))
            continue
        in_boilerplate = False
        if kind == "dek":
            dek_shown = True
        if kind in ("title", "dek", "date"):
            blocks.append(_replace(block, kind=kind, tight=tight))
        else:
            blocks.append(_replace(block, tight=tight))
    if doc.dek and not dek_shown:
        blocks.insert(head + len(doc.warnings), Block("dek", _clean(doc.dek)))
    if len(blocks) == head + len(doc.warnings):
        blocks.append(Block("note", "This document has no text."))
    return blocks


def _replace(block: Block, **changes: object) -> Block:
    from dataclasses import replace

    return replace(block, **changes)  # type: ignore[arg-type]


def source_span(doc: Document, block: Block, start: int, end: int) -> tuple[int, int] | None:
    """Where the shown characters ``block.text[start:end]`` are in ``doc.text`` (a search
    hit in a rendered Markdown paragraph points into the Markdown source)."""
    if block.paragraph is None or not 0 <= block.paragraph < len(doc.paragraphs):
        return None
    paragraph = doc.paragraphs[block.paragraph]
    if paragraph.rendering is not None:
        return paragraph.rendering.source_span(start, end)
    return paragraph.start + start, paragraph.start + end


def wrap_block(block: Block, width: int) -> list[tuple[int, int]]:
    """The lines of one block at ``width`` cells, its prefix included: code keeps its
    line breaks (long lines folded); other text is wrapped at spaces. Lines cover the
    text (spaces at a break stay on the line before), so a search match on a space
    has a line to show it on."""
    room = max(1, width - max(cells(block.prefix), cells(block.indent)))
    return wrap(block.text, room, spaces="keep", words=block.kind != "code")


class LayoutCancelled(Exception):
    """:func:`layout` or :func:`search` was told to stop (the result is not wanted)."""


def layout(
    blocks: Sequence[Block], width: int, should_stop: Callable[[], bool] | None = None
) -> list[Line]:
    """Wrapped lines of the page, with a blank line between blocks (none after the title,
    between the items of a list or the rows of a table).

    ``should_stop`` is asked every few hundred blocks; when it says so,
    :class:`LayoutCancelled` is raised (a worker laying out a huge article that the user
    has left)."""
    lines: list[Line] = []
    for index, block in enumerate(blocks):
        if should_stop is not None and index % 256 == 0 and should_stop():
            raise LayoutCancelled()
        if index > 0 and not (
            block.kind in ("meta", "warning")
            or block.tight
            or (block.kind == "boilerplate" and blocks[index - 1].kind == "label")
        ):
            lines.append(BLANK)
        lines.extend(Line(index, start, end) for start, end in wrap_block(block, width))
    return lines


def search(
    blocks: Sequence[Block], query: str, should_stop: Callable[[], bool] | None = None
) -> list[Match]:
    """Every case-insensitive occurrence of ``query`` in the blocks, in reading order.

    ``should_stop`` as for :func:`layout` (a search in a worker that a new one replaced).
    """
    if not query:
        return []
    needle = query.casefold()
    found: list[Match] = []
    for index, block in enumerate(blocks):
        if should_stop is not None and index % 256 == 0 and should_stop():
            raise LayoutCancelled()
        if block.kind in ("meta", "label", "rule"):
            continue
        haystack = block.text.casefold()
        if len(haystack) != len(block.text) or len(needle) != len(query):
            # casefold changed lengths (e.g. "ß"): fall back to a regex on the original.
            pattern = re.compile(re.escape(query), re.IGNORECASE)
            found.extend(Match(index, m.start(), m.end()) for m in pattern.finditer(block.text))
            continue
        position = haystack.find(needle)
        while position != -1:
            found.append(Match(index, position, position + len(needle)))
            position = haystack.find(needle, position + max(1, len(needle)))
    return found
