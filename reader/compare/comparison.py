"""N-way comparison: documents aligned row by row against a pivot (the first one).

Each other document is compared with the pivot **on its own**, exactly as in a 2-way
diff: its sentences are aligned to the pivot's (body with body, boilerplate with
boilerplate, so that a bio or a comment prompt never joins a content row), what stays
unaligned is matched out of order as moves, and every aligned pair is compared
(:func:`reader.compare.divergence.diverge`). That gives each document a list of
*pair rows* and its own counts, which a third document can never change.

The pair rows are then laid side by side: pivot sentences that any document's pair rows
join belong to one row, and what a document adds (or has moved) is inserted after the
pivot row it follows. Each non-pivot column of a row keeps its own
:class:`~reader.compare.model.Verdict` (kind, similarity, reason); spans on the pivot say
which document they are measured against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.compare.cancel import checkpoint
from reader.compare.divergence import Divergence, diverge, prefetch
from reader.compare.model import (
    COUNT_KEYS,
    Bead,
    Cell,
    Comparison,
    Row,
    RowKind,
    Span,
    Verdict,
    VerdictKind,
)
from reader.compare.moves import find_moves
from reader.compare.scoring import Scoring, resolve_scoring
from reader.compare.unions import Unions
from reader.corpus.safe import display_path

if TYPE_CHECKING:
    from reader.corpus.model import Document


def document_labels(documents: Sequence[Document]) -> list[str]:
    """Column labels: the language in capitals (``??`` when unknown), numbered when
    languages repeat (``EN1``, ``EN2``)."""
    base = [(d.language or "??").upper() for d in documents]
    seen: dict[str, int] = {}
    out: list[str] = []
    for label in base:
        seen[label] = seen.get(label, 0) + 1
        out.append(f"{label}{seen[label]}" if base.count(label) > 1 else label)
    return out


def _check(documents: Sequence[Document]) -> None:
    if len(documents) < 2:
        raise ValueError("compare needs at least two documents (the first is the pivot)")
    for doc in documents:
        if doc.error is not None:
            raise ValueError(f"cannot compare {display_path(doc.path.name)}: {doc.error}")


# --------------------------------------------------------------------------- pair rows


@dataclass
class PairRow:
    """One row of a document's own comparison with the pivot."""

    pivot: tuple[int, ...]  # pivot sentence indices (empty: only the other document)
    other: tuple[int, ...]  # the other document's sentence indices
    kind: VerdictKind
    boilerplate: bool = False
    divergence: Divergence | None = None  # for an aligned pair
    move: int | None = None  # for moved rows: the id shared by the move's two rows


@dataclass
class PairComparison:
    """The pivot against one other document: its rows, in reading order, and counts."""

    rows: list[PairRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(COUNT_KEYS, 0)
        for row in self.rows:
            if row.boilerplate:
                if row.kind in ("added", "omitted", "moved"):
                    counts["boilerplate"] += 1
            elif row.kind == "moved":
                if row.other:  # a move is counted once, where the other document has it
                    counts["moved"] += 1
            elif row.kind == "differs":
                counts["differ"] += 1
            elif row.kind in ("added", "omitted"):
                counts[row.kind] += 1
        return counts


def _trivial(n: int, m: int) -> list[Bead]:
    return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]


def _local_align(src: Sequence[str], tgt: Sequence[str], scorer: Scoring) -> list[Bead]:
    from reader.compare.alignment import align

    return list(align(src, tgt, scorer)) if src and tgt else _trivial(len(src), len(tgt))


def _globalise(beads: Sequence[Bead], src_ids: Sequence[int], tgt_ids: Sequence[int]) -> list[Bead]:
    return [
        Bead(tuple(src_ids[i] for i in b.src), tuple(tgt_ids[j] for j in b.tgt), b.score)
        for b in beads
    ]


