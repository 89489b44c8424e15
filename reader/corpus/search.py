"""Full-text search across a corpus (``reader search``, the app's corpus search).

What a person types is never handed to SQLite's FTS5 as it is: it is read as a small,
forgiving query language, and each term is quoted, so no input can be an FTS5 syntax
error (quotes, ``*``, ``-``, parentheses, ``AND/OR/NOT``, ``col:``, ``NEAR``, ``^``…):

- ``word`` — the word, accents and case ignored (``citta`` finds *Città*);
- ``"a phrase"`` — these words in this order (an unclosed quote runs to the end);
- ``prefix*`` — any word that starts so (``platform*``: *platform*, *platforms*);
- ``-word`` or ``-"a phrase"`` (or ``NOT word``) — documents without it;
- ``a OR b`` — either; words are otherwise all required (``AND`` may be written).

Parentheses and other punctuation separate words. Results are listed by document, best
first, each with the sentences that match (their numbers as in ``reader show --format
json``) and the matched words marked. Every string in a result is neutralised data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.corpus.index import CorpusIndex, Listed
from reader.corpus.safe import neutralise

HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"
_HAS_WORD = re.compile(r"[^\W_]")
_MARKERS = re.compile("[\x02\x03]")


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as typed, without quotes or the trailing *
    phrase: bool = False
    prefix: bool = False

    def fts(self) -> str:
        """The term as an FTS5 string: quoted, so nothing in it is syntax."""
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + " *" if self.prefix else quoted


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: ``required`` groups (each a set of alternatives) and ``excluded``
    terms; ``expression`` is the FTS5 query (None when there is nothing to look for)."""

    text: str
    required: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    @property
    def expression(self) -> str | None:
        if not self.required:
            return None
        groups = [
            group[0].fts() if len(group) == 1 else "(" + " OR ".join(t.fts() for t in group) + ")"
            for group in self.required
        ]
        expression = " AND ".join(groups)
        for term in self.excluded:
            expression += " NOT " + term.fts()
        return expression

    @property
    def problem(self) -> str | None:
        """Why nothing can be searched for, in words (None when something can)."""
        if self.required:
            return None
        if self.excluded:
            return "a search needs a word to find, not only words to leave out (-word)"
        return "nothing to search for: type a word, a \"phrase\" or a prefix*"


