"""Language detection with lingua, restricted to a configurable set of languages.

Detectors are built lazily on first use and cached per (language set, mode). Results are
ISO 639-1 codes in lower case ("en"), or ``None``.

Accuracy mode, measured with ``benchmarks/language.py`` (en/it/fr/de/es, cold process):

=========  ============  ==========  ===========  =========  ============
mode       first call    RSS added   short text   2 KB text  short right
=========  ============  ==========  ===========  =========  ============
low        ~0.3 s        ~20 MB      ~0.08 ms     ~8 ms      37/40
high       ~4.6 s        ~150 MB     ~0.3 ms      ~7 ms      39/40
=========  ============  ==========  ===========  =========  ============

lingua loads its n-gram models on the first detection, not when the detector is built,
so the "first call" column is the real load time. The default mode, ``"auto"``, uses
the low-accuracy detector for texts of :data:`SHORT_TEXT` characters or more (articles:
it is right on every seed from 100 characters on) and the high-accuracy detector only for
shorter texts (titles, one-line snippets), where the low mode misses; the expensive high
models are therefore loaded only when a short text is actually seen. Documents
(``with_language``, ``load_document``) use the low mode whatever their length, so that a
tiny file in a corpus does not cost the TUI seconds and 150 MB. Only the first
:data:`MAX_DETECT_CHARS` characters are used: the cost grows with length, the answer
does not change for an article.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from reader.corpus import DEFAULT_LANGUAGES

if TYPE_CHECKING:  # pragma: no cover
    from lingua import LanguageDetector

Accuracy = Literal["auto", "low", "high"]

MAX_DETECT_CHARS = 600
SHORT_TEXT = 120
# A text of at least SHORT_TEXT characters that lingua, choosing among *all* the
# languages it knows, puts outside the configured set with this confidence is in another
# language ("other (pt?)"), not in the nearest allowed one. Measured: Portuguese,
# Catalan and Dutch paragraphs score 1.0 for their language, the seeds 1.0 for theirs.
OTHER_CONFIDENCE = 0.9

_lock = threading.Lock()


@lru_cache(maxsize=32)
def _normalise(languages: tuple[str, ...]) -> tuple[str, ...]:
    from lingua import IsoCode639_1

    known: set[str] = set()
    for raw in languages:
        code = raw.strip().lower()
        if len(code) == 2 and hasattr(IsoCode639_1, code.upper()):
            known.add(code)
    return tuple(sorted(known))


@lru_cache(maxsize=1)
def known_languages() -> frozenset[str]:
    """The ISO 639-1 codes of every language lingua can detect (lower case)."""
    from lingua import Language

    return frozenset(language.iso_code_639_1.name.lower() for language in Language.all())


def normalise_languages(languages: Iterable[str]) -> tuple[str, ...]:
    """Sorted, de-duplicated, lower-case ISO 639-1 codes that lingua knows."""
    return _normalise(tuple(languages))


@lru_cache(maxsize=16)
def _detector(languages: tuple[str, ...], high_accuracy: bool) -> LanguageDetector | None:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in languages]
    if not langs:
        return None
    if len(langs) == 1:
        # lingua needs two languages; the answer is filtered to the allowed set anyway.
        langs.append(Language.ENGLISH if langs[0] != Language.ENGLISH else Language.FRENCH)
    builder = LanguageDetectorBuilder.from_languages(*langs)
    if not high_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def _wide_detector() -> LanguageDetector:
    with _lock:
        return _build_wide()


@lru_cache(maxsize=1)
def _build_wide() -> LanguageDetector:
    """All of lingua's languages, low accuracy: only asked whether a text is in a language
    outside the configured set (about 0.7 s and 85 MB the first time, 2 ms a text)."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def get_detector(
    languages: Sequence[str] = DEFAULT_LANGUAGES, *, high_accuracy: bool = False
) -> LanguageDetector | None:
    """The cached lingua detector for ``languages`` (``None`` if no language is known)."""
    key = normalise_languages(languages)
    with _lock:  # two workers must not build the same detector twice
        return _detector(key, high_accuracy)


def _sample(text: str) -> str:
    return text[:MAX_DETECT_CHARS]


def _use_high(sample: str, accuracy: Accuracy) -> bool:
    if accuracy == "auto":
        return len(sample.strip()) < SHORT_TEXT
    return accuracy == "high"


def _code(found: object, allowed: tuple[str, ...]) -> str | None:
    if found is None:
        return None
    code: str = found.iso_code_639_1.name.lower()  # type: ignore[attr-defined]
    return code if code in allowed else None


def detect_language(
    text: str,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    *,
    accuracy: Accuracy = "auto",
) -> str | None:
    """The language of ``text`` as an ISO 639-1 code among ``languages``, or ``None``.

    ``None`` for text without letters, when lingua cannot decide, and for a text in a
    language outside ``languages`` (:func:`identify_language` says which). Never raises.
    """
    return identify_language(text, languages, accuracy=accuracy).language