def _interleave(*sequences: list[Bead]) -> list[Bead]:
    """Beads of several monotone alignments (body, boilerplate) in one reading order.

    A bead with pivot sentences sits at its first pivot sentence; a bead with only
    target sentences right after the last pivot sentence aligned before it *in the
    target document*, whichever alignment that pivot sentence came from.
    """
    paired = sorted((b.tgt[-1], b.src[-1]) for seq in sequences for b in seq if b.src and b.tgt)
    keyed: list[tuple[float, int, Bead]] = []
    for seq in sequences:
        for b in seq:
            if b.src:
                keyed.append((float(b.src[0]), b.tgt[0] if b.tgt else -1, b))
            else:
                before = [s for t, s in paired if t < b.tgt[0]]
                keyed.append(((max(before) if before else -1) + 0.5, b.tgt[0], b))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [b for _, _, b in keyed]


def _text(sentences: Sequence[str], idx: Sequence[int]) -> str:
    return " ".join(sentences[i] for i in idx)


# A bead whose two sides are this unrelated is shown as omitted + added (and may then be
# matched as a move) rather than as one row that "differs".
SPLIT_EMBEDDINGS = 0.3
SPLIT_LEXICAL_SAME_LANGUAGE = 0.15


def _split_unrelated(
    beads: list[Bead],
    src: list[str],
    tgt: list[str],
    languages: tuple[str | None, str | None],
    scorer: Scoring,
) -> list[Bead]:
    """Beads whose sides say unrelated things, as omitted + added. A pair that the facts
    tie together — one side negated, or a number, date or name substituted in the same
    place — stays one row: a flipped negation lowers the embedding similarity of a
    faithful sentence below the limit (0.81 → 0.29 after rescaling, measured), and that is
    exactly the row to show as differing."""
    from reader.compare.facts import compare_facts

    same_language = languages[0] is not None and languages[0] == languages[1]
    model = scorer.embeddings
    if model is not None:
        limit = SPLIT_EMBEDDINGS
    elif same_language:
        limit = SPLIT_LEXICAL_SAME_LANGUAGE
    else:
        return beads  # 4-grams across languages cannot tell unrelated from paraphrased
    pairs = [(_text(src, b.src), _text(tgt, b.tgt)) for b in beads if b.src and b.tgt]
    if model is not None:
        model.prefetch([t for pair in pairs for t in pair])
    out: list[Bead] = []
    for b in beads:
        if b.src and b.tgt:
            a, c = _text(src, b.src), _text(tgt, b.tgt)
            if scorer.similarity.matrix([a], [c])[0][0] < limit and not any(
                d.kind == "polarity" or (d.a and d.b)
                for d in compare_facts(a, c, languages[0], languages[1])
            ):
                out.extend(Bead((i,), ()) for i in b.src)
                out.extend(Bead((), (j,)) for j in b.tgt)
                continue
        out.append(b)
    return out


# A merged bead (2-1, 1-2, 3-1, ...) whose edge sentence says something the other side
# does not: the rest of the bead scores at least EDGE_GAIN better without it, and the
# edge sentence alone scores below EDGE_LIMIT against the other side. Such a sentence is
# shown as only-in-one: a deleted or an inserted sentence that the aligner kept inside
# its neighbour's row (a 2-1 costs less than a 1-1 and a skip). Measured on the dev data
# (README, Edit detection): with the limit at 0.2, inserted sentences shown 0.69 -> 0.83;
# on 1,750 gold beads of Text+Berg dev and three TransRead novels 33 beads are split, 8
# of them gold merges (0.3 would catch 0.89 of insertions but split 23 gold merges).
EDGE_GAIN = 0.0
EDGE_LIMIT = 0.2


