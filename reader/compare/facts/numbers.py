"""Numbers: digits with either decimal mark and any thousands mark (1,000 · 1.000 ·
1 000 · 1'000), percentages, currency amounts and scale words (CHF 1.5 million ·
1,5 Mio. Franken · €3bn · 3 milliards d'euros), ordinals (3rd · 3e · 3ème · 3° · 3.),
times of day, and numbers written in words, read by ``text2num`` (six = 6 = sei = sechs
= seis; "vingt et un", "einundzwanzig", "duemilaquattro").

Words that are mostly something else — the articles *un*, *uno*, *ein*, English *one*,
*secondo* (= according to), *sei* (= you are), *neuf* (= new), the ordinals *first* and
*second* — are *weak* facts: they stand for a number only against a counterpart on the
other side (see :mod:`reader.compare.facts.compare`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from reader.compare.facts.model import Fact
from reader.compare.facts.text import fold, fold_aligned, folded_words, tokens
from reader.compare.features import normalise_number

_DIGITS = re.compile(
    r"(?<![\w.,'’/])(?P<n>\d{1,3}(?:(?:[,.'’]|[ \u00a0\u202f\u2009](?=\d{3}(?!\d)))\d{3})+"
    r"(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![.,]?\d)"
    r"(?P<ord>st|nd|rd|th|er|re|ème|eme|ᵉʳ|ᵉ|e|°|º|ª)?(?=(?:bn|mn|m|k)?(?![^\W\d_]))"
)
_TIME = re.compile(
    r"(?<![\w.,:])(?P<h>[01]?\d|2[0-3])(?:"
    r"(?::(?P<m>[0-5]\d)(?!\d)(?:\s?(?P<ap>[ap]\.?m\.?))?)"
    r"|(?:\.(?P<m2>[0-5]\d)\s?(?:Uhr|h\b|hrs?\b|ore\b|heures?\b))"
    r"|(?:\s?(?:h|heures?)\.?(?:\s?(?P<m3>[0-5]\d)(?!\d))?(?![\w]))"
    r"|(?:\s?(?P<ap2>[ap]\.m\.|[ap]m\b))"
    r"|(?:\s?Uhr(?:\s(?P<m4>[0-5]\d)(?!\d))?)"
    r")",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:(?P<cur>CHF|SFr\.?|Fr\.|EUR|€|USD|US\$|\$|£|GBP)\s?)$")
_SCALE = (
    r"(?P<scale>mil\s+millones|thousand|thousands|million|millions|millones|millón|millon"
    r"|milione|milioni|millionen|million|mio\.?|mln\.?|mn|bn|billionen|billion|billions|billones"
    r"|billón|milliards?|mrd\.?|miliardo|miliardi|mld\.?|milliarden?|trillions?"
    r"|mille|mila|tausend|mil|k|m)"
)
_AFTER = re.compile(
    r"\s?(?:" + _SCALE + r"(?![^\W_]))?\s?"
    r"(?:(?P<pct>%|‰|per\s?cent|percent|pour(?:\s|-)cent|per\s?cento|percento|prozent"
    r"|por\s?ciento)"
    r"|(?P<pp>percentage\s+points?|points?\s+de\s+pourcentage|punti\s+percentuali"
    r"|prozentpunkte?n?|puntos\s+porcentuales)"
    r"|(?:(?:de\s+|d['’]\s?|di\s+|of\s+)?(?P<cur>CHF|Fr\.|francs?|franken|franchi|franco"
    r"|francos|euros?|EUR|€|dollars?|dollari|dólares|dollaro|USD|\$|sterline|pfund"
    r"|GBP|£|pounds?\s+sterling|livres?\s+sterling)))?(?![^\W_])",
    re.IGNORECASE,
)
_CURRENCY_CODES = (
    ("chf", "CHF"),
    ("sfr", "CHF"),
    ("fr.", "CHF"),
    ("franc", "CHF"),
    ("franken", "CHF"),
    ("franchi", "CHF"),
    ("franco", "CHF"),
    ("eur", "EUR"),
    ("€", "EUR"),
    ("usd", "USD"),
    ("us$", "USD"),
    ("$", "USD"),
    ("dollar", "USD"),
    ("dólar", "USD"),
    ("£", "GBP"),
    ("gbp", "GBP"),
    ("sterlin", "GBP"),
    ("pfund", "GBP"),
    ("pound", "GBP"),
    ("livre", "GBP"),
)
_SCALE_VALUES = (  # longest stems first: "million" before "mil"
    ("mil millones", 9),
    ("thousand", 3),
    ("milliard", 9),
    ("miliard", 9),
    ("trillion", 12),
    ("billion", 9),
    ("billon", 12),
    ("million", 6),
    ("millon", 6),
    ("milion", 6),
    ("tausend", 3),
    ("mille", 3),
    ("mila", 3),
    ("mrd", 9),
    ("mld", 9),
    ("mio", 6),
    ("mln", 6),
    ("mil", 3),
    ("bn", 9),
    ("mn", 6),
    ("k", 3),
    ("m", 6),
)
# "billion" is 10^12 outside English (fr *billion*, de *Billion*, es *billón*).
_LONG_SCALE = {"fr", "de", "es", "it"}

# Token starts that may begin a number written in words, per language (folded): text2num
# runs only on sentences that have one.
_WORD_STARTS = {
    "en": r"zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirt|fourt|fift"
    r"|sixt|sevent|eight|ninet|twent|fort|hundred|thousand|million|billion|trillion|first"
    r"|second|third|fifth|ninth|one",
    "fr": r"zero|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|mille|million|milliard"
    r"|premi|second|tier|quart",
    "it": r"zero|due|tre|quattr|cinque|sei|sett|otto|nove|dieci|undici|dodici|tredici"
    r"|quattordici|quindici|sedici|dicias|diciot|dician|vent|trent|quarant|cinquant"
    r"|sessant|settant|ottant|novant|cent|mille|mila|milion|miliard|prim|second|terz|quint"
    r"|sest|settim|ottav|non[oa]|decim",
    "de": r"zwei|drei|vier|funf|sechs|sieb|acht|neun|zehn|elf|zwolf|zwanzig|dreissig|vierzig"
    r"|hundert|tausend|million|milliard|erst|zweit|dritt|ein(?:und|hundert|tausend|s$)",
    "es": r"cero|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce"
    r"|quince|dieci|veint|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien"
    r"|doscient|trescient|cuatrocient|quinient|seiscient|setecient|ochocient|novecient|mil"
    r"|millon|primer|segund|tercer|cuart|quint",
}
# Words for one that are mostly articles or pronouns, and other words that are mostly
# not numbers: weak facts.
_ONE = {
    "en": {"one"},
    "fr": {"un", "une"},
    "it": {"un", "uno", "una", "un'"},
    "de": {"ein", "eine", "einen", "einem", "einer", "eines", "eins"},
    "es": {"un", "uno", "una"},
}
_MOSTLY_WORDS = {"it": {"sei"}, "fr": {"neuf"}, "de": {"acht"}}


def _decimal(raw: str) -> Decimal | None:
    """ "1,000" / "1.000" / "1 000" / "1'000" → 1000; "3,5" → 3.5; "0,125" → 0.125 (the
    rules of :func:`reader.compare.features.normalise_number`, which the divergence
    module uses too)."""
    try:
        return Decimal(normalise_number(raw.replace("\u2009", " ")))
    except InvalidOperation:
        return None


def format_value(value: Decimal) -> str:
    """Plain decimal notation, no exponent, no trailing zeros: 1.50E+6 → "1500000"."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _scale(word: str, language: str | None) -> int:
    w = re.sub(r"\s+", " ", fold(word).rstrip("."))
    if w.startswith("billion") and language in _LONG_SCALE:
        return 12
    for stem, power in _SCALE_VALUES:
        if w.startswith(stem) and (len(stem) > 2 or w == stem):
            return power
    return 0


