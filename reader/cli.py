"""Command line: ``reader [PATH...]`` opens the TUI; sub-commands print to stdout.

Sub-commands: ``list``, ``show``, ``diff``, ``align``, ``fetch``, ``search``, ``report``,
``index``. This module parses arguments and dispatches; what is printed is built by
``reader.export`` (JSON in ``export.json``, ``show``'s typesetting in ``export.article``,
``diff``'s text and HTML in ``export.text`` / ``export.html``, colour by
``export.ansi.Painter``). Heavy modules (Textual, the comparison engine, language models)
are imported only by the command that needs them, so ``reader list`` and ``reader --help``
stay fast.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from reader import __version__
from reader.export.ansi import Painter
from reader.export.json import (
    comparison_json,
    document_json,
    dumps,
    listed_json,
    search_json,
    unicode_ok,
    write_json,
)

if TYPE_CHECKING:
    from reader.compare.model import Bead
    from reader.compare.scoring import Scoring
    from reader.corpus.index import CorpusIndex, Listed
    from reader.corpus.model import Document

SUBCOMMANDS = ("list", "show", "diff", "align", "fetch", "search", "report", "index")
SCORERS = ("lexical", "embeddings", "auto")

_DESCRIPTION = """\
Read news articles in the terminal and compare the language versions of one article
side by side.

With no sub-command, reader opens the terminal app on the given files and folders
(folders are read recursively); with no PATH it opens the bundled sample articles.
"""

_EPILOG = """\
sub-commands:
  list [PATH...]          list the documents found (table or JSON)
  show FILE               print one article, typeset, or as JSON with sentence offsets
  diff A B [C ...]        compare language versions of an article (first = pivot)
  align SRC TGT           align two texts sentence by sentence, one bead per line
  fetch URL [URL ...]     download pages or feeds into the library, then open them
  search QUERY [PATH...]  full-text search across the corpus, results by document
  report PATH... --out D  every version group's diff (JSON, HTML) and an index page
  index [--clear]         where the corpus index is and what it holds; empty it

  Run `reader COMMAND --help` for the options of a sub-command. A sub-command's
  options come after its name: `reader list --languages en,it`.

paths named like a sub-command:
  A first argument that is a sub-command name runs that sub-command. To open a file or
  folder called e.g. `list`, write `reader ./list` or `reader -- list` (everything after
  `--` is a path).

examples:
  reader                                  open the bundled sample articles
  reader ~/news                           open every .txt/.md/.html under ~/news
  reader en.html it.html fr.html          saved pages of one article: versions, `d` diffs
  reader https://example.org/article      fetch a page into the library and open it
  reader fetch URL --versions             the page and its language versions (hreflang)
  reader list ~/news --format json        machine-readable listing
  reader show article.txt | less -R       read one article in a pager
  reader diff en.txt it.txt fr.txt        EN | IT | FR, row by row
  reader diff en.txt it.txt --format html -o diff.html
  reader align a.txt b.txt --presegmented --scorer lexical
  reader search '"social network" tiktok -meta' ~/news
  reader report ~/news --out ~/news-report

environment:
  NO_COLOR      when set to a non-empty value, no colour is used; colour is only used
                when stdout is a terminal.
  READER_INDEX  the corpus index file (default: ~/.cache/reader/index.sqlite); `off`
                keeps it in memory for the run.

exit status:
  0 success (`list` also when some files cannot be read: each row says why), 2 input
  that cannot be used (a file that cannot be read, too long to align, a refused -o
  target, a usage error: one line on stderr says why), 130 interrupted.
"""


class UserError(Exception):
    """A problem with the user's input: reported on stderr as one line, no traceback."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors through UserError (no SystemExit mid-way)."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message}\n{self.format_usage().strip()}", code=2)


def _languages(value: str) -> tuple[str, ...]:
    codes = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    if not codes:
        raise argparse.ArgumentTypeError("expected a comma-separated list such as en,it,fr")
    for code in codes:
        if len(code) != 2 or not code.isalpha() or not code.isascii():
            raise argparse.ArgumentTypeError(
                f"{code!r} is not an ISO 639-1 code (two letters, e.g. en)"
            )
    from reader.corpus.language import known_languages

    unknown = [code for code in codes if code not in known_languages()]
    if unknown:
        listed = ", ".join(repr(code) for code in unknown)
        raise argparse.ArgumentTypeError(
            f"unknown language {listed}: not an ISO 639-1 code that language detection "
            f"knows (it knows {len(known_languages())}, e.g. en, it, fr, de, es, pt, nl)"
        )
    return tuple(dict.fromkeys(codes))


def _add_languages(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--languages",
        type=_languages,
        default=None,
        metavar="en,it,fr",
        help="languages that detection may choose from (default: en,it,fr,de,es)",
    )


