"""Base class of the built-in scorers: they prepare :class:`SentenceVectors`."""

from __future__ import annotations

from collections.abc import Sequence

from reader.compare.scoring.vectors import SentenceVectors


class VectorScorer:
    """A :class:`reader.compare.model.Scorer` backed by per-sentence vectors.

    Besides the protocol's ``prepare``/``score``, it exposes ``vectors`` (set by
    ``prepare``), which the aligner uses to score a whole band of beads at once.
    """

    name = "vectors"

    def __init__(self) -> None:
        self.vectors: SentenceVectors | None = None

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        self.vectors = self.build(list(src), list(tgt))

    def build(self, src: list[str], tgt: list[str]) -> SentenceVectors:
        raise NotImplementedError

    def score(self, a: int, b: int, c: int, d: int) -> float:
        """Similarity of src[a:b] vs tgt[c:d]; about 0 for unrelated text, 1 for identical."""
        if self.vectors is None:
            raise RuntimeError("call prepare(src, tgt) before score()")
        return self.vectors.span_similarity(a, b, c, d)
