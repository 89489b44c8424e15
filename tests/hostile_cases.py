"""Hostile texts shared by the tests and benchmarks/hostile.py (built, never committed)."""

from __future__ import annotations

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
