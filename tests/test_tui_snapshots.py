"""SVG snapshots of the reader (pytest-textual-snapshot).

Deterministic: no clock in the header, fixed default theme (state and config in tmp
dirs), languages detected and documents grouped before the picture is taken, no focused
text input (so no blinking cursor), paths shown relative to a tmp working folder.

Update after looking at the pictures: ``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from reader.tui.widgets.doclist import DocList
from tests.helpers.pilot import settle
from tests.helpers.snapshots import SIZE_IDS, SIZES

SEEDS = ["000", "001", "002", "003", "004"]

SnapCompare = Callable[..., bool]


def _app(paths: list[Path], tmp_path: Path) -> ReaderApp:
    return ReaderApp(paths, state_dir=tmp_path / "state", config_dir=tmp_path / "config")


def _open(prefix: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Open the first document whose file name starts with ``prefix``, then press
    ``keys`` (if any) and let the screen settle."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, ReaderApp)
        index = next(i for i, s in enumerate(app.slots) if s.path.name.startswith(prefix))
        app.open_document(index, remember=False)
        app.query_one(DocList).select_index(index)
        # Let the new page's size reach layout (scrollbars) before the capture, even on
        # a loaded machine: a few full refresh cycles.
        for _ in range(3):
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_open(
    snap_compare: SnapCompare, seeds_dir: Path, tmp_path: Path, seed: str, size: tuple[int, int]
) -> None:
    app = _app([seeds_dir], tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=_open(seed))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_help_screen(
    snap_compare: SnapCompare, seeds_dir: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    run_before = _open("001", "question_mark")
    assert snap_compare(_app([seeds_dir], tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_search_highlighted(
    snap_compare: SnapCompare, seeds_dir: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    run_before = _open("002", "tab", "slash", *"tiktok", "enter", "n")
    assert snap_compare(_app([seeds_dir], tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_sidebar_hidden(
    snap_compare: SnapCompare, seeds_dir: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    run_before = _open("003", "ctrl+b")
    assert snap_compare(_app([seeds_dir], tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_bad_file(
    snap_compare: SnapCompare,
    bad_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    # Relative paths, so that the picture does not depend on the tmp folder's name.
    monkeypatch.chdir(bad_corpus.parent)
    app = _app([Path(bad_corpus.name)], tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=_open("binary"))


MARKDOWN = """\
# TikTok tests a photo mode

*The app wants to compete with Instagram for its 420 million users.*

## Key facts

- **420 million** people use the app, according to [the company](https://example.org/tiktok).
- Photos can be shared with `friends only`:
  1. first in the United States
  2. then in Europe

> “We want people to share their real lives,” the company said.

```
print("[bold]not markup[/bold]")
```

| Country | Users |
|---|---|
| Italy | 20 million |

---

The feature was announced on Monday, with _no date_ for ~~Canada~~ other markets.
"""


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_markdown_rendered(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "photo-mode.md").write_text(MARKDOWN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = _app([Path("notes")], tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=_open("photo"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_saved_web_pages(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    from tests.helpers.web import write_release

    write_release(tmp_path / "release")
    monkeypatch.chdir(tmp_path)
    app = _app([Path("release")], tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=_open("en"))