def _split_edges(beads: list[Bead], src: list[str], tgt: list[str], scorer: Scoring) -> list[Bead]:
    """Merged beads with an unrelated edge sentence, as that sentence alone + the rest."""
    model = scorer.embeddings
    if model is None:
        return beads  # lexical similarity across languages is too coarse for this

    def texts(s: tuple[int, ...], t: tuple[int, ...]) -> tuple[str, str]:
        return _text(src, s), _text(tgt, t)

    def options(b: Bead) -> list[tuple[Bead, Bead, bool]]:
        """(edge alone, rest, edge first) for each edge of a side with two or more."""
        out = []
        if len(b.src) >= 2:
            out.append((Bead((b.src[0],), ()), Bead(b.src[1:], b.tgt), True))
            out.append((Bead((b.src[-1],), ()), Bead(b.src[:-1], b.tgt), False))
        if len(b.tgt) >= 2:
            out.append((Bead((), (b.tgt[0],)), Bead(b.src, b.tgt[1:]), True))
            out.append((Bead((), (b.tgt[-1],)), Bead(b.src, b.tgt[:-1]), False))
        return out

    def is_merged(b: Bead) -> bool:
        return bool(b.src and b.tgt) and len(b.src) + len(b.tgt) >= 3

    merged = [b for b in beads if is_merged(b)]
    if not merged:
        return beads
    wanted: list[str] = []
    for b in merged:
        wanted.extend(texts(b.src, b.tgt))
        for edge, rest, _ in options(b):
            wanted.extend(texts(rest.src, rest.tgt))
            wanted.extend(texts(edge.src or b.src, edge.tgt or b.tgt))
    model.prefetch(wanted)

    def score(s: tuple[int, ...], t: tuple[int, ...]) -> float:
        a, c = texts(s, t)
        return scorer.similarity.matrix([a], [c])[0][0]

    def split(b: Bead) -> list[Bead]:
        if not is_merged(b):
            return [b]
        full = score(b.src, b.tgt)
        best: tuple[float, Bead, Bead, bool] | None = None
        for edge, rest, first in options(b):
            gain = score(rest.src, rest.tgt) - full
            if gain < EDGE_GAIN or score(edge.src or b.src, edge.tgt or b.tgt) >= EDGE_LIMIT:
                continue
            if best is None or gain > best[0]:
                best = (gain, edge, rest, first)
        if best is None:
            return [b]
        _, edge, rest, first = best
        return [edge, *split(rest)] if first else [*split(rest), edge]

    out: list[Bead] = []
    for b in beads:
        out.extend(split(b))
    return out


