"""Comparing the facts of two texts, kind by kind. See the package docstring for what
each comparator reports; the rules for pairing are here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reader.compare.facts.dates import conflicts, day_of, extract_dates, year_of
from reader.compare.facts.model import Fact, FactDifference
from reader.compare.facts.names import (
    Other,
    extract_names,
    given_name_swapped,
    known_refs,
    matched,
    person_like,
    pieces,
    similar,
)
from reader.compare.facts.numbers import extract_numbers
from reader.compare.facts.polarity import extract_negations, has_soft_negation, negates_a_verb
from reader.compare.facts.quotes import extract_quotes, has_quotation
from reader.compare.facts.text import language_of

# A weak fact (an article "un", "sei" = you are) stands for a number only this close.
WEAK_NEAR = 0.25

_CURRENCIES = {"CHF", "EUR", "USD", "GBP"}


@dataclass(frozen=True, slots=True)
class Facts:
    """Every fact of one text, by kind, and what the other side's names match against."""

    text: str
    language: str | None
    dates: tuple[Fact, ...]
    numbers: tuple[Fact, ...]
    names: tuple[Fact, ...]
    negations: tuple[Fact, ...]
    quotes: tuple[Fact, ...]
    other: Other  # this text as seen by the names of another text

    def all(self) -> list[Fact]:
        facts = [*self.dates, *self.numbers, *self.names, *self.negations, *self.quotes]
        return sorted(facts, key=lambda f: (f.start, f.end))


@lru_cache(maxsize=4096)
def facts_of(text: str, language: str | None) -> Facts:
    lang = language_of(language)
    dates = extract_dates(text, lang)
    numbers = extract_numbers(text, lang, [(d.start, d.end) for d in dates])
    names = extract_names(text, lang)
    # a name inside a date or a number ("Friday", "Franken") is not a name
    spans = [(f.start, f.end) for f in (*dates, *numbers)]
    names = [n for n in names if all(n.end <= s or n.start >= e for s, e in spans)]
    negations = extract_negations(text, lang)
    quotes = extract_quotes(text, lang, names)
    return Facts(
        text,
        lang,
        tuple(dates),
        tuple(numbers),
        tuple(names),
        tuple(negations),
        tuple(quotes),
        Other(text, names),
    )


def _pos(fact: Fact, text: str) -> float:
    return (fact.start + fact.end) / 2 / max(1, len(text))


def _pair(
    xs: Sequence[Fact],
    ys: Sequence[Fact],
    a_text: str,
    b_text: str,
    near: float,
    accept: Callable[[Fact, Fact], bool] = lambda x, y: True,
) -> tuple[list[tuple[Fact, Fact]], list[Fact], list[Fact]]:
    """Pair facts of two texts that stand in about the same place, nearest first.
    Returns the pairs and what is left on each side."""
    candidates = sorted(
        (abs(_pos(x, a_text) - _pos(y, b_text)), i, j)
        for i, x in enumerate(xs)
        for j, y in enumerate(ys)
        if abs(_pos(x, a_text) - _pos(y, b_text)) <= near and accept(x, y)
    )
    used_x: set[int] = set()
    used_y: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i not in used_x and j not in used_y:
            used_x.add(i)
            used_y.add(j)
            pairs.append((i, j))
    pairs.sort()
    return (
        [(xs[i], ys[j]) for i, j in pairs],
        [x for i, x in enumerate(xs) if i not in used_x],
        [y for j, y in enumerate(ys) if j not in used_y],
    )


def _match_equal(
    xs: Sequence[Fact], ys: Sequence[Fact], a_text: str, b_text: str
) -> tuple[list[tuple[Fact, Fact]], list[Fact], list[Fact]]:
    """Pair facts of equal value, nearest in place first, whatever the distance."""
    return _pair(xs, ys, a_text, b_text, 1.0, _equal)


def _equal(x: Fact, y: Fact) -> bool:
    if x.value == y.value:
        return True
    # a full hour and its number: "16 Uhr" / "à 16" (the other side's "heures" elided)
    return (x.unit == "time" and x.value == f"{y.value}:00" and y.unit != "time") or (
        y.unit == "time" and y.value == f"{x.value}:00" and x.unit != "time"
    )


def _in_words(fact: Fact) -> bool:
    return not any(c.isdigit() for c in fact.text)