def _add_scorer(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scorer",
        choices=SCORERS,
        default="auto",
        help="sentence similarity: lexical (no model), embeddings (multilingual model, "
        "needs the embeddings extra) or auto (both when available; the default)",
    )


def _build_align_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="reader align",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Align two texts sentence by sentence and print one bead per line:\n"
            "`[i, ...]:[j, ...]` with 0-based sentence numbers, `[]:[j]` for a sentence\n"
            "with no counterpart (the format of the alignment benchmarks).\n\n"
            "Beads follow the source. A sentence that the in-order alignment leaves\n"
            "alone but that matches one left alone on the other side (moved text) is\n"
            "paired out of order, so its target number is out of sequence; --monotone\n"
            "prints the in-order alignment only."
        ),
        epilog=(
            "examples:\n"
            "  reader align book.de book.fr --presegmented --scorer lexical\n"
            "  reader align en.txt it.txt --scores"
        ),
    )
    p.add_argument("src", metavar="SRC", help="source text")
    p.add_argument("tgt", metavar="TGT", help="target text")
    p.add_argument(
        "--presegmented",
        action="store_true",
        help="the files hold one sentence per line (line numbers are sentence numbers; "
        "UTF-8, UTF-16 or UTF-32, with or without BOM; regular files of at most 20 MB); "
        "otherwise they are read as articles and split into sentences "
        "(numbers as in `reader show --format json`)",
    )
    _add_scorer(p)
    p.add_argument(
        "--scores",
        action="store_true",
        help="add a third `:score` field per bead: the similarity of its two texts on the "
        "0-1 scale of `reader diff` (0 for a sentence with no counterpart)",
    )
    p.add_argument(
        "--monotone",
        action="store_true",
        help="in-order beads only: do not pair moved sentences out of order",
    )
    _add_languages(p)
    return p


# --------------------------------------------------------------------------- helpers


def _read_lines(path: Path, err: TextIO) -> list[str]:
    """The sentences of a file for `align --presegmented`, read by the one safe reader."""
    from reader.corpus.reading import ReadError, read_text
    from reader.corpus.segment import presegmented_lines

    try:
        decoded = read_text(path)
    except ReadError as error:
        raise UserError(f"{_shown(path)}: {error.reason}") from None
    for warning in decoded.warnings:
        _say(f"reader: {_shown(path)}: {warning}", err)
    return presegmented_lines(decoded.text)


def _format_bead(bead: Bead, with_score: bool) -> str:
    from reader.compare.beads import format_bead

    return format_bead(bead, with_score)


def _scoring(name: str, err: TextIO) -> Scoring:
    """The scorer resolved once for the command; a fallback's note goes to stderr."""
    from reader.compare.scoring import MISSING_EXTRA, resolve_scoring

    try:
        scoring = resolve_scoring(name)
    except ValueError:
        raise UserError(f"{MISSING_EXTRA}, or use --scorer lexical") from None
    if scoring.note:
        _say(f"reader: {scoring.note}", err)
    return scoring


# --------------------------------------------------------------------------- commands


