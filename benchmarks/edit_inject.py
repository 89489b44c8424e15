"""Controlled edits of one sentence, for ``benchmarks/edits.py``. Pure text, no reader import.

Every injector takes one sentence and its language (en, fr, it, de, es) and returns
*every* edit of its kind that the sentence allows, as :class:`Injection`\\ s: the new
sentence and the range of the edited text in it (``start == end`` for a pure removal,
then the point where the text was). Values that an edit needs (another number, another
month) are drawn from the ``rng`` passed in, so a seeded run is reproducible.

Edits that change the meaning:

- :func:`number_changes` — a number in digits changed (84 → 48, 1.5 → 2.5, 8'756 → 8'765);
  years (1800–2099) and the parts of dates are left to :func:`date_changes`;
- :func:`number_word_others` — a number replaced by the word of another value
  (6 → "sette", "trois" → "cinq");
- :func:`date_changes` — the day, the month or the year of a date changed
  (17.12.2004, 17 dicembre 2004, 17. Dezember 2004, December 17, 2004; a bare year);
- :func:`negations` — a negation inserted or removed with simple, grammatical rules
  (it "non è", fr "n'est pas", de "ist nicht" / "kein", en "is not");
- :func:`clause_deletions` — a non-initial clause (after , ; – —) deleted;
- :func:`name_swaps` — a name replaced by another name (a place by a place).

Same-meaning rewrites (a tool must *not* flag them):

- :func:`number_words` — a number in digits written as the word of the same value
  (6 → "sei" / "six" / "sechs") or a number word written in digits;
- :func:`date_reformats` — 17.12.2004 ⇄ 17 dicembre 2004;
- :func:`thousands_rewrites` — 8'756 → 8756, 12500 → 12'500.

Number words come from ``num2words`` (a benchmark-only dependency).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Injection:
    """An edited sentence: ``text`` with the edited stretch at ``text[start:end]``."""

    text: str
    start: int
    end: int
    before: str  # what was there ("84", "est", "" for an insertion)
    after: str  # what is there now ("48", "n'est pas", "" for a removal)
    note: str = ""  # e.g. "insert", "remove", "day", "digits->word"


@cache
def fold(text: str) -> str:
    """Lower case without accents ("Zürich" → "zurich")."""
    nfkd = unicodedata.normalize("NFKD", text)
    return "".join(c for c in nfkd if not unicodedata.combining(c)).lower()


def _replace(text: str, start: int, end: int, new: str, note: str = "") -> Injection:
    return Injection(
        text[:start] + new + text[end:], start, start + len(new), text[start:end], new, note
    )


def _cap(word: str, like: str) -> str:
    """``word`` capitalised when ``like`` is."""
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


# --- dates ------------------------------------------------------------------------------

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
}


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date in a sentence; each part is (start, end) in the sentence, or None."""

    start: int
    end: int
    day: tuple[int, int] | None
    month: tuple[int, int] | None
    year: tuple[int, int] | None
    month_in_words: bool
    values: tuple[int | None, int | None, int]  # day, month, year


def _month_alt(language: str) -> str:
    return "|".join(sorted(MONTHS[language], key=len, reverse=True))


@cache
def _date_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    m = _month_alt(language)
    day = r"(?P<d>[0-3]?\d)"
    year = r"(?P<y>1[5-9]\d\d|20\d\d)"
    numeric = re.compile(rf"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.{year}(?![\d])")
    words: list[str] = []
    if language == "en":
        words = [
            rf"\b{day} (?P<mw>{m}),? {year}\b",
            rf"\b(?P<mw>{m}) {day}(?:st|nd|rd|th)?, {year}\b",
            rf"\b(?P<mw>{m}) {year}\b",
        ]
    elif language == "fr":
        words = [rf"\b(?P<d>[0-3]?\d|1er) (?P<mw>{m}) {year}\b", rf"\b(?P<mw>{m}) {year}\b"]
    elif language == "it":
        words = [rf"\b(?P<d>[0-3]?\d)[°º]? (?P<mw>{m}) {year}\b", rf"\b(?P<mw>{m}) {year}\b"]
    elif language == "de":
        words = [rf"\b(?P<d>[0-3]?\d)\. (?P<mw>{m}) {year}\b", rf"\b(?P<mw>{m}) {year}\b"]
    elif language == "es":
        words = [rf"\b{day} de (?P<mw>{m}) de {year}\b", rf"\b(?P<mw>{m}) de {year}\b"]
    flags = re.IGNORECASE if language in ("fr", "it", "es") else 0
    return (numeric, *(re.compile(p, flags) for p in words))


