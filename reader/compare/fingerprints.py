"""Document fingerprints: what grouping needs of a document, computed once per document.

A :class:`Fingerprint` is small (a few kilobytes of numpy arrays), depends on the text of
one document only, and pickles cheaply, so that it can be computed in worker processes,
cached by content hash and compared across a corpus without the documents themselves.
It holds the evidence that survives translation:

- ``grams``: hashed accent-folded character 4-grams of the content words, the words
  padded by spaces (cognates: *piattaforma / plateforme / platform* share ``form``…);
- ``prefixes``: hashed first five letters of content words of five letters or more
  (*energ-ia / énerg-ie / energ-y*), robust to the endings that languages change;
- ``anchors``: hashed names (capitalised words that do not open a sentence), acronyms,
  numbers of two digits or more (one spelling per value: ``1,000`` = ``1.000``), URLs
  and e-mail addresses: what a translation keeps as it is;
- ``shingles``: a consistent sample of hashed runs of eight folded words, for text
  reused word for word within a language (a shared quote);
- the language (detected, else guessed from function words), and counts of sentences
  and words.

Hashes are CRC-32 / fixed polynomials, stable across processes and runs (Python's
``hash`` is salted per process). Each bag is (ids, counts): ids sorted and unique.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import filterfalse
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from reader.compare.features import (
    CALENDAR,
    NUMBER_RE,
    STOPWORDS,
    URL_RE,
    fold,
    normalise_number,
)

if TYPE_CHECKING:
    from reader.corpus.model import Document

U32 = npt.NDArray[np.uint32]
U16 = npt.NDArray[np.uint16]

GRAM = 4
PREFIX = 5
SHINGLE = 8  # words in a run of reused text
SHINGLE_SAMPLE = 2  # keep one shingle in SHINGLE_SAMPLE (consistently, by hash)
MAX_WORDS = 20_000  # fingerprint at most this many words of a document (a book is not news)

_WORD = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")
# a word that opens with a capital letter (Latin scripts)
_CAPITALISED = re.compile(r"(?<![^\W_])[A-ZÀ-ÖØ-ÞĀ-ŽȘȚ][^\W_]*")
# the capitalised word that opens a sentence (after any quote or bracket)
_OPENING = re.compile(r"^[^\w\n]*([A-ZÀ-ÖØ-ÞĀ-ŽȘȚ][^\W_]*)", re.MULTILINE)
_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MASK32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True, slots=True, eq=False)
class Fingerprint:
    """The grouping features of one document (see the module docstring)."""

    language: str | None
    sentences: int
    words: int
    grams: U32
    gram_counts: U16
    prefixes: U32
    prefix_counts: U16
    prefix_places: U16  # where each prefix first occurs, 0 (start) .. 65535 (end)
    anchors: U32
    anchor_counts: U16
    anchor_places: U16
    shingles: U32

    @property
    def empty(self) -> bool:
        return self.words == 0

    @property
    def nbytes(self) -> int:
        arrays = (
            self.grams,
            self.gram_counts,
            self.prefixes,
            self.prefix_counts,
            self.prefix_places,
            self.anchors,
            self.anchor_counts,
            self.anchor_places,
            self.shingles,
        )
        return sum(a.nbytes for a in arrays)


def fold_text(text: str) -> str:
    """Case-folded, accents stripped, for a whole text at once (*Città* → *citta*)."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def _bag(ids: npt.NDArray[np.uint64]) -> tuple[U32, U16]:
    if ids.size == 0:
        return np.zeros(0, np.uint32), np.zeros(0, np.uint16)
    values, counts = np.unique((ids & _MASK32).astype(np.uint32), return_counts=True)
    return values, np.minimum(counts, 65535).astype(np.uint16)


def _placed_bag(
    ids: npt.NDArray[np.uint64], places: npt.NDArray[np.float64]
) -> tuple[U32, U16, U16]:
    """Unique ids, their counts and the place (0..1 → 0..65535) of their first occurrence."""
    if ids.size == 0:
        return np.zeros(0, np.uint32), np.zeros(0, np.uint16), np.zeros(0, np.uint16)
    values, first, counts = np.unique(
        (ids & _MASK32).astype(np.uint32), return_index=True, return_counts=True
    )
    where = np.clip(places[first] * 65535, 0, 65535).astype(np.uint16)
    return values, np.minimum(counts, 65535).astype(np.uint16), where


