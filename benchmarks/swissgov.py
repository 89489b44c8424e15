"""Token-level difference scores on SwissGov-RSD (dev): whole EN/xx documents.

    .venv/bin/python benchmarks/swissgov.py [--data ../shared/bench] [--scorer lexical]
                                            [--lang fr it de] [--limit N]

For each document pair of ``swissgov-rsd_dev/gold_admin_{fr,it,de}.jsonl`` (text
whitespace-tokenised by the dataset, one gold label per token: 0 same meaning, 0.2-1 how
different, -1 not scored), the reader's own pipeline runs as in the diff view:

1. both documents are split into sentences (``reader.corpus.split_sentences``);
2. the sentences are aligned (``reader.compare.alignment``, the chosen scorer);
3. every aligned bead is compared (``reader.compare.divergence.diverge``) and each token
   gets the difference score of its words (``token_scores``: a fact that differs scores
   1, otherwise how poorly the word, its clause and the pair are covered on the other
   side); tokens of sentences left without counterpart score 1.

Two variants are printed: ``divergence`` (the above) and ``divergence+local`` (the
above averaged with the share of the token's accent-folded character 4-grams missing
from its *aligned counterpart*, a local form of the naive baseline). The naive baseline
of the bench README (1 − the share of the token's 4-grams found anywhere in the other
document) runs in the same pass. Spearman correlation with the gold labels, over all
tokens of both sides pooled per language, skipping gold -1.

Split: documents with an even index (``tune``) and odd (``held-out``); both and
``all`` are printed. Only the even half was looked at for choosing the token score
(per-component correlations of unaligned / similarity / clause coverage / spans on
the even French documents); no constant was fitted to this set, the divergence
thresholds come from REFreSD. Figures only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from benchmarks.divergence import spearman, token_offsets
from reader.compare.divergence import diverge, prefetch, token_scores
from reader.compare.features import fold

ROOT = Path(__file__).resolve().parent.parent

BASELINE_README = {"fr": 0.050, "it": 0.076, "de": 0.091}


def grams(token: str, n: int = 4) -> list[str]:
    f = fold(token)
    if len(f) <= n:
        return [f] if f else []
    return [f[i : i + n] for i in range(len(f) - n + 1)]


def missing_share(token: str, other: str) -> float:
    """1 − share of the token's folded 4-grams found in ``other`` (folded text)."""
    g = grams(token)
    if not g:
        return 0.0
    return 1.0 - sum(1 for x in g if x in other) / len(g)


def sentences(text: str, language: str) -> list[tuple[int, int]]:
    from reader.corpus import split_sentences

    spans = split_sentences(text, language)
    return [(a, b) for a, b in spans if text[a:b].strip()]