_YEAR = re.compile(r"(?<![\w.,'’/-])(1[89]\d\d|20\d\d)(?![\w'’]|[.,:/-]\d)")


def dates(sentence: str, language: str) -> list[DateMatch]:
    """Dates in ``sentence``: numeric (17.12.2004), in words, month + year, bare years."""
    found: list[DateMatch] = []

    def free(a: int, b: int) -> bool:
        return all(b <= d.start or a >= d.end for d in found)

    for pattern in _date_patterns(language):
        for mt in pattern.finditer(sentence):
            if not free(mt.start(), mt.end()):
                continue
            groups = mt.groupdict()
            d_span = mt.span("d") if groups.get("d") else None
            d_val = None
            if d_span is not None:
                d_val = 1 if groups["d"] == "1er" else int(groups["d"])
                if not 1 <= d_val <= 31:
                    continue
            if groups.get("mw"):
                m_span, in_words = mt.span("mw"), True
                m_val = [fold(x) for x in MONTHS[language]].index(fold(groups["mw"])) + 1
            else:
                m_span, in_words = mt.span("m"), False
                m_val = int(groups["m"])
                if not 1 <= m_val <= 12:
                    continue
            found.append(
                DateMatch(
                    mt.start(),
                    mt.end(),
                    d_span,
                    m_span,
                    mt.span("y"),
                    in_words,
                    (d_val, m_val, int(groups["y"])),
                )
            )
    for mt in _YEAR.finditer(sentence):
        if free(mt.start(), mt.end()):
            found.append(
                DateMatch(
                    mt.start(),
                    mt.end(),
                    None,
                    None,
                    mt.span(),
                    False,
                    (None, None, int(mt.group())),
                )
            )
    return sorted(found, key=lambda d: d.start)


def _other(value: int, low: int, high: int, rng: random.Random, spread: int = 5) -> int:
    """Another value in [low, high], within ``spread`` of ``value``."""
    choices = [v for v in range(max(low, value - spread), min(high, value + spread) + 1)]
    choices = [v for v in choices if v != value]
    return rng.choice(choices)


def date_changes(sentence: str, language: str, rng: random.Random) -> list[Injection]:
    """For each date, one edit of each of its parts (day, month, year)."""
    out: list[Injection] = []
    for d in dates(sentence, language):
        day, month, year = d.values
        if d.day is not None and day is not None:
            a, b = d.day
            new_day = _other(min(day, 28), 1, 28, rng)
            text = str(new_day).zfill(b - a) if sentence[a:b].isdigit() else str(new_day)
            out.append(_replace(sentence, a, b, text, "day"))
        if d.month is not None and month is not None:
            a, b = d.month
            new_month = _other(month, 1, 12, rng, spread=4)
            if d.month_in_words:
                text = _cap(MONTHS[language][new_month - 1], sentence[a:b])
            else:
                text = str(new_month).zfill(b - a)
            out.append(_replace(sentence, a, b, text, "month"))
        if d.year is not None:
            a, b = d.year
            out.append(_replace(sentence, a, b, str(_other(year, year - 3, year + 3, rng)), "year"))
    return out


def date_in_words(day: int, month: int, year: int, language: str) -> str:
    """A date written out the usual way in ``language`` (17 dicembre 2004)."""
    name = MONTHS[language][month - 1]
    if language == "en":
        return f"{day} {name} {year}"
    if language == "fr":
        return f"{'1er' if day == 1 else day} {name} {year}"
    if language == "de":
        return f"{day}. {name} {year}"
    if language == "es":
        return f"{day} de {name} de {year}"
    return f"{day} {name} {year}"


