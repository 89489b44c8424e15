"""Documents to bytes and back, for the corpus index: no re-reading, no re-parsing.

A :class:`~reader.corpus.model.Document` is written as compact JSON (lists, not objects,
one per paragraph and sentence), compressed with zlib. Paragraph and sentence texts are
slices of ``Document.text`` (the model promises ``text[start:end] == p.text``), so they
are stored only when, unexpectedly, they are not. The path is not stored: a document
is always decoded for the path it was found at.

Every field of every dataclass of the model is written. :data:`FIELDS` lists them, and a
test checks it against the dataclasses, so that a field added to the model cannot be
forgotten here (bump :data:`FORMAT` when the layout changes: old rows are then misses).
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from reader.corpus.model import (
    Document,
    FeedItem,
    Inline,
    Paragraph,
    Rendering,
    Sentence,
)

FORMAT = 1

# The fields this codec writes, per class (checked against the model by a test).
FIELDS: dict[type, tuple[str, ...]] = {
    Document: (
        "id", "path", "text", "language", "title", "dek", "date", "paragraphs",
        "sentences", "words", "encoding", "warnings", "error", "supported", "extra",
        "source_format", "author", "other_language", "url", "alternates", "feed",
    ),
    Paragraph: (
        "index", "start", "end", "text", "kind", "sentences", "role", "level", "quote",
        "marker", "rendering",
    ),
    Sentence: ("index", "paragraph", "start", "end", "text", "boilerplate"),
    Rendering: ("text", "inlines", "pieces"),
    Inline: ("start", "end", "kind"),
    FeedItem: ("title", "link", "date", "summary", "author", "problem"),
}  # fmt: skip


class CodecError(ValueError):
    """The bytes are not a document this version can decode."""


def _rendering(r: Rendering | None) -> list[Any] | None:
    if r is None:
        return None
    return [r.text, [[i.start, i.end, i.kind] for i in r.inlines], [list(p) for p in r.pieces]]


def _slice_or_text(source: str, start: int, end: int, text: str) -> str | None:
    return None if source[start:end] == text else text


def encode(doc: Document) -> bytes:
    """``doc`` as compressed bytes (its path left out)."""
    src = doc.text
    data = [
        FORMAT,
        doc.id,
        src,
        doc.language,
        doc.title,
        doc.dek,
        doc.date,
        doc.words,
        doc.encoding,
        list(doc.warnings),
        doc.error,
        doc.supported,
        dict(doc.extra),
        doc.source_format,
        doc.author,
        doc.other_language,
        doc.url,
        [list(a) for a in doc.alternates],
        None
        if doc.feed is None
        else [[i.title, i.link, i.date, i.summary, i.author, i.problem] for i in doc.feed],
        [
            [
                p.index,
                p.start,
                p.end,
                _slice_or_text(src, p.start, p.end, p.text),
                p.kind,
                list(p.sentences),
                p.role,
                p.level,
                p.quote,
                p.marker,
                _rendering(p.rendering),
            ]
            for p in doc.paragraphs
        ],
        [
            [s.index, s.paragraph, s.start, s.end, _slice_or_text(src, s.start, s.end, s.text)]
            + ([1] if s.boilerplate else [])
            for s in doc.sentences
        ],
    ]
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(raw.encode("utf-8", "surrogatepass"), 1)


def decode(blob: bytes, path: Path) -> Document:
    """The document encoded in ``blob``, found at ``path``. Raises :class:`CodecError`."""
    try:
        data = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
        if not isinstance(data, list) or data[0] != FORMAT:
            raise CodecError("unknown document format")
        return _build(data, path)
    except CodecError:
        raise
    except Exception as exc:  # zlib.error, ValueError, IndexError, TypeError, KeyError
        raise CodecError(f"undecodable document: {type(exc).__name__}: {exc}") from None


def _build(data: list[Any], path: Path) -> Document:
    (
        _format,
        doc_id,
        src,
        language,
        title,
        dek,
        date,
        words,
        encoding,
        warnings,
        error,
        supported,
        extra,
        source_format,
        author,
        other_language,
        url,
        alternates,
        feed,
        paragraphs,
        sentences,
    ) = data
    return Document(
        id=doc_id,
        path=path,
        text=src,
        language=language,
        title=title,
        dek=dek,
        date=date,
        paragraphs=tuple(
            Paragraph(
                index,
                start,
                end,
                src[start:end] if text is None else text,
                kind,
                tuple(indices),
                role,
                level,
                quote,
                marker,
                None
                if rendering is None
                else Rendering(
                    rendering[0],
                    tuple(Inline(a, b, k) for a, b, k in rendering[1]),
                    tuple((a, b, c) for a, b, c in rendering[2]),
                ),
            )
            for index, start, end, text, kind, indices, role, level, quote, marker, rendering in (
                paragraphs
            )
        ),
        sentences=tuple(
            Sentence(
                s[0],
                s[1],
                s[2],
                s[3],
                src[s[2] : s[3]] if s[4] is None else s[4],
                len(s) > 5,
            )
            for s in sentences
        ),
        words=words,
        encoding=encoding,
        warnings=tuple(warnings),
        error=error,
        supported=supported,
        extra=dict(extra),
        source_format=source_format,
        author=author,
        other_language=other_language,
        url=url,
        alternates=tuple((a, b) for a, b in alternates),
        feed=None if feed is None else tuple(FeedItem(*item) for item in feed),
    )
