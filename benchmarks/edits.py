"""Edit detection: controlled edits injected into real translated documents.

    .venv/bin/python benchmarks/edits.py [--scorer auto[,lexical]] [--per-type 40]
        [--sets swissgov,opus,transread] [--langs fr,it,de] [--types …] [--seed 0]
        [--dump edits.jsonl] [--data ../shared/bench]

Documents (development data only, read in place):

- ``swissgov``: the 168 SwissGov-RSD dev pages per language (English ``text_a`` and its
  fr / it / de ``text_b``). The text is whitespace-tokenised by the dataset; digit groups
  are joined back (``8 ' 756`` → ``8'756``, ``01 . 03 . 2022`` → ``01.03.2022``,
  ``6 . Januar`` → ``6. Januar``) so that numbers and dates read as on the page. Edits go
  into sentences that the annotators marked as having the same meaning (every token 0).
- ``opus``: the OPUS books validation texts (en-fr Dumas, en-it Jerome, fr-it Defoe: the
  French side is the pivot there) and ``transread``: the five TransRead en-fr dev novels;
  one sentence a line, cut into windows of 20–40 consecutive gold beads, each window a
  document; edits go into lines of one-to-one gold beads.

Each edit changes one document of a pair — the translation three times in four, else
the pivot — and the pair is compared as a user would (``reader diff`` does the same):
both texts are written to files, read with ``reader.corpus.load_document`` and compared
with ``reader.compare.comparison.compare([pivot, other], scorer=…)``. The unedited
comparison of each document pair is computed once. ``edit_judge.judge`` decides whether
the edit was detected (the definitions are in its docstring); the edits themselves come
from ``edit_inject``.

Edit types: ``number`` (digits changed), ``number-word-other`` (a number replaced by the
word of another value), ``name`` (a name swapped), ``date`` (day, month or year changed),
``negation`` (inserted or removed), ``sentence-deleted``, ``sentence-inserted`` (a
sentence of another document of the same set), ``clause-deleted``; same-meaning
rewrites, which must not be flagged: ``number-word-same`` (6 → "sei", "trois" → 3),
``date-reformat`` (17.12.2004 ⇄ 17 dicembre 2004), ``thousands`` (8'756 → 8756).

Printed per scorer: recall per type (false-alarm rate for the rewrites) for every set
and language pair, all pooled, and the two halves of the documents (``tune`` = even
document index, ``check`` = odd), so that a threshold tuned on one half is checked on
the other; then per type: by language, by edited side, the share of edits whose place
was already highlighted before the edit (``pre``), collateral rows per edit (rows other
than the edited one whose kind changed) and the share of detected edits whose reason
names the right kind. Targets (issue 9): recall ≥ 0.9 for every type, rewrites flagged
≤ 10 %, collateral ≤ 0.5 rows per edit. Figures only, no asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from benchmarks import edit_inject as inj
from benchmarks.edit_judge import Mode, Site, Splice, Verdict, judge
from reader.compare.beads import parse_beads
from reader.corpus.language import guess_language

ROOT = Path(__file__).resolve().parent.parent

SETS = ("swissgov", "opus", "transread")
PIVOT_SHARE = 0.25  # share of edits made on the pivot document

# --- documents ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Doc:
    """A document pair: the pivot (side 0) and its translation (side 1)."""

    set: str
    pair: str  # "en-it", "fr-it"
    languages: tuple[str, str]
    index: int  # within (set, pair): even = tune, odd = check
    name: str
    texts: tuple[str, str]
    units: tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]  # sentences
    eligible: tuple[frozenset[int], frozenset[int]]  # units an edit may go into
    separator: str  # between units: "\n" (one a line) or " "
    spare: bool = False  # beyond --docs: used only for edit types rare in the others

    @property
    def half(self) -> str:
        return "tune" if self.index % 2 == 0 else "check"

    @property
    def key(self) -> str:
        return f"{self.set} {self.pair}"

    def unit(self, side: int, u: int) -> str:
        a, b = self.units[side][u]
        return self.texts[side][a:b]


_JOINS = (
    # 01 . 03 . 2022 → 01.03.2022
    re.compile(r"(?<![\d.,'’])\d{1,2}( )\.( )\d{1,2}( )\.( )\d{4}(?!\d)"),
    # 8 ' 756 → 8'756, 1 ' 250 ' 000 → 1'250'000
    re.compile(r"(?<![\d.,'’])\d{1,3}(?:( )['’]( )\d{3})+(?![\d'’])"),
    # 3 , 5 → 3,5 and 2 . 5 → 2.5 (decimals; 1 , 000 → 1,000)
    re.compile(r"(?<![\d.,'’])\d{1,3}( )[.,]( )\d{1,3}(?![\d.,'’])"),
    # 6 . Januar → 6. Januar
    re.compile(
        r"(?<![\d.])\d{1,2}( )\.(?= (?:"
        + "|".join(sorted({m for lang in inj.MONTHS.values() for m in lang}, key=len, reverse=True))
        + r")\b)"
    ),
)


def _join_numbers(tokens: list[str], labels: list[float]) -> tuple[str, list[float]]:
    """The tokens joined by spaces, but digit groups written as on the page
    (``8 ' 756`` → ``8'756``, ``01 . 03 . 2022`` → ``01.03.2022``, ``6 . Januar`` →
    ``6. Januar``); with the gold label of every character (-1 for spaces)."""
    text = " ".join(tokens)
    char_labels: list[float] = []
    for k, tok in enumerate(tokens):
        if k:
            char_labels.append(-1.0)
        char_labels.extend([labels[k] if k < len(labels) else -1.0] * len(tok))
    for pattern in _JOINS:
        drop = {
            m.start(g)
            for m in pattern.finditer(text)
            for g in range(1, (pattern.groups or 0) + 1)
            if m.start(g) >= 0
        }
        # repeated groups only keep their last match: find the other spaces of the match too
        for m in pattern.finditer(text):
            drop |= {
                i for i in range(m.start(), m.end()) if text[i] == " " and pattern is _JOINS[1]
            }
        text = "".join(c for i, c in enumerate(text) if i not in drop)
        char_labels = [x for i, x in enumerate(char_labels) if i not in drop]
    return text, char_labels


def _split(text: str, language: str) -> tuple[tuple[int, int], ...]:
    from reader.corpus import split_sentences

    return tuple((a, b) for a, b in split_sentences(text, language) if text[a:b].strip())


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]{2,}", text))


def swissgov_docs(data: Path, language: str) -> list[Doc]:
    path = data / "swissgov-rsd_dev" / f"gold_admin_{language}.jsonl"
    docs = []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for n, line in enumerate(lines):
        row = json.loads(line)
        texts, units, eligible = [], [], []
        for side, lang in (("a", "en"), ("b", language)):
            text, labels = _join_numbers(
                row[f"text_{side}"].split(), [float(x) for x in row[f"labels_{side}"]]
            )
            spans = _split(text, lang)
            ok = frozenset(
                u
                for u, (a, b) in enumerate(spans)
                if _words(text[a:b]) >= 4
                and guess_language(text[a:b], ("en", language)) in (lang, None)
                and all(x in (0.0, -1.0) for x in labels[a:b])
                and any(x == 0.0 for x in labels[a:b])
            )
            texts.append(text)
            units.append(spans)
            eligible.append(ok)
        docs.append(
            Doc(
                "swissgov",
                f"en-{language}",
                ("en", language),
                n,
                f"gold_admin_{language}#{n}",
                (texts[0], texts[1]),
                (units[0], units[1]),
                (eligible[0], eligible[1]),
                " ",
            )
        )
    return docs


def book_docs(set_name: str, gold: Path, a: str, b: str, seed: int) -> list[Doc]:
    """Windows of 20–40 consecutive gold beads of one book, each a document pair."""
    lines = [
        gold.with_suffix(f".{a}").read_text(encoding="utf-8").splitlines(),
        gold.with_suffix(f".{b}").read_text(encoding="utf-8").splitlines(),
    ]
    beads = parse_beads(gold.read_text(encoding="utf-8"))
    rng = random.Random(f"{seed}:windows:{gold.name}")
    docs: list[Doc] = []
    k = 0
    while k < len(beads):
        window = beads[k : k + rng.randint(20, 40)]
        k += len(window)
        sides = []
        for s in (0, 1):
            idx = [i for bead in window for i in (bead.src if s == 0 else bead.tgt)]
            if not idx:
                break
            first, last = min(idx), max(idx)
            one = {
                (bead.src if s == 0 else bead.tgt)[0]
                for bead in window
                if len(bead.src) == 1 and len(bead.tgt) == 1
            }
            sides.append((first, last, one))
        if len(sides) < 2:
            continue
        texts, units, eligible = [], [], []
        for s, (first, last, one) in enumerate(sides):
            lang = (a, b)[s]
            chunk = [line.strip() for line in lines[s][first : last + 1]]
            pos, spans, ok = 0, [], set()
            for n, line in enumerate(chunk):
                spans.append((pos, pos + len(line)))
                if (
                    first + n in one
                    and _words(line) >= 4
                    and guess_language(line, (a, b)) in (lang, None)
                ):
                    ok.add(n)
                pos += len(line) + 1
            texts.append("\n".join(chunk) + "\n")
            units.append(tuple(spans))
            eligible.append(frozenset(ok))
        if len(window) < 20 and docs:
            break  # a short tail: not a document of its own
        docs.append(
            Doc(
                set_name,
                f"{a}-{b}",
                (a, b),
                0,
                f"{gold.stem}[{k - len(window)}:{k}]",
                (texts[0], texts[1]),
                (units[0], units[1]),
                (eligible[0], eligible[1]),
                "\n",
            )
        )
    return docs


def load_docs(
    data: Path, sets: Sequence[str], langs: Sequence[str], seed: int, per_pair: int = 0
) -> list[Doc]:
    """The document pairs of ``sets`` whose translation is in ``langs``; with ``per_pair``,
    that many of each set and pair, drawn with ``seed`` (their index keeps its half)."""
    out: list[Doc] = []
    for set_name in sets:
        found: list[Doc] = []
        if set_name == "swissgov":
            for lang in langs:
                found += swissgov_docs(data, lang)
        elif set_name == "opus":
            for gold in sorted((data / "crocoalign_books_val").glob("val_*.gold")):
                a, b = gold.name.split("-")[0][4:].lower(), gold.name.split("-")[1].lower()
                if b in langs:
                    found += book_docs("opus", gold, a, b, seed)
        elif set_name == "transread" and "fr" in langs:
            for gold in sorted((data / "transread_en-fr_dev").glob("*.gold")):
                found += book_docs("transread", gold, "en", "fr", seed)
        out += found
    # number the documents of each (set, pair): even = tune, odd = check
    counter: dict[str, int] = defaultdict(int)
    numbered = []
    for d in out:
        n = counter[d.key]
        counter[d.key] += 1
        numbered.append(
            Doc(d.set, d.pair, d.languages, n, d.name, d.texts, d.units, d.eligible, d.separator)
        )
    if per_pair <= 0:
        return numbered
    chosen: list[Doc] = []
    for key in dict.fromkeys(d.key for d in numbered):
        group = [d for d in numbered if d.key == key]
        rng = random.Random(f"{seed}:documents:{key}")
        order = rng.sample(range(len(group)), len(group))
        keep = sorted(order[:per_pair])
        spare = sorted(order[per_pair:])
        chosen += [group[i] for i in keep]
        chosen += [replace(group[i], spare=True) for i in spare]
    return chosen


# --- edits ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Edit:
    type: str
    doc: Doc
    side: int  # 0 = the pivot edited, 1 = the translation
    text: str  # the edited document's whole text
    splice: Splice
    focus: tuple[int, int]
    mode: Mode
    before: str
    after: str
    note: str

    def site(self) -> Site:
        return Site(self.side, self.splice, self.focus, self.mode)


Injector = Callable[[str, str, random.Random], list[inj.Injection]]


@dataclass(frozen=True, slots=True)
class EditType:
    name: str
    rewrite: bool  # a same-meaning rewrite: the figure is the false-alarm rate
    reason: str  # regex the reason must match (the right kind named)
    injector: Injector | None = None
    mode: Mode = "content"


TYPES: tuple[EditType, ...] = (
    EditType("number", False, r"\bnumber", inj.number_changes),
    EditType("number-word-other", False, r"\bnumber", inj.number_word_others),
    EditType("name", False, r"\bname", None),
    EditType("date", False, r"\bdate", inj.date_changes),
    EditType("negation", False, r"negat|polarit", inj.negations),
    EditType("sentence-deleted", False, r"no counterpart|omit|lacks|only in", None, "delete"),
    EditType("sentence-inserted", False, r"no counterpart|added|only in", None, "insert"),
    EditType(
        "clause-deleted", False, r"clause|no counterpart|lacks", inj.clause_deletions, "clause"
    ),
    EditType("number-word-same", True, "", inj.number_words),
    EditType("date-reformat", True, "", inj.date_reformats),
    EditType("thousands", True, "", inj.thousands_rewrites),
)
TYPE_BY_NAME = {t.name: t for t in TYPES}


def _splice_of(text: str, a: int, b: int, new: str) -> Splice:
    """The smallest splice turning text[a:b] into ``new`` (common ends left out)."""
    old = text[a:b]
    p = len(os.path.commonprefix([old, new]))
    q = len(os.path.commonprefix([old[p:][::-1], new[p:][::-1]]))
    return Splice(a + p, b - q, len(new) - p - q)


@dataclass
class _Context:
    """What the name and sentence injectors need from the rest of the corpus."""

    names: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (doc name, side)
    pools: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (set pair, side)
    sentences: dict[tuple[str, int], list[tuple[str, str]]] = field(default_factory=dict)
    words: dict[str, set[str]] = field(default_factory=dict)  # doc name -> folded words


def _context(docs: Sequence[Doc]) -> _Context:
    ctx = _Context()
    lower: dict[str, set[str]] = defaultdict(set)  # language -> words seen in lower case
    for d in docs:
        for s in (0, 1):
            lower[d.languages[s]].update(
                inj.fold(w) for w in re.findall(r"\b[^\W\d_A-Z]+\b", d.texts[s]) if w.islower()
            )
    for d in docs:
        found = [
            [
                w
                for u in range(len(d.units[s]))
                for _, _, w in inj.names_in(d.unit(s, u))
                if inj.fold(w) not in lower[d.languages[s]]
            ]
            for s in (0, 1)
        ]
        folded = [{inj.fold(w) for w in f} for f in found]
        ctx.words[d.name] = {inj.fold(w) for t in d.texts for w in re.findall(r"[^\W\d_]+", t)}
        for s in (0, 1):
            ctx.names[(d.name, s)] = sorted(folded[1 - s])
            shared = sorted({w for w in found[s] if inj.fold(w) in folded[1 - s]})
            ctx.pools.setdefault((d.key, s), []).extend(shared)
            for u in sorted(d.eligible[s]):
                text = d.unit(s, u)
                if (
                    _words(text) >= 6
                    and re.search(r"[.!?][\"”»’']?\s*$", text)
                    and text[:1].isupper()
                ):
                    ctx.sentences.setdefault((d.key, s), []).append((d.name, text))
    for key, pool in ctx.pools.items():
        ctx.pools[key] = sorted(set(pool))
    return ctx


def _candidates(
    kind: EditType, d: Doc, side: int, ctx: _Context, rng: random.Random
) -> Iterator[Edit]:
    text = d.texts[side]
    lang = d.languages[side]
    for u in sorted(d.eligible[side]):
        a, b = d.units[side][u]
        sentence = text[a:b]
        if kind.mode == "delete":
            end = b + 1 if b < len(text) and text[b] in " \n" else b
            yield Edit(
                kind.name,
                d,
                side,
                text[:a] + text[end:],
                Splice(a, end, 0),
                (a, a),
                "delete",
                sentence,
                "",
                "",
            )
            continue
        if kind.mode == "insert":
            pool = ctx.sentences.get((d.key, side), [])
            others = [
                t for name, t in (rng.choice(pool) for _ in range(20) if pool) if name != d.name
            ]
            if not others:
                return
            new = others[0]
            at = b + 1 if d.separator == "\n" else b
            piece = new + "\n" if d.separator == "\n" else " " + new
            start = at if d.separator == "\n" else at + 1
            yield Edit(
                kind.name,
                d,
                side,
                text[:at] + piece + text[at:],
                Splice(at, at, len(piece)),
                (start, start + len(new)),
                "insert",
                "",
                new,
                "",
            )
            continue
        if kind.name == "name":
            shared = set(ctx.names[(d.name, side)])
            found = inj.name_swaps(
                sentence,
                lang,
                rng,
                shared=shared,
                pool=ctx.pools.get((d.key, side), []),
                taken=ctx.words[d.name],
            )
        else:
            assert kind.injector is not None
            found = kind.injector(sentence, lang, rng)
        for i in found:
            new_text = text[:a] + i.text + text[b:]
            mode: Mode = "removal" if kind.name == "negation" and i.note == "remove" else kind.mode
            yield Edit(
                kind.name,
                d,
                side,
                new_text,
                _splice_of(text, a, b, i.text),
                (a + i.start, a + i.end),
                mode,
                i.before,
                i.after,
                i.note,
            )


def sample(
    kind: EditType, docs: Sequence[Doc], ctx: _Context, per_type: int, seed: int
) -> list[Edit]:
    """``per_type`` edits of ``kind`` per translation language, shared evenly by the sets
    and pairs of that language (a set short of candidates leaves its share to the others),
    the pivot edited about a quarter of the time. Reproducible for a given seed; within a
    set and pair, a larger share extends a smaller one."""
    keys = list(dict.fromkeys(d.key for d in docs))
    pools: dict[str, list[list[Edit]]] = {}
    rngs: dict[str, random.Random] = {}
    for key in keys:
        rng = random.Random(f"{seed}:{key}:{kind.name}")
        group = [d for d in docs if d.key == key]
        sides = []
        for s in (0, 1):
            main = [e for d in group if not d.spare for e in _candidates(kind, d, s, ctx, rng)]
            rng.shuffle(main)
            sides.append(main)
        if sum(map(len, sides)) < per_type:  # a rare type: the spare documents too
            for s in (0, 1):
                extra = [e for d in group if d.spare for e in _candidates(kind, d, s, ctx, rng)]
                rng.shuffle(extra)
                sides[s] = extra + sides[s]  # popped from the end: the main ones first
        pools[key], rngs[key] = sides, rng
    quota: dict[str, int] = {}
    for lang in dict.fromkeys(d.languages[1] for d in docs):
        left = per_type
        mine = sorted(
            (k for k in keys if k.endswith(f"-{lang}")),
            key=lambda k: len(pools[k][0]) + len(pools[k][1]),
        )
        for n, key in enumerate(mine):
            share = -(-left // (len(mine) - n))  # the rest, evenly, smallest pools first
            quota[key] = min(share, len(pools[key][0]) + len(pools[key][1]))
            left -= quota[key]
    out: list[Edit] = []
    for key in keys:
        sides, rng = pools[key], rngs[key]
        picked: list[Edit] = []
        while len(picked) < quota[key] and (sides[0] or sides[1]):
            s = 0 if rng.random() < PIVOT_SHARE else 1
            if not sides[s]:
                s = 1 - s
            picked.append(sides[s].pop())
        out += picked
    return out


# --- running ----------------------------------------------------------------------------


class Runner:
    """Loads documents as the CLI does and caches each pair's unedited comparison."""

    def __init__(self, scorer: str, folder: Path) -> None:
        self.scorer = scorer
        self.folder = folder
        self._docs: dict[tuple[str, int], Any] = {}
        self._before: dict[str, Any] = {}
        self._n = 0

    def _load(self, text: str, stem: str) -> Any:
        from reader.corpus import load_document

        path = self.folder / f"{stem}.txt"
        path.write_text(text, encoding="utf-8")
        doc = load_document(path)
        if doc.error is not None:
            raise RuntimeError(f"{path}: {doc.error}")
        return doc

    def document(self, d: Doc, side: int) -> Any:
        key = (d.name, side)
        if key not in self._docs:
            self._docs[key] = self._load(d.texts[side], f"doc{len(self._docs)}")
        return self._docs[key]

    def before(self, d: Doc) -> Any:
        from reader.compare.comparison import compare

        if d.name not in self._before:
            self._before[d.name] = compare(
                [self.document(d, 0), self.document(d, 1)], scorer=self.scorer
            )
        return self._before[d.name]

    def run(self, edit: Edit) -> Verdict:
        from reader.compare.comparison import compare

        before = self.before(edit.doc)
        self._n += 1
        edited = self._load(edit.text, f"edited{self._n % 2}")
        docs = [self.document(edit.doc, 0), self.document(edit.doc, 1)]
        docs[edit.side] = edited
        after = compare(docs, scorer=self.scorer)
        return judge(before, after, edit.site())


