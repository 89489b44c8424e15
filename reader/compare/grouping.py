"""Grouping a corpus into *versions* (translations or rewrites of one article) and
*stories* (different articles on the same news).

Versions of one page differ (a paragraph more here, a sentence less there), so the rule
is not "most sentences align" but "these two documents are each other's closest match,
clearly closer than anything else in the corpus". Cheap first, near-linear throughout:

1. **Fingerprints** (:mod:`reader.compare.fingerprints`): per document, computed once,
   in worker processes for large corpora: hashed folded 4-grams and 5-letter prefixes of
   content words (cognates), anchors (names, acronyms, numbers, URLs, e-mails) and
   sampled 8-word shingles.
2. **Vectors**: three TF-IDF blocks (sublinear counts, IDF over the corpus), each
   L2-normalised; the similarity of two documents is the mean of the three cosines.
3. **Blocking**: each document keeps its ``BLOCK_FEATURES`` rarest features (carried by
   at most ``BLOCK_MAX_DF`` documents); a sparse product over those proposes, per
   document and per language, its ``CANDIDATES`` best candidates. Only these pairs get
   an exact similarity.
4. **Margin** (as in bitext mining): a pair's similarity divided by the mean similarity
   of each side's ``NEIGHBOURS`` nearest candidates in the other's language. A version
   stands out from its neighbourhood; a page that merely shares a topic does not.
5. **Versions**: a pair of documents in two languages is linked when each is the
   other's best match in that language, with a margin of at least ``MARGIN`` and a
   similarity of at least ``MIN_SIMILARITY``. Same-language documents are linked only as
   near-duplicates (rewrites: ``SAME_LANGUAGE_SIMILARITY``). Links are merged strongest
   first, and **a version group holds at most one document per language** (a rewrite
   counts with its original): a link that would put two French documents into one
   group is refused, so one wrong link cannot chain pages together. Then, a few rounds
   at the level of groups: two groups with no language in common merge when each is the
   other's best, by the mean margin over their documents (a German page that matches no
   single version well enough is placed by its similarity to all of them).
6. **Stories**: version groups are linked into stories when two of their documents
   share reused text (two sampled shingles carried by few documents) or many rare
   anchors, each being among the other's nearest.

Groups are numbered in the order of the documents given (``s1``, ``v1``, ...), so the
result is deterministic.
"""

from __future__ import annotations

import atexit
import bisect
import contextlib
import math
import os
import pickle
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from reader.compare.fingerprints import Fingerprint, fingerprint
from reader.compare.unions import Unions

if TYPE_CHECKING:
    from scipy import sparse

    from reader.compare.scoring import Scoring
    from reader.corpus.model import Document

COLUMNS = 1 << 22  # hashed feature space of each block
BLOCK_FEATURES = 96  # rarest features per document used for blocking
BLOCK_MAX_DF = 64  # a feature carried by more documents does not block
CANDIDATES = 6  # per document and language, after blocking
BACKGROUND_PAIRS = 20  # candidate pairs of two languages needed to estimate their background
NEIGHBOURS = 4  # nearest candidates that make a document's neighbourhood (margin)
MARGIN = 1.25  # a version stands out of its neighbourhood by this factor
MIN_SIMILARITY = 0.05  # and is at least this similar (mean of three cosines)
SAME_LANGUAGE_SIMILARITY = 0.6  # rewrites / near-duplicates within one language
SAME_LANGUAGE_MARGIN = 2.0  # and far closer than the rest (editions of one page are not)
ORDER = 0.3  # versions tell things in the same order (see _order_agreement)
ORDER_EVIDENCE = 8  # shared features needed before order is asked
GROUP_ROUNDS = 3
STORY_SHINGLES = 4  # shared sampled shingles that make reused text
SHINGLE_MAX_DF = 8  # a shingle in more documents is boilerplate, not a quote
STORY_OVERLAP = 0.3  # IDF-weighted share of the anchors of the smaller document
STORY_MIN_SHARED = 2  # and at least this many shared anchors
STORY_PRIOR = 10  # pseudo-documents in the anchors' IDF (see _Space.anchor_overlap)
STORY_ROUNDS = 2  # rounds of merging stories that are each other's best match
PARALLEL_ABOVE = 1500  # fingerprint in worker processes above this many documents