def _alone(fact: Fact) -> bool:
    """Reported with no counterpart: a number in digits, or in words above twelve (small
    numbers in words are idioms as often as numbers: "à quatre pattes", "les deux")."""
    if fact.weak:
        return False
    return not (_in_words(fact) and _small(fact))


def _small(fact: Fact) -> bool:
    try:
        return float(fact.value) <= 12
    except ValueError:
        return False


def _weak_partner(firm: Fact, weak: Fact) -> bool:
    """A weak word ("un", "sei") stands for a number against a small one only: "un
    homme" / "two men", not "une" / "1956"."""
    try:
        return float(firm.value) < 100 and firm.unit in ("", "ordinal")
    except ValueError:
        return False


# --------------------------------------------------------------------------- dates


def compare_dates(a: Facts, b: Facts) -> tuple[list[FactDifference], set[Fact], set[Fact]]:
    """Date differences, and the numbers of each side that the dates account for (a year
    or a day the other side writes as a date) so that they are not compared again."""
    out: list[FactDifference] = []
    used_a: set[Fact] = set()
    used_b: set[Fact] = set()
    _, left_a, left_b = _pair(
        a.dates,
        b.dates,
        a.text,
        b.text,
        1.0,
        lambda x, y: x.value == y.value and not conflicts(x, y),
    )
    pairs, left_a, left_b = _pair(left_a, left_b, a.text, b.text, 1.0)
    for x, y in pairs:
        if conflicts(x, y):
            out.append(FactDifference("date", (x,), (y,)))
    for dates, mine, theirs, used, flip in (
        (left_a, a, b, used_b, False),
        (left_b, b, a, used_a, True),
    ):
        for d in dates:
            counterpart = _date_in_numbers(d, mine.text, theirs, used)
            if counterpart is True:
                continue
            if counterpart is None and d.value.startswith(("--", "-W-")) and len(d.value) <= 4:
                continue  # a month or a weekday alone, not rendered: too weak to report
            other = (counterpart,) if isinstance(counterpart, Fact) else ()
            out.append(
                FactDifference("date", other, (d,)) if flip else FactDifference("date", (d,), other)
            )
    return out, used_a, used_b


def _date_in_numbers(d: Fact, mine_text: str, other: Facts, used: set[Fact]) -> Fact | bool | None:
    """Whether the other text writes the parts of date ``d`` as plain numbers: True
    (its year or day is there), a number fact (a different year in its place), None."""
    year, day = year_of(d), day_of(d)
    plain = [n for n in other.numbers if n.unit in ("", "ordinal") and n not in used]
    hits = [n for n in plain if n.value in (year, day) and n.value]
    if hits:
        used.update(hits)
        return True
    if year:
        years = [n for n in plain if n.value.isdigit() and 1500 <= int(n.value) <= 2199]
        if years:
            nearest = min(years, key=lambda n: abs(_pos(n, other.text) - _pos(d, mine_text)))
            used.add(nearest)
            return nearest
    return None


# --------------------------------------------------------------------------- numbers


def compare_numbers(
    a: Facts, b: Facts, skip_a: set[Fact], skip_b: set[Fact]
) -> list[FactDifference]:
    xs = [n for n in a.numbers if n not in skip_a]
    ys = [n for n in b.numbers if n not in skip_b]
    out: list[FactDifference] = []
    firm_x = [n for n in xs if not n.weak]
    firm_y = [n for n in ys if not n.weak]
    pairs, left_x, left_y = _match_equal(firm_x, firm_y, a.text, b.text)
    weak_pairs_a, left_x, weak_y = _match_equal(left_x, [n for n in ys if n.weak], a.text, b.text)
    weak_pairs_b, left_y, weak_x = _match_equal(left_y, [n for n in xs if n.weak], b.text, a.text)
    for x, y in pairs:
        if x.unit in _CURRENCIES and y.unit in _CURRENCIES and x.unit != y.unit:
            out.append(FactDifference("number", (x,), (y,)))
    changed, left_x, left_y = _pair(left_x, left_y, a.text, b.text, 1.0)
    out += [FactDifference("number", (x,), (y,)) for x, y in changed]
    # a number against a weak one in its place: "six" / "uno", "zwei Männer" / "a man"
    pairs_xw, left_x, _ = _pair(left_x, weak_y, a.text, b.text, WEAK_NEAR, _weak_partner)
    pairs_yw, left_y, _ = _pair(left_y, weak_x, b.text, a.text, WEAK_NEAR, _weak_partner)
    out += [FactDifference("number", (x,), (y,)) for x, y in pairs_xw]
    out += [FactDifference("number", (x,), (y,)) for y, x in pairs_yw]
    out += [FactDifference("number", (x,), ()) for x in left_x if _alone(x)]
    out += [FactDifference("number", (), (y,)) for y in left_y if _alone(y)]
    del weak_pairs_a, weak_pairs_b
    return out