# --- report -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Result:
    edit: Edit
    verdict: Verdict

    @property
    def hit(self) -> bool:
        """Detected, or for a rewrite flagged (a false alarm)."""
        kind = TYPE_BY_NAME[self.edit.type]
        return self.verdict.flagged if kind.rewrite else self.verdict.detected

    @property
    def reason_right(self) -> bool:
        kind = TYPE_BY_NAME[self.edit.type]
        return bool(kind.reason) and re.search(kind.reason, self.verdict.reason, re.I) is not None


def _cell(results: Sequence[Result]) -> str:
    scored = [r for r in results if not r.verdict.ambiguous]
    if not scored:
        return "–"
    return f"{sum(r.hit for r in scored) / len(scored):.2f} ({len(scored)})"


def _share(values: Sequence[bool]) -> str:
    return f"{sum(values) / len(values):.2f}" if values else "–"


def report(
    results: Sequence[Result], scorer: str, seconds: float, out: Callable[[str], None]
) -> None:
    keys = sorted({r.edit.doc.key for r in results}, key=lambda k: (SETS.index(k.split()[0]), k))
    out("")
    out(
        f"== scorer {scorer}: {len(results)} edits in {seconds:.0f} s "
        f"({seconds / max(1, len(results)):.2f} s an edit) =="
    )
    out("recall per edit type (rewrites: share flagged, i.e. false alarms); (n) edits scored")
    width = 15
    head = f"{'type':<19}" + "".join(f"{k:>{width + 2}}" for k in keys)
    head += f"{'all':>{width + 2}}{'tune':>{width + 2}}{'check':>{width + 2}}"
    out(head)
    by_type: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_type[r.edit.type].append(r)
    for kind in TYPES:
        rs = by_type.get(kind.name, [])
        if not rs:
            continue
        label = kind.name + (" *" if kind.rewrite else "")
        line = f"{label:<19}"
        for k in keys:
            line += f"{_cell([r for r in rs if r.edit.doc.key == k]):>{width + 2}}"
        line += f"{_cell(rs):>{width + 2}}"
        for half in ("tune", "check"):
            line += f"{_cell([r for r in rs if r.edit.doc.half == half]):>{width + 2}}"
        out(line)
    out(
        "* same-meaning rewrite: the figure is the false-alarm rate (target ≤ 0.10); "
        "other types: recall (target ≥ 0.90)"
    )
    out("")
    langs = sorted({r.edit.doc.languages[1] for r in results})
    head = f"{'type':<19}" + "".join(f"{lang:>{width + 2}}" for lang in langs)
    head += f"{'translation':>{width + 2}}{'pivot':>{width + 2}}"
    head += f"{'pre':>6}{'collat.':>9}{'reason':>8}{'ambig.':>8}"
    out(
        "by language and edited side; pre = place already highlighted before the edit; "
        "collat. = other rows whose kind changed, per edit; reason = detected edits whose "
        "reason names the kind; ambig. = deletions with no clear counterpart (not scored)"
    )
    out(head)
    for kind in TYPES:
        rs = by_type.get(kind.name, [])
        if not rs:
            continue
        scored = [r for r in rs if not r.verdict.ambiguous]
        line = f"{kind.name:<19}"
        for lang in langs:
            line += f"{_cell([r for r in rs if r.edit.doc.languages[1] == lang]):>{width + 2}}"
        for side in (1, 0):
            line += f"{_cell([r for r in rs if r.edit.side == side]):>{width + 2}}"
        pre = (
            _share([r.verdict.pre_covered for r in scored])
            if kind.mode in ("content", "removal")
            else "–"
        )
        collateral = sum(r.verdict.collateral for r in scored) / len(scored) if scored else 0.0
        reason = (
            _share([r.reason_right for r in scored if r.verdict.detected]) if kind.reason else "–"
        )
        ambiguous = sum(r.verdict.ambiguous for r in rs)
        line += f"{pre:>6}{collateral:>9.2f}{reason:>8}{ambiguous:>8}"
        out(line)
    scored = [r for r in results if not r.verdict.ambiguous]
    edits = [r for r in scored if not TYPE_BY_NAME[r.edit.type].rewrite]
    rewrites = [r for r in scored if TYPE_BY_NAME[r.edit.type].rewrite]
    met = [
        kind.name
        for kind in TYPES
        if not kind.rewrite
        and (rs := [r for r in by_type.get(kind.name, []) if not r.verdict.ambiguous])
        and sum(r.hit for r in rs) / len(rs) >= 0.9
    ]
    types = [k for k in TYPES if not k.rewrite and by_type.get(k.name)]
    collateral = sum(r.verdict.collateral for r in scored) / len(scored) if scored else 0.0
    out(
        f"targets: recall ≥ 0.9 met by {len(met)}/{len(types)} types"
        + (f" ({', '.join(met)})" if met else "")
        + f"; recall pooled {_share([r.hit for r in edits])}"
        + f"; rewrites flagged {_share([r.hit for r in rewrites])} (≤ 0.10)"
        + f"; collateral {collateral:.2f} rows per edit (≤ 0.5)"
    )


