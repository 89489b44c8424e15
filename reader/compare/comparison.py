"""N-way comparison: documents aligned row by row against a pivot (the first one).

Each other document's sentences are aligned to the pivot's (monotone alignment, then
moves for what stays unaligned); the pairwise alignments are merged into rows so that
EN | IT | FR columns line up; every pair of cells in a row is compared
(:func:`reader.compare.divergence.diverge`) to decide the row's kind and spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.compare.divergence import Divergence, diverge, prefetch
from reader.compare.model import Bead, Cell, Comparison, Row, RowKind, Span
from reader.compare.moves import Move, find_moves
from reader.compare.scoring import Scoring, resolve_scoring
from reader.compare.unions import Unions

if TYPE_CHECKING:
    from reader.corpus.model import Document


def _label(doc: Document, k: int) -> str:
    return (doc.language or f"doc {k + 1}").upper()


@dataclass
class _RowSpec:
    cells: list[tuple[int, ...] | None]
    moved: dict[int, int] = field(default_factory=dict)  # doc k -> move id
    move_side: str = ""  # "pivot" or "target" for moved rows


def _check(documents: Sequence[Document]) -> None:
    if len(documents) < 2:
        raise ValueError("compare needs at least two documents (the first is the pivot)")
    for doc in documents:
        if doc.error is not None:
            raise ValueError(f"cannot compare {doc.path.name}: {doc.error}")


def compare(documents: Sequence[Document], scorer: str | Scoring = "auto") -> Comparison:
    """Compare 2..N documents against the first one (the pivot).

    Raises ValueError with a clear message for fewer than two documents, a document
    that could not be read, or an unknown scorer name.
    """
    from reader.compare.alignment import align

    docs = list(documents)
    _check(docs)
    scorer = resolve_scoring(scorer)  # once: raises ValueError for an unknown name
    texts = [[s.text for s in d.sentences] for d in docs]
    pivot = texts[0]

    # 1. pairwise alignments against the pivot, plus moves
    beads: dict[int, list[Bead]] = {}
    moves: dict[int, list[Move]] = {}
    for k in range(1, len(docs)):
        beads[k] = (
            list(align(pivot, texts[k], scorer))
            if pivot and texts[k]
            else _trivial(len(pivot), len(texts[k]))
        )
        beads[k] = _split_unrelated(beads[k], pivot, texts[k], docs[0], docs[k], scorer)
        moves[k] = find_moves(pivot, texts[k], beads[k], scorer)

    # 2. pivot rows: pivot sentences merged by any alignment or move belong together
    unions = Unions(len(pivot))
    for k in beads:
        for b in beads[k]:
            for i in b.src[1:]:
                unions.union(b.src[0], i)
        for mv in moves[k]:
            for i in mv.src[1:]:
                unions.union(mv.src[0], i)
    groups: dict[int, list[int]] = {}
    for i in range(len(pivot)):
        groups.setdefault(unions.find(i), []).append(i)
    order = sorted(groups, key=lambda r: groups[r][0])
    group_of = {i: gi for gi, root in enumerate(order) for i in groups[root]}
    specs: list[_RowSpec] = [
        _RowSpec(cells=[tuple(groups[root])] + [None] * (len(docs) - 1)) for root in order
    ]
    # rows a document adds after pivot row g (g = -1: before the first)
    inserts: dict[int, list[_RowSpec]] = {}
    move_ids: dict[tuple[int, int], int] = {}  # (k, move index) -> id
    for k in beads:
        moved_src = {i: n for n, mv in enumerate(moves[k]) for i in mv.src}
        moved_tgt = {j: n for n, mv in enumerate(moves[k]) for j in mv.tgt}
        for n in range(len(moves[k])):
            move_ids[(k, n)] = len(move_ids)
        anchor = -1
        placed: set[int] = set()
        for b in beads[k]:
            if b.src:
                g = group_of[b.src[0]]
                anchor = max(anchor, g)
                if b.tgt:
                    cur = specs[g].cells[k] or ()
                    specs[g].cells[k] = tuple(sorted(set(cur) | set(b.tgt)))
                elif b.src[0] in moved_src:
                    specs[g].moved[k] = move_ids[(k, moved_src[b.src[0]])]
                    specs[g].move_side = "pivot"
                continue
            for j in b.tgt:
                if j in moved_tgt:
                    n = moved_tgt[j]
                    if n in placed:
                        continue
                    placed.add(n)
                    cells: list[tuple[int, ...] | None] = [None] * len(docs)
                    cells[k] = moves[k][n].tgt
                    spec = _RowSpec(cells=cells, moved={k: move_ids[(k, n)]}, move_side="target")
                else:
                    cells = [None] * len(docs)
                    cells[k] = (j,)
                    spec = _RowSpec(cells=cells)
                inserts.setdefault(anchor, []).append(spec)

    ordered: list[_RowSpec] = list(inserts.get(-1, []))
    for g, spec in enumerate(specs):
        ordered.append(spec)
        ordered.extend(inserts.get(g, []))

    # 3. where each move's two rows ended up
    where: dict[int, dict[str, int]] = {}
    for r, spec in enumerate(ordered):
        for mid in spec.moved.values():
            where.setdefault(mid, {})[spec.move_side] = r
    move_by_id = {move_ids[(k, n)]: (k, mv) for k in moves for n, mv in enumerate(moves[k])}

    pairs = []
    for spec in ordered:
        for k in range(1, len(docs)):
            a_idx, b_idx = spec.cells[0], spec.cells[k]
            if a_idx is not None and b_idx is not None:
                pairs.append(
                    (_text(texts, 0, a_idx), _text(texts, k, b_idx))
                    + (docs[0].language, docs[k].language)
                )
    for k, mvs in moves.items():
        for mv in mvs:
            pairs.append(
                (
                    _text(texts, 0, mv.src),
                    _text(texts, k, mv.tgt),
                    docs[0].language,
                    docs[k].language,
                )
            )
    prefetch(pairs, scorer)
    rows = [
        _build_row(r, spec, docs, texts, where, move_by_id, scorer)
        for r, spec in enumerate(ordered)
    ]
    return Comparison(
        documents=tuple(docs),
        rows=tuple(rows),
        scorer=scorer.label,
        notes=(scorer.note,) if scorer.note else (),
    )


# A bead whose two sides are this unrelated is shown as omitted + added (and may then be
# matched as a move) rather than as one row that "differs".
SPLIT_EMBEDDINGS = 0.3
SPLIT_LEXICAL_SAME_LANGUAGE = 0.15


def _split_unrelated(
    beads: list[Bead],
    src: list[str],
    tgt: list[str],
    src_doc: Document,
    tgt_doc: Document,
    scorer: Scoring,
) -> list[Bead]:
    backend = scorer.similarity
    model = scorer.embeddings
    if model is not None:
        limit = SPLIT_EMBEDDINGS
    elif src_doc.language is not None and src_doc.language == tgt_doc.language:
        limit = SPLIT_LEXICAL_SAME_LANGUAGE
    else:
        return beads  # 4-grams across languages cannot tell unrelated from paraphrased
    pairs = [
        (" ".join(src[i] for i in b.src), " ".join(tgt[j] for j in b.tgt))
        for b in beads
        if b.src and b.tgt
    ]
    if model is not None:
        model.prefetch([t for pair in pairs for t in pair])
    out: list[Bead] = []
    for b in beads:
        if b.src and b.tgt:
            a = " ".join(src[i] for i in b.src)
            c = " ".join(tgt[j] for j in b.tgt)
            if backend.matrix([a], [c])[0][0] < limit:
                out.extend(Bead((i,), ()) for i in b.src)
                out.extend(Bead((), (j,)) for j in b.tgt)
                continue
        out.append(b)
    return out


def _trivial(n: int, m: int) -> list[Bead]:
    return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]


def _text(texts: list[list[str]], k: int, idx: tuple[int, ...]) -> str:
    return " ".join(texts[k][i] for i in idx)


def _cell(
    docs: list[Document],
    texts: list[list[str]],
    k: int,
    idx: tuple[int, ...],
    spans: Sequence[Span],
) -> Cell:
    unique = sorted(
        {(s.start, s.end, s.kind): s for s in spans}.values(),
        key=lambda s: (s.start, s.end, s.kind),
    )
    return Cell(
        text=_text(texts, k, idx),
        sentences=idx,
        spans=tuple(unique),
        boilerplate=all(docs[k].sentences[i].boilerplate for i in idx),
    )


def _build_row(
    r: int,
    spec: _RowSpec,
    docs: list[Document],
    texts: list[list[str]],
    where: dict[int, dict[str, int]],
    move_by_id: dict[int, tuple[int, Move]],
    scorer: Scoring,
) -> Row:
    n = len(docs)
    spans: list[list[Span]] = [[] for _ in range(n)]
    reasons: list[str] = []
    sims: list[float] = []
    differs = False
    pivot_idx = spec.cells[0]

    moved_from: int | None = None
    if spec.moved:
        # a moved row: compare the move's two sides wherever they stand
        k, mid = next(iter(spec.moved.items()))
        _, mv = move_by_id[mid]
        other = where.get(mid, {}).get("target" if spec.move_side == "pivot" else "pivot")
        moved_from = other
        d = _diverge(docs, texts, k, mv.src, mv.tgt, scorer)
        sims.append(d.similarity)
        if spec.move_side == "pivot":
            spans[0].extend(d.a_spans)
        else:
            spans[k].extend(d.b_spans)
        reasons.append(
            f"{_label(docs[k], k)}: moved"
            + (f" (see row {other + 1})" if other is not None else "")
            + (f"; {d.reason}" if d.differs and d.reason else "")
        )
    if pivot_idx is not None:
        for k in range(1, n):
            idx = spec.cells[k]
            if idx is None:
                if k not in spec.moved:
                    reasons.append(f"no counterpart in {_label(docs[k], k)}")
                continue
            d = _diverge(docs, texts, k, pivot_idx, idx, scorer)
            sims.append(d.similarity)
            spans[0].extend(d.a_spans)
            spans[k].extend(d.b_spans)
            if d.differs:
                differs = True
                reasons.append(f"{_label(docs[k], k)}: {d.reason}")

    present = [k for k in range(n) if spec.cells[k] is not None]
    kind: RowKind
    if spec.moved and len(present) == 1:
        kind = "moved"
    elif len(present) == 1:
        kind = "only"
        k = present[0]
        if k != 0:
            reasons.insert(0, f"only in {_label(docs[k], k)}")
        else:
            reasons = [f"only in {_label(docs[0], 0)}"]
    else:
        kind = "differs" if differs else "match"
    cells: list[Cell | None] = []
    for k in range(n):
        idx = spec.cells[k]
        cells.append(None if idx is None else _cell(docs, texts, k, idx, spans[k]))
    similarity = None if kind == "only" or not sims else round(min(sims), 4)
    if kind == "match" and all(c is not None for c in cells):
        reasons = []
    return Row(
        kind=kind,
        cells=tuple(cells),
        similarity=similarity,
        reason="; ".join(reasons),
        moved_from=moved_from,
    )


def _diverge(
    docs: list[Document],
    texts: list[list[str]],
    k: int,
    a: tuple[int, ...],
    b: tuple[int, ...],
    scorer: Scoring,
) -> Divergence:
    return diverge(
        _text(texts, 0, a),
        _text(texts, k, b),
        a_language=docs[0].language,
        b_language=docs[k].language,
        scorer=scorer,
    )
