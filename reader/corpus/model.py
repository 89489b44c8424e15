"""The corpus model: what a file on disk becomes once it is read.

Pure data, no UI imports. Everything is a frozen dataclass so that documents can be
shared between threads (TUI workers) and cached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–—-") + "…"


ParagraphKind = Literal["title", "dek", "date", "body", "boilerplate"]
# How a paragraph is laid out (Markdown and web pages have more than plain paragraphs).
ParagraphRole = Literal["paragraph", "heading", "item", "quote", "code", "row", "rule"]
InlineKind = Literal["strong", "emphasis", "code", "link", "target", "strike", "underline"]
SourceFormat = Literal["text", "markdown", "html", "feed"]


@dataclass(frozen=True, slots=True)
class Inline:
    """A styled run of a :class:`Rendering`: ``rendering.text[start:end]``.

    ``link`` is the text of a link, ``target`` its address as shown after it.
    """

    start: int
    end: int
    kind: InlineKind


@dataclass(frozen=True, slots=True)
class Rendering:
    """How a paragraph is shown when that is not its source text verbatim.

    Markdown markup (``**``, ``[…](…)``, ``> ``) is left out and a link's target is shown
    after its text. ``pieces`` are the runs of shown text copied from the source:
    ``(shown_start, source_start, length)`` with source offsets into ``Document.text``,
    so that a search hit in what is shown points back into the source. Shown text
    outside every piece (a link target added by reader) has no source offset.
    """

    text: str
    inlines: tuple[Inline, ...] = ()
    pieces: tuple[tuple[int, int, int], ...] = ()

    def source_offset(self, offset: int) -> int | None:
        """The offset in ``Document.text`` of shown character ``offset``, if it has one."""
        for shown, source, length in self.pieces:
            if shown <= offset < shown + length:
                return source + offset - shown
        return None

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The source offsets of the shown characters ``start:end`` (first and last that
        have one), or ``None`` when none of them comes from the source."""
        first = next(
            (s for i in range(start, end) if (s := self.source_offset(i)) is not None), None
        )
        last = next(
            (s for i in range(end - 1, start - 1, -1) if (s := self.source_offset(i)) is not None),
            None,
        )
        if first is None or last is None:
            return None
        return first, last + 1


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of an RSS or Atom feed. Every string is as the feed gave it (data)."""

    title: str
    link: str | None = None  # an http(s) address, or None (``problem`` says why)
    date: str | None = None  # ISO date when the feed gives a readable one
    summary: str = ""  # plain text (the feed's HTML summary with its markup removed)
    author: str | None = None
    problem: str | None = None  # why this entry cannot be opened, e.g. "no link"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence. ``source[start:end] == text`` where source is ``Document.text``."""

    index: int  # 0-based position in the whole document (all paragraphs)
    paragraph: int  # index of the paragraph that holds it
    start: int
    end: int
    text: str
    boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text separated by line breaks. ``Document.text[start:end] == text``."""

    index: int
    start: int
    end: int
    text: str
    kind: ParagraphKind = "body"
    sentences: tuple[int, ...] = ()  # indices into Document.sentences
    role: ParagraphRole = "paragraph"
    level: int = 0  # heading level (1 = top); list nesting for items (1 = top level)
    quote: int = 0  # block-quote depth
    marker: str = ""  # a list item's marker as shown: "•", "1." …
    rendering: Rendering | None = None  # None: shown as ``text`` (line breaks as spaces)

    @property
    def boilerplate(self) -> bool:
        return self.kind == "boilerplate"


@dataclass(frozen=True, slots=True)
class Document:
    """A file of the corpus, read or refused.

    A document that could not be read has ``error`` set (a sentence for a person) and
    no paragraphs; it is still part of the corpus so that it can be listed.
    """

    id: str  # stable: derived from the content (or from the path when unreadable)
    path: Path
    text: str = ""  # the decoded source text; all offsets point into it
    language: str | None = None  # ISO 639-1, e.g. "en"; None when unknown
    title: str = ""
    dek: str | None = None  # lead / standfirst when the text has one
    date: str | None = None  # as stated by the text, normalised to ISO (e.g. "2023-09")
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    words: int = 0
    encoding: str | None = None
    warnings: tuple[str, ...] = ()  # e.g. "decoded as cp1252, not UTF-8"
    error: str | None = None  # why the file could not be read
    supported: bool = True  # False for files whose format reader does not handle
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    source_format: SourceFormat = "text"
    author: str | None = None  # as stated by the page (web pages, feeds)
    # A language outside the configured set: its best guess ("pt"); ``language`` is
    # then None. Shown as "other (pt?)", never forced into the nearest allowed language.
    other_language: str | None = None
    url: str | None = None  # the page's own address (canonical, og:url or where fetched)
    # The page's other language versions, as it names them (hreflang,
    # og:locale:alternate): (language code, absolute URL), its own entry included.
    alternates: tuple[tuple[str, str], ...] = ()
    feed: tuple[FeedItem, ...] | None = None  # the entries, when the document is a feed

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def is_feed(self) -> bool:
        return self.feed is not None

    @property
    def display_title(self) -> str:
        """What lists show: the title, else the opening words of the text, else the name."""
        if self.title:
            return self.title
        first = next((s.text for s in self.sentences if not s.boilerplate), "")
        if first:
            return shorten(" ".join(first.split()), 72)
        from reader.corpus.safe import display_path

        return display_path(self.path.name)  # one line, undecodable bytes escaped

    @property
    def reading_minutes(self) -> int:
        """Reading time at 230 words a minute, at least one minute for any text."""
        if self.words == 0:
            return 0
        return max(1, round(self.words / 230))
