"""Cross-lingual comparison engine: alignment, divergence, moves, grouping.

Pure Python, no UI imports. Public names are imported lazily so that
``import reader.compare`` stays cheap (the TUI's first paint never waits for it).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from reader.compare.model import Bead, Cell, Comparison, Row, Scorer, Span

_LAZY = {
    "align": "reader.compare.alignment",
    "get_scorer": "reader.compare.scoring",
    "resolve_scoring": "reader.compare.scoring",
    "Scoring": "reader.compare.scoring",
    "available_scorers": "reader.compare.scoring",
    "compare": "reader.compare.comparison",
    "group": "reader.compare.grouping",
    "Grouping": "reader.compare.grouping",
}

__all__ = ["Bead", "Cell", "Comparison", "Row", "Scorer", "Span", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'reader.compare' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
