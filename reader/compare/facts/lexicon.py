"""How common a word is in each language, from the ``wordfreq`` package (its "small"
word lists, shipped with it: words of frequency ≥ 1 per million, ~40 ms each to load).

A proper name is spelt the same in every language and is about as frequent in all of
them (*Maria*, *Smith*, *Rossi*); a common noun is frequent in its own language only
(*Council*, *Conseil*, *Bundesrat*, *Regierung*). :func:`is_common` turns that into a
test, which is what tells German nouns (all capitalised) from names, and English
institution words (*Federal Council*) from people.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache

from reader.compare.facts.text import LANGUAGES

# Zipf value given to a word missing from a small list (they stop at zipf 3).
ABSENT = 2.5
_lock = threading.Lock()
_lists: dict[str, dict[str, float]] = {}


def _frequencies(language: str) -> dict[str, float]:
    table = _lists.get(language)
    if table is None:
        with _lock:
            table = _lists.get(language)
            if table is None:
                from wordfreq import get_frequency_dict

                table = {
                    w: math.log10(f) + 9 for w, f in get_frequency_dict(language, "small").items()
                }
                _lists[language] = table
    return table


@lru_cache(maxsize=131072)
def zipf(word: str, language: str) -> float:
    """Zipf frequency (log10 of uses per billion words) of ``word``; ABSENT if rare."""
    return _frequencies(language).get(word.lower(), ABSENT)


@lru_cache(maxsize=131072)
def foreign_zipf(word: str, language: str) -> float:
    """The median Zipf frequency of ``word`` in the four other languages."""
    values = sorted(zipf(word, other) for other in LANGUAGES if other != language)
    return (values[1] + values[2]) / 2


def present(word: str, language: str) -> bool:
    """In the language's list at all (Zipf ≥ 3)."""
    return zipf(word, language) > ABSENT


@lru_cache(maxsize=131072)
def elsewhere(word: str, language: str) -> int:
    """In how many of the four other languages' lists ``word`` is."""
    return sum(present(word, other) for other in LANGUAGES if other != language)


def is_common(word: str, language: str, gap: float = 1.2) -> bool:
    """A frequent word of ``language`` that is much rarer in the other languages — or
    found in no other language at all: a common word (*Council*, *Regierung*,
    *Consiglio*, *Confédération*), not a name."""
    own = zipf(word, language)
    if own < 3.0:
        return False
    return own - foreign_zipf(word, language) >= gap or elsewhere(word, language) == 0


def foreign_common(word: str, language: str) -> bool:
    """A common word of another language quoted as is (*Verträge* in an English text)."""
    return any(
        zipf(word, other) >= 3.3 and elsewhere(word, other) == 0
        for other in LANGUAGES
        if other != language
    )


def is_rare(word: str, language: str) -> bool:
    return zipf(word, language) <= ABSENT
