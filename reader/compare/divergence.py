"""Divergence inside an aligned pair: how alike two texts are (any two languages), which
words of each have no counterpart on the other side, and which facts disagree.

Three kinds of evidence, combined per word into a difference score 0..1:

- **facts** (:mod:`reader.compare.facts`): numbers (digits, words: six = 6 = sei),
  dates, names (a substitution is shown on both sides), polarity (one side negated) and
  quotes, compared as facts; a fact difference always scores 1;
- **word coverage** (:mod:`reader.compare.coverage`): whether each word's counterpart
  is on the other side — the same word, a cognate, or, with the embeddings extra, a word
  of the same meaning (single-word vectors of the multilingual model);
- **clause coverage**: whether each clause (split at , ; : – — and conjunctions) is
  covered by a clause of the other side (embeddings, *contested*: a clause whose only
  match is already taken by its neighbour comes out uncovered), and the similarity of
  the pair as a whole.

Highlighted spans are the facts that differ, names with no counterpart, quotes and
URLs the other side lacks, whole clauses the other side lacks (clause coverage below
:data:`CLAUSE_FLAG` and their words agree), and runs of words whose score reaches
:data:`HIGHLIGHT` inside clauses covered only in part (three content words at least).
A clause or run is kept only when a leave-one-out check agrees: the text without it is
*not* less like the other side (by :data:`SUPPORTED_GAIN`) — otherwise the other side
does say it, in other words. A faithful paraphrase covers its words and is not
highlighted. Without the embeddings extra, words are covered lexically only, which
says little across languages: there, only facts, names, quotes, URLs and very low pair
similarity are evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from reader.compare.cancel import checkpoint
from reader.compare.coverage import WordCover, cover, needed_words, smoothed
from reader.compare.features import (
    MAX_TEXT,
    clauses,
    ngrams,
    quotes,
    tokens,
    urls,
)
from reader.compare.model import Span, SpanKind
from reader.compare.scoring import Scoring, resolve_scoring
from reader.compare.scoring.similarity import EmbeddingSimilarity, LexicalSimilarity

Label = Literal["match", "differs"]

# Pair similarity below which a pair differs as a whole (REFreSD en-fr dev).
MATCH_THRESHOLD = 0.45
# Without a model, 4-grams barely cross languages: across languages only a very low
# score or an empty overlap is evidence.
LEXICAL_MATCH_SAME = 0.45
LEXICAL_MATCH_CROSS = 0.15
QUOTE_THRESHOLD = 0.45  # quote content coverage below this → quote without counterpart
LEXICAL_QUOTE = 0.15  # the same, without a model, same language
LEXICAL_QUOTE_CROSS = -1.0  # across languages without a model: never

# The difference score of a word (see the module docstring): weights of its own
# coverage, its clause's coverage and the pair's dissimilarity; a highlight is a run of
# words scoring at least HIGHLIGHT with at least HIGHLIGHT_WORDS content words.
WORD_WEIGHT = 0.6
CLAUSE_WEIGHT = 0.3
PAIR_WEIGHT = 0.1
HIGHLIGHT = 0.55
HIGHLIGHT_WORDS = 3
# A clause is highlighted as a whole when no clause of the other side covers it
# (contested coverage below CLAUSE_FLAG) *and* its content words agree (mean score at
# least CLAUSE_WORDS): the word evidence vetoes a clause that is merely reworded. A run
# of words is highlighted only inside a clause covered less than RUN_CLAUSE.
CLAUSE_FLAG = 0.3
CLAUSE_WORDS = 0.5
CLAUSE_MIN_WORDS = 3  # shorter clauses are too often split differently on the other side
RUN_CLAUSE = 0.5
# A clause that holds the only counterpart (coverage partners) of this many content
# words of the other side translates part of it: not highlighted as lacking
ANCHOR_WORDS = 2
ANCHOR_SHARE = 0.5  # ... and at least this share of its own content words
# Leave-one-out check of a whole clause (embeddings): when the text without the clause
# is less like the other side by more than this, the other side says it too.
SUPPORTED_GAIN = 0.02
SPAN_SCORE = 0.9  # the least score of a word inside a highlight
APART_CLAUSE = 0.7  # in a pair that differs as a whole, clauses covered less than this
# A name with no counterpart and no other name left unmatched on the other side (a
# surplus), whose word the other side does not cover by meaning either.
NAME_COVERED = 0.5
FACT_KINDS: dict[str, SpanKind] = {
    "number": "number",
    "date": "date",
    "name": "name",
    "polarity": "negation",
    "quote": "quote",
}


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
    # every word with its difference score 0..1: (start, end, score)
    a_words: tuple[tuple[int, int, float], ...] = ()
    b_words: tuple[tuple[int, int, float], ...] = ()

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
    model: EmbeddingSimilarity | None,
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
    if model is None or not a_parts or not b_parts:
        return a_lex, b_lex
    m = (
        model.vectors([a[s:e] for s, e in a_parts], query=True)
        @ model.vectors([b[s:e] for s, e in b_parts], query=True).T
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


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unmatched_urls(a: str, b: str) -> list[tuple[int, int, str]]:
    return [(s, e, u) for s, e, u in urls(a) if u.rstrip("/") not in b]


def pair_similarity(
    a: str,
    b: str,
    backend: LexicalSimilarity | EmbeddingSimilarity,
    *,
    a_language: str | None = None,
    b_language: str | None = None,
) -> float:
    """The similarity of two texts as the diff shows it (0..1): the lexical scale is
    stricter within one language (texts of one language share 4-grams anyway)."""
    if not a.strip() or not b.strip():
        return 0.0
    cross = a_language is None or b_language is None or a_language != b_language
    return max(0.0, min(1.0, backend.pair(a, b, same_language=not cross)))


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

    ``scorer`` is the comparison's :class:`~reader.compare.scoring.Scoring` (a name is
    resolved, for a one-off call); ``similarity`` may pass a pair score already known
    (e.g. from the aligner) instead of computing it; ``labels`` name the two sides in
    the reason ("EN", "IT").

    Spans are looked for in the first :data:`~reader.compare.features.MAX_TEXT`
    characters of each side (offsets stay those of the whole text), so the cost of one
    pair is bounded whatever its length.
    """
    from reader.compare.facts import compare_facts, unmatched_names

    checkpoint()
    scoring = resolve_scoring(scorer)
    backend = scoring.similarity
    model = scoring.embeddings
    if not a.strip() or not b.strip():
        return Divergence(0.0, "differs", "one side is empty", (), ())
    cross = a_language is None or b_language is None or a_language != b_language
    if similarity is not None:
        sim = max(0.0, min(1.0, similarity))
    else:
        sim = pair_similarity(a, b, backend, a_language=a_language, b_language=b_language)
    a, b = a[:MAX_TEXT], b[:MAX_TEXT]
    if model is not None:
        match, quote_limit = MATCH_THRESHOLD, QUOTE_THRESHOLD
    elif cross:
        match, quote_limit = LEXICAL_MATCH_CROSS, LEXICAL_QUOTE_CROSS
    else:
        match, quote_limit = LEXICAL_MATCH_SAME, LEXICAL_QUOTE
    la, lb = labels

    # facts first: what a fact-checker reads first, shown on both sides
    a_spans: list[Span] = []
    b_spans: list[Span] = []
    reasons: list[str] = []
    differences = compare_facts(a, b, a_language, b_language)
    facts_differ = bool(differences)
    for diff in differences:
        kind = FACT_KINDS[diff.kind]
        a_spans.extend(Span(f.start, f.end, kind, f.text) for f in diff.a)
        b_spans.extend(Span(f.start, f.end, kind, f.text) for f in diff.b)
        reasons.append(diff.reason(la, lb))

    # words and clauses
    a_parts, b_parts = clauses(a, a_language), clauses(b, b_language)
    a_cov, b_cov = _coverage_pair(a, a_parts, b, b_parts, model)
    a_cover, b_cover = cover(a, b, model)
    lone_a, lone_b = unmatched_names(a, b, a_language, b_language)
    for lone, other_lone, covers, spans, other_label in (
        (lone_a, lone_b, a_cover, a_spans, lb),
        (lone_b, lone_a, b_cover, b_spans, la),
    ):
        if other_lone:
            continue  # names on both sides left over: translations of each other, or a
            # substitution compare_facts has already judged
        listed: list[str] = []
        for name in lone:
            if any(sp.start < name.end and name.start < sp.end for sp in spans):
                continue
            meant = max(
                (w.meaning for w in covers if name.start <= w.start < name.end), default=0.0
            )
            if meant >= NAME_COVERED:
                continue
            spans.append(Span(name.start, name.end, "name", name.text))
            if name.text not in listed:
                listed.append(name.text)
        if listed:
            what = "the names " if len(listed) > 1 else "the name "
            reasons.append(f"{other_label} has no counterpart for {what}{', '.join(listed)}")
    words_known = model is not None or not cross  # lexical coverage across languages: noise
    a_words = _word_scores(a_cover, a_parts, a_cov, sim, a_spans, words_known)
    b_words = _word_scores(b_cover, b_parts, b_cov, sim, b_spans, words_known)
    for text, other, words, spans, other_label, other_language in (
        (a, b, a_words, a_spans, lb, b_language),
        (b, a, b_words, b_spans, la, a_language),
    ):
        side_a = text is a
        found, why = _highlights(
            text,
            other,
            model,
            words,
            a_cover if side_a else b_cover,
            b_cover if side_a else a_cover,
            spans,
            a_parts if side_a else b_parts,
            a_cov if side_a else b_cov,
            apart=sim < match,
        )
        spans.extend(found)
        reasons.extend(f"{other_label} has no counterpart for {w}" for w in why)
        for s, e, inner in quotes(text):
            if any(sp.start <= s and e <= sp.end for sp in spans):
                continue
            if _quote_coverage(inner, other, model, other_language) < quote_limit:
                spans.append(Span(s, e, "quote", text[s:e]))
                reasons.append(f"{other_label} has no counterpart for the quote “{_short(inner)}”")
        for s, e, u in _unmatched_urls(text, other):
            spans.append(Span(s, e, "url", u))
            reasons.append(f"{other_label} has no counterpart for the URL {u}")
    a_words, b_words = _lifted(a_words, a_spans), _lifted(b_words, b_spans)
    if sim < match and not facts_differ:
        # (a fact that differs explains a low similarity: a flipped negation alone takes
        # a faithful sentence's embedding similarity from 0.7 to 0.3)
        reasons.insert(0, f"{la} and {lb} say different things (similarity {sim:.2f})")
    label: Label = "differs" if reasons else "match"
    return Divergence(
        similarity=round(sim, 4),
        label=label,
        reason="; ".join(reasons),
        a_spans=tuple(sorted(a_spans, key=lambda sp: (sp.start, sp.end))),
        b_spans=tuple(sorted(b_spans, key=lambda sp: (sp.start, sp.end))),
        a_clauses=tuple((s, e, round(c, 4)) for (s, e), c in zip(a_parts, a_cov, strict=True)),
        b_clauses=tuple((s, e, round(c, 4)) for (s, e), c in zip(b_parts, b_cov, strict=True)),
        a_words=tuple(a_words),
        b_words=tuple(b_words),
    )


