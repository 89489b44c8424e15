"""Result types of the facts layer: a fact found in one text, and a difference between
the facts of two texts. Pure data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FactKind = Literal["number", "date", "name", "negation", "quote"]
DifferenceKind = Literal["number", "date", "name", "polarity", "quote"]


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact found in one text.

    ``value`` is language-neutral, so that equal facts of two languages compare equal:

    - number: the value in plain decimal notation ("6", "0.25", "1500000"), a time of
      day as "H:MM" ("15:30");
    - date: a partial ISO 8601 value, "2004-12-17", "2023-09", "2004", "--12-17" (day and
      month, no year), "--12" (month alone), "-W-1" (a weekday alone, 1 = Monday);
    - name: the accent-folded, lower-case name ("maria bianchi"); ``ref`` holds the
      identifier of a known place ("geo:2660646", "country:CH") when there is one;
    - negation: the folded cue ("not", "ne…pas");
    - quote: the folded quoted words, quote marks excluded.
    """

    kind: FactKind
    start: int  # offsets into the text given
    end: int
    text: str  # text[start:end]
    value: str
    unit: str = ""  # number: "%", "pp", "ordinal", "time", or an ISO 4217 code ("CHF")
    weak: bool = False  # counts only against a counterpart (an article "un", "sei" = you are)
    ref: str = ""  # name: identifier of a known place, shared by its exonyms
    weekday: int = 0  # date: ISO weekday named with the date, 1 = Monday; 0 = none
    speaker: str = ""  # quote: the person the sentence says it is from, as written
    speaker_start: int = -1  # quote: offsets of the speaker in the text; -1 = none
    speaker_end: int = -1


def _shown(fact: Fact) -> str:
    text = " ".join(fact.text.split())
    if fact.kind == "quote":
        inner = text.strip("\"'“”„‟«»‹›‘’‚ \u00a0")
        if len(inner) > 50:
            inner = inner[:49] + "…"
        return f"“{inner}”"
    if fact.kind == "number" and fact.value and not any(c.isdigit() for c in fact.text):
        return f"{text} ({fact.value})"
    return text


def _side(facts: tuple[Fact, ...]) -> str:
    return ", ".join(_shown(f) for f in facts)


@dataclass(frozen=True, slots=True)
class FactDifference:
    """The facts of two texts ``a`` and ``b`` disagree.

    Both sides non-empty: a substitution (another number, date or name in the same
    place; a quote attributed to someone else). One side empty: that text lacks the
    fact (a number, name or quote with no counterpart). ``polarity``: the non-empty
    side holds the negation cues of the negated text, the other side does not negate
    (or, when both negate, not in that clause).
    """

    kind: DifferenceKind
    a: tuple[Fact, ...]  # facts of text a involved (empty: a lacks it)
    b: tuple[Fact, ...]

    @property
    def substitution(self) -> bool:
        return bool(self.a) and bool(self.b)

    def reason(self, a_label: str = "A", b_label: str = "B") -> str:
        """Plain words, with the given labels for the two texts (language names)."""
        if self.kind == "polarity":
            neg, neg_label, other = (
                (self.a, a_label, b_label) if self.a else (self.b, b_label, a_label)
            )
            cues = ", ".join(f"“{' '.join(f.text.split())}”" for f in neg)
            return f"polarity: {neg_label} negates ({cues}), {other} does not"
        if self.kind == "quote" and self.substitution:
            return (
                f"quote attributed to {a_label} {self.a[0].speaker} · {b_label} {self.b[0].speaker}"
            )
        if self.substitution:
            return f"{self.kind}: {a_label} {_side(self.a)} · {b_label} {_side(self.b)}"
        has, has_label, lacks = (self.a, a_label, b_label) if self.a else (self.b, b_label, a_label)
        return f"{self.kind}: {has_label} {_side(has)} has no counterpart in {lacks}"
