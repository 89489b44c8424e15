"""Surface features of text for cross-lingual comparison: tokens, names, numbers,
quoted phrases, URLs, clauses and accent-folded character n-grams.

Pure Python, no UI imports. The similarity backends built on these features live in
:mod:`reader.compare.scoring.similarity`.

Every extractor returns offsets into the text it was given, so that results can be
shown as highlighted spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# --------------------------------------------------------------------------- bounds

# Hostile input (a 150,000-character "word", a megabyte without a full stop) must cost
# about what ordinary text costs. Real words are far shorter than MAX_WORD (German
# compounds reach 60 letters), real sentences and aligned beads than MAX_TEXT, and real
# aligned pairs have far fewer clauses and quotes than MAX_CLAUSES / MAX_QUOTES.
MAX_WORD = 64  # n-grams (and lexical features) are taken from a word's first characters
MAX_TEXT = 20_000  # features of a text come from its first characters
MAX_CLAUSES = 64  # more clauses are regrouped into this many runs of neighbours
MAX_QUOTES = 32  # quoted phrases examined per text

# --------------------------------------------------------------------------- folding


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes: *Città* → *citta*, *l’app* → *l'app*."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("\u2019", "'").replace("\u2018", "'").casefold()


# --------------------------------------------------------------------------- tokens

WORD_RE = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def folded(self) -> str:
        return fold(self.text)


def tokens(text: str) -> list[Token]:
    """Word tokens (letters/digits, hyphenated compounds kept); apostrophes split."""
    return [Token(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words of the supported languages: never names, weak evidence of similarity.
STOPWORDS: frozenset[str] = _words(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours out over own same she should so some such than that the their
    theirs them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours however
    according as per this that these those those one
    il lo la i gli le un uno una di da in con su per tra fra e ed o ma se che non piu come
    del dello della dei degli delle al allo alla ai agli alle dal dallo dalla dai dagli
    dalle nel nello nella nei negli nelle sul sullo sulla sui sugli sulle questo questa
    questi queste quello quella quelli quelle ha hanno e sono era essere stato anche gia
    ancora cosi sia quando dove chi cui suo sua suoi sue loro si ci vi ne mi ti
    le la les un une des du de d l et ou mais donc or ni car ce cet cette ces son sa ses
    leur leurs il elle ils elles on nous vous je tu que qui quoi dont au aux en dans par
    pour sur avec sans sous entre est sont etait ete etre a ont plus comme aussi tres
    ne pas si y se
    der die das den dem des ein eine einer eines einem einen und oder aber nicht ist sind
    war wird werden hat haben zu im in am an auf aus bei mit nach von vor fur uber unter
    durch als auch wie so es er sie wir ihr ich du sich dass
    el los las unos unas y o pero del al con sin por para es son fue ser esta estan muy
    mas tambien su sus lo le les
    """
)

