"""The documented JSON of the CLI: ``list``, ``show``, ``diff``, ``search`` (and reports).

Builders turn the engine's objects into plain data (``listed_json``, ``document_json``,
``comparison_json``, ``search_json``); :func:`dumps` writes it as JSON with real UTF-8
letters but no character that could drive a terminal, every string valid Unicode. File
names are given as ``path`` (valid Unicode) and ``path_bytes`` (see README).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from reader.compare.model import Cell, Comparison, Span, Verdict
    from reader.corpus.index import Listed
    from reader.corpus.model import Document
    from reader.corpus.search import Found


def path_json(path: Path) -> dict[str, object]:
    """``path`` (valid Unicode, U+FFFD for undecodable bytes) and ``path_bytes`` (base64 of
    the exact bytes when the name is not UTF-8, else null): see README."""
    from reader.corpus.safe import path_bytes, path_text

    return {"path": path_text(path), "path_bytes": path_bytes(path)}


# DEL, C1 controls, line/paragraph separators and bidi overrides (compiled on first use:
# the app's start-up does not pay for it).
_JSON_UNSAFE = "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def dumps(data: object, ascii_only: bool = False) -> str:
    """JSON with real UTF-8 letters but no character that could drive a terminal.

    ``json.dumps`` escapes C0 controls (ESC included) even with ``ensure_ascii=False``,
    but not DEL, the C1 controls (U+009B is an 8-bit CSI) or bidi overrides; those can
    only occur inside strings, where a ``\\uXXXX`` escape means the same.
    """
    import json

    from reader.corpus.safe import has_surrogates, no_surrogates

    if ascii_only:  # (a lone surrogate would be escaped, not seen, in ASCII output)
        text = json.dumps(_valid_unicode(data, no_surrogates), ensure_ascii=True, indent=2)
    else:
        # Written as it is: a lone surrogate is rare (an undecodable byte of a file name
        # that reached a message), and walking every string of a large listing to look
        # for one cost a third of the encoding. orjson refuses one; json lets it through,
        # and the text is then looked at once.
        fast = _fast_dumps(data)
        if fast is not None:
            text = fast
        else:
            text = json.dumps(data, ensure_ascii=False, indent=2)
            if has_surrogates(text):
                text = json.dumps(_valid_unicode(data, no_surrogates), ensure_ascii=False, indent=2)
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)


def _fast_dumps(data: object) -> str | None:
    """``data`` as indented JSON by orjson (the layout of ``json.dumps(indent=2)``, real
    letters; a float may be written another way for the same number, 1e-05 as 0.00001,
    and NaN as null); ``None`` when orjson is missing or refuses the data (a lone
    surrogate, an integer beyond 64 bits, a type it does not know)."""
    try:
        import orjson
    except ImportError:
        return None
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        return None


def _valid_unicode(data: object, clean: Callable[[str], str]) -> object:
    """``data`` with every string made valid Unicode: a lone surrogate (an undecodable
    byte of a file name that reached a message) cannot be written as UTF-8, nor escaped
    in JSON as anything a parser would take for text."""
    if isinstance(data, str):
        return clean(data)
    if isinstance(data, dict):
        return {key: _valid_unicode(value, clean) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_valid_unicode(value, clean) for value in data]
    return data


def write_json(data: object, out: TextIO) -> None:
    out.write(dumps(data, ascii_only=not unicode_ok(out)) + "\n")


def unicode_ok(stream: TextIO) -> bool:
    """Whether the stream's encoding can carry any text (else JSON is \\u-escaped)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "\u2717\u2019\u00e9\u4e2d".encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def listed_json(
    doc: Listed, versions: dict[str, str], stories: dict[str, str]
) -> dict[str, object]:
    return {
        **path_json(doc.path),
        "id": doc.id,
        "language": doc.language,
        "other_language": doc.other_language,
        "title": doc.title if doc.ok else None,
        "date": doc.date,
        "words": doc.words,
        "error": doc.error,
        "version_group": versions.get(doc.id) if doc.ok else None,
        "story": stories.get(doc.id) if doc.ok else None,
        "supported": doc.supported,
        "warnings": list(doc.warnings),
        "format": doc.source_format,
        "url": doc.url,
    }


