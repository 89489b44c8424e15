"""The shape of an article: paragraphs, title, dek, date and boilerplate.

Everything here works on offsets into the decoded text and never changes it.

Paragraphs
    Blank lines and single line breaks both separate paragraphs (scraped articles use
    either). One exception keeps hard-wrapped prose whole: a line that does not end with
    sentence-final punctuation and is followed by a line starting with a lower-case letter
    continues the same paragraph.

Header (the first few paragraphs)
    * a *date* stated by the text: a line that is only a date (optionally labelled:
      "date", "Published", "Pubblicato il", "Publié le" …), or a labelled date glued to the
      start of the first line (``date 2023-09 TikTok voudrait …``), split off as its own
      paragraph of kind ``date``;
    * a *section label* glued after the final punctuation of the first line
      (``…platforms.News``) is split off and marked boilerplate;
    * the *title* is the first short line without sentence-final punctuation; a short
      paragraph right before it is the dek (``…platforms.`` in a standfirst-first layout);
      a short paragraph right after it is the dek. When the first paragraph holds two short
      sentences and no line qualifies, the first sentence is the title and the second the
      dek (``Title. Dek.``). Otherwise the title is "" (display code falls back to the file
      name).

Boilerplate (marked, never dropped)
    Lines that start with a known marker in English, Italian, French, German or Spanish:
    comment prompts, "Related posts", "READ NEXT", "Previous/Next Story", "Read more on …",
    share/subscribe prompts, author boxes; a marker line is at most 120 characters.
    A teaser marker ("Related posts", "READ NEXT", "Previous Story", "Leggi anche") also
    marks the teaser titles that follow it (short lines without sentence-final
    punctuation). A comment prompt or an author-box marker ("Leave a Reply", "Leggi di più
    su …", "About the author") in the second half of the article opens a *tail*: the
    following paragraphs stay boilerplate while they are short (comments, author bios);
    the tail ends at the first long paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reader.corpus.model import ParagraphKind

_TITLE_MAX = 160
_DEK_MAX = 320
_TAIL_MAX = 420  # a paragraph longer than this ends a boilerplate tail


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    end: int
    kind: ParagraphKind = "body"


@dataclass(frozen=True, slots=True)
class Structure:
    blocks: tuple[Block, ...]
    title: str
    dek: str | None
    date: str | None


# --- paragraphs ---------------------------------------------------------------------------

_FINAL = ".!?…:;"
_LINE = re.compile(r"[^\n]+")


def split_blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets (stripped of surrounding whitespace)."""
    lines: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        seg = m.group()
        left = len(seg) - len(seg.lstrip())
        right = len(seg.rstrip())
        if right > left:
            lines.append((m.start() + left, m.start() + right))
    blocks: list[tuple[int, int]] = []
    for start, end in lines:
        if blocks:
            pstart, pend = blocks[-1]
            gap = text[pend:start]
            tail = text[max(pstart, pend - 8) : pend]  # not the whole paragraph: O(n)
            if gap.count("\n") == 1 and _continues(tail, text[start : start + 1]):
                blocks[-1] = (pstart, end)
                continue
        blocks.append((start, end))
    return blocks


def _continues(prev: str, nxt: str) -> bool:
    last = prev.rstrip('”’"»)] ')[-1:]
    return bool(last) and last not in _FINAL and nxt[:1].islower()


# --- dates --------------------------------------------------------------------------------

_MONTH_NUM: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
):
    for _i, _name in enumerate(_names.split(), start=1):
        _MONTH_NUM.setdefault(_name, _i)
for _abbr, _num in {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "gen": 1,
    "giu": 6,
    "lug": 7,
    "ago": 8,
    "set": 9,
    "ott": 10,
    "dic": 12,
    "janv": 1,
    "févr": 2,
    "fev": 2,
    "avr": 4,
    "juil": 7,
    "déc": 12,
    "okt": 10,
    "dez": 12,
    "ene": 1,
    "abr": 4,
    "dic.": 12,
    "fevrier": 2,
    "aout": 8,
    "decembre": 12,
    "marz": 3,
    "maerz": 3,
    "septiembre": 9,
    "setiembre": 9,
}.items():
    _MONTH_NUM.setdefault(_abbr, _num)