def _word_scores(
    covers: Sequence[WordCover],
    parts: Sequence[tuple[int, int]],
    clause_cov: Sequence[float],
    similarity: float,
    fact_spans: Sequence[Span],
    words_known: bool,
) -> list[tuple[int, int, float]]:
    """The difference score 0..1 of every word (see the module docstring)."""
    uncovered = smoothed(covers) if words_known else [0.0] * len(covers)
    out: list[tuple[int, int, float]] = []
    for w, u in zip(covers, uncovered, strict=True):
        clause_u = next(
            (1.0 - c for (s, e), c in zip(parts, clause_cov, strict=True) if s <= w.start < e),
            1.0 - similarity,
        )
        score = WORD_WEIGHT * u + CLAUSE_WEIGHT * clause_u + PAIR_WEIGHT * (1.0 - similarity)
        if any(sp.start <= w.start < sp.end for sp in fact_spans):
            score = 1.0
        out.append((w.start, w.end, round(max(0.0, min(1.0, score)), 4)))
    return out


def _lifted(
    words: Sequence[tuple[int, int, float]], spans: Sequence[Span]
) -> list[tuple[int, int, float]]:
    """Words inside a highlight score at least SPAN_SCORE: the scores behind the view
    rank what it shows above what it does not."""
    return [
        (s, e, max(v, SPAN_SCORE) if any(sp.start <= s < sp.end for sp in spans) else v)
        for s, e, v in words
    ]


