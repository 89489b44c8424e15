"""A rule-based sentence splitter for news text in English, Italian, French, German, Spanish.

``split_sentences(text, language)`` returns ``(start, end)`` offsets such that
``text[start:end]`` is a sentence with no surrounding whitespace. Offsets always map back
to the source; the splitter never raises.

How a boundary is decided
-------------------------
A *candidate* is a run of sentence-final punctuation (``.``, ``!``, ``?``, ``…``, or a mix
such as ``?!`` or ``...``), optionally followed by closing quotes or brackets (``”’"»)]``,
with a space allowed before ``»`` as French typesets it), then whitespace, then the start
of the next sentence: optional opening quotes/brackets and an upper-case letter or a digit.
Blank lines are always boundaries. A candidate is rejected when:

* the word before a ``.`` is a known abbreviation of the language (``Mr.``, ``Dr.``,
  ``e.g.``, ``dott.``, ``sig.``, ``ecc.``, ``M.``, ``Mme.``, ``p. ex.``, ``z.B.`` …).
  Abbreviations of numbers (``No.``, ``p.``, ``art.``, ``fig.``) only hold before a digit
  ("No. 5" but "The answer was no. We left"). When the language is unknown, the union
  of all languages is used, minus abbreviations that are common words elsewhere (French
  ``me``, Italian ``on``, Spanish ``es`` …).
  Abbreviations that often end a sentence (``etc.``, ``ecc.``, ``Inc.``, ``Ltd.`` …) are
  boundaries when an upper-case word follows; titles (``Mr.``, ``dott.``, ``M.``) never are;
* the word is a single letter or a dotted acronym (``J.``, ``U.S.``, ``S.p.A.``): not a
  boundary unless the next word is a common sentence opener of the language (``The``,
  ``Il``, ``Le`` …), so ``J. K. Rowling`` stays whole but ``in the U.S. The`` splits;
* the word is a number at the start of a line (``1.`` list marker) or a number followed by
  a month name (German ``12. September``);
* the punctuation is an ellipsis followed by a lower-case word (the sentence goes on);
* a dialogue dash follows, then a lower-case word (``— Che fai tu? — egli ribatte.``);
* the candidate lies inside a quotation that closes later in the same text *without*
  sentence-final punctuation at its end (``he called it “a mess. A total mess” and left``):
  such a quotation is a fragment of the enclosing sentence. A quotation that ends with a
  full stop (``“I'm done. Goodbye.” He left.``), or that never closes (unbalanced quotes
  are common in scraped news), is split like ordinary text.

Decimal numbers and thousands (``3.5``, ``1.000``, ``1,000``) never produce a candidate
because no whitespace follows the dot.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

# --- abbreviations ------------------------------------------------------------------------

# Never a sentence end (they precede a name).
_NOT_END: dict[str, str] = {
    "common": "mr mrs ms messrs dr prof st mt gen col lt sgt capt gov sen rep rev hon"
    " e.g i.e cf vs approx jan feb mar apr jun jul aug sep sept oct nov dec mme mlle mmes",
    "en": "ave blvd rd dept est esp",
    "it": "dott dott.ssa dr.ssa sig sig.ra sig.na sigg prof.ssa avv ing arch on geom rag"
    " p.es es cfr sr.ssa mons ss",
    "fr": "m mm mme mmes mlle mlles me mgr pr ste av apr j.-c env ex p.ex éd réf bd n° hab",
    "de": "hr hrn fr frl bzw z.b d.h u.a ca str evtl ggf vgl inkl zzgl bspw s.o geb jh mio mrd",
    "es": "sr sra srta sres dra d dña ud uds av avda ej p.ej aprox",
}
# Not a sentence end before a number ("No. 5", "p. 12", "art. 3"), otherwise a normal word.
_BEFORE_NUMBER = (
    "no nos nr n num núm p pp pag pagg pág fig figs vol vols art cap chap ch op sez tel abs"
    " ed eds al"
)
# Abbreviations of one language that are ordinary words in another ("me", "on", "es",
# "est", "ex", "mio" …): used only when the language is known.
_AMBIGUOUS_WORDS = "me on es est ex mio ca ing arch rag ss fr d m av sig ej"
_AMBIGUOUS = frozenset(_AMBIGUOUS_WORDS.split())
# Often the last word of a sentence: a boundary when an upper-case word follows.
_MAY_END = "etc ecc usw inc ltd co corp jr bros plc llc spa s.p.a s.r.l srl sa s.a gmbh ag"

_OPENERS: dict[str, str] = {
    "en": "the a an this that these those it he she they we i you there here but and however"
    " in on at as if when while what why how who its his her their our my after before for",
    "it": "il lo la i gli le un una uno questo questa ma e in per non se come quando si ci è"
    " nel nella dopo secondo",
    "fr": "le la les l un une des ce cette ces il elle ils elles on nous vous je mais et en"
    " dans pour si quand c selon après",
    "de": "der die das ein eine er sie es wir ich aber und in im am auf mit nach",
    "es": "el la los las un una este esta pero y en es se no según",
}

_MONTHS = (
    "january february march april may june july august september october november december"
    " gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre"
    " dicembre janvier février mars avril mai juin juillet août septembre octobre novembre"
    " décembre januar februar märz april mai juni juli august september oktober november"
    " dezember enero febrero marzo abril mayo junio julio agosto septiembre octubre"
    " noviembre diciembre"
)
_MONTH_SET = frozenset(_MONTHS.split())


@lru_cache(maxsize=16)
def _abbreviations(
    language: str | None,
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(never an end, may end, sentence openers) for ``language`` (``None``: all, safely)."""
    not_end = set(_NOT_END["common"].split())
    openers: set[str] = set()
    known = language in _OPENERS
    for lang in [language] if known else list(_OPENERS):
        not_end.update(_NOT_END[lang or "common"].split())
        openers.update(_OPENERS[lang or "en"].split())
    if not known:
        not_end -= _AMBIGUOUS
    may_end = frozenset(_MAY_END.split())
    return frozenset(not_end - may_end), may_end, frozenset(openers)