def date_reformats(sentence: str, language: str, rng: random.Random) -> list[Injection]:
    """Full dates rewritten, same date: 17.12.2004 → 17 dicembre 2004 and back."""
    del rng
    out: list[Injection] = []
    for d in dates(sentence, language):
        day, month, year = d.values
        if day is None or month is None:
            continue
        if d.month_in_words:
            text = f"{day:02d}.{month:02d}.{year}"
        else:
            text = date_in_words(day, month, year, language)
        out.append(
            _replace(sentence, d.start, d.end, text, "words" if d.month_in_words else "digits")
        )
    return out


# --- numbers ----------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?<![\w.,'’/:-])(?P<int>\d{1,3}(?:['’]\d{3})+|\d+)(?P<frac>[.,]\d+)?(?![\w'’]|[.,:/]\d)"
)
_NOT_A_COUNT_AFTER = re.compile(r"\s*(?:%|‰|°|h\b|:\d|\.\d|,\d)")
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\b(?:Art|Nr|No|n|Abs|al|cpv|ch|let|lit|Ziff|p|S)\.?\s*|[#§$€£])$"
)


def _in_dates(a: int, b: int, found: Sequence[DateMatch]) -> bool:
    return any(a < d.end and b > d.start for d in found)


def numbers_in(sentence: str, language: str) -> list[tuple[int, int, str, str]]:
    """Numbers in digits that are not (part of) a date: (start, end, integer part, fraction)."""
    found = dates(sentence, language)
    return [
        (m.start(), m.end(), m.group("int"), m.group("frac") or "")
        for m in _NUMBER.finditer(sentence)
        if not _in_dates(m.start(), m.end(), found)
    ]


def _changed_digits(digits: str, rng: random.Random) -> str:
    """Another integer of the same length: two digits swapped (84 → 48), else one changed."""
    swaps = [
        (i, j)
        for i in range(len(digits))
        for j in range(i + 1, len(digits))
        if digits[i] != digits[j] and not (i == 0 and digits[j] == "0")
    ]
    if swaps:
        i, j = rng.choice(swaps)
        chars = list(digits)
        chars[i], chars[j] = chars[j], chars[i]
        return "".join(chars)
    k = len(digits) - 1
    low = 1 if k == 0 and len(digits) > 1 else 0
    new = (
        _other(int(digits[k]), low, 9, rng, spread=3)
        if len(digits) > 1
        else _other(int(digits), 1, 9, rng, spread=3)
    )
    return digits[:k] + str(new)


def number_changes(sentence: str, language: str, rng: random.Random) -> list[Injection]:
    """Every number in digits (not a year, not part of a date) changed to another value."""
    out: list[Injection] = []
    for a, b, whole, frac in numbers_in(sentence, language):
        if not frac and len(whole) == 4 and 1800 <= int(whole) <= 2099:
            continue  # a year: see date_changes
        if frac:
            new = str(int(whole.replace("'", "").replace("’", "")) + 1) + frac
            if "'" in whole or "’" in whole:
                continue
        else:
            digits = re.sub(r"\D", "", whole)
            changed = iter(_changed_digits(digits, rng))
            new = "".join(next(changed) if c.isdigit() else c for c in whole)
        out.append(_replace(sentence, a, b, new, "digits"))
    return out


AMBIGUOUS_WORDS: dict[str, frozenset[str]] = {
    # number words that are also ordinary words: "sei" (you are), "neuf" (new)
    "it": frozenset({"sei"}),
    "fr": frozenset({"neuf"}),
    "en": frozenset(),
    "de": frozenset({"acht"}),
    "es": frozenset(),
}
WORD_VALUES = range(2, 21)  # 1 is an article in most languages ("un", "ein")


@cache
def number_word(value: int, language: str) -> str:
    """The cardinal ``value`` in words (num2words)."""
    from num2words import num2words

    return str(num2words(value, lang=language))


@cache
def _word_pattern(language: str) -> re.Pattern[str]:
    words = sorted((number_word(v, language) for v in WORD_VALUES), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.I)