# English capitalises these; the other languages do not: not names.
CALENDAR: frozenset[str] = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december
    """
)

# Conjunctions and relative pronouns at which a long sentence is split into clauses.
CLAUSE_CONJUNCTIONS: dict[str, frozenset[str]] = {
    "en": _words("and but while which because although though whereas so if when"),
    "it": _words("e ed ma mentre perche poiche sebbene benche quindi se quando"),
    "fr": _words("et mais tandis car donc bien lorsque quand si puisque"),
    "de": _words("und aber wahrend weil obwohl denn sondern wenn als"),
    "es": _words("y pero mientras porque aunque cuando si pues"),
}
ALL_CONJUNCTIONS: frozenset[str] = frozenset().union(*CLAUSE_CONJUNCTIONS.values())


def content_words(text: str) -> list[Token]:
    return [t for t in tokens(text) if t.folded not in STOPWORDS and not t.text.isdigit()]


# --------------------------------------------------------------------------- numbers

_ORDINAL = r"(?:st|nd|rd|th|er|re|e|d|eme|ème|°|º|ª)?"
NUMBER_RE = re.compile(
    r"(?<![\w.,])(?P<a>[-−]?\d{1,3}(?:(?:[,.]|[ \u00a0\u202f'’])\d{3})+(?:[.,]\d+)?)"
    + _ORDINAL
    + r"(?![\w])"
    r"|(?<![\w.,])(?P<b>[-−]?\d+(?:[.,]\d+)?)" + _ORDINAL + r"(?![\w])"
)

# Number words (cardinals up to twenty and the tens) of the supported languages, so that
# "forty" has a counterpart in "40".
NUMBER_WORDS: dict[str, str] = {}
for _lang_words in (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty",
    "zero uno due tre quattro cinque sei sette otto nove dieci undici dodici tredici "
    "quattordici quindici sedici diciassette diciotto diciannove venti",
    "zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
    "quinze seize dix-sept dix-huit dix-neuf vingt",
    "null eins zwei drei vier funf sechs sieben acht neun zehn elf zwolf dreizehn vierzehn "
    "funfzehn sechzehn siebzehn achtzehn neunzehn zwanzig",
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
    "quince dieciseis diecisiete dieciocho diecinueve veinte",
):
    for _value, _word in enumerate(_lang_words.split()):
        NUMBER_WORDS.setdefault(_word, str(_value))
for _lang_tens in (
    "thirty forty fifty sixty seventy eighty ninety",
    "trenta quaranta cinquanta sessanta settanta ottanta novanta",
    "trente quarante cinquante soixante soixante-dix quatre-vingt quatre-vingt-dix",
    "dreissig vierzig funfzig sechzig siebzig achtzig neunzig",
    "treinta cuarenta cincuenta sesenta setenta ochenta noventa",
):
    for _k, _word in enumerate(_lang_tens.split()):
        NUMBER_WORDS.setdefault(_word, str(30 + 10 * _k))
for _word, _v in (
    ("hundred", "100"),
    ("cento", "100"),
    ("cent", "100"),
    ("hundert", "100"),
    ("cien", "100"),
    ("thousand", "1000"),
    ("mille", "1000"),
    ("mil", "1000"),
    ("tausend", "1000"),
    ("dozen", "12"),
    ("dozzina", "12"),
    ("douzaine", "12"),
):
    NUMBER_WORDS.setdefault(_word, _v)
NUMBER_WORDS.pop("un", None)  # French article far more often than "one"
NUMBER_WORDS.pop("uno", None)


def normalise_number(raw: str) -> str:
    """One spelling per value: ``1,000`` / ``1.000`` / ``1 000`` → ``1000``; ``3,5`` → ``3.5``."""
    s = raw.replace("−", "-").replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    neg = s.startswith("-")
    s = s.lstrip("-")
    s = s.replace(" ", "").replace("'", "")
    groups = re.split(r"[.,]", s)
    seps = re.findall(r"[.,]", s)
    if not seps:
        value = s
    elif len(seps) == 1:
        head, tail = groups
        # a single separator followed by exactly 3 digits is a thousands mark (1,000 / 1.000)
        # unless the head is 0 (0,125 is a decimal)
        value = head + tail if len(tail) == 3 and head not in ("0", "") else f"{head}.{tail}"
    else:
        last = seps[-1]
        if all(sep == seps[0] for sep in seps):
            value = "".join(groups)  # 1.000.000 or 1,000,000
        else:  # 1.234,5 or 1,234.5: the last separator is the decimal mark
            value = "".join(groups[:-1]) + "." + groups[-1]
        del last
    if "." in value:
        value = value.rstrip("0").rstrip(".") if "." in value else value
    value = value.lstrip("0") or "0"
    if value.startswith("."):
        value = "0" + value
    return ("-" if neg and value != "0" else "") + value


def numbers(text: str) -> list[tuple[int, int, str]]:
    """Numbers in ``text`` as (start, end, normalised value)."""
    out = []
    for m in NUMBER_RE.finditer(text):
        group = "a" if m.group("a") is not None else "b"
        raw = m.group(group).rstrip()
        start = m.start(group)
        out.append((start, start + len(raw), normalise_number(raw)))
    return out


def number_words(text: str) -> list[str]:
    """Values of the number words in ``text`` ("forty" → "40")."""
    return [NUMBER_WORDS[t.folded] for t in tokens(text) if t.folded in NUMBER_WORDS]


# --------------------------------------------------------------------------- names

_OPENERS = set("\"'“‘«„‹([—–-:;")


def names(text: str) -> list[Token]:
    """Capitalised tokens that are names rather than sentence-initial capitals.

    A capitalised word counts when it is not the first word of a sentence or a quote, or
    when it looks like a name wherever it stands (inner capitals *TikTok*, acronyms *DM*).
    Function words are never names. In a headline written in title case only inner
    capitals and acronyms count.
    """
    out: list[Token] = []
    prev_end = 0
    first = True
    words = tokens(text)
    headlines = _headline_segments(text)
    for tok in words:
        gap = text[prev_end : tok.start]
        if re.search(r"[.!?…]\s*$|[.!?…][\"'”’»)]*\s+$", gap) or any(c in '“«„"' for c in gap):
            first = True
        word = tok.text
        prev_end = tok.end
        starts_upper = word[0].isupper()
        inner = any(c.isupper() for c in word[1:]) and not word.isupper()
        acronym = word.isupper() and len(word) >= 2 and word.isalpha()
        was_first = first
        first = False
        if not starts_upper or tok.folded in STOPWORDS or tok.folded in CALENDAR:
            continue
        headline = any(a <= tok.start < b for a, b in headlines)
        if inner or acronym or (not was_first and len(word) > 1 and not headline):
            out.append(tok)
    return out


def _headline_segments(text: str) -> list[tuple[int, int]]:
    """Runs of title case: six or more capitalised words in a row, short lower-case
    function words allowed between them ("TikTok Looks to Social Features to Compete
    with Meta"). Longer than almost any name, typical of headlines."""
    out = []
    run: list[Token] = []
    capitals = 0

    def close() -> None:
        if capitals >= 6:
            out.append((run[0].start, run[-1].end))

    for tok in tokens(text):
        word = tok.text
        if word[0].isupper():
            run.append(tok)
            capitals += 1
        elif run and word.islower() and len(word) <= 4 and tok.folded in STOPWORDS:
            run.append(tok)
        else:
            close()
            run, capitals = [], 0
    close()
    return out


# --------------------------------------------------------------------------- quotes, urls

QUOTE_RE = re.compile(r"“([^“”]{3,}?)”|«\s?([^«»]{3,}?)\s?»|„([^„“”]{3,}?)[“”]|\"([^\"]{3,}?)\"")
URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"“”«»]+[^\s<>\"“”«».,;:!?)]")


