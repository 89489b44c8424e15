"""Language detection with lingua, restricted to a configurable set of languages.

The detector is built lazily on first use and cached per language set (building costs
tens of milliseconds and some memory; detection then takes well under a millisecond for a
short text). Results are ISO 639-1 codes in lower case ("en"), or ``None``.

Accuracy mode: lingua's high-accuracy mode is used (see ``benchmarks/language.py`` for
the measured load and per-call times of both modes). Restricted to five languages, it
is right on one-line titles where the low-accuracy mode, which ignores texts shorter than
about 120 characters, returns nothing or guesses.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.corpus import DEFAULT_LANGUAGES

if TYPE_CHECKING:  # pragma: no cover
    from lingua import LanguageDetector

# Detecting on the first characters is enough for an article and keeps the cost flat.
MAX_DETECT_CHARS = 2000
HIGH_ACCURACY = True

_lock = threading.Lock()


def normalise_languages(languages: Iterable[str]) -> tuple[str, ...]:
    """Sorted, de-duplicated, lower-case ISO 639-1 codes that lingua knows."""
    from lingua import IsoCode639_1

    known: set[str] = set()
    for code in languages:
        code = code.strip().lower()
        if hasattr(IsoCode639_1, code.upper()):
            known.add(code)
    return tuple(sorted(known))


@lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...], high_accuracy: bool) -> LanguageDetector | None:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in languages]
    if not langs:
        return None
    if len(langs) == 1:
        # lingua needs at least two languages; a single language is still a restriction.
        other = Language.ENGLISH if langs[0] != Language.ENGLISH else Language.FRENCH
        langs.append(other)
    builder = LanguageDetectorBuilder.from_languages(*langs)
    if not high_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def get_detector(
    languages: Sequence[str] = DEFAULT_LANGUAGES, *, high_accuracy: bool = HIGH_ACCURACY
) -> LanguageDetector | None:
    """The (cached) lingua detector for ``languages``; built on first call."""
    key = normalise_languages(languages)
    with _lock:  # two workers must not build the same detector twice
        return _detector(key, high_accuracy)


def detect_language(
    text: str,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    *,
    high_accuracy: bool = HIGH_ACCURACY,
) -> str | None:
    """The language of ``text`` as an ISO 639-1 code in ``languages``, or ``None``.

    ``None`` for text without letters or when lingua cannot decide. Never raises.
    """
    sample = text[:MAX_DETECT_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    try:
        detector = get_detector(languages, high_accuracy=high_accuracy)
        if detector is None:
            return None
        found = detector.detect_language_of(sample)
    except Exception:  # lingua is native code; a detector failure must not stop a load
        return None
    if found is None:
        return None
    code = found.iso_code_639_1.name.lower()
    allowed = normalise_languages(languages)
    return code if code in allowed else None