_BEFORE_NUMBER_SET = frozenset(_BEFORE_NUMBER.split())


# --- candidates ---------------------------------------------------------------------------

_CLOSERS = '”’"»)]'
_OPEN_CHARS = '“‘"«([¿¡„‚'
_CANDIDATE = re.compile(
    r"(?:\.(?: \.){2,}|[.!?…]+)"  # final punctuation (". . ." and "..." included)
    r"(?:[”’\"')\]]|\s?»)*"  # closing quotes / brackets (French: space before »)
    r"(?=(\s+)([“‘\"«(\[¿¡„‚]*)(\S))"  # whitespace, openers, first char of next sentence
)
_ANY_FINAL = re.compile(r"[.!?…]")
_NEXT_WORD = re.compile(r"[\w’'-]+")
_ELISION = re.compile(r"[’']")
_AFTER_DASH = re.compile(r"\s*(\w)")
_ACRONYM = re.compile(r"(?:\w{1,2}\.)+\w{1,2}")
_QUOTE_CHARS = re.compile('[“”‘’«»„"]')
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


def _quote_spans(text: str) -> list[tuple[int, int | None, bool]]:
    """Quotations as (open, close or None, ends_with_final_punctuation)."""
    spans: list[tuple[int, int | None, bool]] = []
    stack: list[tuple[int, str]] = []
    pairs = {"“": "”", "«": "»", "‘": "’", "„": "“"}
    n = len(text)
    for match in _QUOTE_CHARS.finditer(text):
        i = match.start()
        ch = match.group()
        if ch in "“«„" or (ch == "‘" and (i == 0 or not text[i - 1].isalnum())):
            # „ opens and “ closes in German; treat “ as opener unless it closes a „.
            if ch == "“" and stack and stack[-1][1] == "„":
                _close(text, stack, spans, i)
                continue
            stack.append((i, ch))
        elif ch in "”»" or (ch == "’" and stack and stack[-1][1] == "‘"):
            if ch == "’" and i + 1 < n and text[i + 1].isalpha():
                continue  # apostrophe inside a word (l’app, it’s)
            # close the innermost quotation of this kind
            for depth in range(len(stack) - 1, -1, -1):
                if pairs.get(stack[depth][1]) == ch or ch == "”":
                    del stack[depth + 1 :]
                    _close(text, stack, spans, i)
                    break
        elif ch == '"':
            prev = text[i - 1] if i else " "
            if stack and stack[-1][1] == '"' and not prev.isspace():
                _close(text, stack, spans, i)
            elif prev.isspace() or prev in _OPEN_CHARS or i == 0:
                stack.append((i, ch))
            elif stack and stack[-1][1] == '"':
                _close(text, stack, spans, i)
    spans.extend((start, None, False) for start, _ in stack)
    return spans


def _close(
    text: str,
    stack: list[tuple[int, str]],
    spans: list[tuple[int, int | None, bool]],
    pos: int,
) -> None:
    start, _ = stack.pop()
    j = pos - 1
    while j > start and (text[j].isspace() or text[j] in _CLOSERS):
        j -= 1
    final = text[j] in ".!?…"
    k = pos + 1
    while k < len(text) and text[k] in _CLOSERS:
        k += 1
    if k < len(text) and text[k] in ".!?…":
        final = True
    spans.append((start, pos, final))