@dataclass(frozen=True, slots=True)
class VersionGroup:
    id: str
    documents: tuple[str, ...]  # Document ids, in the order given
    languages: tuple[str, ...]  # language codes of those documents ("" when unknown)


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    label: str  # title of its first document
    versions: tuple[VersionGroup, ...]


@dataclass(frozen=True, slots=True)
class Grouping:
    """Document id → version group id and story id, plus the ordered groups for a UI."""

    version_group: dict[str, str] = field(default_factory=dict)
    story: dict[str, str] = field(default_factory=dict)
    stories: tuple[Story, ...] = ()

    def versions_of(self, doc_id: str) -> tuple[str, ...]:
        """The ids of the documents in the same version group (itself included)."""
        gid = self.version_group.get(doc_id)
        for story in self.stories:
            for vg in story.versions:
                if vg.id == gid:
                    return vg.documents
        return (doc_id,)


@dataclass(frozen=True, slots=True)
class GroupingStats:
    """What a grouping run did (for benchmarks): pairs scored and links made."""

    documents: int
    candidate_pairs: int
    version_links: int
    group_merges: int
    story_links: int


# --------------------------------------------------------------------------- fingerprints

_FORKED: list[Document] = []  # the documents, inherited by forked fingerprint workers


def _fingerprint_range(bounds: tuple[int, int]) -> list[Fingerprint | None]:
    return [fingerprint(d) for d in _FORKED[bounds[0] : bounds[1]]]


def fingerprints(documents: Sequence[Document]) -> list[Fingerprint | None]:
    """:func:`reader.compare.fingerprints.fingerprint` of every document, in worker
    processes (one per core, forked on Linux) when the corpus is large."""
    docs = list(documents)
    workers = min(os.cpu_count() or 1, 4)
    if len(docs) <= PARALLEL_ABOVE or workers < 2 or sys.platform != "linux":
        return [fingerprint(d) for d in docs]
    import multiprocessing

    chunk = max(200, len(docs) // (workers * 8))
    bounds = [(a, min(a + chunk, len(docs))) for a in range(0, len(docs), chunk)]
    _FORKED[:] = docs
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_fingerprint_range, bounds)
    except (OSError, RuntimeError):  # no processes to be had: do it here
        return [fingerprint(d) for d in docs]
    finally:
        _FORKED.clear()
    return [f for part in parts for f in part]


# --------------------------------------------------------------------------- vectors


def _row_norms(data: npt.NDArray[np.float32], indptr: npt.NDArray[np.int64]) -> Any:
    sums = np.zeros(indptr.size - 1, np.float64)
    nonempty = indptr[1:] > indptr[:-1]
    if data.size:
        sums[nonempty] = np.add.reduceat(data.astype(np.float64) ** 2, indptr[:-1][nonempty])
    return np.sqrt(sums)


def _tfidf_block(
    prints: Sequence[Fingerprint | None], which: str
) -> tuple[sparse.csr_matrix, npt.NDArray[np.int64]]:
    """One TF-IDF block (rows L2-normalised) and the document frequency of each column."""
    from scipy import sparse

    n = len(prints)
    ids: list[npt.NDArray[np.uint32]] = []
    counts: list[npt.NDArray[np.uint16]] = []
    lengths = np.zeros(n, np.int64)
    for i, fp in enumerate(prints):
        if fp is None:
            continue
        bag, bag_counts = _bag_of(fp, which)
        ids.append(bag)
        counts.append(bag_counts)
        lengths[i] = bag.size
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(lengths, out=indptr[1:])
    if not ids or indptr[-1] == 0:
        return sparse.csr_matrix((n, COLUMNS), dtype=np.float32), np.zeros(COLUMNS, np.int64)
    cols = (np.concatenate(ids) % COLUMNS).astype(np.int32)
    tf = 1.0 + np.log(np.concatenate(counts).astype(np.float32))
    df = np.bincount(cols, minlength=COLUMNS)
    idf = np.log((n + 1) / (df + 0.5)).astype(np.float32)
    data = (tf * idf[cols]).astype(np.float32)
    norms = _row_norms(data, indptr)
    data /= np.repeat(np.maximum(norms, 1e-9), lengths).astype(np.float32)
    matrix = sparse.csr_matrix((data, cols, indptr), shape=(n, COLUMNS))
    matrix.sum_duplicates()  # two hashes that fell into one column
    return matrix, df


