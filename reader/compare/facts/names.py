"""Proper names (people, places, organisations, brands) and whether two texts name the
same ones.

A name is a run of capitalised words (with the particles *de*, *di*, *von*, *van*…
between them), less the words that are capitalised for another reason: function words
at the start of a sentence, months and weekdays, titles (*Councillor*, *Frau*, *M.*),
and common words — a word frequent in its own language and much rarer in the others
(*Council*, *Conseil*, *Bundesrat*, *Regierung*; see :mod:`reader.compare.facts.lexicon`).
That last test is what lets German, which capitalises every noun, be read at all.

Only *strong* names can be reported: known places, persons (two words or more, one of
them not a common word) and single words that look like names (rare or international,
not at the start of a sentence). The rest (German single nouns, acronyms, a capitalised
first word) are *weak*: used to match, never reported.

Two names are the same when they share their last word (a surname: *Maria Bianchi* /
*Mme Bianchi*), accents and case aside, when the other text has the word at all (also
inflected: *Zürichs*), when they are known names of one place or organisation
(Genève / Geneva / Ginevra / Genf, Switzerland / Suisse / Svizzera / Schweiz, EU / UE —
``data/places.tsv``, ``data/organisations.tsv``), or when they are close spellings
(*Tokyo* / *Tokio*, *Confederation* / *Confédération*).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from reader.compare.facts.lexicon import foreign_common, is_common, is_rare, zipf
from reader.compare.facts.model import Fact
from reader.compare.facts.text import LANGUAGES, Token, fold, folded_words, words

_DATA = Path(__file__).resolve().parent / "data"


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS = _word_set(
    """
    a an the this that these those and or but if when while as at by for from in into of
    on to with without after before over under about than then so such it its he she they
    we you i me him her them his their our your my there here what which who whom whose
    where why how all any each every no not nor some many much more most other another
    also only just even still yet is are was were be been being has have had do does did
    will would can could shall should may might must one ones
    il lo la i gli le un uno una di da in con su per tra fra e ed o ma se che non come del
    dello della dei degli delle al allo alla ai agli alle dal dalla nel nella nei negli
    nelle sul sulla questo questa questi queste quello quella quelli quelle anche gia
    ancora cosi sia quando dove chi cui suo sua suoi sue loro si ci vi ne mi ti ha hanno e
    sono era essere nessun nessuno ogni tutti tutte
    le la les un une des du de l d et ou mais donc or ni car ce cet cette ces son sa ses
    leur leurs il elle ils elles on nous vous je tu que qui quoi dont au aux en dans par
    pour sur avec sans sous entre est sont etait a ont plus comme aussi tres ne pas si y
    se tout tous toute toutes aucun aucune chaque lorsque quand selon
    der die das den dem des ein eine einer eines einem einen und oder aber nicht ist sind
    war wird werden hat haben zu im in am an auf aus bei mit nach von vor fur uber unter
    durch als auch wie so es er sie wir ihr ich du sich dass kein keine diese dieser dieses
    diesem diesen jede jeder jedes alle man wenn weil da dort hier
    el los las unos unas y o pero del al con sin por para es son fue ser esta estan muy
    mas tambien su sus lo le les este esta estos estas ese esa cada todo todos segun
    """
)
# Titles and forms of address: not part of the name they precede.
_TITLES = _word_set(
    """
    mr mrs ms miss dr prof sir lord lady madam dame herr frau fraulein m mme mlle monsieur
    madame mademoiselle signor signora signorina sig sig.ra sr sra srta don dona senor
    senora councillor councilor conseiller conseillere consigliere consigliera ministro
    ministra minister ministre president presidente presidentin prasident prasidentin
    chancellor chanceliere cancelliere kanzler kanzlerin mayor maire sindaco sindaca
    burgermeister burgermeisterin alcalde alcaldesa senator senatore senatrice senateur
    deputy depute deputee deputato deputata diputado diputada general colonel captain
    king queen prince princess roi reine re regina konig konigin rey reina pope pape papa
    saint sainte san santa st ste sankt father pere padre pfarrer bishop eveque vescovo
    bischof obispo professor professeur professore professoressa doktor doctor docteur
    dottore dottoressa ing avv judge juge giudice richter richterin juez jueza ambassador
    ambassadeur ambassadrice ambasciatore botschafter botschafterin embajador embajadora
    secretary secretaire segretario segretaria sekretar staatssekretar staatssekretarin
    herrn federal councillor bundesrat bundesratin consigliera conseillere nationalrat
    nationalratin standerat standeratin
    """
)
# Lower-case words allowed inside a name: "Charles de Gaulle", "Ursula von der Leyen".
_PARTICLES = _word_set(
    "de di da del della dei degli van von der den du des la le zu zum vom dos das do "
    "d' di' bin ibn al ter ten"
)
# Legal forms after a company's name: "Biketec AG" and "Basel AG" are two companies, and
# the form alone never decides that two names are one.
_LEGAL_FORMS = _word_set(
    "ag sa gmbh ltd inc co corp plc llc lp srl spa sarl sas kg ohg nv bv oy ab as asa"
)
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’»)\]]*\s*$|[\"“«„‘(\[—–-]\s*$|^\s*$")


@lru_cache(maxsize=1)
def _known_names() -> dict[str, tuple[str, ...]]:
    """Folded name → identifiers of the places and organisations it names."""
    table: dict[str, set[str]] = {}
    for file in ("places.tsv", "organisations.tsv"):
        for line in (_DATA / file).read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            ref, _, names = line.partition("\t")
            for name in names.split("|"):
                table.setdefault(fold(name), set()).add(ref)
    return {name: tuple(sorted(refs)) for name, refs in table.items()}


def known_refs(name: str) -> tuple[str, ...]:
    """Identifiers of the places or organisations called ``name`` (any of the five
    languages, accents and case aside): ``known_refs("Genf")`` has "geo:2660646"."""
    return _known_names().get(fold(name), ())


@lru_cache(maxsize=8)
def _calendar(language: str | None) -> frozenset[str]:
    from babel.dates import get_day_names, get_month_names

    out: set[str] = set()
    for lang in (language,) if language else LANGUAGES:
        for width in ("wide", "abbreviated"):
            out.update(fold(n.rstrip(".")) for n in get_month_names(width, "format", lang).values())
        out.update(fold(n) for n in get_day_names("wide", "format", lang).values())
    return frozenset(out)


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _acronym(word: str) -> bool:
    """UN, FTAs, StromVV, CO2: several capitals, or digits, in a short word."""
    if any(c.isdigit() for c in word):
        return True
    letters = [c for c in word if c.isalpha()]
    capitals = sum(1 for c in letters if c.isupper())
    # mostly capitals, or ending in two (StromVV); not camel case (TikTok, McDonald)
    return (
        capitals >= 2
        and "-" not in word
        and (
            capitals * 2 >= len(letters)
            or (len(letters) >= 2 and letters[-1].isupper() and letters[-2].isupper())
        )
    )


# Endings of German nouns and adjectives: a word with one, rare in the word list, is a
# rare German word (Massnahmen, Finanzverwaltung, thermischen), not a name.
_GERMAN_ENDINGS = re.compile(
    r"(?:ung|ungen|heit|heiten|keit|keiten|schaft|schaften|ismus|tion|tionen|tät|täten"
    r"|ische|ischen|ischer|isches|liche|lichen|licher|liches|ende|enden|ierte|ierten|nahme"
    r"|nahmen|werk|werke|gesetz|verordnung|amt|ämter|stelle|stellen|anlage|anlagen|netz"
    r"|netze|er|en|e|es|em|in|innen)$"
)


def _common(word: str, language: str | None, alone: bool, foreign: bool = True) -> bool:
    """A capitalised word that is a common word of the language (see module doc), or
    with ``foreign`` of another language quoted as is."""
    if language is None:
        return False
    bare = word.rstrip("'’")
    if "-" in bare:  # French-speaking, Croix-Rouge, but not Keller-Sutter
        bare = bare.rsplit("-", 1)[1] or bare
        if not bare[:1].isupper() and is_common(bare, language, gap=1.0):
            return True
        bare = bare[:1].upper() + bare[1:]
    if foreign and foreign_common(bare, language):
        return True
    if language in ("it", "fr", "es"):
        # these languages capitalise only names: a capitalised word mid-sentence is a name
        # unless it is very much a word of the language (Consiglio, Conseil, Estado; not
        # García, Bianchi, Giulia, Rossi — first and family names frequent in the
        # language's own texts only)
        return is_common(bare, language, gap=2.5)
    return is_common(bare, language)


def _compound(word: str) -> bool:
    """A German word rare as a whole but ending in a frequent noun: a compound
    (*Bundesratsbeschluss*), not a name."""
    w = word.lower()
    if len(w) < 9:
        return False
    return any(zipf(w[k:], "de") >= 3.3 for k in range(3, len(w) - 3))


def _name_like(word: str, language: str | None, alone: bool = False) -> bool:
    """Could be a name on its own: not a common word, not an acronym, and in German not
    a compound or a rare word with a German ending."""
    if _common(word, language, alone) or _acronym(word):
        return False
    if language == "de" and is_rare(word, "de"):
        return not (_compound(word) or _GERMAN_ENDINGS.search(word.lower()))
    return True


def extract_names(text: str, language: str | None) -> list[Fact]:
    """Names in ``text`` as facts; ``weak`` ones are used only to match (module doc)."""
    calendar = _calendar(language)
    toks = list(words(text))
    headline = _title_case(toks)
    out: list[Fact] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not _capitalised(tok.text) or text[tok.end : tok.end + 1] in ("-", "\u2010"):
            i += 1  # lower case, or the first half of "Brenn- und Treibstoffe"
            continue
        run = [tok]
        j = i + 1
        while j < len(toks):
            gap = text[toks[j - 1].end : toks[j].start]
            abbreviation = gap in (". ", ".\u00a0") and len(toks[j - 1].text) <= 3
            if gap not in (" ", "\u00a0", "") and not abbreviation:
                break
            if not gap and not toks[j - 1].text.endswith(("'", "’")):
                break
            nxt = toks[j]
            if _capitalised(nxt.text) or (
                fold(nxt.text) in _PARTICLES
                and j + 1 < len(toks)
                and _capitalised(toks[j + 1].text)
                and text[nxt.end : toks[j + 1].start] in (" ", "")
            ):
                run.append(nxt)
                j += 1
            else:
                break
        first_of_sentence = bool(_SENTENCE_END.search(text[: tok.start]))
        fact = _name_fact(text, run, language, calendar, first_of_sentence)
        if fact is not None:
            if (
                headline
                and not fact.ref
                and not (len(run) == 1 and any(c.isupper() for c in run[0].text[1:]))
            ):
                # "TikTok Looks to Social Features": title case capitalises words
                fact = replace(fact, weak=True)
            out.append(fact)
        i = j
    return out


def _title_case(toks: list[Token]) -> bool:
    """A headline in title case: most words of four letters or more capitalised."""
    long = [t for t in toks if len(t.text) >= 4 and t.text[0].isalpha()]
    capitals = sum(1 for t in long if t.text[0].isupper())
    return len(long) >= 6 and capitals >= 0.7 * len(long)


def _name_fact(
    text: str,
    run: list[Token],
    language: str | None,
    calendar: frozenset[str],
    first_of_sentence: bool,
) -> Fact | None:
    def dropped(k: int, t: Token) -> bool:
        f = fold(t.text.rstrip("'’"))
        return (
            f in _FUNCTION_WORDS
            or f in _PARTICLES
            or f.rstrip(".") in _TITLES
            or f in calendar
            or (t.text.endswith(("'", "’")) and len(f) <= 4)
            # a capital letter ending the run with no full stop: not an initial
            # ("Contact: Aurélie Pezous T +41 58…")
            or (k == len(run) - 1 and k > 0 and len(f) == 1 and text[t.end : t.end + 1] != ".")
        )

    whole = known_refs(text[run[0].start : run[-1].end]) if len(run) > 1 else ()
    # titles, function words, months on either end are not part of the name
    while run and not whole and dropped(0, run[0]):
        first_of_sentence = False
        run = run[1:]
    while run and (dropped(len(run) - 1, run[-1]) or fold(run[-1].text) in _PARTICLES):
        run = run[:-1]
    if not run:
        return None
    start, end = run[0].start, run[-1].end
    surface = text[start:end]
    capitals = [t for t in run if _capitalised(t.text)]
    refs = whole or known_refs(surface)
    if not refs and len(capitals) > 1:
        # a known place inside a longer run of descriptive words: "Canton of Geneva" and
        # "Geneva Airport" have Geneva, "Karin Keller" or "Paris Durand" no place
        for t in capitals:
            found = known_refs(t.text)
            if found and all(
                u is t or _common(u.text, language, False, foreign=False) for u in capitals
            ):
                refs = found
                break
    # leading common words are descriptions, not names ("Minister Maria Bianchi",
    # "Secondo Bianchi" at the start of a sentence)
    institution = False  # "Consiglio Federale": a common word capitalised mid-sentence
    while (
        len(capitals) > 1
        and not _name_like(capitals[0].text, language)
        and not known_refs(capitals[0].text)
    ):
        institution = institution or not (first_of_sentence and capitals[0] is run[0])
        capitals = capitals[1:]
        run = run[run.index(capitals[0]) :]
        first_of_sentence = False
    start = run[0].start
    surface = text[start:end]
    alone = len(capitals) == 1 and not institution
    if all(_common(t.text, language, alone) for t in capitals) and not refs:
        return None  # common words only: "Federal Council", "Regierung"
    value = " ".join(fold(t.text.rstrip("'’")) for t in run)
    acronym = all(_acronym(t.text) for t in capitals)
    if refs:
        weak = False
    elif acronym:
        weak = True
    elif len(capitals) >= 2:
        weak = not any(_name_like(t.text, language) for t in capitals)
    else:
        word = capitals[0].text
        weak = first_of_sentence and not is_rare(word, language or "en")
        weak = weak or not _name_like(word, language, alone=True) or len(word) < 3
        if language == "de" and not is_rare(word, "de"):
            weak = True  # a German single word that the lexicon knows: most likely a noun
    return Fact("name", start, end, surface, value, weak=weak, ref=refs[0] if refs else "")


# --------------------------------------------------------------------------- matching


def given_name_swapped(x: Fact, y: Fact, x_other: Other, y_other: Other) -> bool:
    """Two persons with one surname and different given names: *Albert Rösti* /
    *Villigen Rösti*, *Maria Bianchi* / *Giulia Bianchi* — not *Maria Bianchi* / *M.
    Bianchi* (an initial), nor a given name that the other text has too or spells alike
    (*Anne* / *Anna*)."""
    xs, ys = name_parts(x), name_parts(y)
    if len(xs) < 2 or len(ys) < 2 or x.ref or y.ref:
        return False
    if xs[-1] != ys[-1] and not similar(xs[-1], ys[-1]):
        return False
    gx, gy = xs[-2], ys[-2]
    if len(gx) < 3 or len(gy) < 3 or gx == gy or similar(gx, gy):
        return False
    return not y_other.has_word(gx) and not x_other.has_word(gy)


@lru_cache(maxsize=4096)
def _trigrams(text: str) -> frozenset[str]:
    t = f"  {text} "
    return frozenset(t[i : i + 3] for i in range(len(t) - 2))


def similar(a: str, b: str) -> bool:
    """Close spellings of one name (folded): *tokyo* / *tokio*, *confederation* /
    *confederazione*; Dice coefficient of character trigrams ≥ 0.5."""
    ga, gb = _trigrams(a), _trigrams(b)
    return 2 * len(ga & gb) >= (len(ga) + len(gb)) * 0.5 and min(len(a), len(b)) >= 4


def pieces(word: str) -> set[str]:
    """The parts of a hyphenated name: keller-sutter → keller, sutter."""
    return {p for p in word.split("-") if p} or {word}


def person_like(parts: list[str]) -> bool:
    """Two or three words (particles left out), none a legal form: a given name or two
    and a surname."""
    return 2 <= len(parts) <= 3 and not any(p in _LEGAL_FORMS for p in parts)


class Other:
    """What a name of one text is matched against: the other text's words and refs."""

    __slots__ = ("heads", "refs", "words")

    def __init__(self, text: str, names: list[Fact]) -> None:
        self.words = set(folded_words(text))
        self.words |= {p for w in list(self.words) if "-" in w for p in w.split("-")}
        toks = [t for t in words(text) if _capitalised(t.text)]
        refs: set[str] = {n.ref for n in names if n.ref}
        for k, t in enumerate(toks):
            refs.update(known_refs(t.text))
            if k + 1 < len(toks):
                refs.update(known_refs(f"{t.text} {toks[k + 1].text}"))
        self.refs = refs
        # a given name that is a place too → the surnames it comes with in this text:
        # "Karin Müller" puts karin (a town in Iran) → müller
        self.heads: dict[str, set[str]] = {}
        for n in names:
            parts = name_parts(n)
            if person_like(parts):
                for ref in known_refs(parts[0]):
                    self.heads.setdefault(ref, set()).add(parts[-1])

    def renamed(self, ref: str, last: str) -> bool:
        """Whether this text has the place ``ref`` only as the given name of persons with
        another surname than ``last``: *Karin Müller* against *Karin Keller*."""
        heads = self.heads.get(ref)
        if not heads:
            return False
        mine = set(known_refs(last))
        return not any(
            pieces(h) & pieces(last) or similar(h, last) or mine & set(known_refs(h)) for h in heads
        )

    def has_word(self, word: str) -> bool:
        if len(word) < 3:
            return word in self.words
        if word in self.words:
            return True
        # inflected or compounded on the other side: Zürichs, Bianchis, Zürichsee
        return len(word) >= 4 and any(
            w.startswith(word) and len(w) - len(word) <= 4 for w in self.words
        )


