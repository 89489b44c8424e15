"""Text measured in terminal cells: the one width, the one fit and the one wrap that the
CLI, the exports and the TUI use.

Widths are Rich's (``rich.cells``): wide East Asian characters count two cells, accents
and other zero-width characters none, and an emoji sequence joined by ZWJ or a variation
selector counts as Rich — and so Textual — draws it. Cutting and folding happen between
*graphemes* (a character with its accents, a whole emoji sequence), never inside one.

Wrapping returns ``(start, end)`` offsets into the text, not strings, so that styles
applied by offset (highlighted spans, links, search matches) can be cut at the same
places.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from rich.cells import cell_len, get_character_cell_size, split_graphemes

ELLIPSIS = "…"

Spaces = Literal["drop", "keep"]

__all__ = ["ELLIPSIS", "cells", "fit", "pad", "wrap"]


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    return cell_len(text)


def fit(text: str, width: int, *, ellipsis: str = ELLIPSIS) -> str:
    """``text`` cut to at most ``width`` cells, ending with ``ellipsis`` when cut.

    The cut falls between graphemes; a wide character that would straddle the edge is
    left out, so a cut text can be one cell narrower than ``width`` (pad it with
    :func:`pad` where a column must be exact). ``width`` below one gives ``""``; a
    ``width`` too narrow for the ellipsis gives the ellipsis alone.
    """
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    room = width - cell_len(ellipsis)
    if room <= 0:
        return ellipsis
    if text.isascii() and text.isprintable():
        return text[:room] + ellipsis
    used = 0
    end = 0
    for start, stop, size in _graphemes(text, 0, len(text)):
        if used + size > room:
            end = start
            break
        used += size
        end = stop
    return text[:end] + ellipsis


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells: padded with spaces (on the left with
    ``right``, for numbers), or cut without an ellipsis when it is wider."""
    size = cell_len(text)
    if size > width:
        text = fit(text, width, ellipsis="")
        size = cell_len(text)
    gap = " " * max(0, width - size)
    return gap + text if right else text + gap


def wrap(
    text: str, width: int, *, spaces: Spaces = "drop", words: bool = True
) -> list[tuple[int, int]]:
    """Greedy wrap of ``text`` into lines of at most ``width`` cells: ``(start, end)``
    offsets into ``text``, at least one line (``[(0, 0)]`` for empty text).

    Lines break between words (``words``) — a word longer than a line is folded between
    graphemes — or, with ``words=False`` (code), every ``width`` cells whatever the
    characters. A newline always ends a line and belongs to none.

    ``spaces="drop"``: whitespace at a break and at the start of a paragraph belongs to
    no line (the diff's cells). ``spaces="keep"``: the lines of a paragraph cover it
    whole — its leading whitespace counts on the first line (an indent), the spaces at a
    break stay at the end of the line before — so that offsets map every character (the
    article pane, where a search match can fall on a space).

    A line is wider than ``width`` only when it holds a single grapheme wider than
    ``width`` (a wide character in a one-cell column).
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    n = len(text)
    pos = 0
    while pos <= n:
        newline = text.find("\n", pos)
        end = n if newline == -1 else newline
        if not words:
            _fold(text, pos, end, width, lines)
        elif spaces == "keep":
            first = len(lines)
            _wrap_words(text, pos, end, width, lines, lead=True)
            # Each line runs to where the next begins; the first from the paragraph's start.
            starts = [pos] + [a for a, _ in lines[first + 1 :]]
            lines[first:] = list(zip(starts, [*starts[1:], end], strict=True))
        else:
            _wrap_words(text, pos, end, width, lines, lead=False)
        if newline == -1:
            break
        pos = newline + 1
    return lines or [(0, 0)]


# Characters that are certainly one cell wide (and their own grapheme: no zero-width
# character among them): when a paragraph holds only these, widths are string lengths
# and wrapping needs no per-character width look-ups.
_NOT_SIMPLE = re.compile(
    "[^\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u03ff\u0400-\u04ff"
    "\u2010-\u2027\u2030-\u205e\u20a0-\u20bf\u2100-\u214f\u2190-\u22ff\u2500-\u257f]"
)
_WORD = re.compile(r"\S+")


def _wrap_words(
    text: str, start: int, end: int, width: int, lines: list[tuple[int, int]], *, lead: bool
) -> None:
    """Wrap ``text[start:end]`` (no newline) at spaces, appending to ``lines``; with
    ``lead``, the paragraph's leading whitespace counts on its first line."""
    if _NOT_SIMPLE.search(text, start, end) is None:
        _wrap_simple(text, start, end, width, lines, lead)
    else:
        _wrap_cells(text, start, end, width, lines, lead)