def _countable(sentence: str, a: int, b: int, whole: str, frac: str) -> int | None:
    """The value of a number that reads naturally as a word (2–20, not 5 %, not Art. 5)."""
    if frac or not whole.isdigit() or whole.startswith("0"):
        return None
    value = int(whole)
    if value not in WORD_VALUES:
        return None
    if _NOT_A_COUNT_AFTER.match(sentence, b) or _NOT_A_COUNT_BEFORE.search(sentence[:a]):
        return None
    return value


def _word_numbers(sentence: str, language: str) -> list[tuple[int, int, int]]:
    """Number words in the sentence, lower case (or capitalised first word): (start, end, value)."""
    values = {fold(number_word(v, language)): v for v in WORD_VALUES}
    out = []
    for m in _word_pattern(language).finditer(sentence):
        word = m.group()
        if fold(word) in AMBIGUOUS_WORDS[language]:
            continue
        if word != word.lower() and not (m.start() == 0 and word[1:] == word[1:].lower()):
            continue
        out.append((m.start(), m.end(), values[fold(word)]))
    return out


def number_words(sentence: str, language: str, rng: random.Random) -> list[Injection]:
    """Same value, other form: 6 → "sei" / "six" / "sechs", and "trois" → 3."""
    del rng
    out: list[Injection] = []
    for a, b, whole, frac in numbers_in(sentence, language):
        value = _countable(sentence, a, b, whole, frac)
        if value is not None:
            word = number_word(value, language)
            out.append(
                _replace(sentence, a, b, _cap(word, "A") if a == 0 else word, "digits->word")
            )
    for a, b, value in _word_numbers(sentence, language):
        out.append(_replace(sentence, a, b, str(value), "word->digits"))
    return out


def number_word_others(sentence: str, language: str, rng: random.Random) -> list[Injection]:
    """Another value, in words: 6 → "sette", "trois" → "cinq"."""
    out: list[Injection] = []
    sites = [
        (a, b, v)
        for a, b, whole, frac in numbers_in(sentence, language)
        if (v := _countable(sentence, a, b, whole, frac)) is not None
    ]
    for a, b, value in sites + _word_numbers(sentence, language):
        word = number_word(_other(value, WORD_VALUES[0], WORD_VALUES[-1], rng, spread=4), language)
        out.append(_replace(sentence, a, b, _cap(word, sentence[a:b]) if a == 0 else word, "word"))
    return out


def thousands_rewrites(sentence: str, language: str, rng: random.Random) -> list[Injection]:
    """Same number, other thousands separators: 8'756 → 8756, 12500 → 12'500."""
    del rng
    out: list[Injection] = []
    for a, b, whole, frac in numbers_in(sentence, language):
        if "'" in whole or "’" in whole:
            out.append(_replace(sentence, a, b, re.sub(r"['’]", "", whole) + frac, "remove"))
        elif len(whole) >= 5 and not whole.startswith("0"):
            grouped = f"{int(whole):,}".replace(",", "'")
            out.append(_replace(sentence, a, b, grouped + frac, "add"))
    return out


# --- negation ---------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*['’]?|\S")


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()


def _tokens(sentence: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group()) for m in _WORD.finditer(sentence)]


def _insert(sentence: str, at: int, new: str, note: str) -> Injection:
    """``new`` inserted at ``at``, followed by a space."""
    return Injection(sentence[:at] + new + " " + sentence[at:], at, at + len(new), "", new, note)


EN_AUX = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "can",
        "must",
        "will",
        "would",
        "should",
        "could",
    ]
)
EN_CONTRACTED = {
    "isn't": "is",
    "aren't": "are",
    "wasn't": "was",
    "weren't": "were",
    "hasn't": "has",
    "haven't": "have",
    "hadn't": "had",
    "can't": "can",
    "cannot": "can",
    "won't": "will",
    "wouldn't": "would",
    "shouldn't": "should",
    "couldn't": "could",
    "don't": "do",
    "doesn't": "does",
    "didn't": "did",
    "mustn't": "must",
}
_NPI_EN = frozenset(["only", "just", "even", "yet"])


