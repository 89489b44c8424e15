"""Dates: "17 décembre 2004" = "December 17, 2004" = "17.12.2004" = "17. Dezember 2004" =
"17 de diciembre de 2004", month and year ("September 2023"), a day and month ("1er
janvier", "1° gennaio", "March 1st"), a weekday with or without a date, a month alone.

Month and weekday names come from the Unicode CLDR through Babel (wide and abbreviated
forms, regional variants such as Austrian *Jänner* and British *Sept*), not from tables
typed here. Values are partial ISO 8601 (see :class:`~reader.compare.facts.model.Fact`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.compare.facts.model import Fact
from reader.compare.facts.text import LANGUAGES, fold, folded_words

# CLDR locales read per language: the language and the regional variants whose names
# differ (de_AT "Jänner", en_GB "Sept").
_LOCALES = {
    "en": ("en", "en_GB"),
    "fr": ("fr", "fr_CH"),
    "it": ("it", "it_CH"),
    "de": ("de", "de_CH", "de_AT"),
    "es": ("es",),
}
# Month names that are also common words: a date only next to a day or a year.
_NOT_ALONE = {"may", "march", "mars", "mai", "august", "ago", "set", "mar", "gen", "dic"}


@dataclass(frozen=True, slots=True)
class _Names:
    months: dict[str, int]  # folded name (no trailing dot) → 1..12
    words: frozenset[str]  # every folded month and weekday name
    weekdays: dict[str, int]  # folded wide name → 1 (Monday) .. 7
    patterns: tuple[re.Pattern[str], ...]
    alone: re.Pattern[str]


def _alternation(names: set[str]) -> str:
    variants: set[str] = set()
    for name in names:
        variants.add(name)
        variants.add(fold(name))
    return "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))


@lru_cache(maxsize=8)
def _names(language: str | None) -> _Names:
    from babel.dates import get_day_names, get_month_names

    langs = (language,) if language else LANGUAGES
    months: dict[str, int] = {}
    wide: set[str] = set()
    weekdays: dict[str, int] = {}
    month_spellings: set[str] = set()
    day_spellings: set[str] = set()
    for lang in langs:
        for locale in _LOCALES[lang]:
            for width in ("wide", "abbreviated"):
                for month_context in ("format", "stand-alone"):
                    for number, name in get_month_names(width, month_context, locale).items():
                        bare = name.rstrip(".")
                        if len(bare) < 3:
                            continue
                        months.setdefault(fold(bare), number)
                        month_spellings.add(bare)
                        if width == "wide":
                            wide.add(fold(bare))
            for day_context in ("format", "stand-alone"):
                for number, name in get_day_names("wide", day_context, locale).items():
                    weekdays.setdefault(fold(name), number + 1)
                    day_spellings.add(name)
    if language == "en":  # usual English abbreviations CLDR does not list
        for number, name in ((9, "Sept"), (1, "Jan")):
            months.setdefault(fold(name), number)
            month_spellings.add(name)
    month = rf"(?P<m>{_alternation(month_spellings)})\.?"
    weekday = (
        rf"(?:(?P<w>{_alternation(day_spellings)}),?\s+"
        r"(?:(?:the|le|il|den|der|el)\s+)?)?"
    )
    day = r"(?P<d>3[01]|[12]\d|0?[1-9])"
    suffix = r"(?:st|nd|rd|th|er|re|ème|eme|e|°|º|o)?"
    year = r"(?P<y>1[5-9]\d\d|20\d\d|21\d\d)(?!\d)"
    end = r"(?![^\W\d_])"
    patterns = (
        # 17 December 2004 · 17. Dezember 2004 · 17 de diciembre de 2004 · 1er janvier
        # · the 17th of December · Freitag, 17. Dezember
        re.compile(
            rf"(?<![\w.,]){weekday}{day}{suffix}\.?\s*(?:of\s+|de\s+)?{month}{end}"
            rf"(?:,?\s+(?:de\s+|del\s+)?{year})?",
            re.IGNORECASE,
        ),
        # December 17, 2004 · March 1st · Friday, December 17 (not "December 17 people")
        re.compile(
            rf"{weekday}(?<![\w]){month}\s+(?:the\s+)?{day}"
            r"(?:(?P<o>st|nd|rd|th)|(?=,?\s+(?:1[5-9]|20|21)\d\d(?!\d))|(?=\s*[.,;:!?)]|\s*$))"
            rf"(?!\d)(?:,?\s+{year})?",
            re.IGNORECASE,
        ),
        # September 2023 · septiembre de 2023 · im Mai 2004 · April, 1625
        re.compile(rf"(?<![\w]){month},?\s+(?:de\s+|del\s+)?{year}", re.IGNORECASE),
        # 17.12.2004 · 17/12/2004 · 2004-12-17
        re.compile(
            r"(?<![\d.,/])(?P<d>\d{1,2})(?P<sep>[./])\s?(?P<m>\d{1,2})"
            r"(?P=sep)\s?(?P<y>1[5-9]\d\d|20\d\d|21\d\d)(?![\d/]|[.,]\d)"
        ),
        re.compile(
            r"(?<![\d.,/-])(?P<y>1[5-9]\d\d|20\d\d|21\d\d)-(?P<m>1[0-2]|0[1-9])"
            r"(?:-(?P<d>3[01]|[12]\d|0[1-9]))?(?![\d-])"
        ),
    )
    alone = re.compile(
        rf"(?<![\w])(?:(?P<w>{_alternation(day_spellings)})|"
        rf"(?P<m>{_alternation({n for n in month_spellings if fold(n) in wide})})){end}",
        re.IGNORECASE,
    )
    return _Names(months, frozenset(months) | frozenset(weekdays), weekdays, patterns, alone)


def _value(year: str | None, month: int | None, day: int | None) -> str:
    if year and month and day:
        return f"{year}-{month:02d}-{day:02d}"
    if year and month:
        return f"{year}-{month:02d}"
    if month and day:
        return f"--{month:02d}-{day:02d}"
    if month:
        return f"--{month:02d}"
    return year or ""


def extract_dates(text: str, language: str | None) -> list[Fact]:
    """Dates in ``text``, longest first where two readings overlap."""
    names = _names(language)
    found: list[Fact] = []
    taken: list[tuple[int, int]] = []
    named = bool(folded_words(text) & names.words)
    if not named and not re.search(r"\d[./-]\d", text):
        return found

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for k, pattern in enumerate(names.patterns):
        if k < 3 and not named:
            continue  # the first three patterns need a month name
        for m in pattern.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1] in " ,":
                end -= 1
            if not free(start, end):
                continue
            groups = m.groupdict()
            raw_month = groups["m"]
            if raw_month.isdigit():
                day_n, month = int(groups["d"] or 0), int(raw_month)
                if groups.get("sep") == "/" and language == "en" and day_n <= 12:
                    day_n, month = month, day_n  # English slashes: month first (12/17/2004)
                if not (
                    1 <= month <= 12
                    and (0 <= day_n <= 31 if groups["d"] is None else 1 <= day_n <= 31)
                ):
                    continue
            else:
                month = names.months.get(fold(raw_month.rstrip(".")), 0)
                if not month:
                    continue
                day_n = int(groups["d"]) if groups.get("d") else 0
            weekday = names.weekdays.get(fold(groups["w"]), 0) if groups.get("w") else 0
            value = _value(groups.get("y"), month, day_n or None)
            taken.append((start, end))
            found.append(Fact("date", start, end, text[start:end], value, weekday=weekday))
    for m in names.alone.finditer(text) if named else ():
        start, end = m.span()
        if not free(start, end):
            continue
        word = m.group()
        folded = fold(word)
        if language in (None, "en") and not word[0].isupper():
            continue  # English capitalises months and weekdays: "may", "august" are words
        if m.group("w"):
            value = f"-W-{names.weekdays[folded]}"
        else:
            if folded in _NOT_ALONE:
                continue
            value = _value(None, names.months[folded], None)
        taken.append((start, end))
        found.append(Fact("date", start, end, word, value))
    found.sort(key=lambda f: f.start)
    return found


def _parts(value: str) -> tuple[str, str, str]:
    """(year, month, day) of a partial ISO value; "" where unknown."""
    if value.startswith("-W-"):
        return "", "", ""
    if value.startswith("--"):
        rest = value[2:].split("-")
        return "", rest[0], rest[1] if len(rest) > 1 else ""
    pieces = value.split("-")
    return pieces[0], pieces[1] if len(pieces) > 1 else "", pieces[2] if len(pieces) > 2 else ""


def conflicts(a: Fact, b: Fact) -> bool:
    """Two dates that say different things: a day, month, year or weekday both give and
    that differ. One more precise than the other ("December 2004" / "17 December 2004")
    does not conflict."""
    if a.weekday and b.weekday and a.weekday != b.weekday:
        return True
    pa, pb = _parts(a.value), _parts(b.value)
    if a.value.startswith("-W-") or b.value.startswith("-W-"):
        wa = a.weekday or (int(a.value[3:]) if a.value.startswith("-W-") else 0)
        wb = b.weekday or (int(b.value[3:]) if b.value.startswith("-W-") else 0)
        return bool(wa and wb and wa != wb)
    return any(x and y and x != y for x, y in zip(pa, pb, strict=True))


def year_of(fact: Fact) -> str:
    return _parts(fact.value)[0]


def day_of(fact: Fact) -> str:
    day = _parts(fact.value)[2]
    return str(int(day)) if day else ""
