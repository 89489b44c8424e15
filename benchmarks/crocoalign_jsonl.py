#!/usr/bin/env python3
"""Turn CroCoAlign's OPUS Books ``.jsonl`` files into the bench format.

``../shared/bench/crocoalign_books_val`` holds the *validation* books already in the
bench format (one sentence per line, one bead per line). The published figures for OPUS
Books are on the *test* split, which is not in ``../shared/bench``. If you have
CroCoAlign's test files (``data/opus/books/test/test_<A>-<B>-<book>.jsonl`` in its
repository), convert them with this script and point ``benchmarks/alignment.py`` at the
result::

    .venv/bin/python benchmarks/crocoalign_jsonl.py test_EN-IT-*.jsonl --out /tmp/books_test
    .venv/bin/python benchmarks/alignment.py --sets opus-test-en-it --books-test /tmp/books_test

Each ``.jsonl`` line is one gold bead, in document order::

    {"sources": {"ids": [...], "text": [...]}, "targets": {"ids": [...], "text": [...]}}

The converter writes ``<stem>.<a>`` and ``<stem>.<b>`` (the sentences of each side, in
bead order) and ``<stem>.gold`` (``[i, ...]:[j, ...]`` with 0-based line numbers). The
data keeps its own licence (CroCoAlign: CC BY-NC-SA 4.0): keep the output outside this
repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from reader.compare.beads import format_bead
from reader.compare.model import Bead

_NAME = re.compile(r"^(?:val|test|train)_([A-Z]{2})-([A-Z]{2})-")


class FormatError(ValueError):
    """A line that is not a CroCoAlign bead."""


def _side(bead: object, key: str, lineno: int) -> list[str]:
    if not isinstance(bead, dict) or not isinstance(bead.get(key), dict):
        raise FormatError(f"line {lineno}: no {key!r} object")
    text = bead[key].get("text")
    if not isinstance(text, list) or not all(isinstance(t, str) for t in text):
        raise FormatError(f"line {lineno}: {key}.text is not a list of strings")
    for t in text:
        if "\n" in t or "\r" in t:
            raise FormatError(f"line {lineno}: a sentence spans lines")
    return text


def convert(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Source sentences, target sentences and gold bead lines from jsonl lines."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[str] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            bead = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(f"line {lineno}: not JSON ({exc.msg})") from None
        s = _side(bead, "sources", lineno)
        t = _side(bead, "targets", lineno)
        if not s and not t:
            continue
        pair = Bead(
            tuple(range(len(src), len(src) + len(s))), tuple(range(len(tgt), len(tgt) + len(t)))
        )
        src.extend(s)
        tgt.extend(t)
        gold.append(format_bead(pair))
    return src, tgt, gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("jsonl", nargs="+", type=Path, help="CroCoAlign .jsonl files")
    ap.add_argument("--out", type=Path, required=True, help="folder for the converted files")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in args.jsonl:
        m = _NAME.match(path.name)
        if not m:
            print(f"{path.name}: expected a name like test_EN-IT-<book>.jsonl", file=sys.stderr)
            return 2
        a, b = m.group(1).lower(), m.group(2).lower()
        try:
            src, tgt, gold = convert(path.read_text(encoding="utf-8").splitlines())
        except (OSError, UnicodeDecodeError, FormatError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 2
        stem = args.out / path.name.removesuffix(".jsonl")
        for suffix, rows in ((a, src), (b, tgt), ("gold", gold)):
            Path(f"{stem}.{suffix}").write_text("".join(r + "\n" for r in rows), encoding="utf-8")
        print(f"{stem}: {len(src)} x {len(tgt)} sentences, {len(gold)} gold beads")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