def name_parts(name: Fact) -> list[str]:
    """The words of a name that can tell it from another: particles and legal forms
    left out (*Charles de Gaulle* → charles, gaulle; *Biketec AG* → biketec)."""
    parts = [p for p in name.value.split() if p not in _PARTICLES]
    kept = [p for p in parts if p not in _LEGAL_FORMS]
    return kept or parts


def matched(name: Fact, other: Other) -> bool:
    """Whether the other text names ``name`` too (module doc)."""
    if name.ref and name.ref in other.refs:
        return True
    parts = name_parts(name)
    if not parts:
        return True
    person = person_like(parts)
    if any(
        r in other.refs and not (person and k == 0 and other.renamed(r, parts[-1]))
        for k, p in enumerate(parts)
        for r in known_refs(p)
    ):
        return True  # a place in it: "Canton of Geneva" / "Genève" (not a given name)
    if len(parts) == 1:
        return any(
            other.has_word(piece)
            for piece in [parts[0], *parts[0].split("-")]
            if len(piece) >= 3 or piece == parts[0]
        )
    # a person: the surname decides (Maria Bianchi = M. Bianchi; Maria Bianchi ≠ Maria Rossi;
    # Keller-Sutter = Keller Sutter)
    return other.has_word(parts[-1]) or all(other.has_word(p) for p in pieces(parts[-1]))
