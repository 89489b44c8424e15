"""Command line: ``reader [PATH...]`` opens the TUI; sub-commands print to stdout.

Sub-commands: ``list``, ``show``, ``diff``, ``align``. Heavy modules (Textual, the
comparison engine, language models) are imported only by the command that needs them,
so ``reader list`` and ``reader --help`` stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from reader import __version__

if TYPE_CHECKING:
    from reader.compare.model import Bead
    from reader.corpus.model import Document

SUBCOMMANDS = ("list", "show", "diff", "align")
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

  Run `reader COMMAND --help` for the options of a sub-command.

paths named like a sub-command:
  A first argument that is a sub-command name runs that sub-command. To open a file or
  folder called e.g. `list`, write `reader ./list` or `reader -- list` (everything after
  `--` is a path).

examples:
  reader                                  open the bundled sample articles
  reader ~/news                           open every .txt/.md under ~/news
  reader list ~/news --format json        machine-readable listing
  reader show article.txt | less -R       read one article in a pager
  reader diff en.txt it.txt fr.txt        EN | IT | FR, row by row
  reader diff en.txt it.txt --format html -o diff.html
  reader align a.txt b.txt --presegmented --scorer lexical

environment:
  NO_COLOR   when set (to anything), no colour is used; colour is only ever used when
             stdout is a terminal.
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
    return codes


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
            "with no counterpart (the format of the alignment benchmarks)."
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
        help="the files hold one sentence per line (line numbers are sentence numbers); "
        "otherwise they are read as articles and split into sentences "
        "(numbers as in `reader show --format json`)",
    )
    _add_scorer(p)
    p.add_argument("--scores", action="store_true", help="add a third `:score` field per bead")
    _add_languages(p)
    return p


# --------------------------------------------------------------------------- helpers


def _read_text(path: Path) -> str:
    """Read a text file for `align --presegmented` (UTF-8, UTF-8/16 with BOM)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, expected a file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    if b"\x00" in raw and encoding == "utf-8":
        raise UserError(f"{path}: looks like a binary file, not text")
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        where = f"{exc.reason} at byte {exc.start}"
        raise UserError(f"{path}: not valid {encoding} ({where})") from None


def _presegmented_lines(text: str) -> list[str]:
    """One sentence per line; line i is sentence i (empty lines keep their number)."""
    if not text:
        return []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def _format_bead(bead: Bead, with_score: bool) -> str:
    try:
        from reader.compare.beads import format_bead
    except ImportError:
        text = "[{}]:[{}]".format(", ".join(map(str, bead.src)), ", ".join(map(str, bead.tgt)))
        return f"{text}:{bead.score:.4f}" if with_score else text
    line: str = format_bead(bead, score=with_score)
    return line


def _scorer_note(name: str) -> str | None:
    try:
        from reader.compare import scorer_note
    except ImportError:
        return None
    note: str | None = scorer_note(name)
    return note


# --------------------------------------------------------------------------- commands


def _cmd_align(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    src_path, tgt_path = Path(args.src), Path(args.tgt)
    if args.presegmented:
        src = _presegmented_lines(_read_text(src_path))
        tgt = _presegmented_lines(_read_text(tgt_path))
    else:
        src = [s.text for s in _load_ok(src_path, args.languages).sentences]
        tgt = [s.text for s in _load_ok(tgt_path, args.languages).sentences]
    try:
        from reader.compare import align
    except ImportError as exc:
        raise UserError(f"the alignment engine is not available ({exc})", code=1) from None
    note = _scorer_note(args.scorer)
    if note:
        print(f"reader: {note}", file=err)
    beads = align(src, tgt, scorer=args.scorer)
    out.writelines(_format_bead(bead, args.scores) + "\n" for bead in beads)
    return 0


def _load_ok(path: Path, languages: tuple[str, ...] | None) -> Document:
    from reader.corpus import DEFAULT_LANGUAGES, load_document

    if not path.exists() and not path.is_symlink():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a folder, expected a file")
    doc: Document = load_document(path, languages=languages or DEFAULT_LANGUAGES)
    if doc.error is not None:
        raise UserError(f"{path}: {doc.error}")
    return doc


# --------------------------------------------------------------------------- dispatch


def _build_main_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="reader",
        usage="reader [-h] [--version] [--languages en,it,fr] [PATH ...]\n"
        "       reader {list,show,diff,align} ...",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_DESCRIPTION,
        epilog=_EPILOG,
    )
    p.add_argument("--version", action="version", version=f"reader {__version__}")
    _add_languages(p)
    p.add_argument("paths", nargs="*", metavar="PATH", help="files and folders to open")
    return p


_PARSERS = {"align": _build_align_parser}
_COMMANDS = {"align": _cmd_align}


def _run(argv: list[str], out: TextIO, err: TextIO) -> int:
    if argv and argv[0] in _COMMANDS:
        name = argv[0]
        args = _PARSERS[name]().parse_args(argv[1:])
        return _COMMANDS[name](args, out, err)
    args = _build_main_parser().parse_args(argv)
    raise UserError("the terminal app is not available yet", code=1)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` command. Returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    try:
        return _run(args, out, err)
    except UserError as exc:
        print(f"reader: error: {exc}", file=err)
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
