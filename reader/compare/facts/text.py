"""Text helpers shared by the fact extractors: accent folding and word tokens with
offsets into the original text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Lower-case, accents stripped, apostrophes unified (*Città* → *citta*): the folding the
# rest of reader.compare uses, so that facts and spans agree.
from reader.compare.features import Token as Token
from reader.compare.features import fold as fold

LANGUAGES = ("en", "it", "fr", "de", "es")

# Letters and digits, hyphenated compounds kept together ("quatre-vingt-dix", "Saint-Gall");
# an apostrophe ends a token and stays with it ("l'", "d'", "dell'").
WORD_RE = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*['’]?", re.UNICODE)
TOKEN_RE = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*['’]?|[^\w\s]", re.UNICODE)


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[Token, ...]:
    """Words and single punctuation marks, with offsets."""
    return tuple(Token(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text))


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[Token, ...]:
    """Words only, with offsets."""
    return tuple(Token(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text))


@lru_cache(maxsize=4096)
def folded_words(text: str) -> frozenset[str]:
    """The accent-folded words of ``text``, apostrophes dropped."""
    return frozenset(fold(t.text.rstrip("'’")) for t in words(text))


def language_of(language: str | None) -> str | None:
    """ "fr-CH" → "fr"; None or a language the facts layer does not know → None."""
    if not language:
        return None
    base = language.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in "\u2019\u2018\u02bc":
        return "'"
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


@lru_cache(maxsize=16384)
def fold_aligned(text: str) -> str:
    """Like :func:`fold` but one character for one character, so that offsets found in
    the result are offsets into ``text`` (ß stays ß, ligatures stay)."""
    return "".join(_fold_char(c) for c in text)