def _wrap_simple(
    text: str, start: int, end: int, width: int, lines: list[tuple[int, int]], lead: bool
) -> None:
    """Greedy wrap where every character is one cell (the common case, fast)."""
    line_start = start if lead and start < end and text[start].isspace() else -1
    last_end = start
    for match in _WORD.finditer(text, start, end):
        ws, we = match.span()
        if line_start < 0:
            line_start = ws
        elif we - line_start > width:
            lines.append((line_start, last_end))
            line_start = ws
        while we - line_start > width:  # a word longer than a line
            lines.append((line_start, line_start + width))
            line_start += width
        last_end = we
    if line_start < 0:
        lines.append((end, end) if start < end else (start, start))
    else:
        lines.append((line_start, last_end))


def _wrap_cells(
    text: str, start: int, end: int, width: int, lines: list[tuple[int, int]], lead: bool
) -> None:
    # Skip leading whitespace of the paragraph (any: "\x1f" and "\u3000" are whitespace
    # too, and a line must not start with a gap the width does not count) — unless it
    # is an indent that counts (``lead``).
    pos = start
    while pos < end and text[pos].isspace():
        pos += 1
    if pos >= end:
        lines.append((pos, pos))
        return
    line_width = 0
    # a word (even a zero-width one) or a counted indent is on the current line
    on_line = lead and cell_len(text[start:pos]) > 0
    line_start = start if on_line else pos
    last_end = start if on_line else pos  # end of the last thing on the current line
    while pos < end:
        # Next word: [pos, word_end), then spaces up to the next word.
        word_end = pos
        while word_end < end and not text[word_end].isspace():
            word_end += 1
        word = text[pos:word_end]
        word_width = cell_len(word)
        gap = cell_len(text[last_end:pos]) if on_line else 0
        if on_line and line_width + gap + word_width > width:
            lines.append((line_start, last_end))
            line_start, line_width = pos, 0
            gap = 0
        if word_width > width:
            # Fold a long word across lines, grapheme by grapheme.
            chunk_start = pos
            chunk_width = line_width + gap
            for i, _b, size in _graphemes(text, pos, word_end):
                if chunk_width + size > width and i > chunk_start:
                    lines.append((line_start, i))
                    line_start, chunk_start, chunk_width = i, i, 0
                chunk_width += size
            line_width = chunk_width
        else:
            line_width += gap + word_width
        on_line = True
        last_end = word_end
        pos = word_end
        while pos < end and text[pos].isspace():
            pos += 1
    lines.append((line_start, last_end))


def _fold(text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]) -> None:
    """``text[start:end]`` cut every ``width`` cells, between graphemes (code)."""
    if start >= end:
        lines.append((start, start))
        return
    piece = text[start:end]
    if piece.isascii() and piece.isprintable():
        lines.extend((a, min(a + width, end)) for a in range(start, end, width))
        return
    line_start, used = start, 0
    for a, _b, size in _graphemes(text, start, end):
        if used + size > width and used:
            lines.append((line_start, a))
            line_start, used = a, 0
        used += size
    lines.append((line_start, end))


_JOINERS = frozenset("\u200d\ufe0f")  # ZWJ and VS16: they bind the characters around them
_CHUNK = 1024  # characters measured at a time


def _graphemes(text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """The graphemes of ``text[start:end]`` as ``(start, end, cells)``, offsets into
    ``text``, as Rich splits them — measured a chunk at a time, so that a huge word (a
    hostile file's single 19 MB "word") costs no list of millions of spans. A chunk
    ends only where a grapheme starts: before a character of some width that no joiner
    binds to the one before."""
    pos = start
    while pos < end:
        cut = min(end, pos + _CHUNK)
        while cut < end and (
            text[cut] in _JOINERS
            or text[cut - 1] == "\u200d"
            or get_character_cell_size(text[cut]) == 0
        ):
            cut += 1
        spans, _ = split_graphemes(text[pos:cut])
        for a, b, size in spans:
            yield pos + a, pos + b, size
        pos = cut
