"""Shared fixtures.

- Every test runs with the reader's state, config and library directories and its corpus
  index in a temporary folder (``READER_STATE_DIR`` / ``READER_CONFIG_DIR`` /
  ``READER_LIBRARY`` / ``READER_INDEX`` and the XDG variables), so no test ever reads or
  writes the real home, and each test starts with an empty index.
- ``seeds_dir``: the bundled seed articles (read-only: never write into it);
  ``seeds_copy``: a copy of them that a test may change.
- ``async def`` tests run in a fresh event loop (see ``pytest_pyfunc_call``), for Pilot.
- ``bad_corpus``: a temporary folder of files the reader must refuse or warn about,
  built by the test (no binary file is committed).

Helpers that tests import (``settle``, hand-made comparisons, web fixtures, …) live in
the ``tests.helpers`` package, not here.
"""

from __future__ import annotations

import asyncio
import inspect
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no async plugin is installed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One embeddings cache per test process, never the user's XDG cache."""
    saved = os.environ.get("READER_CACHE_DIR")
    os.environ["READER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("READER_CACHE_DIR", None)
        else:
            os.environ["READER_CACHE_DIR"] = saved


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    base = tmp_path_factory.mktemp("home")
    saved = {
        key: os.environ.get(key)
        for key in (
            "READER_STATE_DIR",
            "READER_CONFIG_DIR",
            "XDG_STATE_HOME",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "READER_LIBRARY",
            "READER_INDEX",
        )
    }
    os.environ["READER_STATE_DIR"] = str(base / "state")
    os.environ["READER_CONFIG_DIR"] = str(base / "config")
    os.environ["XDG_STATE_HOME"] = str(base / "xdg-state")
    os.environ["XDG_CONFIG_HOME"] = str(base / "xdg-config")
    os.environ["XDG_DATA_HOME"] = str(base / "xdg-data")
    os.environ["READER_LIBRARY"] = str(base / "library")
    os.environ["READER_INDEX"] = str(base / "cache" / "index.sqlite")
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of the five seed articles (do not write into it)."""
    return SEEDS


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A copy of the seed articles in a temporary folder (tests may edit or remove them)."""
    import shutil

    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


BAD_FILES: dict[str, bytes] = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 8,
    "latin1.txt": "Caf\xe9 cr\xe8me \xe0 la fran\xe7aise, d\xe9j\xe0 vu.\n".encode("latin-1"),
    "invalid-utf8.md": b"Title\n\nbroken \xff\xfe\xfd bytes \xc3\x28 here\n",
    "huge-line.txt": b"word " * 400_000,
    "notes.pdf": b"%PDF-1.4 not really a pdf\n",
}


@pytest.fixture()
def bad_corpus(tmp_path: Path) -> Path:
    """A folder with one good article and files of every kind the reader must survive.

    Contains: ``good.txt``; the files of ``BAD_FILES`` (empty, binary, latin-1, invalid
    UTF-8, a 2 MB single line, an unsupported ``.pdf``); a symlink loop ``loop-a.txt`` ↔
    ``loop-b.txt``; a directory symlink pointing at its parent (a folder loop).
    """
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "A good article\n\nThis is a short article. It has two sentences.\n", encoding="utf-8"
    )
    for name, data in BAD_FILES.items():
        (folder / name).write_bytes(data)
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")
    return folder
