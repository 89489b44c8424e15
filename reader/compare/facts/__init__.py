"""Facts compared as facts: numbers, dates, names, polarity and quotes of two texts in
any of en / it / fr / de / es (or the same language twice), for every aligned pair of a
diff. Pure Python, no UI, no network; word lists and place names ship with the package
or its dependencies (text2num, Babel, wordfreq).

API::

    extract(text, language) -> list[Fact]
    compare_facts(a, b, a_language, b_language) -> list[FactDifference]

A :class:`Fact` is one fact of one text: ``kind`` ("number", "date", "name", "negation",
"quote"), ``start``/``end`` offsets into the text given, ``text`` (= text[start:end]) and
a language-neutral ``value`` ("6", "0.25", "1500000", "15:30"; "2004-12-17", "2023-09",
"--12-17", "-W-5"; "maria bianchi"; "ne…pas"; the folded quoted words), with ``unit``
("%", "pp", "ordinal", "time", "CHF", "EUR", "USD", "GBP"), ``weak`` (used to match,
never reported alone), ``ref`` (a known place or organisation: "geo:2660646" for
Genève / Geneva / Ginevra / Genf), ``weekday``, and for quotes ``speaker`` with its
offsets.

A :class:`FactDifference` is a disagreement: ``kind`` ("number", "date", "name",
"polarity", "quote") and the facts of each side involved, ``a`` and ``b``:

- both non-empty: a substitution, shown on both sides — another number (six / dix),
  date, or name in the same place (Maria Bianchi / Giulia Rossi), a currency changed
  for the same amount, or a quote attributed to someone else (``a[0].speaker`` /
  ``b[0].speaker``);
- one side empty: that side lacks the fact — a number, date, name or quote (three
  words or more) with no counterpart;
- ``polarity``: the non-empty side holds the negation cues of the negated text, the
  other text does not negate (or, when both negate, not in that clause).

``difference.reason("EN", "FR")`` says it in plain words: "number: EN 420 · FR 520",
"name: EN Maria Bianchi · FR Giulia Rossi", "date: EN 17 December 2004 · IT 18 dicembre
2004", "polarity: IT negates (“non”), EN does not", "quote: EN “…” has no counterpart
in FR", "quote attributed to EN Smith · FR Dupont".

Equal facts are never reported: 6 = six = sei = sechs = seis, 1,000 = 1.000 = 1 000,
1.5 million = 1,5 Mio. = 1500000, 5 % = 5 per cent = cinque per cento, 3rd = 3e = 3°,
17 décembre 2004 = December 17, 2004 = 17.12.2004; a number that is part of a date is
compared as the date. Semantic matching of quoted content across languages is not done
here: quotes are exposed (spans, speakers) for the divergence layer's scorer.

Results are cached by text, so calling :func:`compare_facts` on every aligned pair of a
diff costs well under a millisecond a pair once warm (``benchmarks/facts.py``). The word
lists load on first use (about half a second).
"""

from __future__ import annotations

from reader.compare.facts.model import DifferenceKind, Fact, FactDifference, FactKind

__all__ = [
    "DifferenceKind",
    "Fact",
    "FactDifference",
    "FactKind",
    "compare_facts",
    "extract",
    "unmatched_names",
]


def extract(text: str, language: str | None) -> list[Fact]:
    """Every fact of ``text``, in text order. ``language``: "en", "it", "fr", "de", "es"
    (a region such as "fr-CH" is fine); None or another language: digits, dates and
    names only, with the cues of all five languages."""
    from reader.compare.facts.compare import facts_of

    return facts_of(text, language).all()


def compare_facts(
    a: str, b: str, a_language: str | None, b_language: str | None
) -> list[FactDifference]:
    """The differences between the facts of ``a`` and ``b``, numbers first, then dates,
    names, polarity and quotes, each in text order."""
    from reader.compare.facts.compare import compare

    return list(compare(a, b, a_language, b_language))


def unmatched_names(
    a: str, b: str, a_language: str | None, b_language: str | None
) -> tuple[list[Fact], list[Fact]]:
    """The names (single words and places included) of ``a`` that ``b`` does not name,
    and of ``b`` that ``a`` does not name."""
    from reader.compare.facts.compare import unmatched_names as _unmatched

    return _unmatched(a, b, a_language, b_language)