def quotes(text: str) -> list[tuple[int, int, str]]:
    """Quoted phrases of at least two words: (start, end, inner text), quote marks included."""
    out = []
    for m in QUOTE_RE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if len(tokens(inner)) >= 2:
            out.append((m.start(), m.end(), inner))
            if len(out) >= MAX_QUOTES:
                break
    return out


def urls(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in URL_RE.finditer(text)]


# --------------------------------------------------------------------------- clauses

_CLAUSE_PUNCT = re.compile(r"[,;:](?=\s|$)|[–—()]|\s-\s|[.!?…](?=\s)")


def clauses(text: str, language: str | None = None, min_words: int = 3) -> list[tuple[int, int]]:
    """Split ``text`` into clauses: at , ; : – — ( ) and sentence ends, and before
    conjunctions of ``language`` (all supported languages when unknown). Pieces of fewer
    than ``min_words`` words are merged into a neighbour. Returns (start, end) offsets
    trimmed of spaces and punctuation. Beyond :data:`MAX_CLAUSES` clauses, neighbours are
    regrouped into that many runs, so that the work on one text stays bounded."""
    merged = _clauses(text, language, min_words)
    if len(merged) <= MAX_CLAUSES:
        return merged
    size = -(-len(merged) // MAX_CLAUSES)
    return [
        (merged[k][0], merged[min(k + size, len(merged)) - 1][1])
        for k in range(0, len(merged), size)
    ]


def _clauses(text: str, language: str | None, min_words: int) -> list[tuple[int, int]]:
    conj = CLAUSE_CONJUNCTIONS.get(language or "", ALL_CONJUNCTIONS)
    cuts = {0, len(text)}
    for m in _CLAUSE_PUNCT.finditer(text):
        cuts.add(m.end())
    for tok in tokens(text):
        if tok.folded in conj and tok.start > 0:
            cuts.add(tok.start)
    bounds = sorted(cuts)
    pieces: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        seg = _trim(text, a, b)
        if seg is not None:
            pieces.append(seg)
    if not pieces:
        return []
    # merge short pieces into the following piece (or the previous one at the end)
    merged: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for a, b in pieces:
        if pending is not None:
            a = pending[0]
            pending = None
        if len(tokens(text[a:b])) < min_words or len(content_words(text[a:b])) < 2:
            pending = (a, b)
            continue
        merged.append((a, b))
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], pending[1])
        else:
            merged.append(pending)
    return merged


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and (text[a].isspace() or text[a] in ",;:–—()-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:–—(-"):
        b -= 1
    if not any(c.isalnum() for c in text[a:b]):
        return None
    return a, b


# --------------------------------------------------------------------------- n-grams


def ngrams(text: str, n: int = 4) -> Counter[str]:
    """Accent-folded character n-grams of the content words, each word padded by spaces.

    Only the first :data:`MAX_TEXT` characters count, and of a word its first
    :data:`MAX_WORD` characters."""
    grams: Counter[str] = Counter()
    for tok in tokens(text[:MAX_TEXT]):
        f = fold(tok.text[:MAX_WORD])
        if f in STOPWORDS:
            continue
        w = f" {f} "
        if len(w) <= n:
            grams[w] += 1
            continue
        for i in range(len(w) - n + 1):
            grams[w[i : i + n]] += 1
    return grams


def same_name(a: str, b: str) -> bool:
    """Whether two folded words are the same name or a cognate (*Giappone*/*Japon* no,
    *Instagram*/*Instagram's* yes, *Bruxelles*/*Brüssel* yes by prefix)."""
    if a == b:
        return True
    if min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)):
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 4 and common >= 0.6 * min(len(a), len(b))