def _en_negations(sentence: str, toks: list[_Tok]) -> list[Injection]:
    out: list[Injection] = []
    for k, t in enumerate(toks[1:], start=1):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        stops = {"not", "never", "no", "to", "n't"}
        question = sentence.rstrip().endswith("?")
        if (
            t.low in EN_AUX
            and nxt is not None
            and nxt.is_word
            and nxt.low not in stops
            and not question
        ):
            if t.low == "can":
                out.append(_replace(sentence, t.start, t.end, _cap("cannot", t.text), "insert"))
            else:
                out.append(_insert(sentence, t.end + 1, "not", "insert"))
        if (
            t.low == "not"
            and toks[k - 1].low in EN_AUX | {"do", "does", "did"}
            and not (nxt is not None and nxt.low in _NPI_EN)
        ):
            prev = toks[k - 1]
            new = sentence[: t.start].rstrip(" ") + " " + sentence[t.end :].lstrip(" ")
            out.append(Injection(new, prev.start, prev.end, "not", "", "remove"))
        base = EN_CONTRACTED.get(t.low.replace("’", "'"))
        if base is not None and not (nxt is not None and nxt.low in _NPI_EN):
            out.append(_replace(sentence, t.start, t.end, _cap(base, t.text), "remove"))
    return out


IT_VERBS = frozenset(
    [
        "è",
        "sono",
        "ha",
        "hanno",
        "può",
        "possono",
        "deve",
        "devono",
        "era",
        "erano",
        "sarà",
        "saranno",
        "viene",
        "vengono",
        "fu",
        "furono",
        "aveva",
        "avevano",
    ]
)
IT_CLITICS = frozenset(["si", "ci", "vi", "lo", "la", "li", "le", "ne", "mi", "ti", "gli"])
_IT_NPI = frozenset(
    [
        "mai",
        "nessuno",
        "nessuna",
        "niente",
        "nulla",
        "più",
        "affatto",
        "neanche",
        "nemmeno",
        "neppure",
        "né",
        "solo",
        "soltanto",
        "appena",
        "che",
    ]
)
_IT_GLUED = re.compile(r"^[a-z]+['’](\w+)$")


def _it_negations(sentence: str, toks: list[_Tok]) -> list[Injection]:
    out: list[Injection] = []
    for k, t in enumerate(toks):
        glued = _IT_GLUED.match(t.low)
        verb = glued.group(1) if glued else t.low
        if verb in IT_VERBS:
            first = k
            while first > 0 and toks[first - 1].low in IT_CLITICS:
                first -= 1
            if first > 0 and toks[first - 1].low == "non":
                continue
            if first == 0:
                head = toks[0]
                new = "Non " + head.text[:1].lower() + sentence[head.start + 1 :]
                out.append(Injection(new, 0, 3, "", "Non", "insert"))
            else:
                out.append(_insert(sentence, toks[first].start, "non", "insert"))
        if t.low == "non" and k + 1 < len(toks) and toks[k + 1].is_word:
            window = {x.low for x in toks[k + 1 : k + 5]}
            if window & _IT_NPI:
                continue
            nxt = toks[k + 1]
            rest = sentence[nxt.start :]
            if k == 0:
                rest = rest[:1].upper() + rest[1:]
            new = sentence[: t.start] + rest
            out.append(
                Injection(new, t.start, t.start + (nxt.end - nxt.start), "non", "", "remove")
            )
    return out


FR_VERBS = frozenset(
    [
        "est",
        "sont",
        "a",
        "ont",
        "peut",
        "peuvent",
        "doit",
        "doivent",
        "était",
        "étaient",
        "sera",
        "seront",
        "va",
        "vont",
        "avait",
        "avaient",
    ]
)
FR_CLITICS = frozenset(
    [
        "se",
        "s'",
        "s’",
        "le",
        "la",
        "les",
        "l'",
        "l’",
        "y",
        "en",
        "lui",
        "leur",
        "me",
        "m'",
        "m’",
        "te",
        "t'",
        "t’",
        "nous",
        "vous",
    ]
)
_FR_GLUED = re.compile(r"^(c|s|l|m|t|j|qu)['’](\w+)$")
_VOWEL = re.compile(r"^[aeiouyhàâéèêëîïôûü]", re.I)


def _ne(next_word: str, apostrophe: str) -> str:
    return "n" + apostrophe if _VOWEL.match(next_word) else "ne "


