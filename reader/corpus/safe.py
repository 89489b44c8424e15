"""Neutralise control characters so that article text can never drive a terminal.

Article text is data. Escape sequences (ESC, CSI, OSC: title changes, clipboard writes,
hyperlinks) and other C0/C1 controls are replaced by visible stand-ins, one character
for one character, so offsets into the text stay valid.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 range (0x80-0x9f, which includes
# the 8-bit CSI 0x9b and OSC 0x9d), plus the bidi overrides that can disguise text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _stand_in(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC becomes ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and bidi overrides: replacement character


def neutralise(text: str) -> str:
    """Return ``text`` with every control character replaced by a visible stand-in.

    The result has the same length as the input.
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_stand_in, text)
