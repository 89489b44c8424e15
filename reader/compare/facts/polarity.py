"""Negation: the cues that make a clause negative, per language.

- en: not, n't, never, no, nobody, nothing, none, nowhere, neither, nor, cannot;
- it: non, mai, nessuno, niente, nulla, né, neanche, nemmeno, neppure, mica;
- fr: ne/n' … pas, jamais, plus, rien, personne, aucun, nul, guère, point, ni; non; aucun;
- de: nicht, kein…, nie, niemals, nichts, niemand, nirgends, weder;
- es: no, nunca, jamás, nada, nadie, ningún/ninguna/ninguno, ni, tampoco.

Not negations: restrictions and set phrases (*not only*, *no later than*, *non solo*,
*non appena*, *ne … que*, *non seulement*, *nicht nur*, *nicht zuletzt*, *no sólo*, *no
obstante*, *nada más*…), the French *ne explétif* (a *ne* with no second part), *mai*
in *più che mai*, *jamais* in *à jamais*. Several cues in one clause are one negation
(negative concord: *non … mai*, *no … nada*, *ne … personne*), but a second *not*, *ne*,
*non*, *nicht* or *no* is a second negation. Antonyms are out of scope.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from reader.compare.facts.model import Fact
from reader.compare.facts.text import LANGUAGES, fold_aligned

_B = r"(?<![\w'])"  # start of a word (an apostrophe before it joins it to the previous one)
_E = r"(?:(?<=')|(?![\w]))"  # end of a word, or an elided one ("n'")

_CUES = {
    "en": (
        r"not(?!\s+(?:only|just|merely|simply|least|to\s+mention)\b)"
        r"|n't|never(?!\s*the\s*less)|nobody|nothing(?!\s+but\b)|none(?!\s+other\b)"
        r"|nowhere|neither|nor|cannot"
        r"|no(?!\s+(?:later|earlier|more|less|fewer|sooner)\s+than\b)"
        r"(?!\s+(?:matter|doubt)\b)(?!\s*[-–—,.;:!?]|\s*$)(?<!\bin no)(?<!\bthan no)"
    ),
    "it": (
        r"(?<!\bse )non(?!\s+(?:solo|soltanto|solamente|semplicemente|appena|oltre|meno|senza"
        r"|ostante)\b)(?!-)"
        r"|(?<!\bpiu che )(?<!\bcome )(?<!\bse )mai|nessun[oa]?|niente|nulla(?!\s+osta)"
        r"|ne|neanche|nemmeno|neppure|mica"
    ),
    "fr": (
        r"(?:ne|n')(?=(?:\s*[\w'-]+){0,4}?\s*(?:pas|jamais|plus|rien|personne|aucune?|nulle?"
        r"|guere|point|ni)\b)(?!(?:\s*[\w'-]+){0,4}?\s*(?:pas|plus)\s+(?:que|seulement)\b)"
        r"|(?<!\ba )(?<!\bplus que )(?<!\bsi )jamais(?<!ne jamais)"
        r"|non(?!\s+(?:seulement|simplement|loin|plus)\b)(?!-)|aucune?|personne(?=\s+(?:ne|n'))"
        r"|nulle\s+part"
        r"|rien(?=\s+(?:ne|n'))"
    ),
    "de": (
        r"nicht(?!\s+(?:nur|zuletzt|ohne)\b)|kein(?:e|en|em|er|es)?|nie|niemals|nichts"
        r"|niemand(?:en|em)?|nirgends|nirgendwo|weder"
    ),
    "es": (
        r"no(?!\s+(?:solo|solamente|unicamente|simplemente|obstante|mas\s+(?:de|que|tarde))\b)"
        r"(?!\s*[,.!?]|\s*$)"
        r"|nunca|jamas|nada(?!\s+mas\b)|nadie|ningun[oa]?|ni|tampoco"
    ),
}
# After a French "ne", the second part of the negation (not a cue of its own).
_FR_SECOND = re.compile(r"(?<![\w'])(?:pas|plus|rien|personne|guere|point)(?![\w])")
_CLAUSE = re.compile(r"[,;:.!?()\[\]—–]|\s-\s|\b(?:but|ma|mais|aber|pero|sondern|sino)\b")


@lru_cache(maxsize=8)
def _pattern(language: str | None) -> re.Pattern[str]:
    langs = (language,) if language else LANGUAGES
    body = "|".join(f"(?:{_CUES[lang]})" for lang in langs)
    return re.compile(rf"(?:{_B}(?:{body}){_E})|(?:(?<=\w)n't{_E})")


def _clause_start(pos: int, bounds: list[int]) -> int:
    return max((b for b in bounds if b <= pos), default=0)


def _same_clause(x: int, y: int, bounds: list[int]) -> bool:
    return _clause_start(x, bounds) == _clause_start(y, bounds)


def _clause_initial(folded: str, pos: int, bounds: list[int]) -> bool:
    """At most one word (a conjunction) between the clause's start and ``pos``."""
    return len(folded[_clause_start(pos, bounds) : pos].split()) <= 1