def _fr_negations(sentence: str, toks: list[_Tok]) -> list[Injection]:
    out: list[Injection] = []
    apos = "’" if "’" in sentence else "'"
    for k, t in enumerate(toks):
        glued = _FR_GLUED.match(t.low)
        verb = glued.group(2) if glued else t.low
        if verb in FR_VERBS and k > 0:
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if (
                nxt is None
                or nxt.text in {"-", "?"}
                or nxt.low in {"pas", "plus", "jamais", "point", "rien"}
            ):
                continue
            first = k
            while first > 0 and toks[first - 1].low in FR_CLITICS:
                first -= 1
            if any(
                x.low in {"ne", "n'", "n’"} or x.low.startswith(("n'", "n’"))
                for x in toks[max(0, first - 2) : k]
            ):
                continue
            if glued and glued.group(1) == "c" and first == k:
                # c'est → ce n'est pas
                new_text = _cap("ce", t.text) + " n" + apos + verb + " pas"
                out.append(_replace(sentence, t.start, t.end, new_text, "insert"))
                continue
            if first == 0:
                continue
            head = sentence[toks[first].start : t.end]
            new_text = _ne(head, apos) + head + " pas"
            out.append(_replace(sentence, toks[first].start, t.end, new_text, "insert"))
        # removal: ne/n' … pas
        if t.low in {"ne", "n'", "n’"} or (t.low.startswith(("n'", "n’")) and len(t.low) > 2):
            glued_verb = t.low.startswith(("n'", "n’")) and len(t.low) > 2
            stop = min(len(toks), k + 4)
            pas = next((j for j in range(k + 1, stop) if toks[j].low == "pas"), None)
            if pas is None or (pas + 1 < len(toks) and toks[pas + 1].low in {"que", "qu'", "qu’"}):
                continue
            if not glued_verb and pas == k + 1:
                continue
            # text without "pas" (and the space before it)
            p = toks[pas]
            cut = sentence[: p.start].rstrip(" ")
            new = cut + sentence[p.end :]
            if glued_verb:
                start = t.start
                new = new[:start] + new[start + 2 :]  # n'est → est
                focus_end = start + (t.end - t.start - 2)
            elif t.low in {"n'", "n’"}:
                start = t.start
                new = new[:start] + new[t.end :].lstrip(" ")
                nxt = toks[k + 1]
                focus_end = start + (nxt.end - nxt.start)
            else:
                start = t.start
                new = new[:start] + new[t.end + 1 :]
                nxt = toks[k + 1]
                focus_end = start + (nxt.end - nxt.start)
            # elision back: "ce est" → "c'est", "je ai" → "j'ai", "que il" → "qu'il"
            before = new[:start]
            m = re.search(r"\b(ce|je|que|se|me|te|le|la)\s$", before, re.I)
            if m and _VOWEL.match(new[start:]):
                elided = m.group(1)[:-1] + apos
                new = before[: m.start()] + elided + new[start:]
                shift = (m.end() - m.start()) - len(elided)
                start -= shift
                focus_end -= shift
            out.append(Injection(new, start, focus_end, sentence[t.start : p.end], "", "remove"))
    return out


DE_VERBS = frozenset(
    [
        "ist",
        "sind",
        "war",
        "waren",
        "hat",
        "haben",
        "hatte",
        "hatten",
        "kann",
        "können",
        "konnte",
        "muss",
        "müssen",
        "musste",
        "wird",
        "werden",
        "wurde",
        "wurden",
        "soll",
        "sollen",
        "darf",
        "dürfen",
        "will",
    ]
)
DE_PRONOUNS = frozenset(
    [
        "es",
        "er",
        "sie",
        "sich",
        "man",
        "wir",
        "ihr",
        "ich",
        "du",
        "uns",
        "euch",
        "ihm",
        "ihn",
        "ihnen",
        "mir",
        "dir",
        "mich",
        "dich",
    ]
)
DE_STOP_AFTER = frozenset(
    [
        "und",
        "oder",
        "aber",
        "sondern",
        "denn",
        "als",
        "wie",
        "dass",
        "weil",
        "wenn",
        "ob",
        "nicht",
        "kein",
        "keine",
        "keinen",
        "keinem",
        "keiner",
        "keines",
        "nie",
    ]
)
DE_EIN = frozenset(["ein", "eine", "einen", "einem", "einer", "eines"])
DE_KEIN_BACK = {"kein": "ein", "keinen": "einen", "keinem": "einem", "keines": "eines"}
_DE_NPI = frozenset(["nur", "mehr", "einmal", "zuletzt", "so", "zu"])


