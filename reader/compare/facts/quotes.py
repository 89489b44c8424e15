"""Quoted phrases — “…”, «…», „…“, »…«, "…", ‘…’, ‹…› — and who the sentence says said
them (*said X*, *X said*, *according to X*, *a déclaré X*, *selon X*, *ha detto X*,
*secondo X*, *sagte X*, *laut X*, *dijo X*, *según X*…).

Quotes of fewer than three words are terms ("Reverse", «smart working»), not
statements: they are facts, marked weak, and never reported as missing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.compare.facts.model import Fact
from reader.compare.facts.text import LANGUAGES, fold, fold_aligned, words

MIN_WORDS = 3

_QUOTE = re.compile(
    r"“(?P<a>[^“”]+)”"
    r"|„(?P<b>[^„“”]+)[“”]"
    r"|«\s?(?P<c>[^«»]+?)\s?»"
    r"|»(?P<d>[^»«]+)«"
    r"|‹\s?(?P<e>[^‹›]+?)\s?›"
    r"|(?<![\w])‘(?P<f>[^‘’]+?)’(?![\w])"
    r"|(?<![\w])\"(?P<g>[^\"]+)\"(?![\w])"
    r"|(?<![\w'])'(?P<h>[^'\n]*?\w[\s,;:]+\w[^'\n]*?)'(?![\w'])"
)
# Speech verbs and attributions, folded (fold_aligned), per language.
_SPEECH = {
    "en": r"said|says|say|told|tells|added|adds|explained|explains|stated|states|declared"
    r"|noted|notes|wrote|writes|asked|replied|insisted|warned|argued|according\s+to"
    r"|answered|cried|exclaimed|continued|went\s+on|thought|whispered|shouted|called",
    "fr": r"dit|a\s+dit|declare|a\s+declare|affirme|a\s+affirme|ajoute|a\s+ajoute|explique"
    r"|a\s+explique|precise|a\s+precise|indique|a\s+indique|souligne|a\s+souligne|selon"
    r"|d'apres|estime|a\s+estime|ecrit|a\s+ecrit|disait|disaient|dirent|repondit|repliqua"
    r"|repliquait|reprit|s'ecria|s'ecrierent|demanda|continua|pensa|murmura|cria",
    "it": r"ha\s+detto|dice|detto|ha\s+dichiarato|dichiara|ha\s+affermato|afferma"
    r"|ha\s+aggiunto|aggiunge|ha\s+spiegato|spiega|secondo|ha\s+sottolineato|sottolinea"
    r"|ha\s+scritto|scrive|ha\s+precisato|precisa|disse|dissi|rispose|esclamo|chiese"
    r"|domando|continuo|penso|grido|diceva",
    "de": r"sagte|sagt|sagten|erklarte|erklart|betonte|betont|meinte|meint|schrieb|schreibt"
    r"|laut|so|fugte|hinzu|sagte\s+er|teilte\s+mit|antwortete|rief|fragte|dachte|fuhr\s+fort",
    "es": r"dijo|dice|declaro|afirmo|anadio|explico|segun|senalo|aseguro|escribio|indico"
    r"|ha\s+dicho|ha\s+declarado|ha\s+afirmado|respondio|exclamo|pregunto|penso|grito",
}
WINDOW = 60  # characters around a quote where its speaker is looked for


@lru_cache(maxsize=8)
def _speech(language: str | None) -> re.Pattern[str]:
    langs = (language,) if language else LANGUAGES
    body = "|".join(_SPEECH[lang] for lang in langs)
    return re.compile(rf"(?<![\w'])(?:{body})(?![\w])")


def extract_quotes(text: str, language: str | None, names: list[Fact] | None = None) -> list[Fact]:
    """Quoted phrases, with their speaker when a name stands next to a speech verb or
    an attribution near the quote. ``names``: the names of ``text`` (extracted if not
    given)."""
    found = []
    for m in _QUOTE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        n_words = len(words(inner))
        if n_words == 0:
            continue
        value = " ".join(fold(w.text) for w in words(inner))
        found.append((m.start(), m.end(), value, n_words < MIN_WORDS))
    if not found:
        return []
    if names is None:
        from reader.compare.facts.names import extract_names

        names = extract_names(text, language)
    folded = fold_aligned(text)
    speech = _speech(language)
    out = []
    for start, end, value, weak in found:
        speaker = _speaker(folded, start, end, names, speech, found)
        out.append(
            Fact(
                "quote",
                start,
                end,
                text[start:end],
                value,
                weak=weak,
                speaker=speaker.text if speaker else "",
                speaker_start=speaker.start if speaker else -1,
                speaker_end=speaker.end if speaker else -1,
            )
        )
    return out


def _speaker(
    folded: str,
    start: int,
    end: int,
    names: list[Fact],
    speech: re.Pattern[str],
    quotes: list[tuple[int, int, str, bool]],
) -> Fact | None:
    """The name nearest a speech verb within WINDOW characters of the quote, outside
    every quote."""
    lo, hi = max(0, start - WINDOW), min(len(folded), end + WINDOW)

    def outside(pos: int) -> bool:
        return all(not (s <= pos < e) for s, e, _, _ in quotes)

    verbs = [
        v
        for v in speech.finditer(folded, lo, hi)
        if outside(v.start()) and (v.end() <= start or v.start() >= end)
    ]
    if not verbs:
        # "Bianchi: “…”" — a name followed by a colon right before the quote
        for n in names:
            if 0 <= start - n.end <= 3 and folded[n.end : start].strip() in (":", ""):
                return n if folded[n.end : start].strip() == ":" else None
        return None
    best: tuple[int, Fact] | None = None
    for n in names:
        if not outside(n.start) or not (lo <= n.start < hi):
            continue
        if start <= n.start < end:
            continue
        for v in verbs:
            distance = max(v.start() - n.end, n.start - v.end(), 0)
            to_quote = max(start - v.end(), v.start() - end, 0)
            score = distance + to_quote // 2
            if distance <= 30 and (best is None or score < best[0]):
                best = (score, n)
    return best[1] if best else None


_MARKS = re.compile(r"[“”„«»‹›]|(?<![\w])[\"‘](?=\w)|^\s*(?:--|—|–|-\s)")


def has_quotation(text: str, language: str | None = None) -> bool:
    """Any sign of quoted speech: a quote mark, even unmatched (a quote split across
    sentences), a dialogue dash at the start, or a verb of saying (direct speech written
    without marks: "Maître, dit-il, …")."""
    return bool(_MARKS.search(text)) or bool(_speech(language).search(fold_aligned(text)))