def document_json(doc: Document) -> dict[str, object]:
    return {
        **path_json(doc.path),
        "id": doc.id,
        "language": doc.language,
        "other_language": doc.other_language,
        "title": doc.title,
        "dek": doc.dek,
        "date": doc.date,
        "author": doc.author,
        "format": doc.source_format,
        "url": doc.url,
        "alternates": [{"language": code, "url": url or None} for code, url in doc.alternates],
        "words": doc.words,
        "reading_minutes": doc.reading_minutes,
        "encoding": doc.encoding,
        "warnings": list(doc.warnings),
        "text": doc.text,  # the decoded source: every start/end below points into it
        "paragraphs": [
            {
                "index": p.index,
                "kind": p.kind,
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "sentences": list(p.sentences),
                "role": p.role,
                "shown": p.rendering.text if p.rendering is not None else None,
            }
            for p in doc.paragraphs
        ],
        "feed": None
        if doc.feed is None
        else [
            {
                "title": i.title,
                "link": i.link,
                "date": i.date,
                "author": i.author,
                "summary": i.summary,
                "problem": i.problem,
            }
            for i in doc.feed
        ],
        "sentences": [
            {
                "index": s.index,
                "paragraph": s.paragraph,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "boilerplate": s.boilerplate,
            }
            for s in doc.sentences
        ],
    }


def _span_json(span: Span, languages: Sequence[str | None]) -> dict[str, object]:
    against = span.against
    return {
        "start": span.start,
        "end": span.end,
        "kind": span.kind,
        "text": span.text,
        "against": against,
        "against_language": languages[against]
        if against is not None and 0 <= against < len(languages)
        else None,
    }


def _verdict_json(verdict: Verdict | None) -> dict[str, object] | None:
    if verdict is None:
        return None
    return {
        "kind": verdict.kind,
        "similarity": None if verdict.similarity is None else round(verdict.similarity, 4),
        "reason": verdict.reason,
        "moved_to": verdict.moved_to,
    }


def _cell_json(
    cell: Cell | None, verdict: Verdict | None, k: int, languages: Sequence[str | None]
) -> dict[str, object] | None:
    if cell is None:
        return None
    out: dict[str, object] = {
        "text": cell.text,
        "sentences": list(cell.sentences),
        "spans": [_span_json(s, languages) for s in cell.spans],
        "boilerplate": cell.boilerplate,
    }
    if k == 0:
        out["kind"] = "pivot"
    elif verdict is not None:
        out.update(_verdict_json(verdict) or {})
    return out


def comparison_json(comparison: Comparison, *, changes_only: bool = False) -> dict[str, object]:
    """The documented JSON of `reader diff --format json` (``changes_only``: rows that
    match left out; each row's ``index`` is its place in the full comparison)."""
    from reader.view.comparison import is_difference

    documents = [
        {**path_json(d.path), "id": d.id, "language": d.language, "title": d.title}
        for d in comparison.documents
    ]
    languages = [d.language for d in comparison.documents]
    rows = []
    for index, row in enumerate(comparison.rows):
        if changes_only and not is_difference(row):
            continue
        verdicts = [row.verdict(k) for k in range(len(row.cells))]
        rows.append(
            {
                "index": index,
                "kind": row.kind,
                "cells": [
                    _cell_json(c, verdicts[k], k, languages) for k, c in enumerate(row.cells)
                ],
                "verdicts": [_verdict_json(v) for v in verdicts],
                "similarity": None if row.similarity is None else round(row.similarity, 4),
                "reason": row.reason,
                "boilerplate": row.boilerplate,
                "moved_from": row.moved_from,
            }
        )
    summary = {str(k): counts for k, counts in comparison.summary().items()}
    return {
        "documents": documents,
        "rows": rows,
        "scorer": comparison.scorer,
        "notes": list(comparison.notes),
        "summary": summary,
    }


def search_json(query: str, found: Found) -> dict[str, object]:
    """The JSON of `reader search --format json`."""
    results = [
        {
            "path": str(r.path),
            "id": r.id,
            "title": r.title,
            "language": r.language,
            "other_language": r.other_language,
            "matches": r.matches,
            "hits": [
                {"sentence": h.sentence, "text": h.text, "spans": [list(x) for x in h.spans]}
                for h in r.hits
            ],
        }
        for r in found.results
    ]
    return {"query": query, "total": found.total, "results": results}
