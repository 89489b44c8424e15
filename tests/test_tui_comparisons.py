"""The diff view's comparison cache: one computation per comparison, joined by whoever
asks while it runs, and the app's comparison ahead of ``d`` (:class:`Ahead`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

import reader.compare
from reader.compare.cancel import checkpoint
from reader.compare.comparison import compare as real_compare
from reader.compare.model import Comparison
from reader.corpus import load_document
from reader.corpus.model import Document
from reader.tui.comparisons import Ahead, ComparisonCache, comparison_key

WAIT = 30.0  # seconds a test waits for a thread before it fails


@pytest.fixture()
def pair(seeds_dir: Path) -> list[Document]:
    return [load_document(next(seeds_dir.glob(f"{p}_*.txt"))) for p in ("001", "003")]


@pytest.fixture()
def other(seeds_dir: Path) -> list[Document]:
    return [load_document(next(seeds_dir.glob(f"{p}_*.txt"))) for p in ("002", "004")]


def test_a_comparison_is_claimed_once_and_joined_with_its_progress(pair: list[Document]) -> None:
    cache = ComparisonCache()
    key = comparison_key(pair, "lexical")
    pending = cache.begin(key)
    assert pending is not None
    assert cache.begin(key) is None  # already being computed: nobody starts it twice
    assert cache.computing(key)
    comparison = real_compare(pair, scorer="lexical")
    heard: list[tuple[int, int]] = []
    listening = threading.Event()

    def work() -> None:
        pending.report(1, 4)
        listening.wait(WAIT)
        pending.report(4, 4)
        cache.put(key, comparison)
        cache.end(key, pending)

    thread = threading.Thread(target=work)
    thread.start()

    def progress(done: int, total: int) -> None:
        heard.append((done, total))
        listening.set()

    assert cache.join(key, progress=progress) is comparison
    thread.join(WAIT)
    assert heard[-1] == (4, 4)  # the last report before joining, then the rest
    assert not cache.computing(key)
    assert cache.begin(key) is None  # cached now


def test_joining_gives_nothing_when_the_work_fails_or_the_joiner_gives_up(
    pair: list[Document],
) -> None:
    cache = ComparisonCache()
    key = comparison_key(pair, "lexical")
    assert cache.join(key) is None  # neither cached nor being computed
    pending = cache.begin(key)
    assert pending is not None
    assert cache.join(key, cancelled=lambda: True) is None  # gave up: the work goes on
    assert cache.computing(key)
    cache.end(key, pending)  # ended without a comparison (it failed)
    assert cache.join(key) is None
    assert cache.begin(key) is not None  # anyone may try again


def _blocking(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[list[tuple[str, ...]], threading.Event, threading.Event]:
    """``reader.compare.compare`` replaced by the lexical one that first waits (at engine
    checkpoints, so that it can be cancelled) for ``release``."""
    asked: list[tuple[str, ...]] = []
    started, release = threading.Event(), threading.Event()

    def slow(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        asked.append(tuple(d.path.name[:3] for d in documents))
        started.set()
        while not release.wait(0.01):
            checkpoint()
        return real_compare(documents, scorer="lexical")

    monkeypatch.setattr(reader.compare, "compare", slow, raising=False)
    return asked, started, release


def _running(
    monkeypatch: pytest.MonkeyPatch,
    documents: list[Document],
    stopped: Callable[[], bool] = lambda: False,
) -> tuple[Ahead, ComparisonCache, list[tuple[str, ...]], threading.Event]:
    """An :class:`Ahead` whose (blocking) comparison of ``documents`` has started; the
    comparisons asked for, and the event that lets them finish."""
    asked, started, release = _blocking(monkeypatch)
    cache = ComparisonCache()
    ahead = Ahead(cache)
    assert ahead.start(documents, "auto", stopped=stopped)
    assert started.wait(WAIT)
    return ahead, cache, asked, release


def test_ahead_compares_in_the_background_once(
    monkeypatch: pytest.MonkeyPatch, pair: list[Document]
) -> None:
    ahead, cache, asked, release = _running(monkeypatch, pair)
    key = comparison_key(pair, "auto")
    assert not ahead.start(pair, "auto")  # under way: not started again
    release.set()
    assert cache.join(key) is not None
    assert ahead.thread is not None
    ahead.thread.join(WAIT)
    assert not ahead.start(pair, "auto")  # cached: nothing to do
    assert asked == [("001", "003")]


def test_ahead_on_other_documents_cancels_the_previous_comparison(
    monkeypatch: pytest.MonkeyPatch, pair: list[Document], other: list[Document]
) -> None:
    ahead, cache, asked, release = _running(monkeypatch, pair)
    first = ahead.thread
    assert first is not None
    assert ahead.start(other, "auto")
    first.join(WAIT)
    assert not first.is_alive()  # stopped at its next checkpoint
    assert not cache.computing(comparison_key(pair, "auto"))
    assert cache.get(comparison_key(pair, "auto")) is None  # nothing half-done is kept
    release.set()
    assert cache.join(comparison_key(other, "auto")) is not None
    assert asked == [("001", "003"), ("002", "004")]


def test_ahead_stops_when_the_app_closes_and_a_failure_is_silent(
    monkeypatch: pytest.MonkeyPatch, pair: list[Document], other: list[Document]
) -> None:
    closing = threading.Event()
    ahead, cache, _asked, _release = _running(monkeypatch, pair, stopped=closing.is_set)
    closing.set()
    assert ahead.thread is not None
    ahead.thread.join(WAIT)
    assert not ahead.running
    assert cache.get(comparison_key(pair, "auto")) is None

    def broken(documents: Sequence[Document], scorer: str = "auto") -> Comparison:
        raise RuntimeError("the engine failed")

    monkeypatch.setattr(reader.compare, "compare", broken, raising=False)
    assert ahead.start(other, "auto")
    ahead.thread.join(WAIT)
    assert cache.join(comparison_key(other, "auto")) is None  # the diff view will say why
    assert not cache.computing(comparison_key(other, "auto"))
