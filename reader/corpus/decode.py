"""Turning the bytes of a file into text, or refusing them with a reason.

Rules, in order:

1. A byte-order mark decides: UTF-8 (``utf-8-sig``), UTF-32 and UTF-16 (LE/BE).
2. NUL bytes in data without a BOM mean a binary file, refused, unless their pattern is
   that of BOM-less UTF-32 (three zero bytes in every four, the fourth byte of each
   unit always zero) or UTF-16 (a zero byte in most odd or most even positions), which
   is decoded with a warning.
3. Valid UTF-8 is UTF-8.
4. Anything else is decoded as cp1252, or latin-1 when cp1252 cannot map a byte, with a
   warning that says so (the text may show wrong accents).
5. After decoding: text that is mostly control characters is refused as binary.
6. For articles only (:func:`decode_bytes`, not :func:`decode_text`): empty or
   whitespace-only text is refused; a single line longer than :data:`MAX_LINE_CHARS` is
   refused (such files are minified data, not articles).

Line endings are normalised to ``\\n`` (``\\r\\n`` and lone ``\\r``), so that every offset
of the corpus model points into the normalised text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

MAX_FILE_BYTES = 20 * 1024 * 1024  # larger files are refused before they are read
MAX_LINE_CHARS = 200_000
# Share of control characters (other than tab, newline, carriage return, form feed)
# above which decoded text is treated as binary data.
MAX_CONTROL_SHARE = 0.10

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """The outcome of decoding: ``text`` and ``encoding``, or ``error`` (a human reason)."""

    text: str = ""
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


_CONTROL_BYTES = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample or _CONTROL_BYTES.search(sample) is None:
        return 0.0
    return len(_CONTROL_BYTES.findall(sample)) / len(sample)


def _longest_line(text: str) -> int:
    longest = 0
    start = 0
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        if end < 0:
            end = length
        if end - start > longest:
            longest = end - start
        start = end + 1
    return longest


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``data`` looks like BOM-less UTF-16 of a
    Latin-script text (zero bytes in most odd, resp. even, positions and almost nowhere
    else), otherwise ``None``."""
    sample = data[:4096]
    if len(sample) < 8 or len(data) % 2:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.6 and even < 0.05:
        return "utf-16-le"
    if even > 0.6 and odd < 0.05:
        return "utf-16-be"
    return None


def _bomless_utf32(data: bytes) -> str | None:
    """``utf-32-le``/``utf-32-be`` when ``data`` looks like BOM-less UTF-32 of a text in
    the Basic Multilingual Plane: every unit's top byte zero (no code point is above
    U+10FFFF) and its second byte almost always zero, the lowest byte seldom."""
    sample = data[: 4096 - 4096 % 4]
    if len(sample) < 8 or len(data) % 4:
        return None
    units = len(sample) // 4

    def zeros(offset: int) -> float:
        return sample[offset::4].count(0) / units

    if zeros(3) == 1.0 and zeros(2) > 0.95 and zeros(0) < 0.05:
        return "utf-32-le"
    if zeros(0) == 1.0 and zeros(1) > 0.95 and zeros(3) < 0.05:
        return "utf-32-be"
    return None


def _looks_like_prose(text: str) -> bool:
    """Text guessed without a BOM must look like writing: several distinct characters,
    some whitespace, few controls (``b"\\x00\\xff" * 500`` is not "ÿÿÿ…")."""
    sample = text[:4096]
    if len(set(sample)) < 5:
        return False
    spaces = sum(1 for ch in sample if ch.isspace())
    return spaces / len(sample) >= 0.02 and _control_share(sample) <= MAX_CONTROL_SHARE


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def too_large(size: int, limit: int | None = None) -> str:
    """The reason given for a file of ``size`` bytes over ``limit`` (default: the limit)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    return f"file too large ({size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:g} MB)"


def guess_bomless(data: bytes) -> tuple[str | None, str | None]:
    """(codec, None) for BOM-less UTF-32/UTF-16 recognised by its zero bytes, or
    (None, reason) when ``data`` holds NUL bytes in no such pattern (binary)."""
    binary = "binary file (contains NUL bytes), not text"
    for guess in (_bomless_utf32, _bomless_utf16):
        codec = guess(data)
        if codec is None:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            return None, binary
        return (codec, None) if _looks_like_prose(text) else (None, binary)
    return None, binary


def bomless_warning(codec: str) -> str:
    return f"no byte-order mark; decoded as {codec} from the pattern of zero bytes"


def decode_text(data: bytes) -> Decoded:
    """Decode ``data`` by rules 1 to 5 (any text, empty included). Never raises.

    This is what every text reader uses (:func:`reader.corpus.reading.read_text`);
    articles add rule 6 (:func:`decode_bytes`).
    """
    if len(data) > MAX_FILE_BYTES:
        return Decoded(error=too_large(len(data)))
    warnings: list[str] = []
    text: str | None = None
    encoding: str | None = None
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            payload = data if codec == "utf-8-sig" else data[len(bom) :]
            try:
                text = payload.decode(codec)
            except UnicodeDecodeError as exc:
                text = payload.decode(codec, errors="replace")
                warnings.append(
                    f"invalid {name} at byte {exc.start + len(bom)}; "
                    "undecodable bytes shown as \ufffd"
                )
            encoding = name + (" (BOM)" if codec == "utf-8-sig" else "")
            break
    if text is None and b"\x00" in data:
        guessed, reason = guess_bomless(data)
        if guessed is None:
            return Decoded(error=reason)
        text = data.decode(guessed)
        encoding = guessed
        warnings.append(bomless_warning(guessed))
    if text is None:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            where = exc.start
            try:
                text = data.decode("cp1252")
                encoding = "cp1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                encoding = "latin-1"
            warnings.append(
                f"not valid UTF-8 (byte {where}); decoded as {encoding}, "
                "accented letters may be wrong"
            )
    if _control_share(text) > MAX_CONTROL_SHARE:
        return Decoded(encoding=encoding, error="binary file (mostly control bytes), not text")
    return Decoded(text=normalise_newlines(text), encoding=encoding, warnings=tuple(warnings))


def decode_bytes(data: bytes) -> Decoded:
    """Decode the bytes of an article following all the rules of this module. Never raises."""
    decoded = decode_text(data)
    if not decoded.ok:
        return decoded
    text, encoding = decoded.text, decoded.encoding
    if not text.strip():
        return Decoded(encoding=encoding, error="empty file (no text)")
    longest = _longest_line(text)
    if longest > MAX_LINE_CHARS:
        return Decoded(
            encoding=encoding,
            error=f"a single line of {longest:,} characters (limit {MAX_LINE_CHARS:,}); "
            "this looks like data, not an article",
        )
    return decoded