def _currency(word: str | None) -> str:
    if not word:
        return ""
    w = fold(word)
    for stem, code in _CURRENCY_CODES:
        if w.startswith(stem):
            return code
    return ""


@lru_cache(maxsize=8)
def _word_start(language: str) -> re.Pattern[str]:
    """Any word of the (folded) text that may begin a number in words, other than the
    words for one."""
    ones = "|".join(re.escape(w) for w in sorted(_ONE[language], key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?!(?:{ones})(?![\w']))(?:{_WORD_STARTS[language]})")


class _Tok:
    """A token as text2num reads it."""

    __slots__ = ("_blocked", "_text")

    def __init__(self, text: str, blocked: bool) -> None:
        self._text = text
        self._blocked = blocked

    def text(self) -> str:
        return self._text

    def nt_separated(self, previous: object) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return self._blocked


def _free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in spans)


def extract_numbers(
    text: str, language: str | None, taken: list[tuple[int, int]] | None = None
) -> list[Fact]:
    """Numbers in ``text``, outside the ``taken`` spans (dates already found)."""
    spans = list(taken or ())
    found: list[Fact] = []

    for m in _TIME.finditer(text):
        if not _free(spans, *m.span()):
            continue
        hour = int(m.group("h"))
        minute = m.group("m") or m.group("m2") or m.group("m3") or m.group("m4") or "00"
        ampm = (m.group("ap") or m.group("ap2") or "").lower()
        if m.group("m") is None and not (
            ampm or m.group("m2") or "h" in m.group().lower() or "uhr" in m.group().lower()
        ):
            continue
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        end = m.end()
        found.append(
            Fact("number", m.start(), end, text[m.start() : end], f"{hour}:{minute}", unit="time")
        )
        spans.append((m.start(), end))

    for m in _DIGITS.finditer(text):
        start, end = m.start("n"), m.end()
        if not _free(spans, start, end):
            continue
        value = _decimal(m.group("n"))
        if value is None:
            continue
        unit = "ordinal" if m.group("ord") else ""
        before = _CURRENCY_BEFORE.search(text, max(0, start - 6), start)
        if before and _free(spans, before.start(), start):
            unit = _currency(before.group("cur"))
            start = before.start()
        after = _AFTER.match(text, end)
        if after and after.group() and after.group().strip():
            scale_word = after.group("scale")
            short_scale = scale_word is not None and fold(scale_word) in ("m", "k", "mn")
            if scale_word and short_scale and not (unit or after.group("cur")):
                scale_word = None  # "5 m" is five metres; "$5m" is five million
            if scale_word:
                value *= Decimal(10) ** _scale(scale_word, language)
            if after.group("pct"):
                unit = "%"
            elif after.group("pp"):
                unit = "pp"
            elif after.group("cur"):
                unit = _currency(after.group("cur")) or unit
            if scale_word or after.group("pct") or after.group("pp") or after.group("cur"):
                end = after.end()
                while text[end - 1].isspace():
                    end -= 1
        found.append(Fact("number", start, end, text[start:end], format_value(value), unit=unit))
        spans.append((start, end))

    if language in _WORD_STARTS:
        found += _word_numbers(text, language, spans)
    found.sort(key=lambda f: f.start)
    return found


def _word_numbers(text: str, language: str, spans: list[tuple[int, int]]) -> list[Fact]:
    toks = tokens(text)
    ones = _ONE[language]
    out: list[Fact] = []
    covered: set[int] = set()
    if _word_start(language).search(fold_aligned(text)):
        from text_to_num import find_numbers

        stream = [_Tok(t.text.rstrip("'’"), not _free(spans, t.start, t.end)) for t in toks]
        for occ in find_numbers(stream, language, 0.0):
            first, last = toks[occ.start], toks[occ.end - 1]
            start, end = first.start, last.end
            if not _free(spans, start, end):
                continue
            try:
                value = Decimal(str(occ.value))
            except InvalidOperation:
                continue
            words_folded = [fold(t.text) for t in toks[occ.start : occ.end]]
            single = len(words_folded) == 1
            weak = (
                (value == 1 and not occ.is_ordinal)
                or (occ.is_ordinal and value <= 2)
                or (single and words_folded[0] in _MOSTLY_WORDS.get(language, ()))
                or (single and value >= 100 and _scale(words_folded[0], language) > 0)
                or (single and value >= 100 and words_folded[0].endswith(("s", "e", "i")))
            )
            unit = "ordinal" if occ.is_ordinal else ""
            after = _AFTER.match(text, end)
            if after and (after.group("pct") or after.group("pp") or after.group("cur")):
                unit = (
                    "%"
                    if after.group("pct")
                    else "pp"
                    if after.group("pp")
                    else (_currency(after.group("cur")))
                )
                end = after.end()
            out.append(
                Fact(
                    "number", start, end, text[start:end], format_value(value), unit=unit, weak=weak
                )
            )
            covered.update(range(occ.start, occ.end))
            spans.append((start, end))
    if not folded_words(text) & ones:
        return out
    for i, t in enumerate(toks):
        if i not in covered and fold(t.text) in ones and _free(spans, t.start, t.end):
            out.append(Fact("number", t.start, t.end, t.text, "1", weak=True))
    return out