def _mix(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """A cheap 64-bit finaliser (splitmix64), so that the low 32 bits are well mixed."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _char_grams(words: Sequence[str]) -> tuple[U32, U16, U32, U16, U16]:
    """4-grams and 5-letter prefixes (with their places) of ``words`` (folded content
    words, in order)."""
    if not words:
        empty32, empty16 = np.zeros(0, np.uint32), np.zeros(0, np.uint16)
        return empty32, empty16, empty32, empty16, empty16
    text = " " + " ".join(words) + " "
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    space = codes == 32
    n = codes.size
    with np.errstate(over="ignore"):
        # 4-grams whose inner characters are letters: " pla", "piat", "rma ", " ab "
        inner = ~(space[1 : n - 2] | space[2 : n - 1])
        h = np.zeros(n - GRAM + 1, np.uint64)
        for k in range(GRAM):
            h = h * np.uint64(1_000_003) + codes[k : n - GRAM + 1 + k]
        grams, gram_counts = _bag(_mix(h[inner]))
        # prefixes: five letters after a space
        starts = np.flatnonzero(space[: max(0, n - PREFIX)])  # (a short text has none)
        ok = np.ones(starts.size, bool)
        p = np.zeros(starts.size, np.uint64)
        for k in range(1, PREFIX + 1):
            ok &= ~space[starts + k]
            p = p * np.uint64(1_000_033) + codes[starts + k]
        prefixes, prefix_counts, prefix_places = _placed_bag(
            _mix(p[ok] ^ np.uint64(0x5BD1E995)), starts[ok] / n
        )
    return grams, gram_counts, prefixes, prefix_counts, prefix_places


@functools.lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    """:func:`fold` of a name or acronym (names repeat across a corpus: cached)."""
    return fold(word)


def _numbers(text: str, sentences: Sequence[str]) -> Iterator[re.Match[str]]:
    """NUMBER_RE's matches in ``text`` (``sentences`` joined by newlines), searched only
    in the sentences that hold a digit: a number never spans a line, and the pattern,
    which opens with a look-behind, would otherwise be tried at every character."""
    start = 0
    for sentence in sentences:
        end = start + len(sentence)
        if _DIGIT.search(sentence) is not None:
            yield from NUMBER_RE.finditer(text, start, end)
        start = end + 1


def _anchors(sentences: Sequence[str]) -> tuple[Counter[str], dict[str, float]]:
    """Names, acronyms, numbers, URLs and e-mail addresses: their counts, and where each
    first occurs (0..1 through the text)."""
    text = "\n".join(sentences)
    size = max(1, len(text))
    out: Counter[str] = Counter()
    first: dict[str, float] = {}
    # counts and first places without a Python loop over the matches (map, Counter and
    # dict run in C; the dict built backwards keeps each word's first place)
    matches = list(_CAPITALISED.finditer(text))
    words = list(map(re.Match.group, matches))
    capitalised = Counter(words)
    at = dict(zip(reversed(words), map(re.Match.start, reversed(matches)), strict=True))
    capitalised.subtract(_OPENING.findall(text))  # a capital that opens a sentence is no name
    for word, count in capitalised.items():
        if not word[0].isupper():
            continue
        if len(word) >= 2 and word.isupper() and word.isalpha():
            key = "A" + _fold(word)  # an acronym counts wherever it stands
            count = max(count, 1)
        elif count > 0 and len(word) > 1:
            key = "N" + _fold(word)
            if key[1:] in STOPWORDS or key[1:] in CALENDAR:
                continue
        else:
            continue
        out[key] += count
        first.setdefault(key, at[word] / size)
    values: dict[str, str] = {}  # raw spelling → value: a text repeats its numbers
    for match in _numbers(text, sentences):
        raw = match.group("a") if match.group("a") is not None else match.group("b")
        value = values.get(raw)
        if value is None:
            value = values[raw] = normalise_number(raw.rstrip())
        if len(value.replace(".", "").lstrip("-")) >= 2:
            out["D" + value] += 1
            first.setdefault("D" + value, match.start() / size)
    if "." in text:
        # a URL holds "http" or "www.": a text without either has none (URL_RE's scan
        # of every character is then skipped)
        urls = URL_RE.finditer(text) if "http" in text or "www." in text else iter(())
        found = [(m, "U" + m.group().lower().rstrip("/")) for m in urls]
        if "@" in text:
            found += [(m, "E" + m.group().lower()) for m in _EMAIL.finditer(text)]
        for match, key in found:
            out[key] += 1
            first.setdefault(key, match.start() / size)
    return out, first


def _counted_bag(counts: Counter[str], first: dict[str, float]) -> tuple[U32, U16, U16]:
    if not counts:
        return np.zeros(0, np.uint32), np.zeros(0, np.uint16), np.zeros(0, np.uint16)
    keys = list(counts)
    ids = np.fromiter((zlib.crc32(k.encode()) for k in keys), np.uint32, len(keys))
    values, index, inverse = np.unique(ids, return_index=True, return_inverse=True)
    weights = np.bincount(inverse, weights=np.fromiter(counts.values(), float, len(keys)))
    places = np.fromiter((first[keys[k]] for k in index.tolist()), float, index.size)
    return (
        values,
        np.minimum(weights, 65535).astype(np.uint16),
        np.clip(places * 65535, 0, 65535).astype(np.uint16),
    )


def _shingles(words: Sequence[str]) -> U32:
    if len(words) < SHINGLE:
        return np.zeros(0, np.uint32)
    table = {w: zlib.crc32(w.encode()) for w in set(words)}
    ids = np.fromiter(map(table.__getitem__, words), np.uint64, len(words))
    n = ids.size - SHINGLE + 1
    with np.errstate(over="ignore"):
        h = np.zeros(n, np.uint64)
        for k in range(SHINGLE):
            h = h * np.uint64(0x100000001B3) + ids[k : k + n]
        h = _mix(h)
    kept = h[(h >> np.uint64(40)) % np.uint64(SHINGLE_SAMPLE) == 0]
    return np.unique((kept & _MASK32).astype(np.uint32))


def fingerprint_text(sentences: Sequence[str], language: str | None) -> Fingerprint:
    """The fingerprint of a text given as its body sentences (boilerplate left out)."""
    body: list[str] = []
    words_seen = 0
    for sentence in sentences:
        body.append(sentence)
        words_seen += sentence.count(" ") + 1
        if words_seen >= MAX_WORDS:
            break
    folded = fold_text(" ".join(body))
    all_words = _WORD.findall(folded)
    dropped = {w for w in set(all_words) if w in STOPWORDS or w.isdigit()}
    content = list(filterfalse(dropped.__contains__, all_words))
    grams, gram_counts, prefixes, prefix_counts, prefix_places = _char_grams(content)
    anchors, anchor_counts, anchor_places = _counted_bag(*_anchors(body))
    return Fingerprint(
        language=language,
        sentences=len(body),
        words=len(all_words),
        grams=grams,
        gram_counts=gram_counts,
        prefixes=prefixes,
        prefix_counts=prefix_counts,
        prefix_places=prefix_places,
        anchors=anchors,
        anchor_counts=anchor_counts,
        anchor_places=anchor_places,
        shingles=_shingles(all_words),
    )


def fingerprint(doc: Document) -> Fingerprint | None:
    """The fingerprint of ``doc``; None when it could not be read or has no body text.

    The language is the detected one, else a guess from function words (so that a corpus
    loaded without detection still has one language per document).
    """
    if doc.error is not None:
        return None
    body = [s.text for s in doc.sentences if not s.boilerplate]
    if not body:
        return None
    language = doc.language
    if language is None:
        from reader.corpus.language import guess_language

        language = guess_language(" ".join(body[:20]))
    return fingerprint_text(body, language)