_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTH_NUM), key=len, reverse=True))
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|°|\.)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_MON = rf"(?P<m>{_MONTH_RE})\.?"
# The date and marker patterns are compiled on first use (functools.cache), not at
# import: a third of this module's patterns' compile time is Unicode case folding, and
# the app's first frame (titles from the corpus index) analyses no text.
@cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    return (
        re.compile(rf"(?<!\d){_YEAR}-(?P<mo>[01]\d)(?:-(?P<d>[0-3]\d))?(?![\d-])"),
        re.compile(rf"(?<!\d){_YEAR}/(?P<mo>[01]?\d)/(?P<d>[0-3]?\d)(?!\d)"),
        re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # September 12, 2023
        re.compile(
            rf"(?<!\d){_DAY}\s+(?:de\s+)?{_MON},?\s+(?:de\s+)?{_YEAR}\b", re.IGNORECASE
        ),
        re.compile(rf"(?<![\d/.]){_DAY}[./](?P<mo>[01]?\d)[./]{_YEAR}\b"),  # 12.09.2023
        re.compile(rf"\b{_MON}\s+(?:de\s+)?{_YEAR}\b", re.IGNORECASE),  # September 2023
    )


@cache
def _date_label() -> re.Pattern[str]:
    return re.compile(
        r"^\W*(?:date|dated|published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?|on|"
        r"data|pubblicato(?:\s+il)?|aggiornato(?:\s+il)?|il|publié(?:\s+le)?|"
        r"mis à jour(?:\s+le)?|"
        r"le|datum|veröffentlicht(?:\s+am)?|aktualisiert(?:\s+am)?|am|fecha|publicado(?:\s+el)?|"
        r"actualizado(?:\s+el)?|el)\b\s*:?\s*",
        re.IGNORECASE,
    )


_DIGIT = re.compile(r"\d")
_STRONG_LABELS = frozenset(
    {
        "date",
        "dated",
        "published",
        "updated",
        "posted",
        "data",
        "pubblicato",
        "aggiornato",
        "publié",
        "datum",
        "veröffentlicht",
        "fecha",
        "publicado",
        "actualizado",
    }
)


def parse_date(text: str) -> tuple[str, int, int] | None:
    """The first date stated in ``text``: (ISO form, start, end). ``None`` when none."""
    best: tuple[str, int, int] | None = None
    for pattern in _date_patterns():
        for m in pattern.finditer(text):
            iso = _to_iso(m)
            if iso is not None:
                if best is None or m.start() < best[1]:
                    best = (iso, m.start(), m.end())
                break
    return best


