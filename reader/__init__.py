"""reader: read news articles in the terminal and compare their language versions."""

from __future__ import annotations

__version__ = "0.1.0"
