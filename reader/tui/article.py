"""How a Document is laid out for reading: blocks of text, wrapped into lines with
offsets, and searched. Pure functions and data (no Textual), shared by the article
widget and its tests.

Every string that comes from the article is passed through ``neutralise`` here, once,
so the widget never sees a control character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len

from reader.corpus.model import Document
from reader.corpus.safe import neutralise

BlockKind = Literal[
    "title", "meta", "warning", "dek", "date", "body", "label", "boilerplate", "error", "note"
]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like unit of the article page."""

    kind: BlockKind
    text: str  # neutralised, single spaces for line breaks inside the block
    paragraph: int | None = None  # index into Document.paragraphs when it is one


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


def _clean(text: str) -> str:
    return neutralise(text.replace("\r\n", "\n").replace("\n", " ").strip())


def meta_line(doc: Document) -> str:
    if not doc.ok:
        return neutralise(doc.path.name + (" · not supported" if not doc.supported else ""))
    parts: list[str] = []
    parts.append(doc.language.upper() if doc.language else "language unknown")
    parts.append(doc.path.name)
    if doc.ok:
        parts.append(f"{doc.words:,} words")
        minutes = doc.reading_minutes
        parts.append(f"{minutes} min read")
    if doc.date:
        parts.append(doc.date)
    return neutralise(" · ".join(parts))


def document_blocks(doc: Document) -> list[Block]:
    """The page of one document: title, meta line, warnings, dek, paragraphs."""
    # An untitled article is headed by its file name: its opening words follow anyway.
    blocks: list[Block] = [Block("title", _clean(doc.title) or neutralise(doc.path.name))]
    blocks.append(Block("meta", meta_line(doc)))
    for warning in doc.warnings:
        blocks.append(Block("warning", "⚠ " + _clean(warning)))
    if not doc.supported:
        reason = doc.error or "this file format is not supported"
        blocks.append(Block("error", "✖ Not supported: " + _clean(reason)))
        blocks.append(Block("note", "reader opens .txt and .md files."))
        return blocks
    if doc.error is not None:
        blocks.append(Block("error", "✖ Cannot read this file: " + _clean(doc.error)))
        blocks.append(Block("note", neutralise(str(doc.path))))
        return blocks
    title_shown = False
    dek_shown = False
    in_boilerplate = False
    for paragraph in doc.paragraphs:
        text = _clean(paragraph.text)
        if not text:
            continue
        kind = paragraph.kind
        if kind == "title" and not title_shown and text == blocks[0].text:
            title_shown = True
            continue
        if kind == "boilerplate":
            if not in_boilerplate:
                blocks.append(Block("label", "── boilerplate (not part of the article) ──"))
            in_boilerplate = True
            blocks.append(Block("boilerplate", text, paragraph.index))
            continue
        in_boilerplate = False
        if kind == "dek":
            dek_shown = True
        block_kind: BlockKind = kind if kind in ("title", "dek", "date") else "body"
        blocks.append(Block(block_kind, text, paragraph.index))
    if doc.dek and not dek_shown:
        blocks.insert(2 + len(doc.warnings), Block("dek", _clean(doc.dek)))
    if len(blocks) == 2 + len(doc.warnings):
        blocks.append(Block("note", "This document has no text."))
    return blocks


_WORD = re.compile(r"\S+\s*|\s+")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Split ``text`` into lines of at most ``width`` cells: ``(start, end)`` offsets.

    Breaks after whitespace; a word longer than a line is folded. Trailing spaces stay
    on their line (they are invisible) so offsets cover the whole text.
    """
    width = max(1, width)
    if not text:
        return [(0, 0)]
    lines: list[tuple[int, int]] = []
    start = 0
    used = 0
    for match in _WORD.finditer(text):
        word_start, word_end = match.span()
        word = match.group()
        visible = word.rstrip()
        cells = cell_len(visible)
        if used and used + cells > width:
            lines.append((start, word_start))
            start, used = word_start, 0
        if cells > width:
            # Fold a long word character by character.
            position = word_start
            for index, char in enumerate(visible, word_start):
                char_cells = cell_len(char)
                if used + char_cells > width and used:
                    lines.append((start, index))
                    start, used = index, 0
                used += char_cells
                position = index + 1
            used += cell_len(word[position - word_start :])
            continue
        used += cell_len(word)
    lines.append((start, len(text)))
    return lines


def layout(blocks: Sequence[Block], width: int) -> list[Line]:
    """Wrapped lines of the page, with a blank line between blocks (none after the title)."""
    lines: list[Line] = []
    for index, block in enumerate(blocks):
        if index > 0 and not (
            block.kind in ("meta", "warning")
            or (block.kind == "boilerplate" and blocks[index - 1].kind == "label")
        ):
            lines.append(BLANK)
        lines.extend(Line(index, start, end) for start, end in wrap(block.text, width))
    return lines


def search(blocks: Sequence[Block], query: str) -> list[Match]:
    """Every case-insensitive occurrence of ``query`` in the blocks, in reading order."""
    if not query:
        return []
    needle = query.casefold()
    found: list[Match] = []
    for index, block in enumerate(blocks):
        if block.kind in ("meta", "label"):
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