# --------------------------------------------------------------------------- names


def _names_left(a: Facts, b: Facts) -> tuple[list[Fact], list[Fact]]:
    """The names (not weak) of each text that the other text does not name."""
    return (
        [n for n in a.names if not n.weak and not matched(n, b.other)],
        [n for n in b.names if not n.weak and not matched(n, a.other)],
    )


def _not_spelled_alike(
    left_a: list[Fact], left_b: list[Fact], a: Facts, b: Facts
) -> tuple[list[Fact], list[Fact]]:
    """Two unmatched names that are close spellings of each other are one name."""
    return (
        [x for x in left_a if not any(_same_name(x, y) for y in b.names)],
        [y for y in left_b if not any(_same_name(x, y) for x in a.names)],
    )


def _given_names_swapped(
    a: Facts, b: Facts, left_a: list[Fact], left_b: list[Fact]
) -> list[FactDifference]:
    """Persons whose surname the other text has, under another given name."""
    out = []
    used: set[int] = set()
    for x in a.names:
        if x.weak or x in left_a:
            continue
        for k, y in enumerate(b.names):
            if k in used or y.weak or y in left_b:
                continue
            if given_name_swapped(x, y, a.other, b.other):
                out.append(FactDifference("name", (x,), (y,)))
                used.add(k)
                break
    return out


def compare_names(a: Facts, b: Facts) -> list[FactDifference]:
    left_a, left_b = _names_left(a, b)
    swapped = _given_names_swapped(a, b, left_a, left_b)
    if not left_a and not left_b:
        return swapped
    pairs, left_a, left_b = _pair(
        left_a, left_b, a.text, b.text, 1.0, lambda x, y: not _same_name(x, y)
    )
    left_a, left_b = _not_spelled_alike(left_a, left_b, a, b)
    out = [FactDifference("name", (x,), (y,)) for x, y in pairs] + swapped
    # with no counterpart at all: only persons and other names of several words (a
    # single word or a place is often rendered otherwise: a pronoun, an adjective)
    out += [FactDifference("name", (x,), ()) for x in left_a if _reportable_alone(x, a)]
    out += [FactDifference("name", (), (y,)) for y in left_b if _reportable_alone(y, b)]
    return sorted(out, key=lambda d: d.a[0].start if d.a else d.b[0].start)


def unmatched_names(
    a: str, b: str, a_language: str | None, b_language: str | None
) -> tuple[list[Fact], list[Fact]]:
    """The names of each text that the other does not name, single words and places
    included (:func:`compare_names` reports only some of them alone; the divergence
    layer weighs the others against the words around them)."""
    fa, fb = facts_of(a, a_language), facts_of(b, b_language)
    return _not_spelled_alike(*_names_left(fa, fb), fa, fb)


def _reportable_alone(name: Fact, mine: Facts) -> bool:
    """A name of several words that is not a place. A single word with no counterpart is
    too often a word translated or left out (measured: reporting unknown single words
    too doubles the false positives on faithful pairs, 4.8% -> 10.6%, for 4 points of
    recall of swapped names)."""
    words = name.value.split()
    # a place inside ("Digital Switzerland", "Hague Convention") is rendered otherwise too
    return len(words) >= 2 and not name.ref and not any(known_refs(w) for w in words)


def _same_name(x: Fact, y: Fact) -> bool:
    if x.ref and x.ref == y.ref:
        return True
    xs, ys = x.value.split(), y.value.split()
    if _other_surname(xs, ys):
        return False  # one given name, two surnames: "Karin Keller-Sutter" / "Karin Müller"
    return similar(x.value, y.value) or bool(xs and ys and similar(xs[-1], ys[-1]))


def _other_surname(xs: list[str], ys: list[str]) -> bool:
    """Two persons' names, the first word alike, nothing of the rest alike."""
    if not (person_like(xs) and person_like(ys)) or not (xs[0] == ys[0] or similar(xs[0], ys[0])):
        return False
    rest_x = {p for w in xs[1:] for p in pieces(w)}
    rest_y = {p for w in ys[1:] for p in pieces(w)}
    return not any(a == b or similar(a, b) for a in rest_x for b in rest_y)


