"""The facts layer (``reader.compare.facts``) on real translations: false positives on
faithful pairs, recall of injected edits, and speed.

    .venv/bin/python benchmarks/facts.py [--false-positives] [--recall] [--timing]
                                         [--data ../shared/bench] [--set NAME ...]
                                         [--show KIND] [--limit N]

Sets of faithful sentence pairs (development data only):

- ``refresd``: REFreSD en-fr pairs labelled ``equivalent`` (the dev half in shared/);
- ``textberg``: Text+Berg de-fr dev, gold beads;
- ``opus-en-it``, ``opus-en-fr``, ``opus-fr-it``: OPUS Books validation books, gold beads;
- ``transread``: TransRead en-fr dev novels, gold beads;
- ``swissgov-fr``, ``swissgov-it``, ``swissgov-de``: SwissGov-RSD dev documents (text
  detokenised), split into sentences and aligned by the reader's lexical aligner; a bead
  counts as faithful when the annotators gave every token of both sides 0.

``--false-positives`` (the default) prints, per set, the share of faithful pairs that
get at least one difference of each kind, and in brackets the share flagged with a
substitution (a fact on both sides). ``--show KIND`` prints those pairs instead.

``--recall`` injects one edit at a time into one side of faithful pairs (seeded: the same
edits every run) and counts the edits reported — a difference of the right kind whose
facts on the edited side cover the edit: a digit changed (``number``), a digit number
rewritten as the word of another number (``number→word``) and of the same number
(``same-value word``: must *not* be reported), a name swapped (``name``), a day or year
changed (``date``), a negation added (``negation``).

``--timing`` times, over the aligned seed sentences and 2,000 SwissGov pairs: the first
call (imports and data), the extraction of texts never seen (word lists warm), the
comparison of texts already extracted, a cached call, and as a baseline measured in the
same run the divergence module's lexical ``diverge`` of the same pairs.
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.compare.beads import parse_beads
from reader.compare.facts import Fact, FactDifference, compare_facts, extract

ROOT = Path(__file__).resolve().parent.parent

KINDS = ("number", "date", "name", "polarity", "quote")
SETS = (
    "refresd",
    "textberg",
    "opus-en-it",
    "opus-en-fr",
    "opus-fr-it",
    "transread",
    "swissgov-fr",
    "swissgov-it",
    "swissgov-de",
)


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    la: str
    lb: str


# --------------------------------------------------------------------------- data


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _gold_pairs(gold: Path, a_path: Path, b_path: Path, la: str, lb: str) -> list[Pair]:
    a, b = _lines(a_path), _lines(b_path)
    out = []
    for bead in parse_beads(gold.read_text(encoding="utf-8")):
        if bead.src and bead.tgt:
            ta = " ".join(a[i] for i in bead.src).strip()
            tb = " ".join(b[j] for j in bead.tgt).strip()
            if ta and tb:
                out.append(Pair(ta, tb, la, lb))
    return out


def _detokenise(text: str) -> str:
    text = re.sub(r" ([.,;:!?%)\]»])", r"\1", text)
    text = re.sub(r"([(\[«]) ", r"\1", text)
    text = re.sub(r" ?(['’]) ?", r"\1", text)
    text = re.sub(r"(\d) ([.,]) (\d)", r"\1\2\3", text)
    return re.sub(r" - ", "-", text)


def _swissgov(data: Path, lang: str) -> list[Pair]:
    from reader.compare.alignment import align

    out = []
    path = data / "swissgov-rsd_dev" / f"gold_admin_{lang}.jsonl"
    for line in _lines(path):
        row = json.loads(line)
        sides = []
        for key in ("a", "b"):
            tokens = row[f"text_{key}"].split()
            labels = [float(x) for x in row[f"labels_{key}"]]
            # sentences of the whitespace-tokenised text, with the labels of their tokens
            sents: list[tuple[str, list[float]]] = []
            cur: list[int] = []
            for i, tok in enumerate(tokens):
                cur.append(i)
                if tok in (".", "!", "?") or i == len(tokens) - 1:
                    text = _detokenise(" ".join(tokens[k] for k in cur))
                    sents.append((text, [labels[k] for k in cur]))
                    cur = []
            sides.append(sents)
        ta, tb = [s for s, _ in sides[0]], [s for s, _ in sides[1]]
        if not ta or not tb:
            continue
        for bead in align(ta, tb, "lexical"):
            if not bead.src or not bead.tgt:
                continue
            labels = [x for i in bead.src for x in sides[0][i][1]]
            labels += [x for j in bead.tgt for x in sides[1][j][1]]
            if any(x > 0 for x in labels):
                continue
            out.append(
                Pair(
                    " ".join(ta[i] for i in bead.src), " ".join(tb[j] for j in bead.tgt), "en", lang
                )
            )
    return out


def load(data: Path, name: str) -> list[Pair]:
    if name == "refresd":
        out = []
        for line in _lines(data / "refresd_en-fr_dev" / "REFreSD_sentence_labels")[1:]:
            parts = line.split("\t")
            if len(parts) >= 4 and parts[0] == "equivalent":
                out.append(Pair(parts[2], parts[3], "en", "fr"))
        return out
    if name == "textberg":
        tb = data / "textberg_de-fr"
        return _gold_pairs(tb / "dev.defr", tb / "dev.de", tb / "dev.fr", "de", "fr")
    if name.startswith("opus-"):
        la, lb = name[5:].split("-")
        out = []
        pattern = data / "crocoalign_books_val" / f"val_{la.upper()}-{lb.upper()}-*.gold"
        for g in sorted(glob.glob(str(pattern))):
            stem = g[:-5]
            out += _gold_pairs(Path(g), Path(f"{stem}.{la}"), Path(f"{stem}.{lb}"), la, lb)
        return out
    if name == "transread":
        out = []
        for g in sorted(glob.glob(str(data / "transread_en-fr_dev" / "*.gold"))):
            stem = g[:-5]
            out += _gold_pairs(Path(g), Path(f"{stem}.en"), Path(f"{stem}.fr"), "en", "fr")
        return out
    if name.startswith("swissgov-"):
        return _swissgov(data, name[9:])
    raise SystemExit(f"unknown set {name!r}: choose from {', '.join(SETS)}")


# --------------------------------------------------------------------------- false positives


def false_positives(sets: dict[str, list[Pair]], show: str | None, limit: int) -> None:
    print(f"{'set':<13} {'pairs':>6} " + " ".join(f"{k:>15}" for k in KINDS) + f" {'any':>7}")
    total: Counter[str] = Counter()
    total_sub: Counter[str] = Counter()
    n_total = 0
    shown = 0
    for name, pairs in sets.items():
        flagged: Counter[str] = Counter()
        sub: Counter[str] = Counter()
        for p in pairs:
            diffs = compare_facts(p.a, p.b, p.la, p.lb)
            kinds = {d.kind for d in diffs}
            for k in kinds:
                flagged[k] += 1
            for k in {d.kind for d in diffs if d.substitution}:
                sub[k] += 1
            if diffs:
                flagged["any"] += 1
            if show and show in kinds and shown < limit:
                shown += 1
                print(f"--- {name} [{p.la.upper()}] {p.a}\n    [{p.lb.upper()}] {p.b}")
                for d in diffs:
                    if d.kind == show:
                        print("    →", d.reason(p.la.upper(), p.lb.upper()))
        n = max(1, len(pairs))
        n_total += len(pairs)
        total.update(flagged)
        total_sub.update(sub)
        cells = " ".join(f"{100 * flagged[k] / n:6.1f}% ({100 * sub[k] / n:4.1f}%)" for k in KINDS)
        print(f"{name:<13} {len(pairs):>6} {cells} {100 * flagged['any'] / n:6.1f}%")
    n = max(1, n_total)
    cells = " ".join(f"{100 * total[k] / n:6.1f}% ({100 * total_sub[k] / n:4.1f}%)" for k in KINDS)
    print(f"{'all':<13} {n_total:>6} {cells} {100 * total['any'] / n:6.1f}%")


# --------------------------------------------------------------------------- recall

NUMBER_WORDS = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze",
    "it": "zero uno due tre quattro cinque sei sette otto nove dieci undici dodici",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce",
}
NEGATE = {
    "en": (
        r"\b(is|are|was|were|will|can|could|should|would|has|have|had|must|did|does)\b",
        lambda m: f"{m.group(1)} not",
    ),
    "fr": (
        r"(?<![\w'’])(est|sont|était|étaient|sera|seront|peut|peuvent|doit|doivent|a|ont"
        r"|avait|avaient)\b",
        lambda m: ("n'" if m.group(1)[0] in "aeéiou" else "ne ") + m.group(1) + " pas",
    ),
    "it": (
        r"(?<![\w'’])(è|sono|era|erano|sarà|può|possono|deve|devono|ha|hanno|aveva)(?!\w)",
        lambda m: f"non {m.group(1)}",
    ),
    "de": (
        r"\b(ist|sind|war|waren|wird|werden|kann|können|muss|müssen|hat|haben|hatte)\b",
        lambda m: f"{m.group(1)} nicht",
    ),
    "es": (
        r"\b(es|son|era|eran|será|puede|pueden|debe|deben|ha|han|había|está|están)\b",
        lambda m: f"no {m.group(1)}",
    ),
}
SWAP_PERSON = ("Giulia Rossi", "Peter Brunner")
SWAP_PLACE = ("Lugano", "Winterthur")
SWAP_OTHER = ("Novartis", "Swisscom")


@dataclass(frozen=True)
class Edit:
    kind: str  # which edit
    text: str  # the edited text
    start: int  # the edit's span in the edited text
    end: int


def _replace(text: str, start: int, end: int, new: str) -> tuple[str, int, int]:
    return text[:start] + new + text[end:], start, start + len(new)


def edits_of(
    text: str, lang: str, other: str, other_lang: str, rng: random.Random
) -> Iterator[Edit]:
    facts = extract(text, lang)
    other_facts = extract(other, other_lang)
    numbers = [f for f in facts if f.kind == "number" and not f.weak and f.unit != "time"]
    digits = [f for f in numbers if re.fullmatch(r"\d+", f.text)]
    if digits:
        f = rng.choice(digits)
        last = f.text[-1]
        new = f.text[:-1] + str((int(last) + rng.randint(1, 8)) % 10)
        yield Edit("number", *_replace(text, f.start, f.end, new))
    small = [f for f in digits if 2 <= int(f.text) <= 12]
    if small:
        f = rng.choice(small)
        words = NUMBER_WORDS[lang].split()
        value = int(f.text)
        other_value = rng.choice([v for v in range(2, 13) if v != value])
        yield Edit("number→word", *_replace(text, f.start, f.end, words[other_value]))
        yield Edit("same-value word", *_replace(text, f.start, f.end, words[value]))
    names = [
        f
        for f in facts
        if f.kind == "name"
        and not f.weak
        and any(
            o.kind == "name" and (o.value == f.value or (o.ref and o.ref == f.ref))
            for o in other_facts
        )
    ]
    if names:
        f = rng.choice(names)
        pool = SWAP_PERSON if " " in f.value else SWAP_PLACE if f.ref else SWAP_OTHER
        new = next(n for n in pool if n.lower() not in (text + other).lower())
        yield Edit("name", *_replace(text, f.start, f.end, new))
    dates = [
        f
        for f in facts
        if f.kind == "date"
        and not f.value.startswith(("--", "-W"))
        or f.kind == "date"
        and f.value.startswith("--")
        and len(f.value) > 4
    ]
    if dates:
        f = rng.choice(dates)
        m = re.search(r"(?<!\d)([0-3]?\d)(?!\d)", f.text) if f.value.count("-") >= 2 else None
        if m:
            day = int(m.group(1))
            new_day = str(day % 27 + 1) if day % 27 + 1 != day else str(day + 1)
            s, e = f.start + m.start(1), f.start + m.end(1)
        else:
            m = re.search(r"\d{4}", f.text)
            if m is None:
                return
            new_day = str(int(m.group()) + 1)
            s, e = f.start + m.start(), f.start + m.end()
        yield Edit("date", *_replace(text, s, e, new_day))
    if not any(f.kind == "negation" for f in facts) and not any(
        f.kind == "negation" for f in other_facts
    ):
        pattern, fix = NEGATE[lang]
        verbs = list(re.finditer(pattern, text))
        if verbs:
            m = rng.choice(verbs)
            yield Edit("negation", *_replace(text, m.start(), m.end(), fix(m)))


def _covers(facts: tuple[Fact, ...], edit: Edit) -> bool:
    return any(f.start < edit.end and edit.start < f.end for f in facts)


EXPECTED = {
    "number": "number",
    "number→word": "number",
    "same-value word": "number",
    "name": "name",
    "date": "date",
    "negation": "polarity",
}


def recall(sets: dict[str, list[Pair]], per_set: int, seed: int) -> None:
    found: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    rng = random.Random(seed)
    for _, pairs in sets.items():
        order = list(range(len(pairs)))
        rng.shuffle(order)
        counts: Counter[str] = Counter()
        for k in order:
            p = pairs[k]
            if compare_facts(p.a, p.b, p.la, p.lb):
                continue  # only pairs the comparators find faithful
            edit_b = rng.random() < 0.5
            text, lang, other, other_lang = (
                (p.b, p.lb, p.a, p.la) if edit_b else (p.a, p.la, p.b, p.lb)
            )
            for edit in edits_of(text, lang, other, other_lang, rng):
                if counts[edit.kind] >= per_set:
                    continue
                counts[edit.kind] += 1
                tried[edit.kind] += 1
                a, b = (p.a, edit.text) if edit_b else (edit.text, p.b)
                diffs = compare_facts(a, b, p.la, p.lb)
                mine: Callable[[FactDifference], tuple[Fact, ...]] = (
                    (lambda d: d.b) if edit_b else (lambda d: d.a)
                )
                want = EXPECTED[edit.kind]
                hit = any(
                    d.kind == want and (_covers(mine(d), edit) if want != "polarity" else mine(d))
                    for d in diffs
                )
                found[edit.kind] += hit
                extra[edit.kind] += sum(
                    1 for d in diffs if not (d.kind == want and _covers(mine(d), edit))
                )
    print(f"{'edit':<16} {'edits':>6} {'reported':>9} {'other diffs/edit':>17}")
    for kind in EXPECTED:
        n = max(1, tried[kind])
        print(f"{kind:<16} {tried[kind]:>6} {found[kind] / n:9.3f} {extra[kind] / n:17.3f}")
    print("(same-value word: 'reported' is the share wrongly flagged; lower is better)")


# --------------------------------------------------------------------------- timing


def timing(sets: dict[str, list[Pair]]) -> None:
    from reader.compare.facts import compare as compare_module
    from reader.compare.facts.compare import compare, facts_of

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    from reader.corpus import split_sentences

    def sents(path: Path) -> list[str]:
        text = path.read_text(encoding="utf-8")
        return [text[a:b].strip() for a, b in split_sentences(text, None) if text[a:b].strip()]

    seed_pairs = []
    if len(seeds) >= 5:
        for x, y, la, lb in ((1, 3, "en", "it"), (2, 4, "en", "fr")):
            sa, sb = sents(seeds[x]), sents(seeds[y])
            seed_pairs += [Pair(s, t, la, lb) for s, t in zip(sa, sb, strict=False)]
    gov = [p for name in ("swissgov-fr", "swissgov-it", "swissgov-de") for p in sets.get(name, [])]
    # at most 2000 pairs: the caches (4096 texts) then hold a whole run, as for one diff
    gov = random.Random(0).sample(gov, min(2000, len(gov)))
    t0 = time.perf_counter()
    import reader.compare.facts.compare  # noqa: F401

    compare_facts("Six people.", "Sei persone.", "en", "it")
    first = time.perf_counter() - t0
    print(f"first call (imports, word lists, CLDR names, place table): {first * 1000:.0f} ms")
    del compare_module
    for label, pairs in (("seeds", seed_pairs), ("swissgov", gov)):
        if not pairs:
            continue
        facts_of.cache_clear()
        compare.cache_clear()
        t = time.perf_counter()
        for p in pairs:
            facts_of(p.a, p.la)
            facts_of(p.b, p.lb)
        extraction = time.perf_counter() - t
        t = time.perf_counter()
        for p in pairs:
            compare.__wrapped__(p.a, p.b, p.la, p.lb)
        comparison = time.perf_counter() - t
        t = time.perf_counter()
        for p in pairs:
            compare_facts(p.a, p.b, p.la, p.lb)
        cold_total = time.perf_counter() - t
        t = time.perf_counter()
        for p in pairs:
            compare_facts(p.a, p.b, p.la, p.lb)
        warm = time.perf_counter() - t
        # baseline in the same run: the divergence module's lexical comparison of the pair
        from reader.compare.divergence import diverge

        t = time.perf_counter()
        for p in pairs:
            diverge(p.a, p.b, a_language=p.la, b_language=p.lb, scorer="lexical")
        baseline = time.perf_counter() - t
        n = len(pairs)
        chars = sum(len(p.a) + len(p.b) for p in pairs) / n
        print(
            f"{label:<9} {n:>5} pairs ({chars:.0f} chars a pair): extraction of both sides "
            f"{extraction / n * 1e3:.3f} ms/pair (new texts), comparison of extracted facts "
            f"{comparison / n * 1e3:.3f} ms/pair, compare_facts cached {warm / n * 1e3:.4f} "
            f"ms/pair  ({cold_total / n * 1e3:.3f} ms after extraction); baseline diverge(lexical) "
            f"{baseline / n * 1e3:.3f} ms/pair: extraction + comparison = "
            f"{(extraction + comparison) / baseline:.2f}× the baseline"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--set", nargs="*", default=list(SETS), choices=SETS)
    ap.add_argument("--false-positives", action="store_true")
    ap.add_argument("--recall", action="store_true")
    ap.add_argument("--timing", action="store_true")
    ap.add_argument("--show", choices=KINDS)
    ap.add_argument("--limit", type=int, default=40, help="pairs shown with --show")
    ap.add_argument("--per-set", type=int, default=150, help="edits of each kind per set")
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"no benchmark data at {args.data} (use --data)", file=sys.stderr)
        return 2
    if not (args.false_positives or args.recall or args.timing or args.show):
        args.false_positives = True
    t = time.perf_counter()
    sets = {name: load(args.data, name) for name in args.set}
    print(
        f"loaded {sum(map(len, sets.values()))} faithful pairs in {time.perf_counter() - t:.1f} s"
    )
    if args.timing:
        timing(sets)
    if args.false_positives or args.show:
        false_positives(sets, args.show, args.limit)
    if args.recall:
        recall(sets, args.per_set, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
