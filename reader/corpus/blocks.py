"""From the blocks of a structured document (Markdown, a web page, a feed) to the corpus
model: paragraph kinds (title, dek, date, body, boilerplate), sentences and word count.

The formats find their blocks (``reader.corpus.markdown``, ``reader.corpus.html``); this
module applies the same rules to all of them as :mod:`reader.corpus.structure` applies
to plain text. Every offset points into the document's text; what is *shown* of a block
(its :class:`~reader.corpus.model.Rendering`) is split into sentences, and each sentence
is mapped back to the source, so that ``text[s.start:s.end] == s.text`` holds as for
``.txt`` files.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from reader.corpus.loader import count_words
from reader.corpus.model import (
    Document,
    Inline,
    InlineKind,
    Paragraph,
    ParagraphKind,
    ParagraphRole,
    Rendering,
    Sentence,
)
from reader.corpus.segment import split_sentences
from reader.corpus.structure import (
    _DEK_MAX,
    _is_title_line,
    boilerplate_flags,
    date_paragraph,
)

_SPACE = re.compile(r"\s+")
# Roles whose text is prose (split into sentences, counted, compared).
_PROSE: frozenset[ParagraphRole] = frozenset({"paragraph", "heading", "item", "quote", "row"})


@dataclass(frozen=True, slots=True)
class SourceBlock:
    """One block as a format found it: ``text[start:end]`` is its source."""

    start: int
    end: int
    role: ParagraphRole = "paragraph"
    level: int = 0
    quote: int = 0
    marker: str = ""
    rendering: Rendering | None = None
    kind: ParagraphKind | None = None  # imposed by the format (a page's title, its lead)

    def shown(self, text: str) -> str:
        if self.rendering is not None:
            return self.rendering.text
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Assembled:
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    title: str
    dek: str | None
    date: str | None
    words: int


def emphasised(block: SourceBlock) -> bool:
    """The whole block is bold or italic (a lead set apart by its style)."""
    rendering = block.rendering
    if rendering is None or not rendering.text.strip():
        return False
    covered = [False] * len(rendering.text)
    for inline in rendering.inlines:
        if inline.kind in ("strong", "emphasis"):
            for i in range(inline.start, inline.end):
                covered[i] = True
    return all(c or ch.isspace() for c, ch in zip(covered, rendering.text, strict=True))


def _header(text: str, blocks: list[SourceBlock]) -> tuple[list[ParagraphKind], str | None]:
    """Kinds found in the head of the document: date, title, dek (when not imposed)."""
    kinds: list[ParagraphKind] = [b.kind or "body" for b in blocks]
    date: str | None = None
    for i, b in enumerate(blocks[:4]):
        if b.kind is None and b.role == "paragraph" and b.quote == 0:
            found = date_paragraph(b.shown(text))
            if found is not None:
                kinds[i], date = "date", found
                break
    if "title" in kinds:
        return kinds, date
    head = [i for i, k in enumerate(kinds) if k != "date"][:2]
    title_at: int | None = None
    for pos, i in enumerate(head):
        b = blocks[i]
        if b.role == "heading" and (pos == 0 or b.level == 1):
            title_at = i
            break
        if (
            pos == 0
            and b.role == "paragraph"
            and b.quote == 0
            and len(blocks) > i + 1
            and _is_title_line(b.shown(text).strip(), set_apart=True)
        ):
            title_at = i
            break
    if title_at is None:
        return kinds, date
    kinds[title_at] = "title"
    after = [i for i in range(title_at + 1, len(blocks)) if kinds[i] == "body"]
    if "dek" not in kinds and after:
        b = blocks[after[0]]
        shown = b.shown(text).strip()
        longer_next = len(after) > 1 and len(blocks[after[1]].shown(text)) > len(shown)
        if (
            b.role == "paragraph"
            and b.quote == 0
            and len(shown) <= _DEK_MAX
            and not _is_title_line(shown)
            and not shown.endswith(":")
            and (emphasised(b) or longer_next)
        ):
            kinds[after[0]] = "dek"
    return kinds, date


def _covered(rendering: Rendering) -> tuple[list[int], list[int]]:
    """Source starts and ends of the pieces (sorted: pieces follow the source)."""
    starts = [source for _, source, _ in rendering.pieces]
    ends = [source + length for _, source, length in rendering.pieces]
    return starts, ends


def _is_shown(position: int, starts: list[int], ends: list[int]) -> bool:
    k = bisect.bisect_right(starts, position) - 1
    return k >= 0 and position < ends[k]


def _sentence_spans(text: str, block: SourceBlock, language: str | None) -> list[tuple[int, int]]:
    """Source spans of the sentences of ``block``."""
    shown = block.shown(text)
    spans = split_sentences(shown, language)
    rendering = block.rendering
    if rendering is None:
        return [(block.start + a, block.start + b) for a, b in spans]
    starts, ends = _covered(rendering)
    result: list[tuple[int, int]] = []
    floor = block.start
    for a, b in spans:
        span = rendering.source_span(a, b)
        if span is None:
            continue
        start, end = span
        start = max(start, floor)
        if end <= start:
            continue
        # Markup around the sentence (``**``, ``[``, ``](…)``) goes with it, so that a
        # sentence's source never starts or ends half-way through a construct.
        while start > floor and not text[start - 1].isspace():
            if _is_shown(start - 1, starts, ends):
                break
            start -= 1
        while end < block.end and not text[end].isspace():
            if _is_shown(end, starts, ends):
                break
            end += 1
        result.append((start, end))
        floor = end
    return result


def assemble(text: str, blocks: Sequence[SourceBlock], *, language: str | None = None) -> Assembled:
    """Paragraphs, sentences, title, dek, date and body words of a structured document."""
    found = [b for b in blocks if b.end > b.start]
    kinds, date = _header(text, found)
    lines = [b.shown(text) for b in found]
    skip = [k != "body" or b.role not in _PROSE for k, b in zip(kinds, found, strict=True)]
    for i, flagged in enumerate(boilerplate_flags(lines, skip)):
        if flagged:
            kinds[i] = "boilerplate"
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    words = 0
    title, dek = "", None
    for p_index, (block, kind) in enumerate(zip(found, kinds, strict=True)):
        indices: list[int] = []
        if block.role in _PROSE and kind != "date":
            for start, end in _sentence_spans(text, block, language):
                indices.append(len(sentences))
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        paragraph=p_index,
                        start=start,
                        end=end,
                        text=text[start:end],
                        boilerplate=kind == "boilerplate",
                    )
                )
        shown = lines[p_index]
        if kind == "body" and block.role in _PROSE:
            words += count_words(shown)
        if kind == "title" and not title:
            title = " ".join(shown.split())
        if kind == "dek" and dek is None:
            dek = " ".join(shown.split())
        paragraphs.append(
            Paragraph(
                index=p_index,
                start=block.start,
                end=block.end,
                text=text[block.start : block.end],
                kind=kind,
                sentences=tuple(indices),
                role=block.role,
                level=block.level,
                quote=block.quote,
                marker=block.marker,
                rendering=block.rendering,
            )
        )
    return Assembled(tuple(paragraphs), tuple(sentences), title, dek, date, words)


@dataclass
class TextBuilder:
    """A document's text built block by block (blank lines between blocks), with each
    block's rendering when it has styles or links (a link's target shown after it)."""

    base: str | None  # the page's address, for relative link targets
    parts: list[str] = field(default_factory=list)
    size: int = 0
    blocks: list[SourceBlock] = field(default_factory=list)

    def add_block(
        self,
        pieces: Sequence[tuple[str, InlineKind | None, str | None]],
        role: ParagraphRole = "paragraph",
        *,
        level: int = 0,
        quote: int = 0,
        marker: str = "",
        kind: Any = None,
        keep_lines: bool = False,
    ) -> None:
        """Add one block made of ``(text, style, link target)`` runs."""
        source: list[str] = []
        shown: list[str] = []
        inlines: list[Inline] = []
        mapped: list[tuple[int, int, int]] = []
        styled = False
        s_at = v_at = 0  # lengths of ``source`` and ``shown`` so far
        for text, style, target in pieces:
            if not keep_lines:
                text = _SPACE.sub(" ", text)
                if not source or source[-1].endswith(" "):
                    text = text.lstrip(" ")
            if not text:
                continue
            source.append(text)
            shown.append(text)
            mapped.append((v_at, s_at, len(text)))
            if style is not None:
                inlines.append(Inline(v_at, v_at + len(text), style))
                styled = True
            if target is not None:
                inlines.append(Inline(v_at, v_at + len(text), "link"))
                styled = True
            s_at += len(text)
            v_at += len(text)
            if target is not None:
                address = urljoin(self.base or "", target) if self.base else target
                if address and address != text.strip():
                    shown.extend((" <", address, ">"))
                    inlines.append(Inline(v_at + 2, v_at + 2 + len(address), "target"))
                    v_at += len(address) + 3
        body = "".join(source)
        stripped = body.rstrip() if not keep_lines else body.rstrip("\n ")
        lead = len(stripped) - len(stripped.lstrip())
        stripped = stripped[lead:]
        if not stripped.strip():
            return
        if self.parts:
            self.parts.append("\n\n")
            self.size += 2
        start = self.size
        self.parts.append(stripped)
        self.size += len(stripped)
        rendering: Rendering | None = None
        if styled:
            view = "".join(shown)
            pieces_out = []
            for v_at, s_at, length in mapped:
                lo, hi = max(s_at, lead), min(s_at + length, lead + len(stripped))
                if hi > lo:
                    pieces_out.append((v_at + lo - s_at, start + lo - lead, hi - lo))
            first = pieces_out[0][0] if pieces_out else 0
            last = pieces_out[-1][0] + pieces_out[-1][2] if pieces_out else len(view)
            end_extra = len(view) - last if shown and shown[-1] == ">" else 0
            view = view[first : last + end_extra]
            rendering = Rendering(
                view,
                tuple(
                    Inline(i.start - first, i.end - first, i.kind)
                    for i in inlines
                    if i.end - first > 0 and i.start - first < len(view)
                ),
                tuple((v - first, s, n) for v, s, n in pieces_out),
            )
        self.blocks.append(
            SourceBlock(
                start,
                start + len(stripped),
                role=role,
                level=level,
                quote=quote,
                marker=marker,
                rendering=rendering,
                kind=kind,
            )
        )

    @property
    def text(self) -> str:
        return "".join(self.parts)


def with_kind(block: SourceBlock, kind: ParagraphKind) -> SourceBlock:
    return replace(block, kind=kind)


def to_document(assembled: Assembled, *, id: str, path: Path, text: str, **fields: Any) -> Document:
    """A Document of ``text`` with what :func:`assemble` found (title, dek, date,
    paragraphs, sentences, words); ``fields`` set the rest (and may override the date)."""
    fields.setdefault("date", assembled.date)
    return Document(
        id=id,
        path=path,
        text=text,
        title=assembled.title,
        dek=assembled.dek,
        paragraphs=assembled.paragraphs,
        sentences=assembled.sentences,
        words=assembled.words,
        **fields,
    )