def _tokens(text: str) -> list[tuple[str, bool, bool, bool]]:
    """(text, quoted, prefix, negated) for each piece of ``text``, operators as words."""
    out: list[tuple[str, bool, bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in "()":
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
            ch = text[i]
        if ch == '"':
            close = text.find('"', i + 1)
            end = n if close == -1 else close
            body = text[i + 1 : end]
            i = end + 1
            prefix = i < n and text[i] == "*"
            if prefix:
                i += 1
            out.append((body, True, prefix, negated))
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] not in '()"':
            i += 1
        word = text[start:i]
        prefix = word.endswith("*")
        out.append((word.rstrip("*"), False, prefix, negated))
    return out


def parse_query(text: str, *, typing: bool = False) -> Query:
    """Read what a person typed (see the module docstring). Never raises.

    ``typing``: the query is being typed (search as you type), so its last word, when
    nothing follows it, is a prefix (``plat`` finds *platform* before it is finished)."""
    required: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False  # the previous word was OR
    negate_next = False  # the previous word was NOT
    for body, quoted, prefix, negated in _tokens(text):
        if not quoted and not negated and not prefix:
            if body == "OR":
                join_next = bool(required)
                continue
            if body == "AND":
                continue
            if body == "NOT":
                negate_next = True
                continue
        if not _HAS_WORD.search(body):
            continue  # punctuation only: no word to look for
        term = Term(body, phrase=quoted, prefix=prefix)
        if negated or negate_next:
            excluded.append(term)
            negate_next = join_next = False
            continue
        if join_next and required:
            required[-1].append(term)
        else:
            required.append([term])
        join_next = False
    if typing and required and text and not text[-1].isspace() and not text.endswith('"'):
        last = required[-1][-1]
        if not last.phrase and not last.prefix:
            required[-1][-1] = Term(last.text, prefix=True)
    return Query(text, tuple(tuple(g) for g in required), tuple(excluded))


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Hit:
    """A matching sentence: its number, its text (neutralised) and the matched words
    (``(start, end)`` offsets into ``text``)."""

    sentence: int
    text: str
    spans: tuple[tuple[int, int], ...]

    def snippet(self, width: int = 100) -> tuple[str, tuple[tuple[int, int], ...]]:
        """At most about ``width`` characters around the first match, on one line,
        with ``…`` where cut; the spans moved to match."""
        text = self.text
        if len(text) <= width or not self.spans:
            return text[: max(width, 1)] if len(text) > width else text, tuple(
                (a, min(b, width)) for a, b in self.spans if a < width
            )
        first = self.spans[0][0]
        start = max(0, min(first - width // 3, len(text) - width))
        if start > 0:
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", max(start, self.spans[0][1]), end)
            end = space if space > start else end
        lead = "…" if start > 0 else ""
        tail = "…" if end < len(text) else ""
        shift = len(lead) - start
        spans = tuple(
            (max(a, start) + shift, min(b, end) + shift)
            for a, b in self.spans
            if a < end and b > start
        )
        return lead + text[start:end] + tail, spans


@dataclass(frozen=True, slots=True)
class Result:
    """A matching document and its matching sentences (at most a few)."""

    path: Path
    id: str
    title: str  # neutralised, one line
    language: str | None
    other_language: str | None
    hits: tuple[Hit, ...]
    matches: int  # sentences that match, shown or not


@dataclass(frozen=True, slots=True)
class Found:
    """The answer to a search: results (best first), how many documents match in all,
    and why nothing could be searched for (a sentence) when so."""

    query: Query
    results: tuple[Result, ...]
    total: int
    problem: str | None = None


def _hits(highlighted: str, words: Sequence[str]) -> list[Hit]:
    """The matching lines (sentences) of a highlighted text."""
    hits: list[Hit] = []
    for number, line in enumerate(highlighted.split("\n")):
        if HIGHLIGHT_START not in line:
            continue
        spans: list[tuple[int, int]] = []
        plain: list[str] = []
        size = 0
        start: int | None = None
        for piece in re.split("([\x02\x03])", line):
            if piece == HIGHLIGHT_START:
                start = size
            elif piece == HIGHLIGHT_END:
                if start is not None and size > start:
                    spans.append((start, size))
                start = None
            else:
                plain.append(piece)
                size += len(piece)
        hits.append(Hit(number, "".join(plain), tuple(spans)))
    return hits


def search(
    text: str,
    items: Sequence[Listed],
    index: CorpusIndex,
    *,
    limit: int = 50,
    hits_per_document: int = 3,
    typing: bool = False,
) -> Found:
    """Search the documents ``items`` (indexed) for what a person typed (``typing``: as
    they type it, see :func:`parse_query`)."""
    query = parse_query(text, typing=typing)
    expression = query.expression
    if expression is None:
        return Found(query, (), 0, query.problem)
    by_path = {item.path: item for item in items if item.ok}
    total, rows = index.match(expression, list(by_path), limit=limit)
    results = []
    words = [t.text for group in query.required for t in group]
    for path, highlighted in rows:
        item = by_path[path]
        hits = _hits(highlighted, words)
        title = neutralise(" ".join(item.display_title.split()))
        results.append(
            Result(
                path=path,
                id=item.id,
                title=_MARKERS.sub("", title),
                language=item.language,
                other_language=item.other_language,
                hits=tuple(hits[:hits_per_document]),
                matches=len(hits),
            )
        )
    return Found(query, tuple(results), total)