def _record(r: Result, scorer: str) -> dict[str, object]:
    e, v = r.edit, r.verdict
    return {
        "scorer": scorer,
        "type": e.type,
        "set": e.doc.set,
        "pair": e.doc.pair,
        "doc": e.doc.name,
        "half": e.doc.half,
        "side": "pivot" if e.side == 0 else "translation",
        "mode": e.mode,
        "before": e.before,
        "after": e.after,
        "note": e.note,
        "focus": list(e.focus),
        "context": e.text[max(0, e.focus[0] - 80) : e.focus[1] + 80],
        "detected": v.detected,
        "flagged": v.flagged,
        "pre_covered": v.pre_covered,
        "collateral": v.collateral,
        "ambiguous": v.ambiguous,
        "reason": v.reason,
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--scorer", default="auto", help="comma-separated: lexical, embeddings, auto")
    ap.add_argument("--per-type", type=int, default=40, help="edits per type per language")
    ap.add_argument("--docs", type=int, default=24, help="document pairs per set and pair (0: all)")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--langs", default="fr,it,de", help="languages of the translation side")
    ap.add_argument("--types", default=",".join(t.name for t in TYPES))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dump", type=Path, help="write every edit and its verdict here (JSON lines)")
    args = ap.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    langs = [x for x in args.langs.split(",") if x]
    scorers = [s for s in args.scorer.split(",") if s]
    unknown = [s for s in sets if s not in SETS] + [
        t for t in args.types.split(",") if t not in TYPE_BY_NAME
    ]
    bad_scorers = [s for s in scorers if s not in ("lexical", "embeddings", "auto")]
    if unknown or bad_scorers:
        print(f"unknown set, type or scorer: {', '.join(unknown + bad_scorers)}", file=sys.stderr)
        return 2
    if not (args.data / "swissgov-rsd_dev").is_dir():
        print(f"no bench data under {args.data}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    docs = load_docs(args.data, sets, langs, args.seed, args.docs)
    ctx = _context(docs)
    edits = [
        e
        for t in args.types.split(",")
        for e in sample(TYPE_BY_NAME[t], docs, ctx, args.per_type, args.seed)
    ]
    used = {e.doc.name for e in edits}
    pairs = ", ".join(sorted({e.doc.key for e in edits}))
    print(
        f"edit detection: {len(used)} document pairs ({pairs}), "
        f"{len(edits)} edits (seed {args.seed}, up to {args.per_type} per type per language), "
        f"sampled in {time.perf_counter() - t0:.1f} s"
    )
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    try:
        for scorer in scorers:
            t1 = time.perf_counter()
            results: list[Result] = []
            with tempfile.TemporaryDirectory(prefix="reader-edits-") as tmp:
                runner = Runner(scorer, Path(tmp))
                for n, edit in enumerate(edits, 1):
                    results.append(Result(edit, runner.run(edit)))
                    if n % 200 == 0:
                        print(
                            f"  {scorer}: {n}/{len(edits)} edits, {time.perf_counter() - t1:.0f} s",
                            file=sys.stderr,
                            flush=True,
                        )
            report(results, scorer, time.perf_counter() - t1, print)
            if dump is not None:
                for r in results:
                    dump.write(json.dumps(_record(r, scorer), ensure_ascii=False) + "\n")
    finally:
        if dump is not None:
            dump.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
