"""Make text harmless for a terminal: article text and file names are data.

Article text: escape sequences (ESC, CSI, OSC: title changes, clipboard writes,
hyperlinks) and other C0/C1 controls are replaced by visible stand-ins, one character
for one character, so offsets into the text stay valid (:func:`neutralise`).

File names: a name is any bytes but ``/`` and NUL. Python reads the bytes that are not
UTF-8 as lone surrogates (``surrogateescape``: byte 0xff is ``\\udcff``), which no
terminal, UTF-8 file or JSON document can carry. :func:`display_path` shows such bytes
and every control character (a new-line too) as backslash escapes (``n\\xff.txt``,
``new\\nline.txt``) on one line; :func:`path_text` and :func:`path_bytes` are what JSON
carries (see README, "JSON and file names").
"""

from __future__ import annotations

import base64
import os
import re

# C0 controls except tab and newline, DEL, and the C1 range (0x80-0x9f, which includes
# the 8-bit CSI 0x9b and OSC 0x9d), plus the bidi overrides that can disguise text, and
# lone surrogates (undecodable bytes of a file name), which cannot be written as UTF-8.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# In a file name, tab and new-line are escaped too (a name is shown on one line), and
# the line and paragraph separators.
_NAME_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _stand_in(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC becomes ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls, bidi overrides, surrogates: replacement character


def neutralise(text: str) -> str:
    """Return ``text`` with every control character replaced by a visible stand-in.

    The result has the same length as the input.
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_stand_in, text)


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def display_path(path: str | os.PathLike[str]) -> str:
    """A file name for a person: one line, printable, valid UTF-8.

    Undecodable bytes become ``\\xNN``; new-line, tab and carriage return ``\\n``,
    ``\\t``, ``\\r``; other controls ``\\xNN``, and bidi overrides and line
    separators ``\\uNNNN``. Everything else, backslashes included, is shown as it is.
    """
    text = os.fspath(path)
    if not _NAME_UNSAFE.search(text):
        return text
    return _NAME_UNSAFE.sub(_escape, text)


def path_text(path: str | os.PathLike[str]) -> str:
    """A file name as valid Unicode for JSON: undecodable bytes become U+FFFD.

    Control characters stay (JSON escapes them); :func:`path_bytes` gives the exact
    bytes when this is lossy.
    """
    text = os.fspath(path)
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def path_bytes(path: str | os.PathLike[str]) -> str | None:
    """The exact bytes of a file name, base64-encoded, when the name is not valid UTF-8
    (so that :func:`path_text` had to replace bytes); ``None`` otherwise."""
    text = os.fspath(path)
    if not _SURROGATE.search(text):
        return None
    return base64.b64encode(os.fsencode(text)).decode("ascii")


def has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (it cannot be written as UTF-8)."""
    return _SURROGATE.search(text) is not None


def no_surrogates(text: str) -> str:
    """``text`` with any lone surrogate replaced by U+FFFD (valid UTF-8 guaranteed)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text