def _fragment_intervals(spans: list[tuple[int, int | None, bool]]) -> list[tuple[int, int]]:
    """The union of the closed quotations that do not end a sentence, sorted."""
    merged: list[tuple[int, int]] = []
    closed = sorted((s, e) for s, e, f in spans if e is not None and not f)
    for start, end in closed:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _inside(pos: int, intervals: list[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect.bisect_left(starts, pos) - 1  # the last interval that starts before pos
    return k >= 0 and pos < intervals[k][1]


def _is_boundary(
    text: str,
    m: re.Match[str],
    fragments: tuple[list[tuple[int, int]], list[int]],
    language: str | None,
) -> bool:
    nxt = m.group(3)
    if nxt.islower() or (nxt.isalpha() and not nxt.isupper()):
        return False  # the sentence goes on ("e.g. novels", "… and on")
    if nxt in "—–-":
        # a dialogue dash: "— Che fai tu? — egli ribatte." goes on with a lower-case tag
        after = _AFTER_DASH.match(text, m.start(3) + 1)
        if after is not None and after.group(1).islower():
            return False
    punct_start = m.start()
    if fragments[0] and _inside(punct_start, *fragments):
        return False
    core = m.group().rstrip(_CLOSERS + " ")
    if core == ".":
        word_start = punct_start
        while word_start > 0 and not text[word_start - 1].isspace():
            word_start -= 1
        if word_start == punct_start:
            return True
        not_end, may_end, openers = _abbreviations(language)
        low = text[word_start:punct_start].lstrip(_OPEN_CHARS).lower().rstrip(".")
        if "’" in low[:4] or "'" in low[:4]:
            low = _ELISION.split(low)[-1]  # elided article glued on: l’avv. / dell'ing.
        if low in not_end:
            return False
        if low in _BEFORE_NUMBER_SET:
            return not nxt.isdigit()
        if low in may_end:
            return nxt.isupper()
        nm = _NEXT_WORD.match(text, m.start(3))
        next_word = (nm.group() if nm else nxt).lower()
        bare = low.replace(".", "").replace("-", "")
        if (len(bare) == 1 and bare.isalpha()) or _ACRONYM.fullmatch(low):
            # an initial or a dotted acronym (J. / U.S. / S.p.A.): a boundary only before
            # a common sentence opener
            return _ELISION.split(next_word)[0] in openers
        if low.isdigit():
            line_start = text.rfind("\n", 0, word_start) + 1
            if not text[line_start:word_start].strip():
                return False  # "1." list marker
            if next_word in _MONTH_SET:
                return False  # "12. September"
        return True
    if core[:1] == "." or "…" in core:
        # an ellipsis ends a sentence only before an upper-case start
        return nxt.isupper() or nxt.isdigit()
    return True


def split_sentences(text: str, language: str | None = None) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return their ``(start, end)`` character offsets."""
    if not text:
        return []
    if _ANY_FINAL.search(text) is None and "\n" not in text:
        stripped = text.strip()  # a heading or a label: one sentence, no scan needed
        if not stripped:
            return []
        start = text.index(stripped[0])
        return [(start, start + len(stripped))]
    cuts: list[int] = []
    fragments: tuple[list[tuple[int, int]], list[int]] | None = None
    pos = 0
    while (found := _ANY_FINAL.search(text, pos)) is not None:
        # anchoring the candidate pattern at each final mark is about twice as fast as
        # letting it scan the whole text
        m = _CANDIDATE.match(text, found.start())
        if m is None:
            pos = found.end()
            continue
        pos = m.end()
        if fragments is None:
            intervals = _fragment_intervals(_quote_spans(text))
            fragments = (intervals, [start for start, _ in intervals])
        if _is_boundary(text, m, fragments, language):
            cuts.append(m.end())
    if "\n" in text:
        cuts.extend(m.start() for m in _BLANK_LINE.finditer(text))
    cuts.sort()
    result: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, len(text)]:
        if cut <= start:
            continue
        seg = text[start:cut]
        stripped_left = len(seg) - len(seg.lstrip())
        stripped_right = len(seg.rstrip())
        if stripped_right > stripped_left:
            result.append((start + stripped_left, start + stripped_right))
        start = cut
    return result


def presegmented_lines(text: str) -> list[str]:
    """The sentences of presegmented text (``reader align --presegmented``): one a line,
    line i is sentence i (empty lines keep their number); a final newline ends the last
    line, and a carriage return before a newline is dropped."""
    if not text:
        return []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]
