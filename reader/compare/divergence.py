"""Divergence inside an aligned pair: how alike two texts are (any two languages) and
which stretches of each have no counterpart on the other side.

Spans found:

- ``number``: a value on one side that the other lacks (1,000 = 1.000 = 1 000; 3,5 = 3.5);
- ``name``: a capitalised word with no accent-folded or cognate counterpart (surplus
  only: when both sides have unmatched names they are taken as translations of each
  other, *Switzerland* / *Svizzera*);
- ``url``: a URL absent from the other side;
- ``quote``: a quoted phrase whose content is not found on the other side;
- ``clause``: a clause (split at , ; : – — and conjunctions) that no clause or pair of
  adjacent clauses of the other side covers, so an omitted clause shows even when the
  rest of the sentence is there.

Clause matching uses multilingual embeddings when the extra is installed (much better
across languages), accent-folded character 4-grams otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from reader.compare.cancel import checkpoint
from reader.compare.features import (
    _NATIONALITY,
    MAX_TEXT,
    SOFT_NAMES,
    clauses,
    content_words,
    fold,
    has_counterpart,
    names,
    ngrams,
    number_words,
    numbers,
    quotes,
    tokens,
    urls,
)
from reader.compare.model import Span
from reader.compare.scoring import Scoring, resolve_scoring
from reader.compare.scoring.similarity import EmbeddingSimilarity, LexicalSimilarity

Label = Literal["match", "differs"]

# Tuned on REFreSD en-fr dev and part of SwissGov-RSD dev (see benchmarks/).
MATCH_THRESHOLD = 0.45  # pair similarity below this → differs
# Without a model, 4-grams barely cross languages: across languages only a very low
# score or an empty overlap is evidence.
LEXICAL_MATCH_SAME = 0.45
LEXICAL_MATCH_CROSS = 0.15
CLAUSE_THRESHOLD = 0.45  # clause coverage below this → clause without counterpart
LEXICAL_CLAUSE = 0.15  # clause coverage without a model, same language
LEXICAL_CLAUSE_CROSS = -1.0  # across languages: never (4-gram coverage is noise there)
CLAUSE_MIN_WORDS = 3  # content words a clause needs before it can be flagged alone


@dataclass(frozen=True, slots=True)
class Divergence:
    """Result of comparing two aligned texts ``a`` and ``b``."""

    similarity: float  # 0..1
    label: Label
    reason: str  # for a person; "" for a match
    a_spans: tuple[Span, ...]  # offsets into a
    b_spans: tuple[Span, ...]  # offsets into b
    a_clauses: tuple[tuple[int, int, float], ...] = ()  # (start, end, coverage 0..1)
    b_clauses: tuple[tuple[int, int, float], ...] = ()

    @property
    def differs(self) -> bool:
        return self.label == "differs"


def _containment(part: str, whole: Counter[str]) -> float:
    grams = ngrams(part)
    total = sum(grams.values())
    if not total:
        return 1.0
    return sum((grams & whole).values()) / total


def _lexical_coverage(part: str, other: str | Counter[str]) -> float:
    # cross-lingual translations share ~0.3-0.6 of a clause's 4-grams; unrelated ~0.1
    c = _containment(part, ngrams(other) if isinstance(other, str) else other)
    return max(0.0, min(1.0, (c - 0.08) / 0.4))


# Clause-level cosines (query mode) of e5-small: translated clauses ~0.86-0.93, a clause
# matched only by topic ~0.80-0.85.
CLAUSE_LOW = 0.82
CLAUSE_HIGH = 0.90


def _coverage_pair(
    a: str,
    a_parts: Sequence[tuple[int, int]],
    b: str,
    b_parts: Sequence[tuple[int, int]],
    backend: LexicalSimilarity | EmbeddingSimilarity,
) -> tuple[list[float], list[float]]:
    """How well each clause of each side is covered by the other side.

    Lexical: share of the clause's 4-grams found on the other side. Embeddings: the best
    clause-to-clause cosine, *contested*: when another clause of the same side matches
    that counterpart better, the difference is subtracted, so that a clause whose only
    match is already taken by its neighbour (an omission next to a translated clause
    on the same topic) comes out uncovered.
    """
    a_grams, b_grams = ngrams(a), ngrams(b)  # once, not once per clause
    a_lex = [_lexical_coverage(a[s:e], b_grams) for s, e in a_parts]
    b_lex = [_lexical_coverage(b[s:e], a_grams) for s, e in b_parts]
    if not isinstance(backend, EmbeddingSimilarity) or not a_parts or not b_parts:
        return a_lex, b_lex
    m = (
        backend.vectors([a[s:e] for s, e in a_parts], query=True)
        @ backend.vectors([b[s:e] for s, e in b_parts], query=True).T
    )
    return _contested(m, a_lex), _contested(m.T, b_lex)


def _contested(m: npt.NDArray[np.floating[Any]], lex: Sequence[float]) -> list[float]:
    """Per row i: the best over columns j of ``m[i, j] - max(0, rival - m[i, j])``, where
    the rival is the best other row of column j; rescaled and blended with ``lex``.
    O(rows x columns): the rival of a row is the column's best unless that row is the
    best, then the second best."""
    values = np.asarray(m, dtype=np.float64)
    n = values.shape[0]
    if n == 0:
        return []
    if values.shape[1] == 0:
        best = np.full(n, -1.0)
    else:
        if n > 1:
            top2 = np.sort(values, axis=0)[-2:]
            first, second = top2[1], top2[0]
            winner = values.argmax(axis=0)
            rival = np.where(np.arange(n)[:, None] == winner[None, :], second, first)
        else:
            rival = np.full(values.shape, -1.0)
        score = values - np.maximum(0.0, rival - values)
        best = np.maximum(score.max(axis=1), -1.0)
    e = np.clip((best - CLAUSE_LOW) / (CLAUSE_HIGH - CLAUSE_LOW), 0.0, 1.0)
    return [float(0.85 * x + 0.15 * y) for x, y in zip(e, lex, strict=True)]


def _inside(span: tuple[int, int], blocks: Sequence[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in blocks)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unmatched_numbers(a: str, b: str) -> list[tuple[int, int, str]]:
    other = Counter(v for _, _, v in numbers(b))
    other.update(number_words(b))
    out = []
    for start, end, value in numbers(a):
        if other[value] > 0:
            other[value] -= 1
        else:
            out.append((start, end, value))
    return out


def _unmatched_names(a: str, b: str) -> list[tuple[int, int, str]]:
    b_tokens = {t.folded for t in tokens(b)}
    b_tokens |= {part for t in b_tokens if "-" in t for part in t.split("-") if part}
    b_folded = fold(b)
    return [
        (t.start, t.end, t.text)
        for t in names(a)
        if not _soft(t.text)
        and not any(
            has_counterpart(part, b_tokens, b_folded)
            for part in [t.text, *t.text.split("-")]
            if len(part) >= 4 and not _soft(part)
        )
    ]


def _soft(name: str) -> bool:
    """Capitalised words that languages translate or write in lower case (titles,
    generic parts of place names, nationality adjectives): not evidence alone."""
    f = fold(name)
    return f in SOFT_NAMES or (
        name[0].isupper()
        and not name.isupper()
        and len(f) > 4
        and bool(_NATIONALITY.search(f))
        and not any(c.isupper() for c in name[1:])
    )


def _unmatched_urls(a: str, b: str) -> list[tuple[int, int, str]]:
    return [(s, e, u) for s, e, u in urls(a) if u.rstrip("/") not in b]


def diverge(
    a: str,
    b: str,
    *,
    a_language: str | None = None,
    b_language: str | None = None,
    scorer: str | Scoring = "auto",
    similarity: float | None = None,
    labels: tuple[str, str] = ("A", "B"),
) -> Divergence:
    """Compare two aligned texts (one or more sentences each, any languages).

    ``labels`` name the two sides in the reason ("EN", "IT").

    ``scorer`` is the comparison's :class:`~reader.compare.scoring.Scoring` (a name is
    resolved, for a one-off call); ``similarity`` may pass a pair score already known
    (e.g. from the aligner) instead of computing it.

    Spans are looked for in the first :data:`~reader.compare.features.MAX_TEXT`
    characters of each side (offsets stay those of the whole text), so the cost of one
    pair is bounded whatever its length.
    """
    checkpoint()
    backend = resolve_scoring(scorer).similarity
    if not a.strip() or not b.strip():
        return Divergence(0.0, "differs", "one side is empty", (), ())
    cross = a_language is None or b_language is None or a_language != b_language
    if similarity is not None:
        sim = similarity
    elif isinstance(backend, LexicalSimilarity):
        sim = backend.pair(a, b, same_language=not cross)
    else:
        sim = backend.matrix([a], [b])[0][0]
    sim = max(0.0, min(1.0, sim))

    a, b = a[:MAX_TEXT], b[:MAX_TEXT]
    a_parts = clauses(a, a_language)
    b_parts = clauses(b, b_language)
    a_cov, b_cov = _coverage_pair(a, a_parts, b, b_parts, backend)
    if isinstance(backend, EmbeddingSimilarity):
        limit, match = CLAUSE_THRESHOLD, MATCH_THRESHOLD
    elif cross:
        limit, match = LEXICAL_CLAUSE_CROSS, LEXICAL_MATCH_CROSS
    else:
        limit, match = LEXICAL_CLAUSE, LEXICAL_MATCH_SAME
    a_spans, a_why = _spans(a, a_parts, a_cov, b, backend, limit, b_language)
    b_spans, b_why = _spans(b, b_parts, b_cov, a, backend, limit, a_language)

    la, lb = labels
    reasons: list[str] = []
    num_a = [s.text for s in a_spans if s.kind == "number"]
    num_b = [s.text for s in b_spans if s.kind == "number"]
    if num_a and num_b:
        reasons.append(f"number: {la} {', '.join(num_a)} · {lb} {', '.join(num_b)}")
    else:
        if num_a:
            reasons.append(f"{lb} has no counterpart for the number {', '.join(num_a)}")
        if num_b:
            reasons.append(f"{la} has no counterpart for the number {', '.join(num_b)}")
    for other, why in ((lb, a_why), (la, b_why)):
        reasons.extend(f"{other} has no counterpart for {w}" for w in why)
    if sim < match:
        reasons.insert(0, f"{la} and {lb} say different things (similarity {sim:.2f})")
    label: Label = "differs" if reasons else "match"
    return Divergence(
        similarity=round(sim, 4),
        label=label,
        reason="; ".join(reasons),
        a_spans=tuple(a_spans),
        b_spans=tuple(b_spans),
        a_clauses=tuple((s, e, round(c, 4)) for (s, e), c in zip(a_parts, a_cov, strict=True)),
        b_clauses=tuple((s, e, round(c, 4)) for (s, e), c in zip(b_parts, b_cov, strict=True)),
    )


def _spans(
    text: str,
    parts: Sequence[tuple[int, int]],
    cov: Sequence[float],
    other: str,
    backend: LexicalSimilarity | EmbeddingSimilarity,
    limit: float,
    other_language: str | None = None,
) -> tuple[list[Span], list[str]]:
    spans: list[Span] = []
    why: list[str] = []
    # clauses: only when the text has more than one clause (otherwise the pair score says
    # it all) and the clause carries enough content words to mean something alone
    flagged: list[tuple[int, int]] = []
    if len(parts) > 1:
        for (s, e), c in zip(parts, cov, strict=True):
            if c < limit and len(content_words(text[s:e])) >= CLAUSE_MIN_WORDS:
                flagged.append((s, e))
                spans.append(Span(s, e, "clause", text[s:e]))
                why.append(f"the clause “{_short(text[s:e])}”")
    # quoted phrases whose content the other side lacks
    for s, e, inner in quotes(text):
        if _inside((s, e), flagged):
            continue
        if _quote_coverage(inner, other, backend, other_language) < limit:
            spans.append(Span(s, e, "quote", text[s:e]))
            why.append(f"the quote “{_short(inner)}”")
    for s, e, value in _unmatched_numbers(text, other):
        spans.append(Span(s, e, "number", text[s:e]))
        del value
    a_names = _unmatched_names(text, other)
    b_names = _unmatched_names(other, text)
    if len(a_names) > len(b_names):
        seen: set[str] = set()
        listed = []
        for s, e, name in a_names:
            if not _inside((s, e), flagged):
                spans.append(Span(s, e, "name", name))
            if fold(name) not in seen:
                seen.add(fold(name))
                listed.append(name)
        why.append(("the names " if len(listed) > 1 else "the name ") + ", ".join(listed))
    for s, e, u in _unmatched_urls(text, other):
        spans.append(Span(s, e, "url", u))
        why.append(f"the URL {u}")
    spans.sort(key=lambda sp: (sp.start, sp.end))
    return spans, why


def _quote_coverage(
    inner: str,
    other: str,
    backend: LexicalSimilarity | EmbeddingSimilarity,
    other_language: str | None = None,
) -> float:
    lex = _lexical_coverage(inner, other)
    if not isinstance(backend, EmbeddingSimilarity):
        return lex
    parts = clauses(other, other_language) or [(0, len(other))]
    q = backend.vectors([inner], query=True)
    o = backend.vectors([other[s:e] for s, e in parts], query=True)
    best = float((q @ o.T).max())
    e = max(0.0, min(1.0, (best - CLAUSE_LOW) / (CLAUSE_HIGH - CLAUSE_LOW)))
    return 0.85 * e + 0.15 * lex


def needed_texts(
    pairs: Sequence[tuple[str, str, str | None, str | None]],
) -> tuple[list[str], list[str]]:
    """Texts that :func:`diverge` will embed for these (a, b, a_language, b_language)
    pairs, as (passages, queries): hand them to ``EmbeddingSimilarity.prefetch`` to
    embed in two batches."""
    passages: list[str] = []
    queries: list[str] = []
    for a, b, la, lb in pairs:
        passages += [a, b]
        for text, lang in ((a[:MAX_TEXT], la), (b[:MAX_TEXT], lb)):
            queries += [text[s:e] for s, e in clauses(text, lang)]
            queries += [inner for _, _, inner in quotes(text)]
    return passages, queries


def prefetch(
    pairs: Sequence[tuple[str, str, str | None, str | None]], scorer: str | Scoring = "auto"
) -> None:
    """Embed, in batches, everything :func:`diverge` needs for ``pairs`` (no-op without
    the embeddings extra or with the lexical scorer)."""
    model = resolve_scoring(scorer).embeddings
    if model is not None:
        model.prefetch(*needed_texts(pairs))


def token_scores(
    text: str,
    spans: Sequence[Span],
    clause_cov: Sequence[tuple[int, int, float]],
    similarity: float,
) -> list[tuple[int, int, float]]:
    """A difference score 0..1 for every word of ``text``: (start, end, score).

    Words inside a span score highest; otherwise the word gets how poorly its clause is
    covered, blended with how dissimilar the pair is as a whole.
    """
    weights = {"clause": 0.9, "quote": 0.8, "number": 1.0, "name": 0.8, "url": 0.8, "words": 0.7}
    out = []
    for tok in tokens(text):
        base = 1.0 - similarity
        for s, e, c in clause_cov:
            if s <= tok.start < e:
                base = 0.5 * base + 0.5 * (1.0 - c)
                break
        score = 0.5 * base
        for sp in spans:
            if sp.start <= tok.start < sp.end:
                score = max(score, weights.get(sp.kind, 0.7))
        out.append((tok.start, tok.end, score))
    return out
