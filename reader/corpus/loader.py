"""Finding files and reading them into Documents.

Nothing here writes anywhere: the corpus folder is read-only to the reader. Nothing here
raises for a bad file either: a file that cannot be read becomes a Document with
``error`` set, so that it can still be listed with its reason.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.corpus import DEFAULT_LANGUAGES
from reader.corpus.decode import decode_bytes
from reader.corpus.discovery import Skipped, scan
from reader.corpus.ids import unique_ids
from reader.corpus.model import Document, Paragraph, Sentence
from reader.corpus.reading import ReadError, read_bytes
from reader.corpus.segment import split_sentences
from reader.corpus.structure import analyse

if TYPE_CHECKING:
    from reader.corpus.language import Accuracy

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".rss", ".atom", ".xml"}
)
MARKDOWN_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown"})
HTML_SUFFIXES: frozenset[str] = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES: frozenset[str] = frozenset({".rss", ".atom", ".xml"})
# Documents use lingua's low-accuracy mode even when they are short: the high-accuracy
# models cost ~4.6 s and ~150 MB to load (benchmarks/language.py), too much to pay in the
# TUI because a corpus holds one tiny file. detect_language() on its own uses "auto".
DOCUMENT_ACCURACY: Accuracy = "low"
_PUNCT_TOKEN = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")  # a token without a letter or digit


# --- loading ------------------------------------------------------------------------------


def _path_id(path: Path) -> str:
    return hashlib.sha256(os.fsencode(str(path))).hexdigest()[:16]


def _refused(
    path: Path,
    reason: str,
    *,
    supported: bool = True,
    doc_id: str | None = None,
    encoding: str | None = None,
) -> Document:
    return Document(
        id=doc_id or _path_id(path),
        path=path,
        error=reason,
        supported=supported,
        encoding=encoding,
    )


def _read(path: Path) -> bytes | str:
    """The bytes of ``path`` (through the one safe reader), or a human reason why not."""
    try:
        return read_bytes(path)
    except ReadError as error:
        return error.reason


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def count_words(text: str) -> int:
    """Words: runs of characters that contain at least one letter or digit."""
    # whitespace-separated tokens, minus the few made only of punctuation ("—", "…")
    return len(text.split()) - len(_PUNCT_TOKEN.findall(text))


def parse_text(
    text: str, *, language: str | None = None
) -> tuple[tuple[Paragraph, ...], tuple[Sentence, ...], str, str | None, str | None, int]:
    """Paragraphs, sentences, title, dek, date and body word count of decoded ``text``."""
    structure = analyse(text)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    words = 0
    for p_index, block in enumerate(structure.blocks):
        ptext = text[block.start : block.end]
        indices: list[int] = []
        if block.kind != "date":
            boiler = block.kind == "boilerplate"
            for start, end in split_sentences(ptext, language):
                s_index = len(sentences)
                indices.append(s_index)
                sentences.append(
                    Sentence(
                        index=s_index,
                        paragraph=p_index,
                        start=block.start + start,
                        end=block.start + end,
                        text=ptext[start:end],
                        boilerplate=boiler,
                    )
                )
        if block.kind == "body":
            words += count_words(ptext)
        paragraphs.append(
            Paragraph(
                index=p_index,
                start=block.start,
                end=block.end,
                text=ptext,
                kind=block.kind,
                sentences=tuple(indices),
            )
        )
    return (
        tuple(paragraphs),
        tuple(sentences),
        structure.title,
        structure.dek,
        structure.date,
        words,
    )


def _detection_text(doc: Document, limit: int = 1000) -> str:
    """Title, dek and body text (boilerplate left out), up to about ``limit`` characters."""
    parts: list[str] = []
    size = 0
    for p in doc.paragraphs:
        if p.kind in ("title", "dek", "body"):
            parts.append(p.text)
            size += len(p.text) + 1
            if size >= limit:
                break
    return "\n".join(parts) if parts else doc.text[:limit]


def with_language(
    doc: Document,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    *,
    accuracy: Accuracy = DOCUMENT_ACCURACY,
) -> Document:
    """``doc`` with its language detected (a new Document; ``doc`` is unchanged).

    Documents that could not be read are returned as they are.
    """
    return with_languages([doc], languages, accuracy=accuracy)[0]


def with_languages(
    docs: Sequence[Document],
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    *,
    accuracy: Accuracy = DOCUMENT_ACCURACY,
) -> list[Document]:
    """:func:`with_language` for many documents at once (lingua's parallel batch mode).

    Much faster than one call per document for a large corpus; run it in a worker. A
    text in a language outside ``languages`` gets ``language=None`` and its best guess
    in ``other_language``; a web page's declared language is checked by detection.
    """
    from reader.corpus.language import identify_languages, normalise_languages

    allowed = normalise_languages(languages)
    readable = [i for i, d in enumerate(docs) if d.ok and d.text and not d.is_feed]
    texts = [_detection_text(docs[i]) for i in readable]
    found = identify_languages(texts, allowed, accuracy=accuracy)
    result = list(docs)
    for i, identified in zip(readable, found, strict=True):
        result[i] = _identified(result[i], identified.language, identified.other, allowed)
    return result


def _identified(
    doc: Document, language: str | None, other: str | None, allowed: Sequence[str]
) -> Document:
    declared = doc.extra.get("declared_language")
    warnings = doc.warnings
    if declared:
        detected = language or other
        if detected is None:  # detection cannot tell: the page's word stands
            language, other = (declared, None) if declared in allowed else (None, declared)
        elif detected != declared:
            note = f"the page says its language is {declared}; its text reads as {detected}"
            if note not in warnings:
                warnings = (*warnings, note)
    if (language, other, warnings) == (doc.language, doc.other_language, doc.warnings):
        return doc
    return dataclasses.replace(doc, language=language, other_language=other, warnings=warnings)


def declared_language(doc: Document, languages: Sequence[str]) -> Document:
    """``doc`` with the language its page declares, until detection checks it."""
    declared = doc.extra.get("declared_language")
    if not declared or doc.language or doc.other_language:
        return doc
    if declared in languages:
        return dataclasses.replace(doc, language=declared)
    return dataclasses.replace(doc, other_language=declared)


def load_document(
    path: str | os.PathLike[str],
    *,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    detect: bool = True,
) -> Document:
    """Read ``path`` into a Document. Never raises: problems are reported in ``error``.

    With ``detect=False`` the language is left ``None`` (see :func:`with_language`); this
    keeps loading fast for large corpora.
    """
    path = Path(path)
    try:
        return _load(path, languages, detect)
    except Exception as exc:  # a bug must not take the corpus down: report it per file
        return _refused(path, f"could not be read: {type(exc).__name__}: {exc}")


def _load(path: Path, languages: Sequence[str], detect: bool) -> Document:
    supported = path.suffix.lower() in SUPPORTED_SUFFIXES
    data = _read(path)
    if isinstance(data, str) and (supported or not _is_file(path)):
        # missing, a loop, a folder, unreadable: that reason matters more than the format
        return _refused(path, data)
    if not supported:
        kind = path.suffix.lower() or "no file extension"
        return _refused(
            path,
            f"unsupported format: {kind} (reader opens .txt, .md and .html files and "
            "RSS/Atom feeds)",
            supported=False,
            doc_id=None if isinstance(data, str) else hashlib.sha256(data).hexdigest()[:16],
        )
    assert isinstance(data, bytes)
    doc_id = hashlib.sha256(data).hexdigest()[:16]
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or suffix in FEED_SUFFIXES:
        doc = _load_web(path, data, doc_id, suffix, languages)
        if detect and doc.ok:
            doc = with_language(doc, languages)
        return doc
    decoded = decode_bytes(data)
    if decoded.error is not None:
        return _refused(path, decoded.error, doc_id=doc_id, encoding=decoded.encoding)
    text = decoded.text
    # Abbreviations depend on the language; lingua runs later (or never, detect=False), so
    # a cheap function-word guess picks them. Sentences do not depend on ``detect``.
    from reader.corpus.language import guess_language

    guess = guess_language(text, languages)
    if suffix in MARKDOWN_SUFFIXES:
        from reader.corpus.markdown import parse_markdown

        md = parse_markdown(text, language=guess)
        parsed = (md.paragraphs, md.sentences, md.title, md.dek, md.date, md.words)
    else:
        parsed = parse_text(text, language=guess)
    paragraphs, sentences, title, dek, date, words = parsed
    doc = Document(
        id=doc_id,
        path=path,
        text=text,
        title=title,
        dek=dek,
        date=date,
        paragraphs=paragraphs,
        sentences=sentences,
        words=words,
        encoding=decoded.encoding,
        warnings=decoded.warnings,
        source_format="markdown" if suffix in MARKDOWN_SUFFIXES else "text",
    )
    if detect:
        doc = with_language(doc, languages)
    return doc


def _load_web(
    path: Path, data: bytes, doc_id: str, suffix: str, languages: Sequence[str]
) -> Document:
    """A saved page or a feed (what reader fetched says where from, in its library)."""
    from reader.net.library import recorded

    record = recorded(path)
    if suffix in FEED_SUFFIXES:
        from reader.corpus.feeds import feed_document

        return feed_document(path, data, doc_id=doc_id, feed_url=record.url if record else None)
    from reader.corpus.html import html_document

    doc = html_document(
        path,
        data,
        doc_id=doc_id,
        charset=record.charset if record else None,
        page_url=record.url if record else None,
    )
    return declared_language(doc, languages)


def load_corpus(
    paths: Iterable[str | os.PathLike[str]],
    *,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    detect: bool = True,
) -> list[Document]:
    """Every file under ``paths`` as a Document (bad and unsupported ones included).

    A folder the walk did not open (too deep, or past the file limit, see
    :func:`reader.corpus.discovery.scan`) is a refused Document that says why.
    """
    found = scan(paths)
    docs = [load_document(p, languages=languages, detect=detect) for p in found.files]
    docs.extend(skipped_document(s) for s in found.skipped)
    return unique_ids(docs)


def skipped_document(skipped: Skipped) -> Document:
    """A refused Document for a folder that the walk did not open, with the reason."""
    return _refused(skipped.path, skipped.reason)
