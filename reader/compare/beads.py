"""The bead text format of ``reader align`` and of the benchmark gold files.

One bead per line: ``[i, ...]:[j, ...]`` with 0-based sentence numbers, ``[]:[j]`` for
a sentence with no counterpart, and an optional third field (``:0.873``, the score).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.compare.model import Bead

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