def pair_beads(
    pivot: Document, other: Document, scorer: Scoring
) -> tuple[list[Bead], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """The beads of ``other`` against ``pivot`` in reading order, and the moves as
    (pivot sentences, other sentences). Body and boilerplate are aligned apart."""
    p_text = [s.text for s in pivot.sentences]
    o_text = [s.text for s in other.sentences]
    parts: list[list[Bead]] = []
    moves: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for boiler in (False, True):
        checkpoint()
        p_ids = [s.index for s in pivot.sentences if s.boilerplate == boiler]
        o_ids = [s.index for s in other.sentences if s.boilerplate == boiler]
        src = [p_text[i] for i in p_ids]
        tgt = [o_text[j] for j in o_ids]
        beads = _local_align(src, tgt, scorer)
        beads = _split_unrelated(beads, src, tgt, (pivot.language, other.language), scorer)
        beads = _split_edges(beads, src, tgt, scorer)
        if not boiler:
            for mv in find_moves(src, tgt, beads, scorer):
                moves.append((tuple(p_ids[i] for i in mv.src), tuple(o_ids[j] for j in mv.tgt)))
        parts.append(_globalise(beads, p_ids, o_ids))
    return _interleave(*parts), moves


def compare_pair(
    pivot: Document,
    other: Document,
    scorer: str | Scoring = "auto",
    *,
    labels: tuple[str, str] = ("A", "B"),
) -> PairComparison:
    """The rows of ``other``'s own comparison with ``pivot`` (see the module docstring)."""
    scoring = resolve_scoring(scorer)
    p_text = [s.text for s in pivot.sentences]
    o_text = [s.text for s in other.sentences]
    beads, moves = pair_beads(pivot, other, scoring)
    move_of_src = {i: n for n, (src, _) in enumerate(moves) for i in src}
    move_of_tgt = {j: n for n, (_, tgt) in enumerate(moves) for j in tgt}

    # embed, in batches, everything the divergence of these rows will need
    needed = [
        (_text(p_text, b.src), _text(o_text, b.tgt), pivot.language, other.language)
        for b in beads
        if b.src and b.tgt
    ] + [
        (_text(p_text, src), _text(o_text, tgt), pivot.language, other.language)
        for src, tgt in moves
    ]
    prefetch(needed, scoring)

    def boiler(doc: Document, idx: Sequence[int]) -> bool:
        return bool(idx) and all(doc.sentences[i].boilerplate for i in idx)

    def divergence(src: Sequence[int], tgt: Sequence[int]) -> Divergence:
        return diverge(
            _text(p_text, src),
            _text(o_text, tgt),
            a_language=pivot.language,
            b_language=other.language,
            scorer=scoring,
            labels=labels,
        )

    result = PairComparison()
    placed: set[tuple[int, bool]] = set()  # (move, pivot side) already made a row
    for r, b in enumerate(beads):
        if r % 64 == 0:
            checkpoint()
        if b.src and b.tgt:
            d = divergence(b.src, b.tgt)
            kind: VerdictKind = "differs" if d.differs else "match"
            result.rows.append(
                PairRow(b.src, b.tgt, kind, boiler(pivot, b.src) and boiler(other, b.tgt), d)
            )
            continue
        ids = b.src or b.tgt
        lookup = move_of_src if b.src else move_of_tgt
        n = lookup.get(ids[0])
        if n is None:
            kind = "omitted" if b.src else "added"
            row = PairRow(b.src, b.tgt, kind, boiler(pivot if b.src else other, ids))
            result.rows.append(row)
            continue
        if (n, bool(b.src)) in placed:
            continue  # the move's other sentences on this side: already in its row
        placed.add((n, bool(b.src)))
        src, tgt = moves[n]
        d = divergence(src, tgt)
        side = (src, ()) if b.src else ((), tgt)
        result.rows.append(PairRow(side[0], side[1], "moved", False, d, n))
    return result


# --------------------------------------------------------------------------- N-way rows


class _Joined:
    """Offsets in the text of some sentences joined by spaces (a cell, a pair's side)."""

    def __init__(self, sentences: Sequence[str], idx: Sequence[int]) -> None:
        self.idx = tuple(idx)
        self.starts: dict[int, int] = {}
        pos = 0
        for i in self.idx:
            self.starts[i] = pos
            pos += len(sentences[i]) + 1
        self.lengths = {i: len(sentences[i]) for i in self.idx}

    def locate(self, offset: int) -> tuple[int, int]:
        """(sentence, offset inside it) of an offset in the joined text."""
        found = self.idx[0]
        for i in self.idx:
            if self.starts[i] <= offset:
                found = i
        return found, offset - self.starts[found]

    def move(self, span: Span, into: _Joined, against: int) -> Span:
        """``span`` (offsets in this text) with offsets in ``into`` (a superset)."""
        s_i, s_off = self.locate(span.start)
        e_i, e_off = self.locate(max(span.start, span.end - 1))
        start = into.starts[s_i] + min(s_off, self.lengths[s_i])
        end = into.starts[e_i] + min(e_off + 1, self.lengths[e_i])
        return Span(start, max(start, end), span.kind, span.text, against)


@dataclass
class _Spec:
    """An N-way row being built: per document, its pair rows."""

    pivot: tuple[int, ...]
    parts: dict[int, list[PairRow]] = field(default_factory=dict)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compare(documents: Sequence[Document], scorer: str | Scoring = "auto") -> Comparison:
    """Compare 2..N documents against the first one (the pivot).

    Raises ValueError with a clear message for fewer than two documents, a document
    that could not be read, a document of more sentences than the aligner takes
    (:data:`reader.compare.alignment.MAX_SENTENCES`), or an unknown scorer name.
    Cancellable (:mod:`reader.compare.cancel`).
    """
    from reader.compare.alignment import MAX_SENTENCES

    docs = list(documents)
    _check(docs)
    for doc in docs:
        if len(doc.sentences) > MAX_SENTENCES:
            raise ValueError(
                f"cannot compare {display_path(doc.path.name)}: it has "
                f"{len(doc.sentences):,} sentences, more than the {MAX_SENTENCES:,} "
                "reader aligns"
            )
    scoring = resolve_scoring(scorer)  # once: raises ValueError for an unknown name
    labels = document_labels(docs)
    texts = [[s.text for s in d.sentences] for d in docs]
    n_pivot = len(texts[0])
    pairs = {
        k: compare_pair(docs[0], docs[k], scoring, labels=(labels[0], labels[k]))
        for k in range(1, len(docs))
    }

    # pivot sentences that any document's pair rows join belong to one row
    unions = Unions(n_pivot)
    for pc in pairs.values():
        for pr in pc.rows:
            for i in pr.pivot[1:]:
                unions.union(pr.pivot[0], i)
    members: dict[int, list[int]] = {}
    for i in range(n_pivot):
        members.setdefault(unions.find(i), []).append(i)
    roots = sorted(members, key=lambda r: members[r][0])
    group_of = {i: g for g, root in enumerate(roots) for i in members[root]}
    specs = [_Spec(tuple(members[root])) for root in roots]
    inserts: dict[int, list[tuple[int, PairRow]]] = {}
    for k, pc in pairs.items():
        anchor = -1
        for pr in pc.rows:
            if pr.pivot:
                g = group_of[pr.pivot[0]]
                anchor = max(anchor, g)
                specs[g].parts.setdefault(k, []).append(pr)
            else:
                inserts.setdefault(anchor, []).append((k, pr))

    # reading order: what documents add before the first pivot row, then each pivot
    # row followed by what documents add after it
    order: list[_Spec | tuple[int, PairRow]] = list(inserts.get(-1, []))
    for g, spec in enumerate(specs):
        order.append(spec)
        order.extend(inserts.get(g, []))

    # where each move's two ends stand
    ends: dict[tuple[int, int], dict[bool, int]] = {}
    for r, item in enumerate(order):
        found = (
            [(k, pr) for k, prs in item.parts.items() for pr in prs]
            if isinstance(item, _Spec)
            else [item]
        )
        for k, pr in found:
            if pr.move is not None:
                ends.setdefault((k, pr.move), {})[bool(pr.pivot)] = r

    rows = [
        _pivot_row(item, docs, texts, labels, ends)
        if isinstance(item, _Spec)
        else _insert_row(item, docs, texts, labels, ends)
        for item in order
    ]
    counts: list[tuple[tuple[str, int], ...]] = [()]
    counts += [tuple(pairs[k].counts().items()) for k in range(1, len(docs))]
    return Comparison(
        documents=tuple(docs),
        rows=tuple(rows),
        scorer=scoring.label,
        notes=(scoring.note,) if scoring.note else (),
        counts=tuple(counts),
    )


def _other_end(ends: dict[tuple[int, int], dict[bool, int]], k: int, pr: PairRow) -> int | None:
    if pr.move is None:
        return None
    return ends.get((k, pr.move), {}).get(not pr.pivot)


def _cell(doc: Document, text: str, idx: tuple[int, ...], spans: list[Span]) -> Cell:
    unique = sorted(
        {(s.start, s.end, s.kind, s.against): s for s in spans}.values(),
        key=lambda s: (s.start, s.end, s.kind, s.against if s.against is not None else -1),
    )
    return Cell(
        text=text,
        sentences=idx,
        spans=tuple(unique),
        boilerplate=all(doc.sentences[i].boilerplate for i in idx),
    )


def _pivot_row(
    spec: _Spec,
    docs: list[Document],
    texts: list[list[str]],
    labels: list[str],
    ends: dict[tuple[int, int], dict[bool, int]],
) -> Row:
    n = len(docs)
    pivot_text = _Joined(texts[0], spec.pivot)
    pivot_spans: list[Span] = []
    cells: list[Cell | None] = [None] * n
    verdicts: list[Verdict | None] = [None] * n
    for k in range(1, n):
        prs = spec.parts.get(k, [])
        aligned = [pr for pr in prs if pr.other]
        other_idx = tuple(sorted({j for pr in aligned for j in pr.other}))
        reasons: list[str] = []
        if not aligned:
            moved = [pr for pr in prs if pr.kind == "moved"]
            if moved and len(moved) == len(prs):
                target = _other_end(ends, k, moved[0])
                where = f" (row {target + 1})" if target is not None else ""
                reasons.append(f"moved: {labels[k]} has it elsewhere{where}")
                moved_sims = [pr.divergence.similarity for pr in moved if pr.divergence]
                verdicts[k] = Verdict(
                    "moved", min(moved_sims) if moved_sims else None, "; ".join(reasons), target
                )
            else:
                verdicts[k] = Verdict("omitted", None, f"{labels[k]} has no counterpart")
            continue
        other_text = _Joined(texts[k], other_idx)
        spans: list[Span] = []
        sims: list[float] = []
        differs = False
        for pr in prs:
            if pr.other and pr.divergence is not None:
                d = pr.divergence
                sims.append(d.similarity)
                a = _Joined(texts[0], pr.pivot)
                b = _Joined(texts[k], pr.other)
                pivot_spans.extend(a.move(s, pivot_text, k) for s in d.a_spans)
                spans.extend(b.move(s, other_text, 0) for s in d.b_spans)
                if pr.kind == "differs":
                    differs = True
                    if d.reason:
                        reasons.append(d.reason)
            elif pr.pivot:
                # part of this row that document k lacks (another document joined it)
                differs = True
                for i in pr.pivot:
                    start = pivot_text.starts[i]
                    sentence = texts[0][i]
                    pivot_spans.append(Span(start, start + len(sentence), "sentence", sentence, k))
                what = _short(_text(texts[0], pr.pivot))
                if pr.kind == "moved":
                    target = _other_end(ends, k, pr)
                    where = f" at row {target + 1}" if target is not None else " elsewhere"
                    reasons.append(f"{labels[k]} has “{what}”{where} (moved)")
                else:
                    reasons.append(f"{labels[k]} has no counterpart for “{what}”")
        cells[k] = _cell(docs[k], " ".join(texts[k][j] for j in other_idx), other_idx, spans)
        verdicts[k] = Verdict(
            "differs" if differs else "match",
            round(min(sims), 4) if sims else None,
            "; ".join(reasons),
        )
    cells[0] = _cell(docs[0], _text(texts[0], spec.pivot), spec.pivot, pivot_spans)
    return _row(cells, verdicts)


def _insert_row(
    ins: tuple[int, PairRow],
    docs: list[Document],
    texts: list[list[str]],
    labels: list[str],
    ends: dict[tuple[int, int], dict[bool, int]],
) -> Row:
    k, pr = ins
    n = len(docs)
    cells: list[Cell | None] = [None] * n
    verdicts: list[Verdict | None] = [None] * n
    spans: list[Span] = []
    if pr.kind == "moved" and pr.divergence is not None:
        source = _other_end(ends, k, pr)
        where = f" (row {source + 1})" if source is not None else ""
        reason = f"moved: {labels[0]} has it elsewhere{where}"
        if pr.divergence.differs and pr.divergence.reason:
            reason += f"; {pr.divergence.reason}"
        mine = _Joined(texts[k], pr.other)
        spans = [mine.move(s, mine, 0) for s in pr.divergence.b_spans]
        verdicts[k] = Verdict("moved", pr.divergence.similarity, reason, source)
    else:
        verdicts[k] = Verdict("added", None, f"only in {labels[k]}")
    cells[k] = _cell(docs[k], _text(texts[k], pr.other), pr.other, spans)
    return _row(cells, verdicts)


def _row(cells: list[Cell | None], verdicts: list[Verdict | None]) -> Row:
    present = [k for k, c in enumerate(cells) if c is not None]
    given = [v for v in verdicts if v is not None]
    kind: RowKind
    if len(present) <= 1:
        kind = "moved" if given and all(v.kind == "moved" for v in given) else "only"
    else:
        kind = "differs" if any(v.kind == "differs" for v in given) else "match"
    sims = [v.similarity for v in given if v.similarity is not None]
    similarity = None if kind == "only" or not sims else min(sims)
    moved_from = next((v.moved_to for v in given if v.moved_to is not None), None)
    reason = "; ".join(v.reason for v in given if v.reason and v.kind != "match")
    return Row(
        kind=kind,
        cells=tuple(cells),
        similarity=similarity,
        reason=reason,
        moved_from=moved_from,
        verdicts=tuple(verdicts),
    )
