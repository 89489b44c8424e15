"""Terminal sizes every snapshot test takes, with ids that read as sizes (``80x24``)."""

from __future__ import annotations

SIZES = [(80, 24), (160, 48)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]
