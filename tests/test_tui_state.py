"""The reader remembers the last document and the theme; corrupt files are ignored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.tui.app import ReaderApp
from reader.tui.state import Persistence, config_dir, read_json, state_dir, write_json
from reader.tui.widgets.doclist import DocList
from tests.helpers.pilot import settle


def _app(paths: list[Path], tmp_path: Path) -> ReaderApp:
    return ReaderApp(paths, state_dir=tmp_path / "state", config_dir=tmp_path / "config")


def test_dirs_follow_environment(tmp_path: Path) -> None:
    # conftest points both variables at a temporary folder for every test.
    assert state_dir() == Path(os.environ["READER_STATE_DIR"])
    assert config_dir() == Path(os.environ["READER_CONFIG_DIR"])
    assert state_dir(tmp_path) == tmp_path
    assert not str(state_dir()).startswith(str(Path.home() / ".local"))


def test_defaults_use_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("READER_STATE_DIR")
    monkeypatch.delenv("READER_CONFIG_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xs"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xc"))
    assert state_dir() == tmp_path / "xs" / "reader"
    assert config_dir() == tmp_path / "xc" / "reader"


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[1, 2]", b"\xff\xfe\x00garbage", b'{"last_path": 3, "last_id": []}', b"null"],
)
def test_corrupt_state_is_ignored(tmp_path: Path, content: bytes) -> None:
    store = Persistence(tmp_path / "s" / "state.json", tmp_path / "c" / "config.json")
    store.state_path.parent.mkdir(parents=True)
    store.state_path.write_bytes(content)
    store.config_path.parent.mkdir(parents=True)
    store.config_path.write_bytes(content)
    assert store.last_document() == (None, None)
    assert store.theme() is None
    assert store.remember_document(tmp_path / "a.txt", "abc")
    assert store.last_document() == (os.path.abspath(tmp_path / "a.txt"), "abc")
    assert store.remember_theme("nord")
    assert store.theme() == "nord"


def test_unwritable_state_dir_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert write_json(blocker / "sub" / "state.json", {"a": 1}) is False
    assert read_json(blocker / "sub" / "state.json") == {}


def test_write_is_atomic_and_readable(tmp_path: Path) -> None:
    path = tmp_path / "x" / "state.json"
    assert write_json(path, {"a": "é"})
    assert json.loads(path.read_text(encoding="utf-8")) == {"a": "é"}
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]


async def test_last_document_is_reopened(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        target = next(i for i, s in enumerate(app.slots) if s.path.name.startswith("003"))
        app.open_document(target)
        await pilot.pause()
    saved = json.loads((tmp_path / "state" / "state.json").read_text())
    assert saved["last_path"].endswith(app.slots[target].path.name)

    again = _app([seeds_dir], tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.open_index is not None
        assert again.slots[again.open_index].path.name.startswith("003")


async def test_theme_is_remembered(seeds_dir: Path, tmp_path: Path) -> None:
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert json.loads((tmp_path / "config" / "config.json").read_text())["theme"] == "nord"
    again = _app([seeds_dir], tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_corrupt_files_do_not_stop_the_app(seeds_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "state").mkdir()
    (tmp_path / "config").mkdir()
    (tmp_path / "state" / "state.json").write_bytes(b"\x00\x01{{{ not json")
    (tmp_path / "config" / "config.json").write_text('{"theme": "no-such-theme"}')
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.open_index == app.query_one(DocList).current_index
        assert app.theme != "no-such-theme"


async def test_remembered_document_gone(seeds_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "state.json").write_text(
        json.dumps({"last_path": str(tmp_path / "deleted.txt"), "last_id": "x"})
    )
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.open_index is not None


def test_state_files_are_read_and_written_safely(tmp_path: Path) -> None:
    """The one safe reader and writer: a FIFO in place of a state file is ignored without
    blocking, and a file name that is not UTF-8 is remembered exactly."""
    store = Persistence(tmp_path / "s" / "state.json", tmp_path / "c" / "config.json")
    store.state_path.parent.mkdir(parents=True)
    os.mkfifo(store.state_path)
    assert store.last_document() == (None, None)  # no reader on the other end: no hang
    store.state_path.unlink()
    odd = tmp_path / os.fsdecode(b"n\xff.txt")
    assert store.remember_document(odd, "abc")
    assert store.last_document() == (os.path.abspath(odd), "abc")
    store.state_path.read_bytes().decode("ascii")  # escaped, valid JSON


async def test_opening_a_document_writes_the_state_off_the_ui_thread(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The state file is fsynced and renamed (tens of ms on a busy disk): opening a
    document must not wait for it on the UI thread, and the last one opened wins."""
    import threading

    from reader.tui.state import Persistence

    threads: list[bool] = []
    real = Persistence.remember_document

    def spy(self: Persistence, path: Path, doc_id: str) -> bool:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(self, path, doc_id)

    monkeypatch.setattr(Persistence, "remember_document", spy)
    app = _app([seeds_dir], tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for index in range(len(app.slots)):
            app.open_document(index)
        await pilot.pause(0.5)
        last = app.slots[len(app.slots) - 1].path.name
    assert threads and not any(threads)
    saved = json.loads((tmp_path / "state" / "state.json").read_text())
    assert saved["last_path"].endswith(last)