def score_pair(
    a: str, b: str, lang: str, scorer: str
) -> tuple[list[float], list[float], list[float], list[float], list[float], list[float]]:
    """Per whitespace token of a and b: (divergence, divergence+local, naive) scores."""
    from reader.compare.alignment import align

    sa, sb = sentences(a, "en"), sentences(b, lang)
    ta, tb = [a[x:y] for x, y in sa], [b[x:y] for x, y in sb]
    beads = align(ta, tb, scorer) if ta and tb else []
    offs_a, offs_b = token_offsets(a), token_offsets(b)
    div_a, div_b = [1.0] * len(offs_a), [1.0] * len(offs_b)
    loc_a, loc_b = [1.0] * len(offs_a), [1.0] * len(offs_b)
    fa, fb = fold(a), fold(b)
    naive_a = [missing_share(a[x:y], fb) for x, y in offs_a]
    naive_b = [missing_share(b[x:y], fa) for x, y in offs_b]
    pairs = []
    for bead in beads:
        if bead.src and bead.tgt:
            pairs.append(
                (" ".join(ta[i] for i in bead.src), " ".join(tb[j] for j in bead.tgt), "en", lang)
            )
    prefetch(pairs, scorer)
    for bead in beads:
        if not bead.src or not bead.tgt:
            continue
        # the bead's text, with offsets back into the document
        pieces_a = [sa[i] for i in bead.src]
        pieces_b = [sb[j] for j in bead.tgt]
        text_a = " ".join(a[x:y] for x, y in pieces_a)
        text_b = " ".join(b[x:y] for x, y in pieces_b)
        d = diverge(text_a, text_b, a_language="en", b_language=lang, scorer=scorer)
        for pieces, doc, offs, div, loc, side, other in (
            (pieces_a, a, offs_a, div_a, loc_a, "a", fold(text_b)),
            (pieces_b, b, offs_b, div_b, loc_b, "b", fold(text_a)),
        ):
            words = token_scores(d, side)
            # map bead-text offsets to document offsets
            shift, pos = [], 0
            for x, y in pieces:
                shift.append((pos, pos + (y - x), x - pos))
                pos += (y - x) + 1
            doc_words = []
            for ws, we, s in words:
                for p0, p1, delta in shift:
                    if p0 <= ws < p1:
                        doc_words.append((ws + delta, we + delta, s))
                        break
            starts = [p[0] for p in pieces]
            ends = [p[1] for p in pieces]
            for k, (x, y) in enumerate(offs):
                if not any(s0 <= x < e0 for s0, e0 in zip(starts, ends, strict=True)):
                    continue
                hits = [s for ws, we, s in doc_words if ws < y and we > x]
                div[k] = max(hits) if hits else 0.5 * (1.0 - d.similarity)
                loc[k] = 0.5 * div[k] + 0.5 * missing_share(doc[x:y], other)
    return div_a, div_b, loc_a, loc_b, naive_a, naive_b


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--scorer", default="lexical", choices=["lexical", "embeddings", "auto"])
    ap.add_argument("--lang", nargs="+", default=["fr", "it", "de"])
    ap.add_argument("--limit", type=int, default=0, help="only the first N document pairs")
    args = ap.parse_args(argv)
    folder = args.data / "swissgov-rsd_dev"
    if not folder.is_dir():
        print(f"no SwissGov-RSD data under {folder}", file=sys.stderr)
        return 2
    print(
        f"SwissGov-RSD dev, scorer {args.scorer}; Spearman over pooled tokens (gold -1 "
        "skipped); tune = even documents, held-out = odd"
    )
    header = (
        f"{'lang':<5}{'part':<10}{'docs':>5}{'tokens':>8}  {'naive':>7}  "
        f"{'divergence':>10}  {'div+local':>9}  {'README naive':>12}"
    )
    print(header)
    for lang in args.lang:
        rows = [
            json.loads(line)
            for line in (folder / f"gold_admin_{lang}.jsonl")
            .read_text(encoding="utf-8")
            .splitlines()
            if line.strip()
        ]
        if args.limit:
            rows = rows[: args.limit]
        t0 = time.perf_counter()
        per_doc = []
        for row in rows:
            scores = score_pair(row["text_a"], row["text_b"], lang, args.scorer)
            labels = [float(x) for x in list(row["labels_a"]) + list(row["labels_b"])]
            per_doc.append(
                (labels, scores[4] + scores[5], scores[0] + scores[1], scores[2] + scores[3])
            )
        secs = time.perf_counter() - t0
        for part, keep in (("tune", 0), ("held-out", 1), ("all", None)):
            sel = [d for i, d in enumerate(per_doc) if keep is None or i % 2 == keep]
            gold: list[float] = []
            naive: list[float] = []
            div: list[float] = []
            loc: list[float] = []
            for g, n, dv, lc in sel:
                for k, label in enumerate(g):
                    if label == -1:
                        continue
                    gold.append(float(label))
                    naive.append(n[k])
                    div.append(dv[k])
                    loc.append(lc[k])
            readme = f"{BASELINE_README.get(lang, float('nan')):.3f}" if keep is None else ""
            print(
                f"{lang:<5}{part:<10}{len(sel):>5}{len(gold):>8}  "
                f"{spearman(naive, gold):7.3f}  {spearman(div, gold):10.3f}  "
                f"{spearman(loc, gold):9.3f}  {readme:>12}"
            )
        print(f"{'':<5}({secs:.1f} s for {len(rows)} document pairs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