def _de_negations(sentence: str, toks: list[_Tok]) -> list[Injection]:
    out: list[Injection] = []
    for k, t in enumerate(toks):
        if t.text in DE_VERBS and k > 0:
            j = k + 1
            while j < len(toks) and toks[j].text in DE_PRONOUNS:
                j += 1
            if j >= len(toks) or not toks[j].is_word or toks[j].low in DE_STOP_AFTER:
                continue
            if any(
                x.low in {"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines"}
                for x in toks[k:]
            ):
                continue
            nxt = toks[j]
            if nxt.low in DE_EIN:
                out.append(_replace(sentence, nxt.start, nxt.end, "k" + nxt.text.lower(), "insert"))
            else:
                out.append(_insert(sentence, nxt.start, "nicht", "insert"))
        if t.low == "nicht" and k > 0:
            after = toks[k + 1] if k + 1 < len(toks) else None
            if after is not None and after.low in _DE_NPI:
                continue
            new = (
                sentence[: t.start].rstrip(" ")
                + (" " if after and after.is_word else "")
                + sentence[t.end :].lstrip(" ")
            )
            prev = toks[k - 1]
            out.append(Injection(new, prev.start, prev.end, "nicht", "", "remove"))
        if t.low in DE_KEIN_BACK and k > 0:
            out.append(_replace(sentence, t.start, t.end, DE_KEIN_BACK[t.low], "remove"))
    return out


def negations(sentence: str, language: str, rng: random.Random) -> list[Injection]:
    """A negation inserted ("non è", "n'est pas", "ist nicht", "is not") or removed."""
    del rng
    toks = _tokens(sentence)
    rules = {"en": _en_negations, "it": _it_negations, "fr": _fr_negations, "de": _de_negations}
    rule = rules.get(language)
    return rule(sentence, toks) if rule else []


# --- clauses ----------------------------------------------------------------------------

_SEPARATOR = re.compile(r"\s*(?:[,;]|\s[–—])\s+(?!\d)")
_FINAL = re.compile(r"\s*[.!?…]+[\"”»’']*\s*$")


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]{2,}", text)]


def clause_deletions(sentence: str, language: str, rng: random.Random) -> list[Injection]:
    """A clause after the first one (split at , ; – —) deleted with its separator."""
    del language, rng
    final = _FINAL.search(sentence)
    body_end = final.start() if final else len(sentence)
    seps = [m for m in _SEPARATOR.finditer(sentence, 0, body_end) if m.start() > 0]
    out: list[Injection] = []
    for n, sep in enumerate(seps):
        end = seps[n + 1].start() if n + 1 < len(seps) else body_end
        clause = sentence[sep.end() : end]
        kept = sentence[: sep.start()] + sentence[end:]
        following = sentence[end:body_end]
        if n + 1 < len(seps):
            stop = seps[n + 2].start() if n + 2 < len(seps) else body_end
            following = sentence[seps[n + 1].end() : stop]
        if len(_words(clause)) < 4 or len(_words(kept)) < 4:
            continue
        if n + 1 < len(seps) and len(_words(following)) < 4:
            continue  # an item of a list ("…, law and policy")
        if (
            any(clause.count(a) != clause.count(b) for a, b in ("()", "«»", "“”"))
            or clause.count('"') % 2
        ):
            continue
        new = sentence[: sep.start()] + sentence[end:]
        out.append(
            Injection(new, sep.start(), sep.start(), sentence[sep.start() : end], "", "clause")
        )
    return out


# --- names ------------------------------------------------------------------------------