def _cmd_align(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    src_path, tgt_path = Path(args.src), Path(args.tgt)
    languages: tuple[str | None, str | None] = (None, None)  # unknown: scored across
    if args.presegmented:
        src = _read_lines(src_path, err)
        tgt = _read_lines(tgt_path, err)
    else:
        src_doc = _load_ok(src_path, args.languages, err)
        tgt_doc = _load_ok(tgt_path, args.languages, err)
        src = [s.text for s in src_doc.sentences]
        tgt = [s.text for s in tgt_doc.sentences]
        languages = (src_doc.language, tgt_doc.language)
    from reader.compare import align
    from reader.compare.alignment import MAX_SENTENCES

    for path, sentences in ((src_path, src), (tgt_path, tgt)):
        if len(sentences) > MAX_SENTENCES:
            raise UserError(
                f"{_shown(path)}: {len(sentences):,} sentences; reader aligns at most "
                f"{MAX_SENTENCES:,} a side (split the text into parts, e.g. chapters)"
            )
    scoring = _scoring(args.scorer, err)
    try:
        beads = align(src, tgt, scorer=scoring)
    except ValueError as error:  # e.g. READER_EMBEDDING_RUNS set to an unknown value
        raise UserError(str(error)) from None
    if not args.monotone:
        from reader.compare.moves import with_moves

        beads = with_moves(src, tgt, beads, scoring)
    if args.scores:
        beads = _with_similarities(beads, src, tgt, scoring, languages)
    out.writelines(_format_bead(bead, args.scores) + "\n" for bead in beads)
    return 0


def _with_similarities(
    beads: Sequence[Bead],
    src: Sequence[str],
    tgt: Sequence[str],
    scoring: Scoring,
    languages: tuple[str | None, str | None],
) -> list[Bead]:
    """Each bead scored as the diff view scores a row: the similarity of its two texts on
    the 0..1 scale of ``reader diff`` (0 for a sentence with no counterpart), not the
    aligner's internal gain."""
    import dataclasses

    from reader.compare.divergence import pair_similarity

    def text(side: Sequence[str], numbers: tuple[int, ...]) -> str:
        return " ".join(side[i] for i in numbers)

    pairs = [(text(src, bead.src), text(tgt, bead.tgt)) for bead in beads]
    if scoring.embeddings is not None:  # embed every text in two batched calls
        scoring.embeddings.prefetch(passages=[t for pair in pairs for t in pair if t.strip()])
    a_language, b_language = languages
    return [
        dataclasses.replace(
            bead,
            score=pair_similarity(
                a, b, scoring.similarity, a_language=a_language, b_language=b_language
            ),
        )
        for bead, (a, b) in zip(beads, pairs, strict=True)
    ]


def _load_ok(
    path: Path, languages: tuple[str, ...] | None, err: TextIO | None = None
) -> Document:
    """The document at ``path``, or a UserError that says why not. With ``err``, its
    warnings (a guessed encoding, say) go there, as for `align --presegmented`: `diff`
    and `align` print no document text that would carry them."""
    if not path.exists() and not path.is_symlink():
        raise UserError(f"{_shown(path)}: no such file")
    if path.is_dir():
        raise UserError(f"{_shown(path)}: is a folder, expected a file")
    from reader.corpus import DEFAULT_LANGUAGES, load_document

    doc: Document = load_document(path, languages=languages or DEFAULT_LANGUAGES)
    if doc.error is not None:
        raise UserError(f"{_shown(path)}: {doc.error}")
    if err is not None:
        for warning in doc.warnings:
            _say(f"reader: {_shown(path)}: {warning}", err)
    return doc


def _corpus_index(err: TextIO) -> CorpusIndex:
    """The corpus index; its notices (rebuilt, bypassed…) go to stderr."""
    from reader.corpus.index import CorpusIndex

    return CorpusIndex(notice=lambda message: _say(f"reader: {message}", err))


def _load_paths(
    paths: Sequence[str], languages: tuple[str, ...] | None, index: CorpusIndex
) -> list[Listed]:
    """The documents under ``paths`` for a listing, through the index: those already
    indexed as entries (nothing decoded), the others read (same discovery and ids as
    load_corpus and the app)."""
    _check_paths_exist(paths)
    from reader.corpus import DEFAULT_LANGUAGES
    from reader.corpus.indexed import list_indexed

    return list_indexed(
        [Path(p) for p in paths], languages=languages or DEFAULT_LANGUAGES, index=index
    )


def _check_paths_exist(paths: Sequence[str]) -> None:
    for raw in paths:
        path = Path(raw)
        if path.exists() or path.is_symlink():
            continue
        import difflib

        hint = ""
        close = difflib.get_close_matches(raw, SUBCOMMANDS, n=1, cutoff=0.6)
        if close and "/" not in raw:
            hint = f" (did you mean `reader {close[0]}`?)"
        elif re.match(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/|$)", raw):
            hint = f" (to fetch a page, write its address: https://{raw})"
        raise UserError(f"{_shown(raw)}: no such file or folder{hint}")


def _say(message: str, err: TextIO) -> None:
    """A line on stderr; file names and notes in it are neutralised like article text."""
    from reader.corpus.safe import neutralise

    print(neutralise(message), file=err)


def _use_colour(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _width(out: TextIO) -> int:
    try:
        if out.isatty():
            return max(40, os.get_terminal_size(out.fileno()).columns)
    except (AttributeError, ValueError, OSError):
        pass
    return 80


def _shown(path: str | os.PathLike[str]) -> str:
    """A file name for a message or a table: one line, undecodable bytes escaped."""
    from reader.corpus.safe import display_path

    return display_path(path)


def _safe(text: object) -> str:
    """Article (or file name) text made harmless for a terminal: controls neutralised."""
    from reader.corpus.safe import neutralise

    return neutralise(str(text))


# --------------------------------------------------------------------------- list


def _build_list_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="reader list",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "List the documents found in files and folders (folders recursively), bad and\n"
            "unsupported files included, each with the reason it cannot be read."
        ),
        epilog=(
            'JSON: {"documents": [{"path", "path_bytes", "id", "language", "other_language",\n'
            '       "title", "date", "words", "error", "version_group", "story", "format",\n'
            '       "url"}, ...]}\n'
            "path_bytes is null, or the base64 of the exact name when it is not UTF-8\n"
            "(path then shows U+FFFD for the undecodable bytes).\n\n"
            "examples:\n"
            "  reader list\n"
            "  reader list ~/news --format json | jq '.documents[].title'"
        ),
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files and folders (default: the bundled samples)"
    )
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p.add_argument(
        "--no-groups",
        action="store_true",
        help="skip grouping into versions and stories (faster on large corpora; "
        "version_group and story are then null)",
    )
    _add_languages(p)
    return p


