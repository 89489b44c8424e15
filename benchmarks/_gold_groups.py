"""Gold version groups for the grouping benchmark, and pairwise scoring against them.

    from benchmarks._gold_groups import write_swissgov, pairwise
    gold = write_swissgov(tmp_dir)          # {file name: page}, 672 files
    p, r, f1, counts = pairwise(predicted, gold)

SwissGov-RSD (``../shared/bench/swissgov-rsd_dev``) pairs each English page with its
French, Italian and German version, one pair a line in three files: every English page
appears three times. :func:`write_swissgov` writes each page once per language (168
pages → 672 articles), one sentence a line, the dataset's whitespace tokenisation undone
("Switzerland ' s" → "Switzerland's", "( IEA )" → "(IEA)"). File names are hashes of
the text, so that neither the names nor their order say which files belong together.
The data is read in place and written only into the folder given (a temporary one).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Hashable, Mapping
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SWISSGOV = ROOT.parent / "shared" / "bench" / "swissgov-rsd_dev"
SWISSGOV_LANGUAGES = ("fr", "it", "de")

_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}»’”])")
_SPACE_AFTER = re.compile(r"([(\[{«“‘]) ")
_APOSTROPHE = re.compile(r"(\w) ['’] ?(?=\w)")
_HYPHEN = re.compile(r"(\w) - (?=\w)")


def detokenise(text: str) -> str:
    """Undo the dataset's whitespace tokenisation, well enough for a reader."""
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    text = _APOSTROPHE.sub(r"\1'", text)
    text = _HYPHEN.sub(r"\1-", text)
    return text


def swissgov_pages(data: Path = SWISSGOV) -> dict[str, dict[str, str]]:
    """{English page: {language: text}} for every page of the three gold files."""
    pages: dict[str, dict[str, str]] = defaultdict(dict)
    for lang in SWISSGOV_LANGUAGES:
        path = data / f"gold_admin_{lang}.jsonl"
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                page = pages[row["page_en"]]
                # the English side is the same text in the three files: keep it once
                page.setdefault("en", row["text_a"])
                page[lang] = row["text_b"]
    return dict(pages)


def write_swissgov(directory: Path | str, data: Path = SWISSGOV) -> dict[str, str]:
    """Write every page of SwissGov-RSD dev as one article per language into ``directory``.

    Returns {file name: English page}, the gold version groups. Raises FileNotFoundError
    with the folder it looked in when the data is missing.
    """
    from reader.corpus import split_sentences

    if not data.is_dir():
        raise FileNotFoundError(f"SwissGov-RSD dev not found in {data}")
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    gold: dict[str, str] = {}
    for page, versions in sorted(swissgov_pages(data).items()):
        for lang, raw in sorted(versions.items()):
            text = detokenise(raw)
            lines = [text[a:b].strip() for a, b in split_sentences(text, lang)]
            body = "\n".join(line for line in lines if line) + "\n"
            name = hashlib.sha1(f"{lang}\n{body}".encode()).hexdigest()[:16] + ".txt"
            (root / name).write_text(body, encoding="utf-8")
            gold[name] = page
    return gold


def pairs_of(groups: Mapping[str, Hashable]) -> set[tuple[str, str]]:
    """The unordered pairs of keys that share a group."""
    members: dict[Hashable, list[str]] = defaultdict(list)
    for key, group in groups.items():
        members[group].append(key)
    out: set[tuple[str, str]] = set()
    for keys in members.values():
        out.update((a, b) if a < b else (b, a) for a, b in combinations(keys, 2))
    return out


def pairwise(
    predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]
) -> tuple[float, float, float, tuple[int, int, int]]:
    """Pairwise precision, recall and F1 of ``predicted`` groups against ``gold`` (both
    keyed alike; keys missing from ``predicted`` count as groups of their own), and the
    counts (true positives, predicted pairs, gold pairs)."""
    pred = pairs_of({k: v for k, v in predicted.items() if k in gold})
    true = pairs_of(gold)
    tp = len(pred & true)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(true) if true else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, (tp, len(pred), len(true))
