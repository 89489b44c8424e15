"""The monotone bead aligner on small hand-made cases and a long synthetic document."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from reader.compare.alignment import align
from reader.compare.beads import DEFAULT_BEADS, AlignParams, bead_shapes
from reader.compare.model import Bead
from reader.compare.moves import with_moves

SENTENCES = [
    "The council of Geneva approved the new budget of 450 million francs on Tuesday.",
    "Maria Rossi, the mayor, said the vote was a victory for public transport.",
    "Critics warned that the tramway extension would cost far more than planned.",
    "The first works are expected to start in the spring of 2027 near Cornavin station.",
    "Opposition parties announced a referendum against the decision.",
    "A spokesperson for the railway company declined to comment on the timetable.",
    "Residents of Carouge have complained about noise for several years.",
    "The federal office of transport will examine the project in detail.",
]


def pairs(beads: Sequence[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


def test_identical_documents_align_one_to_one() -> None:
    beads = align(SENTENCES, SENTENCES, "lexical")
    assert pairs(beads) == [((i,), (i,)) for i in range(len(SENTENCES))]
    assert all(b.score > 0.9 for b in beads)


def test_omission_leaves_a_source_sentence_alone() -> None:
    tgt = SENTENCES[:3] + SENTENCES[4:]
    beads = pairs(align(SENTENCES, tgt, "lexical"))
    assert ((3,), ()) in beads
    assert ((4,), (3,)) in beads and ((2,), (2,)) in beads


def test_insertion_leaves_a_target_sentence_alone() -> None:
    extra = "Weather: sunny in Zurich, clouds over Lugano, snow above 1800 metres."
    tgt = SENTENCES[:5] + [extra] + SENTENCES[5:]
    beads = pairs(align(SENTENCES, tgt, "lexical"))
    assert ((), (5,)) in beads
    assert ((5,), (6,)) in beads


def test_merge_two_to_one() -> None:
    tgt = SENTENCES[:2] + [SENTENCES[2] + " " + SENTENCES[3]] + SENTENCES[4:]
    beads = pairs(align(SENTENCES, tgt, "lexical"))
    assert ((2, 3), (2,)) in beads
    assert ((4,), (3,)) in beads


def test_split_one_to_two() -> None:
    src = SENTENCES[:2] + [SENTENCES[2] + " " + SENTENCES[3]] + SENTENCES[4:]
    beads = pairs(align(src, SENTENCES, "lexical"))
    assert ((2,), (2, 3)) in beads


def test_empty_inputs() -> None:
    assert align([], [], "lexical") == []
    assert pairs(align(["a b c"], [], "lexical")) == [((0,), ())]
    assert pairs(align([], ["x", "y"], "lexical")) == [((), (0,)), ((), (1,))]


def test_junk_lines_do_not_derail_the_alignment() -> None:
    src = SENTENCES[:4] + ["....", "—"] + SENTENCES[4:]
    real = [k for k in range(len(src)) if k not in (4, 5)]  # src index -> tgt index
    beads = align(src, SENTENCES, "lexical")
    for bead in beads:
        # Junk may ride along with a neighbour (as in the benchmark gold) or stand alone,
        # but every real sentence is paired with its own counterpart only.
        for i in bead.src:
            if i in real:
                assert bead.tgt == (real.index(i),), bead


def test_beads_cover_both_sides_in_order() -> None:
    rng = random.Random(7)
    src = [s for s in SENTENCES if rng.random() < 0.8]
    tgt = [s for s in SENTENCES if rng.random() < 0.8]
    beads = align(src, tgt, "lexical")
    assert [i for b in beads for i in b.src] == list(range(len(src)))
    assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))
    assert all(0 < len(b.src) + len(b.tgt) <= 3 for b in beads)


class WordOverlap:
    """A plain Scorer (no vectors): exercises the aligner's generic path."""

    name = "overlap"

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        self.src = [set(s.lower().split()) for s in src]
        self.tgt = [set(t.lower().split()) for t in tgt]

    def score(self, a: int, b: int, c: int, d: int) -> float:
        x = set().union(*self.src[a:b])
        y = set().union(*self.tgt[c:d])
        return len(x & y) / max(1, len(x | y))


def test_any_scorer_object_can_drive_the_aligner() -> None:
    tgt = SENTENCES[:3] + SENTENCES[4:]
    beads = pairs(align(SENTENCES, tgt, WordOverlap()))
    assert ((3,), ()) in beads
    assert ((0,), (0,)) in beads and ((7,), (6,)) in beads