def _bag_of(fp: Fingerprint, which: str) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint16]]:
    if which == "grams":
        return fp.grams, fp.gram_counts
    if which == "prefixes":
        return fp.prefixes, fp.prefix_counts
    return fp.anchors, fp.anchor_counts


@dataclass
class _Space:
    blocks: list[Any]  # three csr matrices, rows normalised
    dfs: list[npt.NDArray[np.int64]]
    n: int

    def similarity(self, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> Any:
        """Mean cosine of the three blocks for the pairs (a[k], b[k])."""
        out = np.zeros(a.size, np.float64)
        step = 20_000
        for block in self.blocks:
            for s in range(0, a.size, step):
                x = block[a[s : s + step]]
                y = block[b[s : s + step]]
                out[s : s + step] += np.asarray(x.multiply(y).sum(axis=1)).ravel()
        return out / len(self.blocks)

    def anchor_overlap(self, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> tuple[Any, Any]:
        """IDF-weighted share of the smaller side's anchors found in the other, and the
        number of anchors shared, for the pairs (a[k], b[k])."""
        block = self.blocks[2]
        # smoothed as if the corpus held STORY_PRIOR more documents without these anchors:
        # in a corpus of five articles on one story, a shared name still says something
        idf = np.log((self.n + STORY_PRIOR) / (self.dfs[2] + 0.5)).astype(np.float32)
        weighted = block.copy()
        weighted.data = np.maximum(idf[weighted.indices], 0.0)
        present = block.copy()
        present.data = np.ones_like(present.data)
        totals = np.asarray(weighted.sum(axis=1)).ravel()
        shared = np.zeros(a.size)
        count = np.zeros(a.size)
        step = 20_000
        for s in range(0, a.size, step):
            x, y = a[s : s + step], b[s : s + step]
            both = weighted[x].multiply(present[y])
            shared[s : s + step] = np.asarray(both.sum(axis=1)).ravel()
            count[s : s + step] = np.diff(both.tocsr().indptr)
        smaller = np.minimum(totals[a], totals[b])
        return shared / np.maximum(smaller, 1e-9), count


def _space(prints: Sequence[Fingerprint | None]) -> _Space:
    blocks, dfs = [], []
    for which in ("grams", "prefixes", "anchors"):
        matrix, df = _tfidf_block(prints, which)
        blocks.append(matrix)
        dfs.append(df)
    return _Space(blocks, dfs, len(prints))


# --------------------------------------------------------------------------- blocking


def _rank_in_run(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """For sorted ``keys``: the position of each element within its run of equal keys."""
    if keys.size == 0:
        return np.zeros(0, np.int64)
    starts = np.r_[True, keys[1:] != keys[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(keys.size), 0))
    return np.arange(keys.size) - first


def _first_per_key(
    keys: npt.NDArray[np.int64], score: npt.NDArray[np.float64], tie: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Indices of the best element of each key (highest score, then lowest tie)."""
    order: npt.NDArray[np.int64] = np.lexsort((tie, -score, keys))
    chosen: npt.NDArray[np.int64] = order[_rank_in_run(keys[order]) == 0]
    return chosen


def _best_partners(
    a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], value: npt.NDArray[np.float64]
) -> dict[int, int]:
    """For undirected weighted pairs (a[k], b[k]): each end's best partner (highest value,
    then lowest index)."""
    x = np.concatenate([a, b])
    y = np.concatenate([b, a])
    first = _first_per_key(x, np.concatenate([value, value]), y)
    return dict(zip(x[first].tolist(), y[first].tolist(), strict=True))


def _blocking_matrix(space: _Space) -> Any:
    """Each document's BLOCK_FEATURES rarest features (df between 2 and BLOCK_MAX_DF),
    over the three blocks side by side, weights as in the blocks."""
    from scipy import sparse

    parts = []
    for block, df in zip(space.blocks, space.dfs, strict=True):
        keep = (df >= 2) & (df <= BLOCK_MAX_DF)
        m = block.tocsr(copy=True)
        m.data = np.where(keep[m.indices], m.data, 0.0).astype(np.float32)
        m.eliminate_zeros()
        parts.append(m)
    joined = sparse.hstack(parts, format="csr")
    # the rarest (highest-weighted) features of each row only
    data, indptr = joined.data, joined.indptr
    rows = np.repeat(np.arange(joined.shape[0]), np.diff(indptr))
    order = np.lexsort((-data, rows))
    keep = np.zeros(data.size, bool)
    keep[order[_rank_in_run(rows[order]) < BLOCK_FEATURES]] = True
    joined.data = np.where(keep, data, 0.0).astype(np.float32)
    joined.eliminate_zeros()
    return joined


def _candidates(
    space: _Space, languages: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs (a < b) proposed by blocking: per document and language, the best few."""
    x = _blocking_matrix(space)
    xt = x.T.tocsr()
    n = x.shape[0]
    pairs: list[npt.NDArray[np.int64]] = []
    n_lang = int(languages.max()) + 1 if languages.size else 1
    step = 2000
    for s in range(0, n, step):
        product = (x[s : s + step] @ xt).tocoo()
        rows = product.row.astype(np.int64) + s
        cols = product.col.astype(np.int64)
        vals = product.data
        mask = rows != cols
        rows, cols, vals = rows[mask], cols[mask], vals[mask]
        key = rows * n_lang + languages[cols]
        order = np.lexsort((cols, -vals, key))
        chosen = order[_rank_in_run(key[order]) < CANDIDATES]
        lo = np.minimum(rows[chosen], cols[chosen])
        hi = np.maximum(rows[chosen], cols[chosen])
        pairs.append(lo * n + hi)
    if not pairs:
        empty = np.zeros(0, np.int64)
        return empty, empty
    keys = np.unique(np.concatenate(pairs))
    return keys // n, keys % n


# --------------------------------------------------------------------------- linking


@dataclass
class _Scored:
    a: npt.NDArray[np.int64]
    b: npt.NDArray[np.int64]
    similarity: npt.NDArray[np.float64]
    margin: npt.NDArray[np.float64]


def _margins(
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    sim: npt.NDArray[np.float64],
    languages: npt.NDArray[np.int64],
    n: int,
) -> npt.NDArray[np.float64]:
    """sim / mean(neighbourhood of a in b's language, of b in a's language)."""
    # directed edges: (doc, other language, similarity)
    doc = np.concatenate([a, b])
    other = np.concatenate([languages[b], languages[a]])
    s = np.concatenate([sim, sim])
    n_lang = int(languages.max()) + 1 if languages.size else 1
    key = doc * n_lang + other
    order = np.lexsort((-s, key))
    key_sorted, s_sorted = key[order], s[order]
    first = np.searchsorted(key_sorted, key_sorted, side="left")
    rank = np.arange(key_sorted.size) - first
    top = rank < NEIGHBOURS
    sums = np.bincount(key_sorted[top], weights=s_sorted[top], minlength=n * n_lang)
    found = np.bincount(key_sorted[top], minlength=n * n_lang)
    # Missing neighbours (blocking proposed fewer than NEIGHBOURS) count as the typical
    # similarity of a candidate pair of those two languages, not as 0: a lone candidate
    # is no evidence that it stands out.
    pair_lang = np.minimum(languages[a], languages[b]) * n_lang + np.maximum(
        languages[a], languages[b]
    )
    background = np.zeros(n_lang * n_lang)
    for key_value in np.unique(pair_lang).tolist():
        these = sim[pair_lang == key_value]
        # a median of a handful of pairs (a two-document corpus: the pair itself) is no
        # background: with fewer than BACKGROUND_PAIRS, missing neighbours count as 0
        if these.size >= BACKGROUND_PAIRS:
            background[key_value] = float(np.median(these))
    own = np.repeat(np.arange(n), n_lang) if n else np.zeros(0, np.int64)
    them = np.tile(np.arange(n_lang), n)
    lang_pair = np.minimum(languages[own], them) * n_lang + np.maximum(languages[own], them)
    hood = (sums + (NEIGHBOURS - found) * background[lang_pair]) / NEIGHBOURS
    ha = hood[a * n_lang + languages[b]]
    hb = hood[b * n_lang + languages[a]]
    return np.asarray(sim / np.maximum(0.5 * (ha + hb), 1e-6))


def _best_by_language(
    scored: _Scored, languages: npt.NDArray[np.int64], n: int
) -> npt.NDArray[np.int64]:
    """best[doc * L + language]: the candidate of that language with the highest margin
    (-1 when there is none); L is the number of language codes."""
    n_lang = int(languages.max()) + 1 if languages.size else 1
    x = np.concatenate([scored.a, scored.b])
    y = np.concatenate([scored.b, scored.a])
    m = np.concatenate([scored.margin, scored.margin])
    key = x * n_lang + languages[y]
    best = np.full(n * n_lang, -1, np.int64)
    first = _first_per_key(key, m, y)
    best[key[first]] = y[first]
    return best


def _order_agreement(fa: Fingerprint, fb: Fingerprint) -> float | None:
    """How much more than chance two documents tell their shared things in one order.

    The prefixes and anchors both carry are ranked by where they first occur in each;
    the longest run in the same order (longest increasing subsequence, L of K) is
    compared with what a random order gives (c ≈ 2√K − 1.77·K^⅙): (L − c) / (K − c), 1 for
    the same order, about 0 (or below) for documents that merely share a topic. None
    when they share fewer than ORDER_EVIDENCE features.
    """
    places_a: list[npt.NDArray[np.uint16]] = []
    places_b: list[npt.NDArray[np.uint16]] = []
    for ids_a, pl_a, ids_b, pl_b in (
        (fa.prefixes, fa.prefix_places, fb.prefixes, fb.prefix_places),
        (fa.anchors, fa.anchor_places, fb.anchors, fb.anchor_places),
    ):
        _, ia, ib = np.intersect1d(ids_a, ids_b, assume_unique=True, return_indices=True)
        places_a.append(pl_a[ia])
        places_b.append(pl_b[ib])
    pa, pb = np.concatenate(places_a), np.concatenate(places_b)
    k = int(pa.size)
    if k < ORDER_EVIDENCE:
        return None
    tails: list[int] = []
    for x in pb[np.argsort(pa, kind="stable")].tolist():
        at = bisect.bisect_left(tails, x)
        if at == len(tails):
            tails.append(x)
        else:
            tails[at] = x
    # the expected longest increasing run of a random order (Baik-Deift-Johansson)
    chance = max(1.0, 2.0 * math.sqrt(k) - 1.77 * k ** (1 / 6))
    return float((len(tails) - chance) / max(1.0, k - chance))


class _Groups:
    """Union-find over documents that keeps each group's languages (as a bit mask)."""

    def __init__(self, languages: npt.NDArray[np.int64]) -> None:
        self.unions = Unions(len(languages))
        # more than 62 language codes cannot happen with the detector's languages; were
        # it to, the extra ones share a bit (stricter: they then exclude each other)
        self.mask: dict[int, int] = {
            i: 1 << min(int(x), 62) for i, x in enumerate(languages.tolist())
        }
        self.size: dict[int, int] = dict.fromkeys(range(len(languages)), 1)

    def find(self, x: int) -> int:
        return self.unions.find(x)

    def roots(self) -> npt.NDArray[np.int64]:
        n = len(self.unions.parent)
        return np.fromiter((self.find(i) for i in range(n)), np.int64, n)

    def compatible(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        return ra != rb and not (self.mask[ra] & self.mask[rb])

    def merge(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.unions.union(ra, rb)
        root, gone = (ra, rb) if self.find(ra) == ra else (rb, ra)
        self.mask[root] |= self.mask.pop(gone)
        self.size[root] += self.size.pop(gone)
        return True


def _by_descending(values: npt.NDArray[np.float64], mask: npt.NDArray[np.bool_]) -> list[int]:
    """Indices where ``mask`` holds, by descending value (ties: by index)."""
    chosen = np.flatnonzero(mask)
    return chosen[np.argsort(-values[chosen], kind="stable")].tolist()  # type: ignore[no-any-return]


def _version_groups(
    scored: _Scored,
    languages: npt.NDArray[np.int64],
    n: int,
    prints: Sequence[Fingerprint | None],
    linked: Sequence[tuple[int, int]] = (),
) -> tuple[_Groups, int, int]:
    groups = _Groups(languages)
    # 0. pages that name each other as language versions (hreflang) are versions, certainly
    for a, b in linked:
        groups.merge(a, b)
    a_all, b_all = scored.a, scored.b
    la, lb = languages[a_all], languages[b_all]
    same = la == lb
    n_lang = int(languages.max()) + 1 if languages.size else 1
    best = _best_by_language(scored, languages, n)
    a_best = best[a_all * n_lang + lb] == b_all  # b is a's best in b's language
    b_best = best[b_all * n_lang + la] == a_all
    links = 0
    # 1. rewrites and duplicates within a language: near-identical, far above the rest
    rewrite = (
        same
        & (scored.similarity >= SAME_LANGUAGE_SIMILARITY)
        & (scored.margin >= SAME_LANGUAGE_MARGIN)
        & (a_best | b_best)
    )
    for k in _by_descending(scored.similarity, rewrite):
        if groups.merge(int(a_all[k]), int(b_all[k])):
            links += 1
    # 2. across languages: mutual best, clear margin, one document per language, order
    cross = (
        ~same & (scored.margin >= MARGIN) & (scored.similarity >= MIN_SIMILARITY) & a_best & b_best
    )
    for k in _by_descending(scored.margin, cross):
        a, b = int(a_all[k]), int(b_all[k])
        if not groups.compatible(a, b):
            continue
        fa, fb = prints[a], prints[b]
        assert fa is not None and fb is not None
        agreement = _order_agreement(fa, fb)
        if agreement is not None and agreement < ORDER:
            continue
        groups.merge(a, b)
        links += 1
    # 3. groups: mean margin over their documents, mutual best, languages disjoint
    merges = 0
    for _ in range(GROUP_ROUNDS):
        done = _merge_groups(scored, groups, prints)
        merges += done
        if not done:
            break
    return groups, links, merges


def _merge_groups(scored: _Scored, groups: _Groups, prints: Sequence[Fingerprint | None]) -> int:
    """One round: groups that are each other's best by mean margin merge."""
    roots = groups.roots()
    ra, rb = roots[scored.a], roots[scored.b]
    keep = (ra != rb) & (scored.similarity >= MIN_SIMILARITY)
    if not keep.any():
        return 0
    lo = np.minimum(ra[keep], rb[keep])
    hi = np.maximum(ra[keep], rb[keep])
    margin = scored.margin[keep]
    pair_a, pair_b = scored.a[keep], scored.b[keep]
    n = roots.size
    keys, inverse = np.unique(lo * n + hi, return_inverse=True)
    total = np.bincount(inverse, weights=margin)
    strongest = _first_per_key(inverse, margin, np.arange(inverse.size))
    strong_a = np.zeros(keys.size, np.int64)
    strong_b = np.zeros(keys.size, np.int64)
    strong_a[inverse[strongest]] = pair_a[strongest]
    strong_b[inverse[strongest]] = pair_b[strongest]
    g_lo, g_hi = keys // n, keys % n
    masks = np.array([groups.mask[int(r)] for r in g_lo.tolist()], np.int64)
    masks_hi = np.array([groups.mask[int(r)] for r in g_hi.tolist()], np.int64)
    sizes = np.array([groups.size[int(r)] for r in g_lo.tolist()], np.float64)
    sizes_hi = np.array([groups.size[int(r)] for r in g_hi.tolist()], np.float64)
    mean = total / (sizes * sizes_hi)
    disjoint = (masks & masks_hi) == 0
    # each group's best partner among those it could join
    partner = _best_partners(g_lo[disjoint], g_hi[disjoint], mean[disjoint])
    merged = 0
    ok = disjoint & (mean >= MARGIN)
    for k in _by_descending(mean, ok):
        ga, gb = int(g_lo[k]), int(g_hi[k])
        if partner.get(ga) != gb or partner.get(gb) != ga or not groups.compatible(ga, gb):
            continue
        fa, fb = prints[int(strong_a[k])], prints[int(strong_b[k])]
        assert fa is not None and fb is not None
        agreement = _order_agreement(fa, fb)
        if agreement is not None and agreement < ORDER:
            continue
        groups.merge(ga, gb)
        merged += 1
    return merged


# --------------------------------------------------------------------------- stories


def _shingle_pairs(prints: Sequence[Fingerprint | None]) -> set[tuple[int, int]]:
    """Pairs of documents sharing at least STORY_SHINGLES rare sampled shingles."""
    owners: list[npt.NDArray[np.int64]] = []
    values: list[npt.NDArray[np.uint32]] = []
    for i, fp in enumerate(prints):
        if fp is not None and fp.shingles.size:
            values.append(fp.shingles)
            owners.append(np.full(fp.shingles.size, i, np.int64))
    if not values:
        return set()
    v = np.concatenate(values)
    o = np.concatenate(owners)
    order = np.lexsort((o, v))
    v, o = v[order], o[order]
    starts = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
    sizes = np.diff(np.r_[starts, v.size])
    n = len(prints)
    found: list[npt.NDArray[np.int64]] = []
    for size in range(2, SHINGLE_MAX_DF + 1):
        runs = starts[sizes == size]
        if runs.size == 0:
            continue
        owners_of = o[runs[:, None] + np.arange(size)[None, :]]  # (runs, size), sorted
        for x in range(size):
            for y in range(x + 1, size):
                found.append(owners_of[:, x] * n + owners_of[:, y])
    if not found:
        return set()
    keys, counts = np.unique(np.concatenate(found), return_counts=True)
    keys = keys[counts >= STORY_SHINGLES]
    return set(zip((keys // n).tolist(), (keys % n).tolist(), strict=True))


def _stories(
    scored: _Scored,
    space: _Space,
    groups: _Groups,
    prints: Sequence[Fingerprint | None],
    n: int,
) -> tuple[Unions, int]:
    stories = Unions(n)
    for i in range(n):
        stories.union(i, groups.find(i))
    links = 0
    for a, b in sorted(_shingle_pairs(prints)):
        if stories.find(a) != stories.find(b):
            stories.union(a, b)
            links += 1
    # shared rare anchors: stories that are each other's best match merge, in rounds
    if scored.a.size:
        overlap, count = space.anchor_overlap(scored.a, scored.b)
        strong = np.flatnonzero((overlap >= STORY_OVERLAP) & (count >= STORY_MIN_SHARED))
        sa, sb, value = scored.a[strong], scored.b[strong], overlap[strong]
        for _ in range(STORY_ROUNDS):
            roots = np.fromiter((stories.find(i) for i in range(n)), np.int64, n)
            ra, rb = roots[sa], roots[sb]
            apart = ra != rb
            partner = _best_partners(ra[apart], rb[apart], value[apart])
            merged = 0
            for p, q in sorted(partner.items()):
                if p < q and partner.get(q) == p:
                    stories.union(p, q)
                    merged += 1
            links += merged
            if not merged:
                break
    return stories, links


# --------------------------------------------------------------------------- entry points


def group_fingerprints(
    prints: Sequence[Fingerprint | None],
    linked: Sequence[tuple[int, int]] = (),
) -> tuple[list[int], list[int], GroupingStats]:
    """Version group and story of each fingerprint, as the index of a representative
    document (None fingerprints are groups of their own), plus what was done.

    ``linked``: pairs of indices known to be versions whatever their text says (pages
    that name each other, :func:`reader.compare.alternates.linked_pairs`)."""
    n = len(prints)
    codes: dict[str, int] = {}
    languages = np.zeros(n, np.int64)
    for i, fp in enumerate(prints):
        key = (fp.language if fp is not None else None) or "?"
        languages[i] = codes.setdefault(key, len(codes))
    usable = np.array([fp is not None and not fp.empty for fp in prints], bool)
    space = _space(prints)
    a, b = _candidates(space, languages) if n > 1 else (np.zeros(0, np.int64),) * 2
    keep = usable[a] & usable[b] if a.size else np.zeros(0, bool)
    a, b = a[keep], b[keep]
    sim = space.similarity(a, b) if a.size else np.zeros(0)
    margin = _margins(a, b, sim, languages, n) if a.size else np.zeros(0)
    scored = _Scored(a, b, sim, margin)
    groups, links, merges = _version_groups(scored, languages, n, prints, linked)
    stories, story_links = _stories(scored, space, groups, prints, n)
    versions = [groups.find(i) for i in range(n)]
    story = [stories.find(i) for i in range(n)]
    return versions, story, GroupingStats(n, int(a.size), links, merges, story_links)


def group(documents: Sequence[Document], scorer: str | Scoring = "lexical") -> Grouping:
    """Group ``documents`` into version groups and stories (see the module docstring).

    Documents that could not be read, or have no body text, are groups of their own;
    pages that name each other as language versions (hreflang) are versions, certainly.
    ``scorer`` is accepted for compatibility with the alignment API; grouping compares
    documents by their fingerprints, with no sentence scorer.
    """
    from reader.compare.alternates import linked_pairs

    del scorer
    docs = list(documents)
    if not docs:
        return Grouping()
    prints = fingerprints(docs)
    versions, stories, _ = group_fingerprints(prints, linked_pairs(docs))
    return assemble(docs, prints, versions, stories)


def assemble(
    docs: Sequence[Document],
    prints: Sequence[Fingerprint | None],
    versions: Sequence[int],
    stories: Sequence[int],
) -> Grouping:
    """The Grouping of ``docs`` from representatives (as :func:`group_fingerprints`)."""
    story_ids: dict[int, str] = {}
    version_ids: dict[int, str] = {}
    version_group: dict[str, str] = {}
    story: dict[str, str] = {}
    members: dict[str, list[int]] = defaultdict(list)
    story_versions: dict[str, list[str]] = defaultdict(list)
    for i, doc in enumerate(docs):
        sroot, vroot = stories[i], versions[i]
        if sroot not in story_ids:
            story_ids[sroot] = f"s{len(story_ids) + 1}"
        if vroot not in version_ids:
            version_ids[vroot] = f"v{len(version_ids) + 1}"
            story_versions[story_ids[sroot]].append(version_ids[vroot])
        story.setdefault(doc.id, story_ids[sroot])
        version_group.setdefault(doc.id, version_ids[vroot])
        members[version_ids[vroot]].append(i)

    def language(i: int) -> str:
        fp = prints[i]
        return docs[i].language or (fp.language if fp is not None else None) or ""

    ordered = []
    for sroot in sorted(story_ids, key=lambda r: int(story_ids[r][1:])):
        sid = story_ids[sroot]
        vgs = tuple(
            VersionGroup(
                id=vid,
                documents=tuple(docs[i].id for i in members[vid]),
                languages=tuple(language(i) for i in members[vid]),
            )
            for vid in story_versions[sid]
        )
        first = docs[members[vgs[0].id][0]]
        label = re.sub(r"\s+", " ", first.display_title).strip()
        ordered.append(Story(id=sid, label=label, versions=vgs))
    return Grouping(version_group=version_group, story=story, stories=tuple(ordered))


_CHILDREN: set[Any] = set()  # running grouping processes, killed when this one exits


def stop_children() -> None:
    """Kill the grouping processes still running (their results are not wanted)."""
    for child in list(_CHILDREN):
        with contextlib.suppress(OSError):
            child.kill()


atexit.register(stop_children)


def _child_main() -> None:
    """Entry of the grouping process: pickled (documents, scorer) in, Grouping out."""
    documents, scorer = pickle.load(sys.stdin.buffer)
    try:
        result: tuple[str, object] = ("ok", group(documents, scorer))
    except Exception as error:  # reported to the parent, never raised here
        result = ("error", f"{type(error).__name__}: {error}")
    pickle.dump(result, sys.stdout.buffer)
    sys.stdout.buffer.flush()


def group_in_subprocess(
    documents: Sequence[Document], scorer: str | Scoring = "lexical"
) -> Grouping:
    """``group()`` in a separate Python process, returning its result.

    Grouping a large corpus is CPU work; in another process it uses another core and
    never holds this interpreter's lock, so an interactive program stays responsive.
    The child is killed if this process exits first. Raises RuntimeError when the child
    fails or exits without an answer.
    """
    import subprocess

    code = "from reader.compare.grouping import _child_main; _child_main()"
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    _CHILDREN.add(child)
    try:
        output, _ = child.communicate(pickle.dumps((list(documents), scorer)))
    finally:
        _CHILDREN.discard(child)
    try:
        status, payload = pickle.loads(output)
    except Exception:
        raise RuntimeError(
            f"the grouping process exited without an answer (status {child.returncode})"
        ) from None
    if status != "ok" or not isinstance(payload, Grouping):
        raise RuntimeError(str(payload))
    return payload