def detect_languages(
    texts: Sequence[str],
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    *,
    accuracy: Accuracy = "auto",
) -> list[str | None]:
    """:func:`detect_language` for many texts, using lingua's parallel batch API."""
    return [i.language for i in identify_languages(texts, languages, accuracy=accuracy)]


def _restricted(
    texts: Sequence[str],
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    *,
    accuracy: Accuracy = "auto",
) -> list[str | None]:
    """The nearest language of the set for each text (lingua restricted to the set)."""
    allowed = normalise_languages(languages)
    samples = [_sample(t) for t in texts]
    results: list[str | None] = [None] * len(samples)
    groups: dict[bool, list[int]] = {False: [], True: []}
    for i, sample in enumerate(samples):
        if any(ch.isalpha() for ch in sample):
            groups[_use_high(sample, accuracy)].append(i)
    for high, indices in groups.items():
        if not indices:
            continue
        try:
            detector = get_detector(allowed, high_accuracy=high)
            if detector is None:
                continue
            found = detector.detect_languages_in_parallel_of([samples[i] for i in indices])
        except Exception:
            continue
        for i, lang in zip(indices, found, strict=True):
            results[i] = _code(lang, allowed)
    return results


@dataclass(frozen=True, slots=True)
class Identified:
    """A language among the configured set, or the best guess outside it."""

    language: str | None  # ISO 639-1, one of the configured set
    other: str | None = None  # set (and ``language`` None) for a language outside it


def _other(values: object, allowed: tuple[str, ...]) -> str | None:
    ranked = list(values)  # type: ignore[call-overload]
    if not ranked:
        return None
    best = ranked[0]
    code: str = best.language.iso_code_639_1.name.lower()
    if code in allowed or best.value < OTHER_CONFIDENCE:
        return None
    return code


def identify_language(
    text: str,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    *,
    accuracy: Accuracy = "auto",
) -> Identified:
    """:func:`detect_language`, and for a text of :data:`SHORT_TEXT` characters or more
    that is clearly in a language outside ``languages``, that language as ``other``
    (``language`` is then None). Never raises."""
    return identify_languages([text], languages, accuracy=accuracy)[0]


def identify_languages(
    texts: Sequence[str],
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    *,
    accuracy: Accuracy = "auto",
) -> list[Identified]:
    """:func:`identify_language` for many texts (lingua's parallel batch API)."""
    allowed = normalise_languages(languages)
    found = _restricted(texts, allowed, accuracy=accuracy)
    long = [
        i
        for i, text in enumerate(texts)
        if len(_sample(text).strip()) >= SHORT_TEXT and any(ch.isalpha() for ch in text[:600])
    ]
    others: dict[int, str] = {}
    if long and allowed:
        try:
            wide = _wide_detector()
            values = wide.compute_language_confidence_values_in_parallel(
                [_sample(texts[i]) for i in long]
            )
        except Exception:
            values = []
        for i, ranked in zip(long, values, strict=False):
            other = _other(ranked, allowed)
            if other is not None:
                others[i] = other
    return [
        Identified(None, others[i]) if i in others else Identified(language)
        for i, language in enumerate(found)
    ]


# --- a quick guess without models (for segmentation) ----------------------------------------

_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to is that for with was are this have from has not be by it at"
        " which were been would will their they you its",
        "it": "il che di per non è una sono del della con gli anche più ma come alla dei nel"
        " delle lo questo degli sul nella ha",
        "fr": "le les et des est une dans pour que qui pas sur au avec ce du plus sont par"
        " aux cette ont été leur mais",
        "de": "der die und das ist nicht mit den von zu ein eine auch sich für auf dem im"
        " des wird werden sind wie oder",
        "es": "el que los las del por una con para es se no más pero como sus al lo está"
        " fue este han entre",
    }.items()
}
_WORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words:
        _WORD_LANGS[_word] = (*_WORD_LANGS.get(_word, ()), _lang)
_WORDS = re.compile(r"[^\W\d_]+")


def guess_language(
    text: str, languages: Sequence[str] = DEFAULT_LANGUAGES, *, limit: int = 600
) -> str | None:
    """A cheap guess from function words (no model): the allowed language with the most
    stop-word hits in the first ``limit`` characters, or ``None`` when unclear.

    Used to pick abbreviations for sentence splitting before the real detection runs;
    it takes a few microseconds where lingua takes milliseconds.
    """
    allowed = set(languages)
    counts: dict[str, int] = dict.fromkeys(allowed, 0)
    for word in _WORDS.findall(text[:limit].lower()):
        for lang in _WORD_LANGS.get(word, ()):
            if lang in allowed:
                counts[lang] += 1
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < 3:
        return None
    if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
        return None
    return ranked[0][0]
