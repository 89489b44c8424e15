"""Monotone sentence alignment: dynamic programming over beads in a band.

A *bead* pairs ``k`` consecutive source sentences with ``h`` consecutive target ones
(1-1, 1-0, 0-1, and merges of up to five sentences in all: 2-1, 2-2, 3-1, 3-2, 4-1,
...). The alignment is the sequence of beads that maximises the total gain, where a bead
with both sides non-empty gains its similarity (from the scorer, plus a Gale-Church
length prior) and a sentence left without counterpart costs a fixed ``skip``. Merged
beads (2-1, 1-2, ...) pay a penalty per extra sentence: over-merging when one true pair
scores weakly is the classic error.

The search is coarse-to-fine, as in Vecalign: consecutive sentences are grouped into
units of ``2**L`` sentences until the grid is small, that grid is aligned in full, and
each finer level only searches a band of ``band`` units around the path found at the
coarser one. Cost and memory grow about linearly with the length of the documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from reader.compare.beads import (
    DEFAULT_MAX_BEAD,
    SIMPLE_BEADS,
    AlignParams,
    BeadShape,
    bead_shapes,
)
from reader.compare.cancel import checkpoint
from reader.compare.model import Bead, Scorer

if TYPE_CHECKING:
    from reader.compare.scoring import Scoring

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
NEG = -1e18
COARSE_SKIP = 2.0  # skip cost multiplier at coarse levels

# The most sentences on one side that align() accepts: time and memory grow about
# linearly (README: 10,000 x 10,000 lexical in about 11 s and 600 MB), so this keeps one
# alignment within a few GB; a longer text is refused with a clear message.
MAX_SENTENCES = 50_000


class TooLong(ValueError):
    """A text with more sentences than :data:`MAX_SENTENCES`."""


class LevelView(Protocol):
    """Similarities at one level of coarseness (units of 2**L sentences)."""

    @property
    def n(self) -> int: ...

    @property
    def m(self) -> int: ...

    def prepare_band(self, lo: IntArray, hi: IntArray, kmax: int, lmax: int) -> None: ...

    def similarity(self, k: int, h: int, i: IntArray, j: IntArray) -> FloatArray: ...

    def length_prior(self, k: int, h: int, i: IntArray, j: IntArray) -> FloatArray: ...


class CallbackView:
    """A level view over any :class:`Scorer`, calling ``score`` once per bead."""

    def __init__(self, scorer: Scorer, n: int, m: int, factor: int, lengths: LengthPrior) -> None:
        self.scorer = scorer
        self.n_sent, self.m_sent = n, m
        self.factor = factor
        self.lengths = lengths
        self._n = -(-n // factor)
        self._m = -(-m // factor)

    @property
    def n(self) -> int:
        return self._n

    @property
    def m(self) -> int:
        return self._m

    def prepare_band(self, lo: IntArray, hi: IntArray, kmax: int, lmax: int) -> None:
        return None

    def _spans(self, k: int, h: int, i: int, j: int) -> tuple[int, int, int, int]:
        f = self.factor
        return (
            min(f * (i - k), self.n_sent),
            min(f * i, self.n_sent),
            min(f * (j - h), self.m_sent),
            min(f * j, self.m_sent),
        )

    def similarity(self, k: int, h: int, i: IntArray, j: IntArray) -> FloatArray:
        out = np.empty(i.shape, dtype=np.float64)
        for idx, (ii, jj) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
            out[idx] = float(self.scorer.score(*self._spans(k, h, ii, jj)))
        return out

    def length_prior(self, k: int, h: int, i: IntArray, j: IntArray) -> FloatArray:
        f = self.factor
        return self.lengths.prior(
            np.minimum(f * (i - k), self.n_sent),
            np.minimum(f * i, self.n_sent),
            np.minimum(f * (j - h), self.m_sent),
            np.minimum(f * j, self.m_sent),
        )


class LengthPrior:
    """Gale-Church: -delta^2/2 for the normalised length difference of two spans."""

    def __init__(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        ls = np.asarray([len(s.strip()) for s in src], dtype=np.float64)
        lt = np.asarray([len(t.strip()) for t in tgt], dtype=np.float64)
        self.ps = np.concatenate([[0.0], np.cumsum(ls)])
        self.pt = np.concatenate([[0.0], np.cumsum(lt)])
        total_s, total_t = float(ls.sum()), float(lt.sum())
        self.ratio = total_t / total_s if total_s > 0 and total_t > 0 else 1.0

    def prior(self, a: IntArray, b: IntArray, c: IntArray, d: IntArray) -> FloatArray:
        l1 = self.ps[b] - self.ps[a]
        l2 = self.pt[d] - self.pt[c]
        mean = (l1 + l2 / self.ratio) / 2.0
        delta = (l2 - l1 * self.ratio) / np.sqrt(6.8 * np.maximum(mean, 1.0))
        return np.asarray(-np.minimum(delta * delta, 50.0) / 2.0, dtype=np.float64)


# Searches again after runs of neighbours were embedded for the path (vectors.refine).
REFINE_ROUNDS = 3


def _view(
    scorer: Scorer, src: Sequence[str], tgt: Sequence[str], factor: int, lengths: LengthPrior | None
) -> LevelView:
    vectors = getattr(scorer, "vectors", None)
    if vectors is not None and hasattr(vectors, "level"):
        view: LevelView = vectors.level(factor)
        return view
    assert lengths is not None
    return CallbackView(scorer, len(src), len(tgt), factor, lengths)


def _gains(
    view: LevelView,
    lo: IntArray,
    hi: IntArray,
    params: AlignParams,
) -> tuple[dict[BeadShape, FloatArray], dict[BeadShape, FloatArray]]:
    """Gain and similarity of every bead shape ending at every band cell."""
    n = view.n
    width = int((hi - lo).max()) + 1
    rows = np.repeat(np.arange(n + 1), width)
    cols = (lo[:, None] + np.arange(width)[None, :]).reshape(-1)
    inside = cols <= np.repeat(hi, width)
    kmax = max(k for k, _ in params.beads)
    lmax = max(h for _, h in params.beads)
    view.prepare_band(lo, hi, kmax, lmax)
    gains: dict[BeadShape, FloatArray] = {}
    sims: dict[BeadShape, FloatArray] = {}
    for k, h in params.beads:
        gain = np.full(rows.shape, NEG)
        sim = np.zeros(rows.shape)
        valid = inside & (rows >= k) & (cols >= h)
        if k == 0 or h == 0:
            gain[valid] = -params.skip * (k + h)
        else:
            i, j = rows[valid], cols[valid]
            s = view.similarity(k, h, i, j)
            extra = k + h - 2
            g = s * (1.0 + params.merge_bonus * extra) - params.merge_penalty * extra
            if params.length_weight:
                g = g + params.length_weight * view.length_prior(k, h, i, j)
            gain[valid] = g
            sim[valid] = s
        gains[(k, h)] = gain.reshape(n + 1, width)
        sims[(k, h)] = sim.reshape(n + 1, width)
    return gains, sims


def _search(
    view: LevelView,
    lo: IntArray,
    hi: IntArray,
    params: AlignParams,
) -> list[tuple[int, int, int, int, float]]:
    """Best path through the band; beads as (i0, i1, j0, j1, similarity) in view units."""
    n, m = view.n, view.m
    gains, sims = _gains(view, lo, hi, params)
    width = int((hi - lo).max()) + 1
    shapes = [b for b in params.beads if b[0] >= 1]
    chain = (0, 1) in params.beads
    score = np.full((n + 1, width), NEG)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    index = {shape: t for t, shape in enumerate(params.beads)}
    idx_chain = index.get((0, 1), -1)
    ar = np.arange(width)
    for i in range(n + 1):
        if i % 512 == 0:
            checkpoint()
        size = int(hi[i] - lo[i]) + 1
        js = lo[i] + ar[:size]
        cand = np.full(size, NEG)
        arg = np.full(size, -1, dtype=np.int8)
        if i == 0:
            if lo[0] == 0:
                cand[0] = 0.0
        else:
            for k, h in shapes:
                if i - k < 0:
                    continue
                prev = js - h - lo[i - k]
                ok = (prev >= 0) & (prev <= hi[i - k] - lo[i - k])
                if not ok.any():
                    continue
                val = np.where(ok, score[i - k, np.clip(prev, 0, width - 1)], NEG)
                val = val + gains[(k, h)][i, :size]
                better = val > cand
                cand = np.where(better, val, cand)
                arg = np.where(better, index[(k, h)], arg)
        if chain:
            skip = params.skip
            shifted = cand + skip * ar[:size]
            run = np.maximum.accumulate(shifted)
            src_idx = np.maximum.accumulate(np.where(shifted >= run, ar[:size], 0))
            best = run - skip * ar[:size]
            from_chain = (src_idx != ar[:size]) & (best > NEG / 2)
            cand = np.where(from_chain, best, cand)
            arg = np.where(from_chain, idx_chain, arg)
        score[i, :size] = cand
        back[i, :size] = arg
    # Backtrack from (n, m).
    beads: list[tuple[int, int, int, int, float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j - lo[i]])
        if t < 0:
            raise RuntimeError("alignment band lost the path")  # pragma: no cover
        k, h = params.beads[t]
        sim = float(sims[(k, h)][i, j - lo[i]]) if k and h else 0.0
        beads.append((i - k, i, j - h, j, sim))
        i, j = i - k, j - h
    beads.reverse()
    return beads


def _band_from_path(
    path: list[tuple[int, int, int, int, float]], n: int, m: int, half: int
) -> tuple[IntArray, IntArray]:
    """Band (lo, hi per row 0..n) of ``half`` cells around a path projected 2x finer."""
    jmin = np.full(n + 1, m, dtype=np.int64)
    jmax = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1, _ in path:
        a0, a1 = min(2 * i0, n), min(2 * i1, n)
        b0, b1 = min(2 * j0, m), min(2 * j1, m)
        rows = np.arange(a0, a1 + 1)
        if a1 > a0:
            start = b0 + (rows - a0) * (b1 - b0) // (a1 - a0)
            stop = b0 + ((rows - a0) * (b1 - b0) + (a1 - a0) - 1) // (a1 - a0)
        else:
            start = np.full(rows.shape, b0)
            stop = np.full(rows.shape, b1)
        jmin[rows] = np.minimum(jmin[rows], start)
        jmax[rows] = np.maximum(jmax[rows], stop)
    return _clean_band(jmin - half, jmax + half, n, m)


def _clean_band(lo: IntArray, hi: IntArray, n: int, m: int) -> tuple[IntArray, IntArray]:
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 0, m)
    lo = np.minimum.accumulate(lo[::-1])[::-1].copy()
    hi = np.maximum.accumulate(hi)
    lo[0] = 0
    hi[n] = m
    hi = np.maximum(hi, lo)
    return lo.astype(np.int64), hi.astype(np.int64)


def _trivial(n: int, m: int) -> list[Bead]:
    return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]


def check_size(n: int, m: int) -> None:
    """Raise :class:`TooLong` when ``n`` or ``m`` sentences are too many to align."""
    for side, count in (("source", n), ("target", m)):
        if count > MAX_SENTENCES:
            raise TooLong(
                f"the {side} text has {count:,} sentences; reader aligns at most "
                f"{MAX_SENTENCES:,} a side (split it into parts, e.g. chapters)"
            )


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    scorer: str | Scorer | Scoring = "auto",
    *,
    max_bead: int = DEFAULT_MAX_BEAD,
    band: int | None = None,
    params: AlignParams | None = None,
) -> list[Bead]:
    """Align two lists of sentences monotonically; beads in document order.

    ``scorer`` is a scorer name, a resolved :class:`reader.compare.scoring.Scoring`
    (its :meth:`~reader.compare.scoring.Scoring.aligner` is used) or a sentence Scorer.
    ``max_bead`` is the most sentences on one side of a bead, see :func:`bead_shapes`
    (4, the default: up to 4-1, 3-2, 2-2; 2: only 2-1 and 1-2; 1: only 1-1, 1-0,
    0-1). ``band`` is the half-width of the search band per level.

    Raises :class:`TooLong` (a ValueError) when a side has more than
    :data:`MAX_SENTENCES` sentences. Cancellable (:mod:`reader.compare.cancel`).
    """
    n, m = len(src), len(tgt)
    check_size(n, m)
    if n == 0 or m == 0:
        return _trivial(n, m)
    from reader.compare.scoring import Scoring, resolve_scoring

    if isinstance(scorer, str | Scoring):
        scorer_obj: Scorer = resolve_scoring(scorer).aligner()
    else:
        scorer_obj = scorer
    if params is None:
        # A scorer may carry the gains tuned for it (its similarity has its own spread).
        hint = getattr(scorer_obj, "align_params", None)
        params = hint if isinstance(hint, AlignParams) else AlignParams()
        if max_bead != DEFAULT_MAX_BEAD:
            params = AlignParams(**{**params.__dict__, "beads": bead_shapes(max_bead)})
    if band is not None:
        params = AlignParams(**{**params.__dict__, "band": max(2, band)})
    scorer_obj.prepare(src, tgt)
    lengths = None if hasattr(scorer_obj, "vectors") else LengthPrior(src, tgt)
    factor = 1
    while (-(-n // factor)) * (-(-m // factor)) > params.coarse_cells:
        factor *= 2
    path: list[tuple[int, int, int, int, float]] | None = None
    while True:
        view = _view(scorer_obj, src, tgt, factor, lengths)
        vn, vm = view.n, view.m
        if path is None:
            lo = np.zeros(vn + 1, dtype=np.int64)
            hi = np.full(vn + 1, vm, dtype=np.int64)
        else:
            lo, hi = _band_from_path(path, vn, vm, params.band)
        level_params = params
        if factor > 1:  # coarse levels: simple shapes, the path is what matters
            # A unit holds several sentences: leaving one out costs more, which keeps
            # the coarse path from trading a run of skips for a few saturated matches.
            level_params = AlignParams(
                **{
                    **params.__dict__,
                    "beads": SIMPLE_BEADS,
                    "length_weight": 0.0,
                    "skip": params.skip * COARSE_SKIP,
                }
            )
        path = _search(view, lo, hi, level_params)
        if factor == 1:
            break
        factor //= 2
    # Spaces whose runs of neighbours are embedded on demand: embed those the path's
    # merges and gaps may use, and search the same band again, until nothing is new.
    refine = getattr(getattr(scorer_obj, "vectors", None), "refine", None)
    if callable(refine):
        for _ in range(REFINE_ROUNDS):
            if not refine(path):
                break
            path = _search(_view(scorer_obj, src, tgt, 1, lengths), lo, hi, params)
    return [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(sim, 4))
        for i0, i1, j0, j1, sim in path
    ]
