"""Lexical similarity: no model, any pair of languages written in the same script.

A sentence becomes a bag of features, each weighted by its inverse document frequency
over both documents (a feature found in most sentences says little):

- accent-folded, case-folded character 4-grams of every word, with word boundaries
  (``_piat``, ``piat``, ... so *piattaforma / plateforme / platform* share grams);
  words shorter than four letters count as a whole;
- numbers (digits only, so ``1,000`` = ``1.000`` = ``1000``), counted double;
- capitalised words that do not open the sentence (names), counted double;
- quoted strings and URLs, counted double.

A text counts by its first ``MAX_TEXT`` characters and a word by its first ``MAX_WORD``
(:mod:`reader.compare.features`), so that no input costs more than ordinary text.

The bags are hashed (signed feature hashing) into dense vectors, so that a span of
sentences is the sum of its vectors and the aligner can score a band of beads with
matrix products. Similarity is the cosine, rescaled against random sentence pairs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from reader.compare.beads import AlignParams
from reader.compare.cancel import checkpoint

# One folding for the whole engine (cached). Its apostrophe unification never shows here:
# _WORD keeps letters and digits only.
from reader.compare.features import MAX_TEXT, MAX_WORD, fold
from reader.compare.scoring.base import VectorScorer
from reader.compare.scoring.vectors import SentenceVectors, VectorSpace, random_baseline

_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,'’\u202f\u00a0]\d+)*", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“”„«»‹›]\s*([^\"“”„«»‹›]{3,200}?)\s*[\"“”„«»‹›]")
_NON_DIGIT = re.compile(r"\D+")

NGRAM = 4
NAME_WEIGHT = 2.0
NUMBER_WEIGHT = 2.0
QUOTE_WEIGHT = 2.0
URL_WEIGHT = 2.0


def features(sentence: str) -> dict[str, float]:
    """The weighted bag of features of one sentence (before IDF)."""
    sentence = sentence[:MAX_TEXT]
    bag: defaultdict[str, float] = defaultdict(float)
    for url in _URL.findall(sentence):
        bag["u:" + url.lower().rstrip(".,;:)")] += URL_WEIGHT
    text = _URL.sub(" ", sentence)
    for quote in _QUOTE.findall(text):
        words = _WORD.findall(fold(quote))
        if words:
            bag["q:" + " ".join(words)] += QUOTE_WEIGHT
    first = True
    for match in _WORD.finditer(text):
        token = match.group()[:MAX_WORD]
        if token[0].isdigit():
            bag["#" + _NON_DIGIT.sub("", token)] += NUMBER_WEIGHT
            first = False
            continue
        word = fold(token)
        if token[0].isupper() and not first and len(word) > 1:
            bag["n:" + word] += NAME_WEIGHT
        first = False
        if len(word) < NGRAM:
            bag["w:" + word] += 1.0
            continue
        padded = "_" + word + "_"
        for k in range(len(padded) - NGRAM + 1):
            bag[padded[k : k + NGRAM]] += 1.0
    return dict(bag)


def dimension_for(sentences: int) -> int:
    """Hashed vector size: wide for short texts, narrower for books (memory)."""
    if sentences <= 4000:
        return 8192
    if sentences <= 12000:
        return 4096
    return 2048


def _vectorise(
    bags: list[dict[str, float]], vocab: dict[str, int], idf: np.ndarray, dim: int
) -> np.ndarray:
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, bag in enumerate(bags):
        for feat, count in bag.items():
            rows.append(r)
            cols.append(vocab[feat])
            vals.append(count)
    out = np.zeros((len(bags), dim), dtype=np.float32)
    if not rows:
        return out
    ids = np.asarray(cols, dtype=np.uint64)
    mixed = (ids * np.uint64(0x9E3779B97F4A7C15) + np.uint64(0x632BE59BD9B4E019)) & np.uint64(
        0xFFFFFFFFFFFFFFFF
    )
    bucket = ((mixed >> np.uint64(20)) % np.uint64(dim)).astype(np.int64)
    sign = np.where((mixed >> np.uint64(7)) & np.uint64(1), 1.0, -1.0)
    weight = np.sqrt(np.asarray(vals, dtype=np.float64)) * idf[np.asarray(cols)] * sign
    np.add.at(out, (np.asarray(rows), bucket), weight.astype(np.float32))
    return out


def lexical_space(src: list[str], tgt: list[str], weight: float = 1.0) -> VectorSpace:
    """Hashed IDF-weighted feature vectors of both sides."""
    bags_src = _bags(src)
    bags_tgt = _bags(tgt)
    vocab: dict[str, int] = {}
    df: list[int] = []
    for bag in _chain(bags_src, bags_tgt):
        for feat in bag:
            idx = vocab.get(feat)
            if idx is None:
                vocab[feat] = len(df)
                df.append(1)
            else:
                df[idx] += 1
    total = max(1, len(src) + len(tgt))
    idf = np.log1p(total / np.maximum(np.asarray(df, dtype=np.float64), 1.0))
    dim = dimension_for(len(src) + len(tgt))
    x = _vectorise(bags_src, vocab, idf, dim)
    y = _vectorise(bags_tgt, vocab, idf, dim)
    return VectorSpace(name="lexical", src=x, tgt=y, weight=weight, baseline=random_baseline(x, y))


def _bags(sentences: list[str]) -> list[dict[str, float]]:
    out = []
    for k, sentence in enumerate(sentences):
        if k % 1024 == 0:
            checkpoint()
        out.append(features(sentence))
    return out


def _chain(*groups: list[dict[str, float]]) -> Iterable[dict[str, float]]:
    for group in groups:
        yield from group


def char_lengths(sentences: list[str]) -> list[float]:
    return [float(len(s.strip())) for s in sentences]


class LexicalScorer(VectorScorer):
    """IDF-weighted overlap of names, numbers, quotes, URLs and accent-folded 4-grams."""

    name = "lexical"
    # Tuned on Text+Berg dev, OPUS fr-it and OPUS en-it (benchmarks/alignment.py): lexical
    # evidence is sparser than embeddings', so a lone sentence must cost more.
    align_params = AlignParams(skip=0.6, merge_penalty=0.4, length_weight=0.3)

    def build(self, src: list[str], tgt: list[str]) -> SentenceVectors:
        return SentenceVectors([lexical_space(src, tgt)], char_lengths(src), char_lengths(tgt))
