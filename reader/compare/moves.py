"""Moves: text that a monotone alignment leaves without counterpart (1-0 and 0-1 beads)
is matched out of order, so that a paragraph moved elsewhere shows as moved rather than
as deleted here and added there."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.compare.cancel import checkpoint
from reader.compare.model import Bead
from reader.compare.scoring import Scoring, resolve_scoring

MOVE_THRESHOLD = 0.6  # similarity (0..1, as in divergence) a moved pair needs
# Pairs of unaligned sentences compared in full (about 8 s of lexical similarity on this
# machine under load); more are compared near the diagonal only (see _blocks).
MAX_MOVE_CELLS = 250_000
MOVE_BLOCK = 32


@dataclass(frozen=True, slots=True)
class Move:
    """Source sentences ``src`` reappear, out of order, as target sentences ``tgt``."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    similarity: float


def unaligned(beads: Sequence[Bead]) -> tuple[list[int], list[int]]:
    """Source and target sentence indices that sit in 1-0 / 0-1 beads."""
    src = [i for b in beads if not b.tgt for i in b.src]
    tgt = [j for b in beads if not b.src for j in b.tgt]
    return src, tgt


def find_moves(
    src: Sequence[str],
    tgt: Sequence[str],
    beads: Sequence[Bead],
    scorer: str | Scoring = "auto",
    threshold: float = MOVE_THRESHOLD,
) -> list[Move]:
    """Match unaligned sentences out of order, best pairs first (each sentence once).

    Adjacent moved pairs (i, j), (i+1, j+1) are merged into one block, so a moved
    paragraph is one move. Results are sorted by source position.
    """
    s_idx, t_idx = unaligned(beads)
    if not s_idx or not t_idx:
        return []
    backend = resolve_scoring(scorer).similarity
    found: list[tuple[float, int, int]] = []
    for rows, cols in _blocks(len(s_idx), len(t_idx)):
        checkpoint()
        sims = backend.matrix([src[s_idx[a]] for a in rows], [tgt[t_idx[b]] for b in cols])
        found.extend(
            (sims[x][y], s_idx[a], t_idx[b])
            for x, a in enumerate(rows)
            for y, b in enumerate(cols)
            if sims[x][y] >= threshold
        )
    candidates = sorted(found, key=lambda x: (-x[0], x[1], x[2]))
    used_s: set[int] = set()
    used_t: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for sim, i, j in candidates:
        if i in used_s or j in used_t:
            continue
        used_s.add(i)
        used_t.add(j)
        pairs.append((i, j, sim))
    pairs.sort()
    moves: list[Move] = []
    for i, j, sim in pairs:
        last = moves[-1] if moves else None
        if last is not None and last.src[-1] == i - 1 and last.tgt[-1] == j - 1:
            n = len(last.src)
            merged = (last.similarity * n + sim) / (n + 1)
            moves[-1] = Move(last.src + (i,), last.tgt + (j,), round(merged, 4))
        else:
            moves.append(Move((i,), (j,), round(sim, 4)))
    return moves


def _blocks(n: int, m: int) -> list[tuple[range, range]]:
    """Which (unaligned source, unaligned target) pairs are compared, as blocks.

    All of them when there are at most :data:`MAX_MOVE_CELLS`; beyond, each block of
    :data:`MOVE_BLOCK` source sentences is compared with the targets around the same
    relative position, :data:`MAX_MOVE_CELLS` // n of them a row, so the cost stays
    about linear (text moved from one end of a long document to the other is then
    not found)."""
    if n * m <= MAX_MOVE_CELLS:
        return [(range(n), range(m))]
    half = max(1, MAX_MOVE_CELLS // n) // 2
    out = []
    for r0 in range(0, n, MOVE_BLOCK):
        r1 = min(n, r0 + MOVE_BLOCK)
        lo = max(0, r0 * m // n - half)
        hi = min(m, (r1 - 1) * m // n + half + 1)
        out.append((range(r0, r1), range(lo, hi)))
    return out


def with_moves(
    src: Sequence[str],
    tgt: Sequence[str],
    beads: Sequence[Bead],
    scorer: str | Scoring = "auto",
    threshold: float = MOVE_THRESHOLD,
) -> list[Bead]:
    """``beads`` with moved sentences paired out of order.

    Each pair (i, j) of a move becomes a 1-1 bead that replaces the ``[i]:[]`` and
    ``[]:[j]`` beads; it takes the place of ``[i]:[]``, so the beads stay in source
    order and only the moved targets cross. This is what ``reader align`` prints by
    default: a sentence moved elsewhere is aligned, not reported as deleted and added.
    """
    moves = find_moves(src, tgt, beads, scorer, threshold)
    if not moves:
        return list(beads)
    pairs = {i: (j, mv.similarity) for mv in moves for i, j in zip(mv.src, mv.tgt, strict=True)}
    moved_tgt = {j for j, _ in pairs.values()}
    out: list[Bead] = []
    for bead in beads:
        if not bead.tgt and len(bead.src) == 1 and bead.src[0] in pairs:
            j, sim = pairs[bead.src[0]]
            out.append(Bead(bead.src, (j,), sim))
        elif not bead.src and len(bead.tgt) == 1 and bead.tgt[0] in moved_tgt:
            continue
        else:
            out.append(bead)
    return out