def _highlights(
    text: str,
    other: str,
    model: EmbeddingSimilarity | None,
    words: Sequence[tuple[int, int, float]],
    covers: Sequence[WordCover],
    other_covers: Sequence[WordCover],
    spans: Sequence[Span],
    parts: Sequence[tuple[int, int]],
    clause_cov: Sequence[float],
    *,
    apart: bool = False,
) -> tuple[list[Span], list[str]]:
    """What to highlight beyond the facts: whole clauses the other side lacks, then runs
    of words scoring at least HIGHLIGHT inside clauses it covers only in part."""

    def free(start: int) -> bool:
        return not any(sp.start <= start < sp.end for sp in [*spans, *found])

    found: list[Span] = []
    why: list[str] = []
    for (s, e), cov in zip(parts, clause_cov, strict=True):
        inner = [
            score
            for (ws, _, score), w in zip(words, covers, strict=True)
            if s <= ws < e and w.content and free(ws)
        ]
        if len(inner) < CLAUSE_MIN_WORDS:
            continue
        if apart and cov < APART_CLAUSE:
            # the pair says different things as a whole: its uncovered clauses are what
            # differs, no further check needed
            found.append(Span(s, e, "clause", text[s:e]))
            why.append(f"“{_short(text[s:e])}”")
            continue
        lacking = cov < CLAUSE_FLAG and sum(inner) / len(inner) >= CLAUSE_WORDS
        if lacking and _anchors((s, e), covers, other_covers) >= max(
            ANCHOR_WORDS, ANCHOR_SHARE * len(inner)
        ):
            continue  # it holds the only counterpart of words of the other side
        if lacking and not _supported(text, (s, e), other, model):
            found.append(Span(s, e, "clause", text[s:e]))
            why.append(f"“{_short(text[s:e])}”")

    def clause_of(start: int) -> float:
        return next(
            (c for (s, e), c in zip(parts, clause_cov, strict=True) if s <= start < e), 0.0
        )

    runs: list[list[int]] = []  # indices of words
    current: list[int] = []
    for k, word in enumerate(words):
        if word[2] >= HIGHLIGHT and free(word[0]) and clause_of(word[0]) < RUN_CLAUSE:
            current.append(k)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    for run in runs:
        inner = [k for k in run if covers[k].content]
        if len(inner) < HIGHLIGHT_WORDS:
            continue
        # without the one-letter piece an apostrophe leaves at its edges: not the "s"
        # of "organization's internal concerns"
        edge = [k for k in run if words[k][1] - words[k][0] > 1]
        start, end = words[edge[0]][0], words[edge[-1]][1]
        piece = text[start:end]
        whole = next(
            ((s, e) for s, e in parts if s <= start and end <= e and end - start >= 0.7 * (e - s)),
            None,
        )
        kind: SpanKind = "clause" if whole is not None else "words"
        if whole is not None:
            start, end = whole
            piece = text[start:end]
        if _supported(text, (start, end), other, model):
            continue
        found.append(Span(start, end, kind, piece))
        why.append(f"“{_short(piece)}”")
    return found, why