def _to_iso(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    year = int(groups["y"])
    if groups.get("m"):
        month = _MONTH_NUM.get(groups["m"].lower().rstrip("."))
        if month is None:
            return None
    else:
        month = int(groups["mo"])
    day = int(groups["d"]) if groups.get("d") else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _date_line(line: str) -> tuple[str, int] | None:
    """If ``line`` starts with a (labelled) date: (ISO, length of the date prefix)."""
    if _DIGIT.search(line, 0, 80) is None:
        return None
    label = _date_label().match(line)
    offset = label.end() if label else len(line) - len(line.lstrip())
    found = parse_date(line[offset : offset + 60])
    if found is None:
        return None
    iso, start, end = found
    if line[offset : offset + start].strip(" ,|–—-:"):
        return _byline_date(line)
    prefix_end = offset + end
    rest = line[prefix_end:]
    tm = re.match(
        r"[\s,|–—-]*(?:(?:at|alle|à|um|a las)\s+)?\d{1,2}[:h.]\d{2}(?:\s*[ap]\.?m\.?)?",
        rest,
        re.IGNORECASE,
    )
    if tm:
        prefix_end += tm.end()
    # A date followed by more text is content ("On May 3, 2023, the company said",
    # "March 2024: what changed"), unless an explicit label says it is a dateline glued
    # to the next line ("date 2023-09 Title …") or it is a byline ("By X | May 3, 2023").
    strong = label is not None and _label_word(label.group()) in _STRONG_LABELS
    if line[prefix_end:].strip() and not strong:
        return _byline_date(line)
    return iso, prefix_end


_BYLINE = re.compile(r"^(?:by|di|da|par|von|por|de)\s+\S", re.IGNORECASE)


def _byline_date(line: str) -> tuple[str, int] | None:
    """A short byline or meta line that states a date ("By Jane Doe | May 3, 2023")."""
    if len(line) > 100 or not _no_final(line):
        return None
    if not (_BYLINE.match(line) or any(sep in line for sep in ("|", "·", "•", " - ", " – "))):
        return None
    found = parse_date(line)
    return (found[0], len(line)) if found else None


def _label_word(label: str) -> str:
    words = re.findall(r"\w+", label.lower())
    return words[0] if words else ""


# --- boilerplate --------------------------------------------------------------------------

_TEASER = "teaser"  # marker followed by teaser titles
_TAIL = "tail"  # marker that opens a tail of boilerplate (comment box, author bio)
# (kind, is_label, pattern). A *label* ("Read more on X", "Related posts", "Share") has
# no sentence-final punctuation or at most _LABEL_WORDS words, so that prose that starts
# the same way ("Más de 200 personas murieron en el accidente.") is not taken for one.
_MARKERS: list[tuple[str, bool, str]] = [
    (
        _TAIL,
        False,
        r"leave a (?:comment|reply)|post a comment|add a comment|\d+\s+comments?\b|comments?$"
        r"|your email address will not be published|required fields are marked"
        r"|lascia un commento|lascia una risposta|\d+\s+commenti\b|commenti$"
        r"|il tuo indirizzo (?:e-?mail|email) non sarà pubblicato"
        r"|laisser un commentaire|laissez un commentaire|laisser une réponse|\d+\s+commentaires?\b"
        r"|commentaires?$|votre adresse (?:e-?mail|courriel) ne sera pas publiée"
        r"|schreibe einen kommentar|hinterlasse einen kommentar|kommentare?$"
        r"|deine e-?mail-adresse wird nicht veröffentlicht|ihre e-?mail-adresse wird nicht"
        r"|deja un comentario|deja una respuesta|comentarios?$"
        r"|tu (?:dirección de )?correo electrónico no será publicad",
    ),
    (
        _TAIL,
        True,
        r"read more (?:on|from|at|about)\b|more from\b|leggi di più su|leggi altro su"
        r"|en savoir plus sur|plus d'articles|mehr von\b|mehr zum thema|leer más sobre|más de\b"
        r"|about the author|l['’]autore|sull['’]autore|à propos de l['’]auteur|l['’]auteur$"
        r"|über den autor|zum autor|sobre el autor|el autor$|written by\b|scritto da\b"
        r"|écrit par\b|geschrieben von\b|escrito por\b",
    ),
    (
        _TEASER,
        True,
        r"related(?: posts| articles| stories| content)?$|read next|read more\s*(?::|$)|read also"
        r"|see also|you may also like|you might also like|recommended(?: for you)?$"
        r"|more stories|popular(?: posts)?$|trending$|previous (?:story|post|article)"
        r"|next (?:story|post|article)|older post|newer post"
        r"|articoli correlati|post correlati|leggi anche|potrebbe interessarti|ti potrebbe"
        r"|articolo precedente|articolo successivo|leggi il seguito|continua a leggere"
        r"|articles? (?:similaires|liés|connexes|recommandés)|à lire aussi|lire aussi|lire la suite"
        r"|à lire également|article précédent|article suivant|sur le même sujet"
        r"|ähnliche (?:beiträge|artikel)|das könnte sie auch interessieren|auch interessant"
        r"|weiterlesen|vorheriger (?:beitrag|artikel)|nächster (?:beitrag|artikel)|mehr lesen"
        r"|artículos relacionados|noticias relacionadas|también te puede interesar|lee también"
        r"|leer más$|artículo anterior|artículo siguiente",
    ),
    (
        "self",
        True,
        r"share (?:this|on)\b|share$|condividi|partager|partagez|teilen$|compartir"
        r"|subscribe to|sign up for|iscriviti alla|abonnez-vous|inscrivez-vous|abonnieren"
        r"|suscríbete|follow us|seguici|suivez-nous|folgen sie uns|síguenos"
        r"|tags?:|filed under|categor(?:y|ies|ia|ie|ía)s?:|advertisement$|pubblicità$"
        r"|publicité$|anzeige$|publicidad$|sponsored$|all rights reserved|tutti i diritti"
        r"|tous droits réservés|alle rechte vorbehalten|todos los derechos reservados"
        r"|©|copyright\b",
    ),
]


@cache
def _marker_patterns() -> tuple[tuple[str, bool, re.Pattern[str]], ...]:
    """The markers' patterns, compiled on first use (see :func:`_date_patterns`)."""
    return tuple(
        (kind, label, re.compile(rf"^[\W_]*(?:{pattern})", re.IGNORECASE))
        for kind, label, pattern in _MARKERS
    )


_LABEL_WORDS = 6
_MARKER_MAX = 120  # a marker line is short; longer lines are prose that happens to match


def marker_kind(line: str) -> str | None:
    if len(line) > _MARKER_MAX:
        return None
    for kind, label, pattern in _marker_patterns():
        if pattern.match(line):
            if label and not _no_final(line) and len(line.split()) > _LABEL_WORDS:
                continue
            return kind
    return None


def _no_final(line: str) -> bool:
    return not line.rstrip('”’"»)] ').endswith(tuple(".!?…"))


# --- header -------------------------------------------------------------------------------

_GLUED_LABEL = re.compile(r"(?<=[.!?…”])([A-ZÀ-ÖØ-Þ][\w&/ -]{1,24})\s*$")
_SENTENCE_END = re.compile(r"[.!?…][”’\"»]?\s+(?=[“‘\"«]?[A-ZÀ-ÖØ-Þ])")


def analyse(text: str) -> Structure:
    """Paragraph blocks with kinds, plus title, dek and date of ``text``."""
    spans = split_blocks(text)
    blocks: list[Block] = [Block(s, e) for s, e in spans]
    date: str | None = None

    # 1. A dateline among the first paragraphs (split off when glued to the first line).
    for i in range(min(4, len(blocks))):
        b = blocks[i]
        line = text[b.start : b.end]
        found = _date_line(line)
        if found is None:
            continue
        iso, length = found
        date = iso
        rest_start = b.start + length
        while rest_start < b.end and (text[rest_start].isspace() or text[rest_start] in ",|–—-"):
            rest_start += 1
        if rest_start >= b.end:
            blocks[i] = Block(b.start, b.end, "date")
        else:
            blocks[i : i + 1] = [Block(b.start, b.start + length, "date"), Block(rest_start, b.end)]
        break

    # 2. A section label glued after the final punctuation of the first text line.
    first = next((k for k, b in enumerate(blocks) if b.kind == "body"), None)
    if first is not None and first + 1 < len(blocks):
        b = blocks[first]
        line = text[b.start : b.end]
        gm = _GLUED_LABEL.search(line)
        if gm and len(line) <= _DEK_MAX + 30 and len(line) - len(gm.group(1)) > 20:
            cut = b.start + gm.start(1)
            blocks[first : first + 1] = [Block(b.start, cut), Block(cut, b.end, "boilerplate")]

    # 3. Boilerplate (before the title search, so that prompts are never titles).
    _mark_boilerplate(text, blocks)

    # 4. Title and dek.
    title, dek = _title_and_dek(text, blocks)

    if date is None:
        date = _labelled_date(text, blocks)
    return Structure(tuple(blocks), title, dek, date)


def _mark_boilerplate(text: str, blocks: list[Block]) -> None:
    lines = [text[b.start : b.end] for b in blocks]
    flags = boilerplate_flags(lines, [b.kind == "date" for b in blocks])
    for i, b in enumerate(blocks):
        if flags[i]:
            blocks[i] = Block(b.start, b.end, "boilerplate")


def boilerplate_flags(lines: Sequence[str], skip: Sequence[bool] | None = None) -> list[bool]:
    """Which of the paragraphs ``lines`` are boilerplate (the rules of this module's
    docstring); paragraphs with ``skip[i]`` set (a date) are never marked and do not end a
    run. Used for plain text, Markdown and the paragraphs a web page's extractor kept."""
    n = len(lines)
    flags = [False] * n
    in_tail = False  # after a comment prompt / author box in the second half
    in_teasers = False  # after "Related posts", "Previous Story" …: teaser titles follow
    for i, line in enumerate(lines):
        if skip is not None and skip[i]:
            continue
        kind = marker_kind(line)
        if kind is not None:
            flags[i] = True
            if kind == _TAIL and i >= n // 2 and n >= 3:
                in_tail = True
            in_teasers = kind == _TEASER or (in_teasers and kind != "self")
            continue
        if in_tail and len(line) <= _TAIL_MAX:
            flags[i] = True
            continue
        in_tail = False
        if in_teasers and len(line) <= _TITLE_MAX and _no_final(line):
            flags[i] = True
            continue
        in_teasers = False
    return flags


def date_paragraph(line: str) -> str | None:
    """The ISO date when the paragraph ``line`` is only a (labelled) date, a byline with a
    date, or a dateline such as "Brussels, 14 March 2024"; else ``None``."""
    found = _date_line(line)
    if found is not None and found[1] >= len(line.rstrip()):
        return found[0]
    if len(line) <= 80 and _no_final(line):
        m = re.match(r"^[A-ZÀ-ÖØ-Þ][\w .'’-]{1,40},\s*(?:(?:le|il|el|am|den|the)\s+)?", line)
        if m:
            dated = parse_date(line[m.end() :])
            if dated is not None and dated[1] == 0 and m.end() + dated[2] >= len(line.rstrip()):
                return dated[0]
    return None


def bare_date(line: str) -> str | None:
    """The ISO date when the paragraph ``line`` is a date and nothing else, optionally
    labelled and with a time ("date 2023-09", "Published: 12 March 2023, 10:30"); a
    byline or a dateline ("By Jane Doe | May 3, 2023", "Brussels, 14 March 2024") says
    more than its date: ``None``."""
    text = line.strip()
    found = _date_line(text)
    if found is None or found[1] < len(text):
        return None
    label = _date_label().match(text)
    offset = label.end() if label else 0
    dated = parse_date(text[offset:])
    if dated is None or text[offset : offset + dated[1]].strip(" ,|–—-:"):
        return None
    return found[0]


def _is_title_line(line: str, *, set_apart: bool = False) -> bool:
    """A short line without sentence-final punctuation; a headline that asks or exclaims
    ("Will TikTok replace Instagram?") counts when a blank line sets it apart."""
    words = line.split()
    ending = line.rstrip('”’"»)] ')[-1:]
    return (
        0 < len(line) <= _TITLE_MAX
        and len(words) >= 2
        and (_no_final(line) or (set_apart and ending in "?!"))
        and not line.rstrip().endswith((":", ";", ","))
        and not re.match(r"^\s*(?:\d+[.)]|[-*•])\s", line)
    )


def _title_and_dek(text: str, blocks: list[Block]) -> tuple[str, str | None]:
    body = [k for k, b in enumerate(blocks) if b.kind == "body"]
    if not body:
        return "", None
    head = [k for k in body if k <= body[0] + 2][:3]
    for pos, k in enumerate(head):
        b = blocks[k]
        line = text[b.start : b.end].lstrip("# ")
        set_apart = "\n\n" in text[b.end : blocks[k + 1].start if k + 1 < len(blocks) else None]
        if not _is_title_line(line, set_apart=set_apart):
            continue
        offset = len(text[b.start : b.end]) - len(line)
        blocks[k] = Block(b.start + offset, b.end, "title")
        title = text[b.start + offset : b.end]
        dek: str | None = None
        # a short paragraph right before the title (standfirst first), only if it is first
        if pos > 0:
            p = blocks[head[0]]
            if pos > 1 or p.end - p.start > _DEK_MAX:
                blocks[k] = b  # a short line after the article began is a subheading
                return "", None
            blocks[head[0]] = Block(p.start, p.end, "dek")
            dek = text[p.start : p.end]
        if dek is None:
            after = [j for j in body if j > k]
            if len(after) >= 3:
                p = blocks[after[0]]
                line2 = text[p.start : p.end]
                if (
                    p.end - p.start <= _DEK_MAX
                    and not _is_title_line(line2)
                    and not re.match(r"^\s*(?:\d+[.)]|[-*•])\s", line2)
                    and not line2.rstrip().endswith(":")
                    and len(_SENTENCE_END.findall(line2)) <= 1
                    and (blocks[after[1]].end - blocks[after[1]].start) > (p.end - p.start)
                ):
                    blocks[after[0]] = Block(p.start, p.end, "dek")
                    dek = line2
        return title, dek
    # "Title. Dek." on one first line, set apart from the body by a blank line.
    k = body[0]
    b = blocks[k]
    line = text[b.start : b.end]
    if (
        len(body) >= 3
        and b.end - b.start <= _DEK_MAX
        and "\n\n" in text[b.end : blocks[k + 1].start + 1]
    ):
        ends = list(_SENTENCE_END.finditer(line))
        if len(ends) == 1:
            cut = ends[0]
            title_end = b.start + cut.start()
            if 10 <= title_end - b.start <= _TITLE_MAX:
                dek_start = b.start + cut.end()
                blocks[k : k + 1] = [
                    Block(b.start, title_end, "title"),
                    Block(dek_start, b.end, "dek"),
                ]
                return text[b.start : title_end], text[dek_start : b.end]
    return "", None


def _labelled_date(text: str, blocks: list[Block]) -> str | None:
    """A date stated by a labelled line anywhere ("Published: 12 March 2023")."""
    for b in blocks:
        line = text[b.start : b.end]
        if len(line) > 120 or _DIGIT.search(line) is None:
            continue
        label = _date_label().match(line)
        if label is None or label.end() == 0 or len(label.group().strip()) < 4:
            continue
        found = _date_line(line)
        if found is not None:
            return found[0]
    return None
