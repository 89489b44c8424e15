"""The corpus: reading files into Documents (encoding, language, segmentation, cleanup).

No UI imports. Heavy parts (the language detector) load lazily on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from reader.corpus.model import Document, Paragraph, Sentence
from reader.corpus.safe import neutralise

DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "it", "fr", "de", "es")

_LAZY = {
    "load_document": "reader.corpus.loader",
    "load_corpus": "reader.corpus.loader",
    "discover": "reader.corpus.discovery",
    "scan": "reader.corpus.discovery",
    "read_bytes": "reader.corpus.reading",
    "read_text": "reader.corpus.reading",
    "ReadError": "reader.corpus.reading",
    "default_corpus_path": "reader.corpus.discovery",
    "with_language": "reader.corpus.loader",
    "with_languages": "reader.corpus.loader",
    "detect_language": "reader.corpus.language",
    "detect_languages": "reader.corpus.language",
    "split_sentences": "reader.corpus.segment",
}

__all__ = ["DEFAULT_LANGUAGES", "Document", "Paragraph", "Sentence", "neutralise", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'reader.corpus' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
