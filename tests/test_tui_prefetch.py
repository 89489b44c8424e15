"""The first screenful read by a child process while the app starts
(reader/tui/prefetch.py); the session taking it is in test_tui_session.py."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from reader.corpus import DEFAULT_LANGUAGES, load_document
from reader.corpus.discovery import scan
from reader.tui import prefetch
from reader.tui.prefetch import Prefetch

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _paths(root: Path) -> list[Path]:
    found = scan([root])
    return [*found.files, *(s.path for s in found.skipped)]


def _start(root: Path) -> Prefetch:
    started = prefetch.start([root], DEFAULT_LANGUAGES)
    assert started is not None
    return started


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped
    return False


def test_the_child_reads_what_the_loader_reads(seeds_dir: Path) -> None:
    child = _start(seeds_dir)
    paths = _paths(seeds_dir)
    got = child.take(paths, wait=30)
    assert got is not None
    assert got.paths == tuple(str(p) for p in paths)
    assert got.stubs == {} and got.grouping is None  # nothing indexed yet
    assert list(got.documents) == [load_document(p, detect=False) for p in paths]
    assert _gone(child.pid)
    assert child.take(paths) is None, "once only"


def test_other_files_listed_is_no_result(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    child = _start(corpus)
    paths = _paths(corpus)
    assert child.take(paths[1:], wait=30) is None  # the app listed another set
    assert _gone(child.pid)


def test_off_by_environment(monkeypatch: pytest.MonkeyPatch, seeds_dir: Path) -> None:
    monkeypatch.setenv("READER_PREFETCH", "off")
    assert prefetch.start([seeds_dir], DEFAULT_LANGUAGES) is None


def _dummy(payload: bytes | None) -> tuple[Prefetch, int | None]:
    """A Prefetch on a pipe holding ``payload`` (``None``: the writer stays open and
    silent, a child that is late), with a real process to end."""
    read_fd, write_fd = os.pipe()
    if payload is not None:
        os.write(write_fd, payload)
        os.close(write_fd)
        kept = None
    else:
        kept = write_fd
    process = subprocess.Popen(["sleep", "30"])
    return Prefetch(process.pid, read_fd), kept


def test_a_child_that_died_half_way_is_no_result(seeds_dir: Path) -> None:
    child, _ = _dummy(b"\x80\x05not a whole pickle")
    assert child.take(_paths(seeds_dir)) is None
    assert _gone(child.pid)


def test_a_late_child_is_not_waited_for(seeds_dir: Path) -> None:
    child, writer = _dummy(None)
    try:
        assert child.take(_paths(seeds_dir), wait=0.05) is None
        assert _gone(child.pid), "the late child is ended"
    finally:
        assert writer is not None
        os.close(writer)


def test_close_ends_a_child_never_taken(seeds_dir: Path) -> None:
    child = _start(seeds_dir)
    child.close()
    assert _gone(child.pid)
    assert child.take(_paths(seeds_dir)) is None


def test_a_large_corpus_is_left_to_the_app(seeds_dir: Path) -> None:
    """Above MAX_FILES the child sends nothing: the app reads the index itself."""
    paths = _paths(seeds_dir)
    assert prefetch.read_screenful([seeds_dir], DEFAULT_LANGUAGES, 24, max_files=len(paths))
    assert prefetch.read_screenful([seeds_dir], DEFAULT_LANGUAGES, 24, max_files=2) is None
    child, _ = _dummy(b"")
    assert child.take(paths) is None
    assert _gone(child.pid)


def test_the_child_of_a_large_corpus_sends_nothing(
    monkeypatch: pytest.MonkeyPatch, seeds_dir: Path
) -> None:
    monkeypatch.setattr(prefetch, "MAX_FILES", 2)
    child = _start(seeds_dir)
    assert child.take(_paths(seeds_dir), wait=30) is None
    assert _gone(child.pid)


def test_the_walk_stops_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A corpus far above the limit is not walked to its end: the walk stops one file
    past the limit, since nothing is sent above it."""
    for n in range(12):
        (tmp_path / f"{n:02}.txt").write_text(f"Article {n}\n\nSome text.\n", encoding="utf-8")
    from reader.corpus import discovery

    listed: list[int] = []
    real = discovery.scan

    def counting(paths: object, **kwargs: int) -> discovery.Found:
        found = real(paths, **kwargs)  # type: ignore[arg-type]
        listed.append(len(found.files))
        return found

    monkeypatch.setattr(discovery, "scan", counting)
    assert prefetch.read_screenful([tmp_path], DEFAULT_LANGUAGES, 24, max_files=3) is None
    assert listed == [4]
    assert prefetch.read_screenful([tmp_path], DEFAULT_LANGUAGES, 24, max_files=12) is not None
    assert listed[-1] == 12
