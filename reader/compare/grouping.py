"""Grouping a corpus into *versions* (translations or rewrites of one article) and
*stories* (different articles on the same news).

Cheap first, expensive last, so that large corpora stay near linear:

1. Each document is reduced to features that survive translation or reuse: names
   (accent-folded), numbers of two digits or more, and hashed word 8-grams of its body
   (text reuse within a language, e.g. a shared quote).
2. **Blocking**: an inverted index over those features, skipping features carried by too
   many documents, proposes for each document its few best candidates (IDF-weighted
   overlap). No pair outside these candidates is ever scored.
3. **Story** link: a candidate pair shares a run of 8 words, or enough weighted names and
   numbers.
4. **Version** link: a story pair whose body sentences align (monotone alignment,
   lexical scorer by default) with a high share of well-matched sentences on both
   sides; the bar is higher within one language, where unrelated sentences already
   share words.

Groups are the connected components of the links; ids are deterministic (``s1``, ``v1``,
... in the order of the documents given).
"""

from __future__ import annotations

import atexit
import contextlib
import math
import pickle
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reader.compare.features import fold, names, numbers, tokens
from reader.compare.scoring import Scoring, resolve_scoring
from reader.compare.unions import Unions

if TYPE_CHECKING:
    from reader.corpus.model import Document

SHINGLE = 8  # words in a shared run that links two articles of a story
MAX_CANDIDATES = 8  # per document, after blocking
STORY_OVERLAP = 0.2  # weighted share of names/numbers two articles of one story share
STORY_MIN_SHARED = 2  # and at least this many shared names/numbers
VERSION_SHARE = 0.7  # share of sentences (of each side) in well-matched beads
GOOD_CROSS = 0.3  # similarity of a well-matched bead across languages (lexical scale)
GOOD_SAME = 0.55  # and within one language
LENGTH_RATIO = 0.5  # versions have comparable numbers of body sentences
MAX_SENTENCES = 400  # align at most this many sentences per side when testing versions


@dataclass(frozen=True, slots=True)
class VersionGroup:
    id: str
    documents: tuple[str, ...]  # Document ids, in the order given
    languages: tuple[str, ...]  # language codes of those documents ("" when unknown)


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    label: str  # title of its first document
    versions: tuple[VersionGroup, ...]


@dataclass(frozen=True, slots=True)
class Grouping:
    """Document id → version group id and story id, plus the ordered groups for a UI."""

    version_group: dict[str, str] = field(default_factory=dict)
    story: dict[str, str] = field(default_factory=dict)
    stories: tuple[Story, ...] = ()

    def versions_of(self, doc_id: str) -> tuple[str, ...]:
        """The ids of the documents in the same version group (itself included)."""
        gid = self.version_group.get(doc_id)
        for story in self.stories:
            for vg in story.versions:
                if vg.id == gid:
                    return vg.documents
        return (doc_id,)


@dataclass
class _Features:
    names: set[str]
    numbers: set[str]
    shingles: set[int]


def _body(doc: Document) -> list[str]:
    return [s.text for s in doc.sentences if not s.boilerplate]