def extract_negations(text: str, language: str | None) -> list[Fact]:
    """One fact per negated clause, covering its cues (first to last)."""
    folded = fold_aligned(text)
    cues = [m for m in _pattern(language).finditer(folded)]
    if not cues:
        return []
    bounds = [m.end() for m in _CLAUSE.finditer(folded)]
    out: list[Fact] = []
    group: list[re.Match[str]] = []

    def clause(pos: int) -> int:
        return sum(1 for b in bounds if b < pos)

    def close() -> None:
        if not group:
            return
        start, end = group[0].start(), group[-1].end()
        parts = [folded[m.start() : m.end()] for m in group]
        if language in ("fr", None) and folded[start:end] in ("ne", "n'"):
            second = _FR_SECOND.search(folded, end, min(len(folded), end + 40))
            if second and clause(second.start()) != clause(start):
                second = None
            if second:
                end = second.end()
            if second:
                parts.append(folded[second.start() : second.end()])
        if language in ("it", None) and parts == ["mai"]:
            stop = re.search(r"[.!?]", folded[end:])
            if stop and stop.group() == "?":
                return  # "hai mai visto?": ever, not never
        if end - start > 40:
            end = group[0].end()
        value = "…".join(parts)
        out.append(Fact("negation", start, end, text[start:end], value))

    if language in ("it", None):
        # Italian "né" (nor) folds to "ne", the pronoun (of it): keep only the accented one
        cues = [
            m
            for m in cues
            if m.group() != "ne"
            or text[m.start() : m.end()] != "ne"
            and text[m.start() : m.end()].lower() not in ("ne", "ne'")
        ]
    # Italian and Spanish n-words without "non"/"no" mean "ever", "anything" after the
    # verb ("la cosa più strana che abbia mai visto", "desiderassimo nulla"): they
    # negate alone only at the start of their clause ("Nessuno lo sa", "Nunca vino").
    primary = {"it": ("non",), "es": ("no",)}.get(language or "", ())
    if primary:
        kept = []
        for m in cues:
            word = m.group()
            if (
                word in primary
                or word == "ne"
                or _clause_initial(folded, m.start(), bounds)
                or any(
                    other.group() in primary and _same_clause(other.start(), m.start(), bounds)
                    for other in cues
                )
            ):
                kept.append(m)
        cues = kept
    one_each = _PRIMARY.get(language or "", _ANY_PRIMARY)
    for m in cues:
        if group and (
            clause(m.start()) != clause(group[-1].start())
            # a second "not", "ne", "non", "nicht" in one clause is a second negation:
            # "if not certain of the house she was not seeking", "ce n'était pas … qu'elle
            # n'avait pas écrite" (n-words after one are concord: "non … mai")
            or (m.group() in one_each and any(g.group() in one_each for g in group))
        ):
            close()
            group = []
        group.append(m)
    close()
    return out


# The cue that negates a verb by itself, one to a negated clause.
_PRIMARY = {
    "en": frozenset({"not", "n't", "cannot"}),
    "fr": frozenset({"ne", "n'"}),
    "it": frozenset({"non"}),
    "de": frozenset({"nicht"}),
    "es": frozenset({"no"}),
}
_ANY_PRIMARY = frozenset().union(*_PRIMARY.values())


# The cues that negate a verb: "not", "ne … pas", "non", "nicht" — not the n-words
# (nothing, rien, nessuno, kein), which translators trade for a negated verb and back.
_VERBAL = {
    "en": frozenset({"not", "n't", "never", "cannot"}),
    "fr": frozenset({"pas", "point", "jamais", "guere"}),
    "it": frozenset({"non", "mai"}),
    "de": frozenset({"nicht", "nie", "niemals"}),
    "es": frozenset({"no", "nunca", "jamas"}),
}
_ANY_VERBAL = frozenset().union(*_VERBAL.values())


def negates_a_verb(negation: Fact, text: str, language: str | None) -> bool:
    """A negation fact that negates a verb ("is not", "n'a pas", "non è"), not an
    n-word alone, nor an answer or an "or not" ("Non, Sire", "ou non;")."""
    cues = set(negation.value.split("…"))
    if not cues & (_VERBAL.get(language or "", _ANY_VERBAL)):
        return False
    after = text[negation.end : negation.end + 3].lstrip()
    return not (len(cues) == 1 and (not after or after[0] in ',.;:!?»"”)'))


# Words that say with less what a negation says: a translation may render "not … any"
# as "without", "only just" as "hardly", "n'… que" as "only".
_SOFT = re.compile(
    r"(?<![\w'])(?:without|hardly|barely|scarcely|only|fail(?:s|ed)?|lack(?:s|ed)?|sans|a peine"
    r"|seulement|ne|n'|senza|appena|solo|soltanto|ohne|kaum|nur|sin|apenas|solamente"
    r"|sino|sondern|se non)(?![\w])"
)


def has_soft_negation(text: str, language: str | None, negations: Sequence[Fact] = ()) -> bool:
    """Whether ``text`` says *without*, *hardly*, *only*… — outside ``negations`` (its
    negation facts, whose "ne" is no soft negation)."""
    folded = fold_aligned(text)
    return any(
        all(m.end() <= n.start or m.start() >= n.end for n in negations)
        for m in _SOFT.finditer(folded)
    )