def _grouping(
    docs: Sequence[Listed], index: CorpusIndex, languages: tuple[str, ...] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Version groups and stories of the readable documents (from the index when these
    documents were grouped before; empty if grouping is absent)."""
    from reader.corpus import DEFAULT_LANGUAGES
    from reader.corpus.indexed import groupable, grouping_of

    if not groupable(docs):
        return {}, {}
    try:
        found = grouping_of(docs, index=index, languages=languages or DEFAULT_LANGUAGES)
    except ImportError as exc:
        _say(f"reader: versions and stories not available ({exc})", sys.stderr)
        return {}, {}
    return dict(found.version_group), dict(found.story)


def _cmd_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paths = args.paths or [str(_default_corpus())]
    index = _corpus_index(err)
    docs = _load_paths(paths, args.languages, index)
    if args.format == "json":
        # Grouping costs alignments: only the JSON listing (which reports it) pays for it.
        versions, stories = ({}, {}) if args.no_groups else _grouping(docs, index, args.languages)
        write_json({"documents": [listed_json(d, versions, stories) for d in docs]}, out)
        return 0
    if not docs:
        print("reader: no files found", file=err)
        return 0
    paint = Painter(_use_colour(out))
    tty_width = _width(out) if _isatty(out) else None
    header = ("ID", "LANG", "WORDS", "DATE", "TITLE", "PATH")
    rows: list[tuple[str, ...]] = []
    for d in docs:
        title = _safe(d.display_title) if d.ok else f"✗ {_safe(d.error)}"
        rows.append(
            (
                _safe(d.id),
                _safe(_language_cell(d)),
                str(d.words) if d.ok else "-",
                _safe(d.date or "-"),
                title,
                _shown(d.path),
            )
        )
    from reader.view.cells import cells, fit

    widths = [max(cells(r[i]) for r in [header, *rows]) for i in range(len(header))]
    if tty_width is not None:
        # On a terminal, shorten titles so that a row fits on one line.
        fixed = sum(widths) - widths[4] + 2 * (len(header) - 1)
        widths[4] = max(12, min(widths[4], tty_width - fixed))
    out.write(paint(_row(header, widths), "bold") + "\n")
    for d, r in zip(docs, rows, strict=True):
        line = _row(tuple(fit(c, widths[i]) for i, c in enumerate(r)), widths)
        out.write((paint(line, "error") if not d.ok else line) + "\n")
    bad = sum(1 for d in docs if not d.ok)
    if bad:
        print(f"reader: {bad} of {len(docs)} files not readable", file=err)
    return 0


def _language_cell(doc: Listed) -> str:
    if doc.language:
        return doc.language
    if doc.other_language:
        return f"other ({doc.other_language}?)"
    return "feed" if doc.is_feed else "?"


def _row(row: tuple[str, ...], widths: list[int]) -> str:
    from reader.view.cells import pad

    right = {2}
    parts = [pad(c, widths[i], right=i in right) for i, c in enumerate(row)]
    parts[-1] = row[-1]  # no trailing padding
    return "  ".join(parts).rstrip()


def _isatty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _default_corpus() -> Path:
    from reader.corpus import default_corpus_path

    path: Path = default_corpus_path()
    return path


# --------------------------------------------------------------------------- show


def _build_show_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="reader show",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Print one article: typeset for reading (title, meta line, wrapped paragraphs,\n"
            "boilerplate marked with ┆ and dimmed), or as JSON with every sentence and its\n"
            "character offsets into the decoded text."
        ),
        epilog=(
            'JSON: the document\'s metadata, "text" (the decoded source that every\n'
            '      offset points into), "paragraphs" (with kinds) and\n'
            '      "sentences": [{"index", "paragraph", "start", "end", "text",\n'
            '      "boilerplate"}, ...]\n\n'
            "examples:\n"
            "  reader show article.txt | less -R\n"
            "  reader show article.txt --format json"
        ),
    )
    p.add_argument("file", metavar="FILE", help="the article (.txt, .md, .html, or a feed)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument(
        "--width",
        type=int,
        default=None,
        help="wrap paragraphs at this many columns (default: the terminal, at most 88; 80 "
        "when not a terminal)",
    )
    _add_languages(p)
    return p


def _cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    doc = _load_ok(Path(args.file), args.languages)
    if args.format == "json":
        write_json(document_json(doc), out)
        return 0
    width = args.width if args.width is not None else min(88, _width(out))
    from reader.export.article import render_document_text

    out.write(render_document_text(doc, width=width, colour=_use_colour(out)))
    return 0


# --------------------------------------------------------------------------- diff


def _build_diff_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="reader diff",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Compare language versions of one article row by row against the first file\n"
            "(the pivot): what each version adds, omits, changes or moves. Comparison is\n"
            "cross-lingual (sentence alignment and similarity), not a character diff."
        ),
        epilog=(
            'JSON: {"documents": [{"path", "path_bytes", "language", "title"}, ...],\n'
            '       "rows": [{"index", "kind": "match"|"differs"|"only"|"moved",\n'
            '                 "cells": [null | {"text", "sentences", "spans", "kind",\n'
            '                                   "similarity", "reason"}, ...],\n'
            '                 "verdicts": [null | {"kind", "similarity", "reason",\n'
            '                                      "moved_to"}, ...],\n'
            '                 "similarity": float|null, "reason", "boilerplate"}, ...],\n'
            '       "scorer", "notes", "summary"}\n'
            "Each column's verdict (match, differs, added, omitted, moved) is its own\n"
            "comparison with the pivot; spans carry the document they are measured\n"
            '"against". Sentence numbers are those of `reader show --format json`.\n\n'
            "examples:\n"
            "  reader diff en.txt it.txt\n"
            "  reader diff en.txt it.txt fr.txt --format json\n"
            "  reader diff en.txt it.txt --changes-only\n"
            "  reader diff en.txt it.txt --format html -o diff.html"
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="two or more articles; first = pivot")
    p.add_argument(
        "--format", choices=("text", "json", "html"), default="text", help="output format"
    )
    _add_scorer(p)
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write to FILE instead of stdout, atomically (refuses a compared article, a "
        "link to one, and devices or pipes)",
    )
    p.add_argument("--width", type=int, default=None, help="text format: total width")
    p.add_argument(
        "--changes-only",
        action="store_true",
        help="leave out the rows that match (text, json); the HTML page starts with its "
        "'changes only' box ticked",
    )
    _add_languages(p)
    return p


def _check_output_target(output: Path, inputs: Sequence[Path]) -> None:
    from reader.export.output import OutputError, check_output

    try:
        check_output(output, inputs)
    except OutputError as error:
        raise UserError(str(error)) from None


def _cmd_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if len(args.files) < 2:
        raise UserError("diff needs at least two files (the first is the pivot)")
    paths = [Path(f) for f in args.files]
    output = Path(args.output) if args.output else None
    if output is not None:
        _check_output_target(output, paths)
    docs = [_load_ok(p, args.languages, err) for p in paths]
    from reader.compare.comparison import compare

    scoring = _scoring(args.scorer, err)
    try:
        comparison = compare(docs, scorer=scoring)
    except ValueError as error:  # e.g. a document too long to align
        raise UserError(str(error)) from None
    for extra in comparison.notes:
        if extra != scoring.note:  # the scorer's note was printed already
            _say(f"reader: {extra}", err)
    colour = _use_colour(out) and output is None
    if args.format == "json":
        ascii_only = output is None and not unicode_ok(out)
        data = comparison_json(comparison, changes_only=args.changes_only)
        rendered = dumps(data, ascii_only=ascii_only) + "\n"
    elif args.format == "html":
        from reader.export.html import render_html

        rendered = render_html(comparison, changes_only=args.changes_only)
    else:
        from reader.export.text import render_text

        width = args.width if args.width is not None else _width(out)
        rendered = render_text(
            comparison, width=width, color=colour, changes_only=args.changes_only
        )
    if output is not None:
        from reader.export.output import OutputError, write_output

        try:
            write_output(output, rendered, inputs=paths)
        except OutputError as error:
            raise UserError(str(error)) from None
        _say(f"reader: wrote {_shown(output)}", err)
        return 0
    out.write(rendered)
    return 0


# --------------------------------------------------------------------------- fetch


def _build_fetch_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="reader fetch",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Download web pages or RSS/Atom feeds into the library, then open them in the\n"
            "app (or, with --print or in a pipe, print where they were saved). Only http\n"
            "and https; a page already in the library is asked for with a conditional\n"
            "request, so an unchanged page is not downloaded again."
        ),
        epilog=(
            "library: $READER_LIBRARY, else the XDG data folder (~/.local/share/reader/\n"
            "         library), one folder per site; --into DIR saves there instead.\n\n"
            "examples:\n"
            "  reader fetch https://example.org/en/press-release --versions\n"
            "  reader fetch https://example.org/en/news --versions --languages en,it,fr\n"
            "  reader diff $(reader fetch --print URL --versions)\n"
            "  reader fetch https://example.org/feed.xml      a feed: its entries listed"
        ),
    )
    p.add_argument("urls", nargs="+", metavar="URL", help="http(s) addresses of pages or feeds")
    p.add_argument(
        "--versions",
        action="store_true",
        help="also fetch the language versions each page names (hreflang links), in the "
        "languages of --languages",
    )
    p.add_argument("--into", metavar="DIR", default=None, help="save into DIR, not the library")
    p.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="give up on a server that sends nothing for this long (default 20)",
    )
    p.add_argument(
        "--print",
        action="store_true",
        dest="print_paths",
        help="print the saved files, one a line, instead of opening the app",
    )
    _add_languages(p)
    return p


def _fetch_urls(
    urls: Sequence[str],
    err: TextIO,
    *,
    versions: bool = False,
    languages: tuple[str, ...] | None = None,
    into: Path | None = None,
    timeout: float = 20.0,
) -> tuple[list[Path], int]:
    """Fetch ``urls`` (and their versions); report each on stderr. Returns the saved
    files (in order, each once) and the number of failures."""
    from reader.corpus import DEFAULT_LANGUAGES
    from reader.net.fetch import Fetched, FetchError, Limits, Outcome, fetch_versions

    if timeout <= 0:
        raise UserError("--timeout must be a positive number of seconds")
    limits = Limits(timeout=timeout, deadline=max(60.0, 3 * timeout))
    failures = 0

    def report(outcome: Outcome) -> None:
        nonlocal failures
        if isinstance(outcome, FetchError):
            failures += 1
            _say(f"reader: error: {outcome}", err)
        elif isinstance(outcome, Fetched):
            if outcome.changed:
                size = f"{outcome.size / 1024:.1f} KB"
                _say(f"reader: fetched {outcome.url} → {outcome.path} ({size})", err)
            else:
                _say(f"reader: {outcome.url}: not modified, using {outcome.path}", err)

    results = fetch_versions(
        urls,
        versions=versions,
        languages=languages or DEFAULT_LANGUAGES,
        into=into,
        limits=limits,
        report=report,
    )
    paths = list(dict.fromkeys(r.path for r in results if isinstance(r, Fetched)))
    if versions:
        pages = [r for r in results if isinstance(r, Fetched) and r.kind == "page"]
        if len(pages) == 1 and len(paths) == 1:
            _say("reader: the page names no other language version in those languages", err)
    return paths, failures


def _cmd_fetch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    into = Path(args.into) if args.into else None
    if into is not None and into.exists() and not into.is_dir():
        raise UserError(f"{into}: is not a folder")
    paths, failures = _fetch_urls(
        args.urls,
        err,
        versions=args.versions,
        languages=args.languages,
        into=into,
        timeout=args.timeout,
    )
    if not paths:
        return 1
    if args.print_paths or not (_isatty(out) and sys.stdin.isatty()):
        out.writelines(f"{path}\n" for path in paths)
        return 1 if failures else 0
    code = _open_tui([str(p) for p in paths], args.languages)
    return code or (1 if failures else 0)


def _split_targets(raw: Sequence[str]) -> tuple[list[str], list[str]]:
    """Paths and web addresses among the arguments of ``reader``: an existing file wins;
    something written as an address (``https:``, ``javascript:``…) is an address."""
    from reader.corpus.urls import scheme_of

    paths: list[str] = []
    urls: list[str] = []
    for item in raw:
        path = Path(item)
        if path.exists() or path.is_symlink() or scheme_of(item) is None:
            paths.append(item)
        else:
            urls.append(item)
    return paths, urls


# --------------------------------------------------------------------------- search


def _build_search_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="reader search",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Search the text of every document under PATH (folders recursively; default:\n"
            "the bundled samples) and list the documents that match, best first, each with\n"
            "its matching sentences. Accents and case are ignored (citta finds Città).\n\n"
            "query: words (all required) · \"a phrase\" · prefix* · -word or NOT word\n"
            "(leave out) · a OR b. Anything else is read as words: no input is an error."
        ),
        epilog=(
            'JSON: {"query", "total", "results": [{"path", "id", "title", "language",\n'
            '       "other_language", "matches", "hits": [{"sentence", "text",\n'
            '       "spans": [[start, end], ...]}, ...]}, ...]}\n'
            "Sentence numbers are those of `reader show --format json`; spans are the\n"
            "matched words in the sentence's text. Exit status 1 when nothing matches.\n\n"
            "examples:\n"
            "  reader search tiktok ~/news\n"
            "  reader search '\"social network\" -meta' ~/news --format json"
        ),
    )
    p.add_argument("query", metavar="QUERY", help="what to look for (quote it for the shell)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files and folders")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N documents (default 20)"
    )
    _add_languages(p)
    return p


def _cmd_search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from reader.corpus.search import search

    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    paths = args.paths or [str(_default_corpus())]
    index = _corpus_index(err)
    items = _load_paths(paths, args.languages, index)
    found = search(args.query, items, index, limit=args.limit)
    if found.problem is not None:
        raise UserError(found.problem)
    if args.format == "json":
        write_json(search_json(args.query, found), out)
        return 0 if found.total else 1
    if not found.total:
        _say(f"reader: no document matches {args.query!r}", err)
        return 1
    from reader.view.cells import fit

    paint = Painter(_use_colour(out))
    width = _width(out)
    for number, r in enumerate(found.results, 1):
        language = r.language or (f"other ({r.other_language}?)" if r.other_language else "?")
        plural = "sentence" if r.matches == 1 else "sentences"
        head = f"{number}. {r.title}"
        out.write(paint(fit(head, width), "bold") + "\n")
        out.write(paint(f"   {language} · {r.matches} {plural} · {_safe(r.path)}", "dim") + "\n")
        for hit in r.hits:
            label = f"   #{hit.sentence} "
            text, spans = hit.snippet(max(20, width - len(label)))
            marked, at = [], 0
            for a, b in spans:
                marked += [text[at:a], paint(text[a:b], "hit")]
                at = b
            marked.append(text[at:])
            out.write(paint(label, "dim") + "".join(marked) + "\n")
    shown = len(found.results)
    if found.total > shown:
        _say(f"reader: {found.total} documents match; the best {shown} are shown (--limit)", err)
    return 0


# --------------------------------------------------------------------------- report


def _build_report_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="reader report",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Group the corpus and write every version group's diff, as JSON (like `reader\n"
            "diff --format json`) and HTML, into DIR/diffs/, with DIR/index.html listing\n"
            "the groups by story with their difference counts. A re-run compares and\n"
            "writes only what changed (DIR/manifest.json records what each file was made\n"
            "from). Nothing is written over a document read; files are written atomically."
        ),
        epilog=(
            "engines:\n"
            "  local   in this process (the default)\n"
            "  dask    on an existing Dask cluster: --scheduler tcp://HOST:8786 (needs the\n"
            "          dask extra here and polyglot-reader on the workers)\n\n"
            "examples:\n"
            "  reader report ~/news --out ~/news-report\n"
            "  reader report ~/news --out /srv/report --engine dask --scheduler tcp://10.0.0.5:8786"
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files and folders")
    p.add_argument("--out", required=True, metavar="DIR", help="the report's folder")
    _add_scorer(p)
    p.add_argument("--engine", choices=("local", "dask"), default="local", help="where to compare")
    p.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler (--engine dask)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    _add_languages(p)
    return p


def _cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from reader import report
    from reader.corpus import DEFAULT_LANGUAGES
    from reader.corpus.indexed import documents_of, grouping_of, list_indexed

    if args.engine == "dask" and not args.scheduler:
        raise UserError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    if args.scheduler and args.engine != "dask":
        raise UserError("--scheduler is for --engine dask")
    _check_paths_exist(args.paths)
    inputs = [Path(p) for p in args.paths]
    target = Path(args.out)
    languages = args.languages or DEFAULT_LANGUAGES
    try:
        report.check_out_dir(target, inputs)
        scoring = _scoring(args.scorer, err)
        index = _corpus_index(err)
        items = list_indexed(inputs, languages=languages, index=index)
        found = grouping_of(items, index=index, languages=languages)
        written = report.write_report(
            items,
            dict(found.version_group),
            dict(found.story),
            target,
            scorer=scoring.name,
            engine=args.engine,
            scheduler=args.scheduler,
            inputs=inputs,
            progress=report.progress_for(err, args.quiet),
            title="reader report: " + ", ".join(args.paths),
            resolve=lambda group: documents_of(group, index, languages),
        )
    except report.ReportError as error:
        raise UserError(str(error), code=1) from None
    for name, reason in written.failures:
        _say(f"reader: error: {name}: {reason}", err)
    if not args.quiet:
        _say(
            f"reader: {written.groups} version groups: {written.compared} compared, "
            f"{written.reused} unchanged; {len(written.files_written)} files written, "
            f"{len(written.files_removed)} removed ({written.seconds:.1f} s)",
            err,
        )
    out.write(f"{_safe(target / report.INDEX)}\n")
    return 1 if written.failures else 0


# --------------------------------------------------------------------------- index


def _build_index_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="reader index",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Say where the corpus index is and what it holds: the documents read (parsed,\n"
            "with their languages), their sentences for `reader search`, and the groupings\n"
            "of the corpora opened lately. It is a cache: deleting it loses nothing."
        ),
        epilog="$READER_INDEX overrides where it is (`off`: in memory only).",
    )
    p.add_argument("--clear", action="store_true", help="empty the index")
    return p


def _cmd_index(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    index = _corpus_index(err)
    if args.clear:
        index.clear()
    counts = index.stats()
    where = index.path if index.persistent and index.path is not None else "in memory only"
    size = 0
    if index.persistent and index.path is not None:
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                size += os.stat(f"{index.path}{suffix}").st_size
    out.write(f"index: {_safe(where)} ({size / 1_048_576:.1f} MB)\n")
    out.write(
        f"{counts['documents']:,} documents, {counts['groupings']:,} groupings"
        + (" (cleared)" if args.clear else "")
        + "\n"
    )
    return 0


# --------------------------------------------------------------------------- the TUI


def _open_tui(paths: Sequence[str], languages: tuple[str, ...] | None) -> int:
    paths, urls = _split_targets(paths)
    _check_paths_exist(paths)
    if urls:
        from reader.net.fetch import FetchError, check_url

        for url in urls:
            try:
                check_url(url)
            except FetchError as error:
                raise UserError(str(error)) from None
        fetched, _failures = _fetch_urls(urls, sys.stderr, languages=languages)
        if not fetched and not paths:
            raise UserError("nothing could be fetched", code=1)
        paths = [*paths, *(str(p) for p in fetched)]
    targets = [Path(p) for p in paths] or [_default_corpus()]
    # Start-up allocates some hundred thousand long-lived objects (Textual's and the
    # reader's modules, the stylesheet, the first frame): the cyclic garbage collector
    # would walk them again and again, about a sixth of the time to the first titles.
    # It is paused until the first frame is on screen, when the app freezes what start-up
    # made and resumes it (ReaderApp._after_first_frame), or this returns.
    gc.disable()
    # The first screenful is read by a child process on the other core while this one
    # imports Textual (no thread runs yet: safe to fork).
    from reader.corpus import DEFAULT_LANGUAGES
    from reader.tui import prefetch

    chosen = DEFAULT_LANGUAGES if languages is None else languages
    early = prefetch.start(targets, chosen)
    try:
        try:
            from reader.tui.app import ReaderApp, run_app
        except ImportError as exc:
            raise UserError(f"the terminal app is not available ({exc})", code=1) from None
        return run_app(ReaderApp(targets, languages=chosen, prefetch=early))
    finally:
        if early is not None:
            early.close()  # (taken already, unless the app never got that far)
        gc.enable()


# --------------------------------------------------------------------------- dispatch


def _build_main_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="reader",
        usage="reader [-h] [--version] [--languages en,it,fr] [PATH|URL ...]\n"
        "       reader {list,show,diff,align,fetch,search,report,index} ...",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_DESCRIPTION,
        epilog=_EPILOG,
    )
    p.add_argument("--version", action="version", version=f"reader {__version__}")
    _add_languages(p)
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH|URL",
        help="files and folders to open; http(s) addresses are fetched into the library first",
    )
    return p


_PARSERS = {
    "list": _build_list_parser,
    "show": _build_show_parser,
    "diff": _build_diff_parser,
    "align": _build_align_parser,
    "fetch": _build_fetch_parser,
    "search": _build_search_parser,
    "report": _build_report_parser,
    "index": _build_index_parser,
}
_COMMANDS = {
    "list": _cmd_list,
    "show": _cmd_show,
    "diff": _cmd_diff,
    "align": _cmd_align,
    "fetch": _cmd_fetch,
    "search": _cmd_search,
    "report": _cmd_report,
    "index": _cmd_index,
}


def _run(argv: list[str], out: TextIO, err: TextIO) -> int:
    if argv and argv[0] in _COMMANDS:
        name = argv[0]
        try:
            args = _PARSERS[name]().parse_args(argv[1:])
        except UserError as exc:
            if Path(name).exists():
                raise UserError(
                    f"{exc}\n(`{name}` is also a file or folder here: to open it in the "
                    f"app, write `reader ./{name}` or `reader -- {name}`)",
                    code=exc.code,
                ) from None
            raise
        code: int = _COMMANDS[name](args, out, err)
        return code
    args = _build_main_parser().parse_args(argv)
    return _open_tui(args.paths, args.languages)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` command. Returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    for stream in (out, err):
        # A terminal or pipe that cannot encode every letter (e.g. PYTHONIOENCODING=ascii)
        # gets "?" for what it cannot show, rather than a crash.
        if isinstance(stream, io.TextIOWrapper) and not unicode_ok(stream):
            stream.reconfigure(errors="replace")
    try:
        return _run(args, out, err)
    except UserError as exc:
        _say(f"reader: error: {exc}", err)
        return exc.code
    except SystemExit as exc:  # --help / --version from argparse
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        print("reader: interrupted", file=err)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error of ours.
        # Point stdout at devnull so that the interpreter's final flush stays quiet.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0