def _anchors(
    clause: tuple[int, int], covers: Sequence[WordCover], other_covers: Sequence[WordCover]
) -> int:
    """How many content words of the other side are covered by words of this clause and
    by no word outside it: the clause translates them, whatever its clause coverage (a
    sentence the other side splits differently: *transforming its platform into a
    comprehensive social network* / *faire progresser sa plateforme et l'amener vers un
    réseau social*)."""
    s, e = clause
    inside = {k for k, w in enumerate(covers) if s <= w.start < e}
    return sum(
        1
        for w in other_covers
        if w.content and w.partners and all(k in inside for k in w.partners)
    )


def _windows(text: str, size: int, limit: int = 40) -> list[str]:
    """Stretches of ``size`` words of ``text``, every other word (at most ``limit``): where
    a quote's counterpart may stand inside a long clause."""
    toks = tokens(text)
    if len(toks) <= size:
        return []
    starts = range(0, len(toks) - size + 1, 2)
    return [text[toks[i].start : toks[i + size - 1].end] for i in starts][:limit]


def _supported(
    text: str, clause: tuple[int, int], other: str, model: EmbeddingSimilarity | None
) -> bool:
    """Whether removing the clause makes ``text`` less like ``other`` (its content is
    there); without a model, unknown: False."""
    s, e = clause
    rest = (text[:s] + " " + text[e:]).strip()
    if model is None or not rest:
        return False
    v = model.vectors([other, text, rest])
    return float(v[0] @ v[1]) - float(v[0] @ v[2]) > SUPPORTED_GAIN


def _quote_coverage(
    inner: str,
    other: str,
    model: EmbeddingSimilarity | None,
    other_language: str | None = None,
) -> float:
    lex = _lexical_coverage(inner, other)
    if model is None:
        return lex
    parts = clauses(other, other_language) or [(0, len(other))]
    pieces = [other[s:e] for s, e in parts] + _windows(other, len(tokens(inner)) + 2)
    q = model.vectors([inner], query=True)
    o = model.vectors(pieces, query=True)
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
    queries += needed_words([t for a, b, _, _ in pairs for t in (a, b)])
    return passages, queries


def prefetch(
    pairs: Sequence[tuple[str, str, str | None, str | None]], scorer: str | Scoring = "auto"
) -> None:
    """Embed, in batches, everything :func:`diverge` needs for ``pairs`` (no-op without
    the embeddings extra or with the lexical scorer)."""
    model = resolve_scoring(scorer).embeddings
    if model is not None:
        model.prefetch(*needed_texts(pairs))


def token_scores(divergence: Divergence, side: str) -> list[tuple[int, int, float]]:
    """The difference score of every word of side ``"a"`` or ``"b"``: (start, end, score)."""
    return list(divergence.a_words if side == "a" else divergence.b_words)


__all__ = ["Divergence", "diverge", "needed_texts", "prefetch", "token_scores"]
