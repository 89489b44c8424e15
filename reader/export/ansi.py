"""ANSI (SGR) colour for the text the CLI prints: ``show``, ``list``, ``search``, ``diff``.

One :class:`Painter` for every command: a no-op when colour is off (a pipe, ``NO_COLOR``;
the CLI decides). It paints text that is already neutralised
(:func:`reader.corpus.safe.neutralise`), never raw article text.
"""

from __future__ import annotations

RESET = "\x1b[0m"

# Named styles (SGR parameters). The diff's row kinds, and the few the other commands use.
STYLES: dict[str, str] = {
    "match": "",
    "differs": "33",
    "added": "32",
    "omitted": "31",
    "moved": "35",
    "boilerplate": "2",
    "span": "1;4;30;43",
    "dim": "2",
    "bold": "1",
    "italic": "3",
    "note": "33",
    "error": "31",
    "hit": "1;33",
}


class Painter:
    """``paint(text, "bold")`` or ``paint.sgr(text, "1;4")``: ``text`` wrapped in an SGR
    code and a reset when ``enabled``, else ``text`` itself (so is empty text)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def sgr(self, text: str, code: str) -> str:
        """``text`` in the SGR parameters ``code`` (e.g. ``"1;33"``)."""
        return f"\x1b[{code}m{text}{RESET}" if self.enabled and code and text else text

    def __call__(self, text: str, style: str) -> str:
        """``text`` in the named style ``style`` (a key of :data:`STYLES`)."""
        return self.sgr(text, STYLES.get(style, ""))