def _features(doc: Document) -> _Features:
    text = " ".join(_body(doc))
    nm = {fold(t.text) for t in names(text) if len(t.text) >= 2}
    num = {v for _, _, v in numbers(text) if len(v.replace(".", "").lstrip("-")) >= 2}
    words = [t.folded for t in tokens(text)]
    sh = {hash(" ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}
    return _Features(nm, num, sh)


def _candidates(feats: list[_Features]) -> dict[tuple[int, int], float]:
    """Blocking: pairs (i < j) sharing rare features, the best few per document."""
    n = len(feats)
    index: dict[tuple[str, str | int], list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for name in f.names:
            index[("n", name)].append(i)
        for num in f.numbers:
            index[("d", num)].append(i)
        for h in f.shingles:
            index[("s", h)].append(i)
    cap = max(10, int(3 * math.sqrt(n)))
    scores: dict[int, dict[int, float]] = defaultdict(dict)
    for key, posting in index.items():
        if len(posting) < 2 or len(posting) > cap:
            continue
        weight = math.log((n + 1) / len(posting)) + 0.1
        if key[0] == "s":
            weight *= 0.25  # one shared sentence gives many shingles
        for a in range(len(posting)):
            for b in range(a + 1, len(posting)):
                pa, pb = posting[a], posting[b]
                scores[pa][pb] = scores[pa].get(pb, 0.0) + weight
                scores[pb][pa] = scores[pb].get(pa, 0.0) + weight
    pairs: dict[tuple[int, int], float] = {}
    for i, row in scores.items():
        for j, s in sorted(row.items(), key=lambda x: (-x[1], x[0]))[:MAX_CANDIDATES]:
            pairs[(min(i, j), max(i, j))] = s
    return pairs


def _story_link(a: _Features, b: _Features, idf: dict[str, float]) -> bool:
    if len(a.shingles & b.shingles) >= 2:
        return True
    ka = {("n", x) for x in a.names} | {("d", x) for x in a.numbers}
    kb = {("n", x) for x in b.names} | {("d", x) for x in b.numbers}
    shared = ka & kb
    if len(shared) < STORY_MIN_SHARED:
        return False

    def weight(keys: set[tuple[str, str]]) -> float:
        return sum(idf.get(k[0] + k[1], 1.0) for k in keys)

    smaller = min(weight(ka), weight(kb))
    return smaller > 0 and weight(shared) / smaller >= STORY_OVERLAP


def version_share(
    a: Sequence[str], b: Sequence[str], same_language: bool, scorer: str | Scoring = "lexical"
) -> float:
    """Share of sentences of the *less* covered side that sit in well-matched beads."""
    from reader.compare.alignment import align

    a, b = list(a[:MAX_SENTENCES]), list(b[:MAX_SENTENCES])
    if not a or not b:
        return 0.0
    scoring = resolve_scoring(scorer)
    backend = scoring.similarity
    good_limit = GOOD_SAME if same_language else GOOD_CROSS
    if scoring.uses_embeddings:
        good_limit = 0.5
    good_a = good_b = 0
    # Coverage needs no large merges: beads of up to 3 sentences a side (2-2, 3-1) are
    # enough, and the aligner's default 4-1/3-2 beads would cost ~20 % more time here.
    for bead in align(a, b, scoring, max_bead=3):
        if not bead.src or not bead.tgt:
            continue
        sa = " ".join(a[i] for i in bead.src)
        sb = " ".join(b[j] for j in bead.tgt)
        if backend.matrix([sa], [sb])[0][0] >= good_limit:
            good_a += len(bead.src)
            good_b += len(bead.tgt)
    return min(good_a / len(a), good_b / len(b))


def group(documents: Sequence[Document], scorer: str | Scoring = "lexical") -> Grouping:
    """Group ``documents`` into version groups and stories (see the module docstring).

    Documents that could not be read, or have no body text, are groups of their own.
    """
    docs = list(documents)
    scorer = resolve_scoring(scorer)  # once for all the pairs
    n = len(docs)
    usable = [d.error is None and bool(_body(d)) for d in docs]
    feats = [
        _features(d) if ok else _Features(set(), set(), set())
        for d, ok in zip(docs, usable, strict=True)
    ]
    df: Counter[str] = Counter()
    for f in feats:
        df.update("n" + x for x in f.names)
        df.update("d" + x for x in f.numbers)
    idf = {k: math.log((n + 1) / (v + 0.5)) for k, v in df.items()}

    stories = Unions(n)
    versions = Unions(n)
    for (i, j), _score in sorted(_candidates(feats).items()):
        if not (usable[i] and usable[j]):
            continue
        if not _story_link(feats[i], feats[j], idf):
            continue
        stories.union(i, j)
        bi, bj = _body(docs[i]), _body(docs[j])
        if min(len(bi), len(bj)) < LENGTH_RATIO * max(len(bi), len(bj)):
            continue  # one is much longer: not a version (and no alignment spent on it)
        same = docs[i].language is not None and docs[i].language == docs[j].language
        if version_share(bi, bj, same, scorer) >= VERSION_SHARE:
            versions.union(i, j)
    # pages that name each other as language versions (hreflang) are versions, certainly
    from reader.compare.alternates import linked_pairs

    for i, j in linked_pairs(docs):
        versions.union(i, j)
    # a version group is always inside one story
    for i in range(n):
        stories.union(i, versions.find(i))
    return _assemble(docs, stories, versions)


def _assemble(docs: list[Document], stories: Unions, versions: Unions) -> Grouping:
    story_ids: dict[int, str] = {}
    version_ids: dict[int, str] = {}
    version_group: dict[str, str] = {}
    story: dict[str, str] = {}
    members: dict[str, list[int]] = defaultdict(list)
    story_versions: dict[str, list[str]] = defaultdict(list)
    for i, doc in enumerate(docs):
        sroot, vroot = stories.find(i), versions.find(i)
        if sroot not in story_ids:
            story_ids[sroot] = f"s{len(story_ids) + 1}"
        if vroot not in version_ids:
            version_ids[vroot] = f"v{len(version_ids) + 1}"
            story_versions[story_ids[sroot]].append(version_ids[vroot])
        story.setdefault(doc.id, story_ids[sroot])
        version_group.setdefault(doc.id, version_ids[vroot])
        members[version_ids[vroot]].append(i)
    ordered = []
    for sroot in sorted(story_ids, key=lambda r: int(story_ids[r][1:])):
        sid = story_ids[sroot]
        vgs = tuple(
            VersionGroup(
                id=vid,
                documents=tuple(docs[i].id for i in members[vid]),
                languages=tuple(docs[i].language or "" for i in members[vid]),
            )
            for vid in story_versions[sid]
        )
        first = docs[members[vgs[0].id][0]]
        label = re.sub(r"\s+", " ", first.display_title).strip()
        ordered.append(Story(id=sid, label=label, versions=vgs))
    return Grouping(version_group=version_group, story=story, stories=tuple(ordered))


_CHILDREN: set[Any] = set()  # running grouping processes, killed when this one exits


def _kill_children() -> None:
    for child in list(_CHILDREN):
        with contextlib.suppress(OSError):
            child.kill()


atexit.register(_kill_children)


def _child_main() -> None:
    """Entry of the grouping process: pickled (documents, scorer) in, Grouping out."""
    documents, scorer = pickle.load(sys.stdin.buffer)
    try:
        result: tuple[str, object] = ("ok", group(documents, scorer))
    except Exception as error:  # reported to the parent, never raised here
        result = ("error", f"{type(error).__name__}: {error}")
    pickle.dump(result, sys.stdout.buffer)
    sys.stdout.buffer.flush()


def group_in_subprocess(documents: Sequence[Document], scorer: str = "lexical") -> Grouping:
    """``group()`` in a separate Python process, returning its result.

    Grouping a large corpus is pure-Python CPU work; in another process it uses another
    core and never holds this interpreter's lock, so an interactive program stays
    responsive. The child is killed if this process exits first. Raises RuntimeError
    when the child fails or exits without an answer.
    """
    import subprocess

    code = "from reader.compare.grouping import _child_main; _child_main()"
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    _CHILDREN.add(child)
    try:
        output, _ = child.communicate(pickle.dumps((list(documents), scorer)))
    finally:
        _CHILDREN.discard(child)
    try:
        status, payload = pickle.loads(output)
    except Exception:
        raise RuntimeError(
            f"the grouping process exited without an answer (status {child.returncode})"
        ) from None
    if status != "ok" or not isinstance(payload, Grouping):
        raise RuntimeError(str(payload))
    return payload
