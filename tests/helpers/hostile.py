"""Hostile texts shared by the tests and benchmarks/hostile.py (built, never committed)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

# Wide and zero-width characters, emoji sequences (ZWJ, skin tone, flags, VS16).
EMOJI_TITLES = [
    "Family 👨‍👩‍👧‍👦 reunion in Rome",
    "Love ❤️ wins again in Milan",
    "Thumbs 👍🏽 up for the plan",
    "Flags 🇮🇹🇫🇷 at the summit",
    "Zero\u200bwidth\u200bspaces in a title",
    "Wide ｗｉｄｅ ｌｅｔｔｅｒｓ title",
    "Combining e\u0301e\u0301 accents title",
]


def long_pair(folder: Path, sentences: int = 20_000) -> tuple[Path, Path]:
    """Two long versions of one article in ``folder`` (EN and IT, ``sentences`` numbered
    sentences each): grouped as versions, and slow to compare."""
    a = folder / "long-a.txt"
    b = folder / "long-b.txt"
    a.write_text(
        "Long article\n\n"
        + "\n\n".join(
            f"The committee number {k} met in Rome and approved plan {k * 7}."
            for k in range(sentences)
        ),
        encoding="utf-8",
    )
    b.write_text(
        "Articolo lungo\n\n"
        + "\n\n".join(
            f"Il comitato numero {k} si è riunito a Roma e ha approvato il piano {k * 7}."
            for k in range(sentences)
        ),
        encoding="utf-8",
    )
    return a, b


# Ways a vector cache row can be wrong: damaged (wrong size or type) and poisoned (a
# vector of the right size that is no unit vector).
CACHE_DAMAGE = {
    "damaged": ["short", "wrong-dim", "text", "null", "bad-dim"],
    "poisoned": ["nan", "inf", "zeros", "garbage"],
}


def damage_cache(cache: Path, kinds: Sequence[str]) -> int:
    """Overwrite every row of the vector cache ``cache``, cycling through ``kinds`` of
    damage (see :data:`CACHE_DAMAGE`); returns the number of rows."""
    import numpy as np

    conn = sqlite3.connect(cache)
    keys = [k for (k,) in conn.execute("SELECT key FROM vectors")]
    for n, key in enumerate(keys):
        kind = kinds[n % len(kinds)]
        dim, data = {
            "short": (384, np.ones(100, dtype=np.float32).tobytes()),
            "wrong-dim": (100, (np.ones(100, dtype=np.float32) / 10).tobytes()),
            "text": (384, "not a vector"),
            "null": (384, None),
            "bad-dim": ("x", b"\x00" * 8),
            "nan": (384, np.full(384, np.nan, dtype=np.float32).tobytes()),
            "inf": (384, np.full(384, np.inf, dtype=np.float32).tobytes()),
            "zeros": (384, np.zeros(384, dtype=np.float32).tobytes()),
            "garbage": (384, np.full(384, 7.0, dtype=np.float32).tobytes()),
        }[kind]
        conn.execute("UPDATE vectors SET dim = ?, data = ? WHERE key = ?", (dim, data, key))
    conn.commit()
    conn.close()
    return len(keys)
