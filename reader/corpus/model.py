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

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def display_title(self) -> str:
        """What lists show: the title, else the opening words of the text, else the name."""
        if self.title:
            return self.title
        first = next((s.text for s in self.sentences if not s.boilerplate), "")
        if first:
            return shorten(" ".join(first.split()), 72)
        return self.path.name

    @property
    def reading_minutes(self) -> int:
        """Reading time at 230 words a minute, at least one minute for any text."""
        if self.words == 0:
            return 0
        return max(1, round(self.words / 230))

    def body_sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if not s.boilerplate)
