"""``auto``: lexical and embedding similarity combined, or lexical alone without the extra."""

from __future__ import annotations

from reader.compare.beads import AlignParams
from reader.compare.scoring.base import VectorScorer
from reader.compare.scoring.lexical import LexicalScorer, char_lengths, lexical_space
from reader.compare.scoring.vectors import SentenceVectors

# Weight of the lexical space when both are present: the best mean strict F1 over Text+Berg
# dev, OPUS en-it and fr-it (0.3: 0.852, 0.4: 0.848, 0.2: 0.848, 0: 0.844, with the
# embeddings' gains).
LEXICAL_WEIGHT = 0.3


class AutoScorer(VectorScorer):
    """Lexical + embeddings when available, else lexical."""

    align_params: AlignParams  # the gains of the scorer whose similarity dominates

    def __init__(self, use_embeddings: bool = True) -> None:
        super().__init__()
        self.use_embeddings = use_embeddings
        self.name = "auto (lexical+embeddings)" if use_embeddings else "auto (lexical)"
        if use_embeddings:
            from reader.compare.scoring.embeddings import EmbeddingsScorer

            self.align_params = EmbeddingsScorer.align_params
        else:
            self.align_params = LexicalScorer.align_params

    def build(self, src: list[str], tgt: list[str]) -> SentenceVectors:
        spaces = [lexical_space(src, tgt, weight=LEXICAL_WEIGHT if self.use_embeddings else 1.0)]
        if self.use_embeddings:
            from reader.compare.scoring.embeddings import embedding_space

            spaces.append(embedding_space(src, tgt, weight=1.0 - LEXICAL_WEIGHT))
        return SentenceVectors(spaces, char_lengths(src), char_lengths(tgt))