_NAME = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:-[A-ZÀ-ÖØ-Þ][^\W\d_]+)*(?![\w-])")
_OPENER = re.compile(r"(?:^|[.!?:;«»\"“”„‘(\[—–-]|\s['’])\s*$")
NOT_NAMES = frozenset(fold(w) for lang in MONTHS.values() for w in lang) | frozenset(
    [
        "mr",
        "mrs",
        "miss",
        "ms",
        "dr",
        "sir",
        "lady",
        "lord",
        "monsieur",
        "madame",
        "mademoiselle",
        "signor",
        "signora",
        "signore",
        "signorina",
        "herr",
        "frau",
        "fraulein",
        "don",
        "dona",
        "i",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "lunedi",
        "martedi",
        "mercoledi",
        "giovedi",
        "venerdi",
        "sabato",
        "domenica",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "god",
        "dieu",
        "dio",
        "gott",
    ]
)

# Places, each in en / fr / it / de (a swapped place is replaced by another place).
PLACES: tuple[tuple[str, str, str, str], ...] = (
    ("Switzerland", "Suisse", "Svizzera", "Schweiz"),
    ("Germany", "Allemagne", "Germania", "Deutschland"),
    ("France", "France", "Francia", "Frankreich"),
    ("Italy", "Italie", "Italia", "Italien"),
    ("Austria", "Autriche", "Austria", "Österreich"),
    ("Spain", "Espagne", "Spagna", "Spanien"),
    ("England", "Angleterre", "Inghilterra", "England"),
    ("Zurich", "Zurich", "Zurigo", "Zürich"),
    ("Geneva", "Genève", "Ginevra", "Genf"),
    ("Bern", "Berne", "Berna", "Bern"),
    ("Basel", "Bâle", "Basilea", "Basel"),
    ("Lucerne", "Lucerne", "Lucerna", "Luzern"),
    ("Lausanne", "Lausanne", "Losanna", "Lausanne"),
    ("Lugano", "Lugano", "Lugano", "Lugano"),
    ("Ticino", "Tessin", "Ticino", "Tessin"),
    ("Paris", "Paris", "Parigi", "Paris"),
    ("London", "Londres", "Londra", "London"),
    ("Rome", "Rome", "Roma", "Rom"),
    ("Vienna", "Vienne", "Vienna", "Wien"),
    ("Brussels", "Bruxelles", "Bruxelles", "Brüssel"),
)
_PLACE_COLUMN = {"en": 0, "fr": 1, "it": 2, "de": 3}


def names_in(sentence: str) -> list[tuple[int, int, str]]:
    """Capitalised words inside the sentence (not its first word, not after . : « or a
    quote), not all capitals, not a month, a weekday or a title: likely names."""
    out = []
    for m in _NAME.finditer(sentence):
        word = m.group()
        if m.start() == 0 or _OPENER.search(sentence[: m.start()]):
            continue
        if len(word) < 3 or fold(word) in NOT_NAMES:
            continue
        if any(part[1:] != part[1:].lower() for part in word.split("-")):
            continue  # SBB, TWh, McKinsey: acronyms and units rather than names
        out.append((m.start(), m.end(), word))
    return out


def place_alternatives(name: str, language: str) -> list[str]:
    """Other places in ``language`` when ``name`` is a known place, else []."""
    column = _PLACE_COLUMN.get(language)
    if column is None:
        return []
    if not any(fold(row[column]) == fold(name) for row in PLACES):
        return []
    return [row[column] for row in PLACES if fold(row[column]) != fold(name)]


def name_swaps(
    sentence: str,
    language: str,
    rng: random.Random,
    *,
    shared: Collection[str],
    pool: Sequence[str],
    taken: Collection[str] = (),
) -> list[Injection]:
    """Names of the sentence that the other version has too (``shared``: folded names found
    capitalised inside a sentence of the other document) replaced by another name: a
    place by another place, anything else by a name from ``pool`` (other documents of
    the corpus). ``taken``: folded names already in the document pair, never used."""
    out: list[Injection] = []
    for a, b, word in names_in(sentence):
        if fold(word) not in shared:
            continue
        places = place_alternatives(word, language)
        options = places or [p for p in pool if not place_alternatives(p, language)]
        options = [p for p in options if fold(p) not in taken and fold(p) != fold(word)]
        if options:
            out.append(_replace(sentence, a, b, rng.choice(options), "place" if places else "name"))
    return out