def test_cross_language_pair_names_and_numbers() -> None:
    en = [
        "The platform was launched in 2019 by Telecom Italia.",
        "It now has 3.5 million users in Europe.",
        "Giulia Bianchi leads the project from Milan.",
    ]
    it = [
        "La piattaforma è stata lanciata nel 2019 da Telecom Italia.",
        "Giulia Bianchi guida il progetto da Milano.",
    ]
    beads = pairs(align(en, it, "lexical"))
    assert beads == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def _synthetic(n: int, seed: int) -> tuple[list[str], list[str], set[tuple[int, int]]]:
    """A long 'translation': target = source with drops, insertions and a merge now and then."""
    rng = random.Random(seed)
    vocab = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
        for _ in range(3000)
    ]
    src = [
        " ".join(rng.choice(vocab) for _ in range(rng.randint(6, 18))) + f" {k}." for k in range(n)
    ]
    tgt: list[str] = []
    gold: set[tuple[int, int]] = set()
    for k, sentence in enumerate(src):
        roll = rng.random()
        if roll < 0.02:
            continue  # omitted in the target
        if roll < 0.04:
            tgt.append(" ".join(rng.choice(vocab) for _ in range(10)) + ".")  # inserted
        words = sentence.split()
        rng.shuffle(words)  # reorder: no character diff would find this
        tgt.append(" ".join(words[: max(3, int(len(words) * 0.8))]))
        gold.add((k, len(tgt) - 1))
    return src, tgt, gold


def test_long_document_aligns_in_a_band() -> None:
    src, tgt, gold = _synthetic(3000, seed=3)
    beads = align(src, tgt, "lexical")
    found = {(b.src[0], b.tgt[0]) for b in beads if len(b.src) == 1 and len(b.tgt) == 1}
    assert len(found & gold) / len(gold) > 0.97


def test_band_and_bead_options() -> None:
    src, tgt, gold = _synthetic(300, seed=5)
    for kwargs in ({"band": 3}, {"max_bead": 1}, {"max_bead": 2}):
        beads = align(src, tgt, "lexical", **kwargs)  # type: ignore[arg-type]
        found = {(b.src[0], b.tgt[0]) for b in beads if len(b.src) == 1 and len(b.tgt) == 1}
        assert len(found & gold) / len(gold) > 0.9, kwargs
    narrow = AlignParams(coarse_cells=400, band=4)  # forces several coarse-to-fine levels
    beads = align(src, tgt, "lexical", params=narrow)
    found = {(b.src[0], b.tgt[0]) for b in beads if len(b.src) == 1 and len(b.tgt) == 1}
    assert len(found & gold) / len(gold) > 0.95


def test_unknown_scorer_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown scorer"):
        align(["a"], ["b"], "nonsense")


def test_public_align_is_the_function_even_after_submodules_are_imported() -> None:
    import importlib

    import reader.compare

    importlib.import_module("reader.compare.alignment")
    importlib.import_module("reader.compare.comparison")
    assert callable(reader.compare.align)
    assert reader.compare.align is align


def test_bead_shapes_grow_with_max_bead() -> None:
    assert bead_shapes(1) == ((1, 1), (1, 0), (0, 1))
    assert set(bead_shapes(2)) == {(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)}
    assert set(bead_shapes(3)) - set(bead_shapes(2)) == {(2, 2), (3, 1), (1, 3)}
    assert set(bead_shapes(4)) - set(bead_shapes(3)) == {(3, 2), (2, 3), (4, 1), (1, 4)}
    assert bead_shapes(4) == DEFAULT_BEADS


def test_four_sentences_merged_into_one() -> None:
    tgt = SENTENCES[:2] + [" ".join(SENTENCES[2:6])] + SENTENCES[6:]
    beads = pairs(align(SENTENCES, tgt, "lexical"))
    assert ((2, 3, 4, 5), (2,)) in beads
    assert ((6,), (3,)) in beads
    # Limited to 3-1 beads, the same text cannot be one bead.
    assert ((2, 3, 4, 5), (2,)) not in pairs(align(SENTENCES, tgt, "lexical", max_bead=3))


def test_moved_sentence_is_paired_out_of_order() -> None:
    tgt = [SENTENCES[0]] + SENTENCES[2:] + [SENTENCES[1]]  # sentence 1 moved to the end
    beads = align(SENTENCES, tgt, "lexical")
    monotone = pairs(beads)
    assert ((1,), ()) in monotone and ((), (7,)) in monotone
    moved = with_moves(SENTENCES, tgt, beads, "lexical")
    assert pairs(moved) == [((0,), (0,)), ((1,), (7,))] + [((i,), (i - 1,)) for i in range(2, 8)]
    assert moved[1].score > 0.6
    # Nothing to pair: the beads come back unchanged.
    assert with_moves(SENTENCES, SENTENCES, align(SENTENCES, SENTENCES, "lexical")) == align(
        SENTENCES, SENTENCES, "lexical"
    )