# --------------------------------------------------------------------------- polarity


def compare_polarity(a: Facts, b: Facts) -> list[FactDifference]:
    """One text negates and the other does not — nor says *without*, *hardly*, *only*
    (which translators use for a negation: "n'ayant que" / "having only"). When both
    negate, a negated clause more on one side, with no negation of the other side in
    about its place, is that clause's polarity changed ("not available … cannot" /
    "disponibles … ne peut pas")."""
    if not a.negations and not b.negations:
        return []
    if a.negations and b.negations:
        verbs_a, verbs_b = _verbs_negated(a), _verbs_negated(b)
        if len(verbs_a) == len(verbs_b):
            return []
        more, verbs, fewer = (a, verbs_a, b) if len(verbs_a) > len(verbs_b) else (b, verbs_b, a)
        if abs(len(verbs_a) - len(verbs_b)) != 1:
            return []  # more than one clause more negated: a freer translation
        if has_soft_negation(fewer.text, fewer.language, fewer.negations):
            return []
        _, left, _ = _pair(verbs, fewer.negations, more.text, fewer.text, 1.0)
        left = [n for n in left if _far(n, more, fewer)]
        if len(left) != 1:
            return []
        if more is a:
            return [FactDifference("polarity", tuple(left), ())]
        return [FactDifference("polarity", (), tuple(left))]
    plain = b if a.negations else a
    if has_soft_negation(plain.text, plain.language):
        return []
    return [FactDifference("polarity", a.negations, b.negations)]


# How far (share of the text) a negation of the other side may stand and still be its
# counterpart, when the two texts do not negate as many clauses.
NEGATION_NEAR = 0.2


def _verbs_negated(facts: Facts) -> list[Fact]:
    return [n for n in facts.negations if negates_a_verb(n, facts.text, facts.language)]


def _far(negation: Fact, mine: Facts, theirs: Facts) -> bool:
    """No negation of the other text in about this one's place."""
    return all(
        abs(_pos(negation, mine.text) - _pos(n, theirs.text)) > NEGATION_NEAR
        for n in theirs.negations
    )


# --------------------------------------------------------------------------- quotes


def compare_quotes(a: Facts, b: Facts) -> list[FactDifference]:
    """Quotes paired in order; a pair whose speakers are different names is attributed
    to someone else. A quote is reported without counterpart only when the other text
    has no quotation at all: no quote marks, no dialogue dash (French books open a line
    of dialogue with "—"), no verb of saying, since how many quotes a passage is cut
    into, and whether direct speech gets marks, is typography."""
    qa = [q for q in a.quotes if not q.weak]
    qb = [q for q in b.quotes if not q.weak]
    out: list[FactDifference] = []
    pairs, left_a, left_b = _pair(qa, qb, a.text, b.text, 1.0)
    for x, y in pairs:
        if x.speaker and y.speaker and not _same_speaker(x, y, a, b):
            out.append(FactDifference("quote", (x,), (y,)))
    if not a.quotes and not has_quotation(a.text, a.language):
        out += [FactDifference("quote", (), (y,)) for y in left_b]
    if not b.quotes and not has_quotation(b.text, b.language):
        out += [FactDifference("quote", (x,), ()) for x in left_a]
    return out


def _same_speaker(x: Fact, y: Fact, a: Facts, b: Facts) -> bool:
    nx = next((n for n in a.names if n.start == x.speaker_start), None)
    ny = next((n for n in b.names if n.start == y.speaker_start), None)
    if nx is None or ny is None:
        return True
    return matched(nx, b.other) or matched(ny, a.other) or _same_name(nx, ny)


# --------------------------------------------------------------------------- all


@lru_cache(maxsize=4096)
def compare(
    a: str, b: str, a_language: str | None, b_language: str | None
) -> tuple[FactDifference, ...]:
    fa, fb = facts_of(a, a_language), facts_of(b, b_language)
    dates, skip_a, skip_b = compare_dates(fa, fb)
    out = [
        *compare_numbers(fa, fb, skip_a, skip_b),
        *dates,
        *compare_names(fa, fb),
        *compare_polarity(fa, fb),
        *compare_quotes(fa, fb),
    ]
    return tuple(out)
