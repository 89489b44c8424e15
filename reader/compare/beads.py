"""Beads: their shapes, the gains of the search over them, and their text format.

Kept apart from :mod:`reader.compare.alignment` so that the scorers, which carry the
gains tuned for them, import no search code. The text format of ``reader align`` and of
the benchmark gold files is one bead per line: ``[i, ...]:[j, ...]`` with 0-based
sentence numbers, ``[]:[j]`` for a sentence with no counterpart, and an optional third
field (``:0.873``, the score).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reader.compare.model import Bead

BeadShape = tuple[int, int]


def bead_shapes(max_bead: int) -> tuple[BeadShape, ...]:
    """1-0, 0-1 and every k-h with 1 <= k, h <= max_bead and k + h <= max_bead + 1.

    2: 1-1, 2-1, 1-2. 3: adds 2-2, 3-1, 1-3. 4: adds 3-2, 2-3, 4-1, 1-4.
    """
    top = max(1, max_bead)
    merged = [
        (k, h)
        for total in range(3, top + 2)
        for k in range(total - 1, 0, -1)
        if (h := total - k) <= top and k <= top
    ]
    return ((1, 1), (1, 0), (0, 1), *merged)


SIMPLE_BEADS: tuple[BeadShape, ...] = bead_shapes(2)
# Merges of up to five sentences pay on the development data (Text+Berg dev, strict F1
# with the auto scorer: 0.75 with SIMPLE_BEADS, 0.82 up to 2-2/3-1, 0.85 up to 4-1/3-2),
# once merges are penalised per extra sentence.
DEFAULT_MAX_BEAD = 4
DEFAULT_BEADS: tuple[BeadShape, ...] = bead_shapes(DEFAULT_MAX_BEAD)


@dataclass(frozen=True)
class AlignParams:
    """Gains of the dynamic programme (tuned on development data, see benchmarks/)."""

    beads: tuple[BeadShape, ...] = DEFAULT_BEADS
    skip: float = 0.5  # cost of one sentence without counterpart (1-0 / 0-1)
    merge_penalty: float = 0.3  # per sentence beyond the first pair (2-1 pays it once)
    merge_bonus: float = 0.0  # a merged bead's similarity counts (1 + bonus * extra) times
    length_weight: float = 0.3  # weight of the Gale-Church log-prior
    band: int = 24  # half-width of the search band, in units of the current level
    coarse_cells: int = 250_000  # align the coarsest grid in full below this size


_LIST = re.compile(r"^\[\s*(\d+(?:\s*,\s*\d+)*)?\s*,?\s*\]$")


def _format_side(side: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in side) + "]"


def format_bead(bead: Bead, with_score: bool = False) -> str:
    """``[0, 1]:[2]``, or ``[0, 1]:[2]:0.873`` with the score."""
    text = f"{_format_side(bead.src)}:{_format_side(bead.tgt)}"
    if with_score:
        text += f":{bead.score:.3f}"
    return text


def format_beads(beads: Iterable[Bead], with_score: bool = False) -> str:
    """All beads, one per line, with a final newline (empty string for no beads)."""
    return "".join(format_bead(b, with_score) + "\n" for b in beads)


def _parse_side(text: str, number: int) -> tuple[int, ...]:
    match = _LIST.match(text.strip())
    if match is None:
        raise ValueError(f"line {number}: not a list of sentence numbers: {text.strip()!r}")
    body = match.group(1)
    return tuple(int(x) for x in body.split(",")) if body else ()


def parse_beads(text: str) -> list[Bead]:
    """Parse bead lines (blank lines ignored). Raises ValueError with the line number."""
    beads: list[Bead] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        parts = line.split(":")
        if len(parts) < 2 or len(parts) > 3:
            raise ValueError(f"line {number}: not a bead: {line!r}")
        src = _parse_side(parts[0], number)
        tgt = _parse_side(parts[1], number)
        score = 0.0
        if len(parts) == 3:
            try:
                score = float(parts[2])
            except ValueError:
                raise ValueError(f"line {number}: bad score {parts[2].strip()!r}") from None
        beads.append(Bead(src, tgt, score))
    return beads
