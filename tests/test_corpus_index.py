"""The corpus index: documents round-trip, invalidation, groupings, damage, concurrency.

Each test has its own index file (``READER_INDEX``, see conftest), so none sees another's.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.corpus import codec, indexed
from reader.corpus import index as index_module
from reader.corpus.index import CorpusIndex, Entry
from reader.corpus.indexed import grouping_of, list_indexed, load_indexed
from reader.corpus.loader import load_corpus
from reader.corpus.model import (
    Document,
    FeedItem,
    Inline,
    Paragraph,
    Rendering,
    Sentence,
)
from tests.helpers.web import feed, write_release

Capture = pytest.CaptureFixture[str]


def _article(title: str, body: str) -> str:
    return f"{title}\n\n{body}\n"


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(
        _article("The port of Genoa reopens", "Ships returned to Genoa on Monday. "
                 "The harbour master said 40 cranes work again."),
        encoding="utf-8",
    )  # fmt: skip
    (folder / "b.md").write_text(
        "# La città di Genova\n\nLe navi sono tornate a **Genova** lunedì. "
        "Il capitano del porto ha detto che 40 gru lavorano di nuovo.\n",
        encoding="utf-8",
    )
    (folder / "c.txt").write_text(
        _article("Café culture in Paris", "The café on the corner serves crème brûlée."),
        encoding="utf-8",
    )
    return folder


class Notices:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: str) -> None:
        self.messages.append(message)


def _index(path: Path | None = None) -> tuple[CorpusIndex, Notices]:
    notices = Notices()
    return CorpusIndex(path if path is not None else "default", notice=notices), notices


class CountingLoads:
    """Counts load_document calls (what the index must spare)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from reader.corpus import loader

        self.paths: list[Path] = []
        original = loader.load_document

        def counting(path: Any, **kwargs: Any) -> Document:
            self.paths.append(Path(path))
            return original(path, **kwargs)

        monkeypatch.setattr(loader, "load_document", counting)


def _counting_fingerprints(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many documents each call of grouping.fingerprints is given, from now on."""
    from reader.compare import grouping

    made: list[int] = []
    original = grouping.fingerprints

    def counting(docs: list[Document]) -> Any:
        made.append(len(docs))
        return original(docs)

    monkeypatch.setattr(grouping, "fingerprints", counting)
    return made


# --------------------------------------------------------------------------- codec


def test_codec_knows_every_field_of_the_model() -> None:
    for cls in (Document, Paragraph, Sentence, Rendering, Inline, FeedItem):
        fields = tuple(f.name for f in dataclasses.fields(cls))
        assert codec.FIELDS[cls] == fields, (
            f"{cls.__name__} changed: update reader/corpus/codec.py and bump FORMAT"
        )


def test_codec_round_trips_text_markdown_pages_and_feeds(seeds_dir: Path, tmp_path: Path) -> None:
    _corpus(tmp_path / "c")
    write_release(tmp_path / "pages")
    (tmp_path / "pages" / "news.rss").write_text(feed("https://press.example.eu"), "utf-8")
    docs = load_corpus([seeds_dir, tmp_path / "c", tmp_path / "pages"])
    kinds = {d.source_format for d in docs}
    assert kinds == {"text", "markdown", "html", "feed"}
    assert any(p.rendering is not None for d in docs for p in d.paragraphs)
    assert any(d.alternates for d in docs) and any(d.feed for d in docs)
    for doc in docs:
        back = codec.decode(codec.encode(doc), doc.path)
        assert back == doc
        assert back.extra == doc.extra  # not part of ==


def test_codec_refuses_garbage() -> None:
    with pytest.raises(codec.CodecError):
        codec.decode(b"not zlib at all", Path("x.txt"))


# --------------------------------------------------------------------------- loading


def test_indexed_load_is_load_corpus_and_reads_nothing_the_second_time(
    seeds_dir: Path, bad_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = load_corpus([seeds_dir, bad_corpus])
    index, notices = _index()
    assert load_indexed([seeds_dir, bad_corpus], index=index) == reference
    loads = CountingLoads(monkeypatch)
    again = load_indexed([seeds_dir, bad_corpus], index=index)
    assert again == reference
    # only the files that cannot be indexed (unreadable, unsupported) are read again
    assert not any(p.parent == seeds_dir for p in loads.paths)
    assert {p.name for p in loads.paths} <= {p.name for p in bad_corpus.rglob("*")}
    listed = list_indexed([seeds_dir], index=index)
    assert all(isinstance(item, Entry) for item in listed)
    assert [i.id for i in listed] == [d.id for d in reference if d.path.parent == seeds_dir]
    assert [i.display_title for i in listed] == [
        d.display_title for d in reference if d.path.parent == seeds_dir
    ]
    assert notices.messages == []


def test_edited_removed_renamed_and_added_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _corpus(tmp_path / "corpus")
    index, _ = _index()
    first = load_indexed([folder], index=index)
    assert [d.path.name for d in first] == ["a.txt", "b.md", "c.txt"]
    loads = CountingLoads(monkeypatch)

    # edited: read again, new title; the others are not
    (folder / "a.txt").write_text(_article("The port of Genoa closes", "Ships left."), "utf-8")
    docs = load_indexed([folder], index=index)
    assert docs[0].title == "The port of Genoa closes"
    assert loads.paths == [folder / "a.txt"]

    # renamed (same bytes): not parsed again, found under its new name
    loads.paths.clear()
    (folder / "c.txt").rename(folder / "d.txt")
    docs = load_indexed([folder], index=index)
    assert [d.path.name for d in docs] == ["a.txt", "b.md", "d.txt"]
    assert docs[2].title == "Café culture in Paris"
    assert loads.paths == []
    stats = index.stats()
    assert stats["documents"] == 3  # the old name's row is gone

    # removed: gone from the listing and the index, and from search
    (folder / "b.md").unlink()
    docs = load_indexed([folder], index=index)
    assert [d.path.name for d in docs] == ["a.txt", "d.txt"]
    assert index.stats()["documents"] == 2
    assert index.match('"genova"', [folder / "b.md"]) == (0, [])

    # added: read once
    loads.paths.clear()
    (folder / "e.txt").write_text(_article("A new one", "Fresh text here."), "utf-8")
    docs = load_indexed([folder], index=index)
    assert [d.path.name for d in docs] == ["a.txt", "d.txt", "e.txt"]
    assert loads.paths == [folder / "e.txt"]

    # touched (same bytes, new mtime): hashed, not parsed
    loads.paths.clear()
    os.utime(folder / "e.txt", ns=(1_000_000_000, 1_000_000_000))
    assert load_indexed([folder], index=index) == docs
    assert loads.paths == []


def test_a_document_is_not_indexed_when_its_file_changed_after_reading(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "corpus")
    doc = load_corpus([folder / "a.txt"])[0]
    (folder / "a.txt").write_text("Something else entirely.\n", "utf-8")
    index, _ = _index()
    assert index.store([doc], ("en", "it", "fr", "de", "es")) == 0
    assert load_indexed([folder / "a.txt"], index=index)[0].title != doc.title


def test_another_language_set_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _corpus(tmp_path / "corpus")
    index, _ = _index()
    load_indexed([folder], index=index)
    loads = CountingLoads(monkeypatch)
    load_indexed([folder], index=index, languages=("en", "it"))
    assert len(loads.paths) == 3


# --------------------------------------------------------------------------- groupings


def test_grouping_is_reused_until_something_changes(seeds_copy: Path) -> None:
    from reader.compare.grouping import group

    folder = seeds_copy
    index, _ = _index()
    items = list_indexed([folder], index=index)
    first = grouping_of(items, index=index)
    reference = group(load_corpus([folder]))
    assert first.grouping.version_group == reference.version_group
    assert first.grouping.story == reference.story

    calls: list[int] = []

    def counting(docs: list[Document]) -> Any:
        calls.append(len(docs))
        return group(docs)

    again = grouping_of(list_indexed([folder], index=index), index=index, group=counting)
    assert calls == [] and again.grouping == first.grouping
    # every item an Entry, nothing decoded, and still the same groups
    assert all(isinstance(i, Entry) for i in list_indexed([folder], index=index))

    victim = sorted(folder.iterdir())[3]
    victim.write_text(victim.read_text("utf-8") + "\nOne more sentence at the end.\n", "utf-8")
    changed = grouping_of(list_indexed([folder], index=index), index=index, group=counting)
    assert calls == [5]
    assert changed.grouping.version_group.keys() != first.grouping.version_group.keys()

    victim.unlink()
    grouping_of(list_indexed([folder], index=index), index=index, group=counting)
    assert calls == [5, 4]


def test_a_regroup_fingerprints_only_the_files_that_changed(
    seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.compare import grouping

    folder = seeds_copy
    index, _ = _index()
    grouping_of(list_indexed([folder], index=index), index=index)
    made = _counting_fingerprints(monkeypatch)
    victim = sorted(folder.iterdir())[2]
    victim.write_text(victim.read_text("utf-8") + "\nAnd one more sentence.\n", "utf-8")
    items = list_indexed([folder], index=index)
    changed = grouping_of(items, index=index)
    assert made == [1]
    reference = grouping.group(load_corpus([folder]))
    assert changed.version_group == reference.version_group
    assert changed.story == reference.story
    assert changed.grouping == reference


def test_list_json_groups_from_the_index(seeds_dir: Path, capsys: Capture) -> None:
    assert main(["list", str(seeds_dir), "--format", "json"]) == 0
    first = capsys.readouterr().out
    assert main(["list", str(seeds_dir), "--format", "json"]) == 0
    assert capsys.readouterr().out == first
    assert '"version_group": "v2"' in first


# --------------------------------------------------------------------------- damage


def _built(path: Path, corpus: Path) -> None:
    index, notices = _index(path)
    load_indexed([corpus], index=index)
    index.close()
    assert notices.messages == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-schema", "empty-file"])
def test_a_damaged_index_is_rebuilt_with_a_notice(tmp_path: Path, damage: str) -> None:
    corpus = _corpus(tmp_path / "corpus")
    path = tmp_path / "cache" / "index.sqlite"
    reference = load_corpus([corpus])
    _built(path, corpus)
    if damage == "garbage":
        path.write_bytes(os.urandom(3000) + b"SQLite format 3\x00" * 10)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif damage == "wrong-schema":
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA user_version = 999")
        conn.commit()
        conn.close()
    else:
        path.write_bytes(b"")
    index, notices = _index(path)
    assert load_indexed([corpus], index=index) == reference
    if damage != "empty-file":  # an empty file is a new database
        assert any("rebuilding" in m or "cannot be used" in m for m in notices.messages)
    # and it works again afterwards, from the file
    index.close()
    again, later = _index(path)
    assert load_indexed([corpus], index=again) == reference
    assert again.persistent
    assert later.messages == []


def test_a_read_only_index_folder_is_bypassed(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write into read-only folders")
    corpus = _corpus(tmp_path / "corpus")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        index, notices = _index(folder / "index.sqlite")
        assert load_indexed([corpus], index=index) == load_corpus([corpus])
        assert not index.persistent
        assert any("cannot be used" in m for m in notices.messages)
    finally:
        folder.chmod(0o700)


def test_an_index_that_cannot_be_written_is_bypassed(tmp_path: Path) -> None:
    """A path where no file can be created (a file where the folder should be) — the
    same answer as a read-only folder, and testable as root."""
    corpus = _corpus(tmp_path / "corpus")
    (tmp_path / "blocker").write_text("a file, not a folder")
    index, notices = _index(tmp_path / "blocker" / "index.sqlite")
    assert load_indexed([corpus], index=index) == load_corpus([corpus])
    assert not index.persistent
    assert len(notices.messages) == 1 and "cannot be used" in notices.messages[0]
    # the in-memory index still searches this run's documents
    assert index.match('"genova"', [corpus / "b.md"])[0] == 1


def test_a_read_only_index_file_is_bypassed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file opened read-only (as SQLite does for a file without write permission,
    which root cannot be shown): the documents are right, and the run is told."""
    corpus = _corpus(tmp_path / "corpus")
    path = tmp_path / "cache" / "index.sqlite"
    _built(path, corpus)
    (corpus / "a.txt").write_text(_article("Changed", "So it must be written."), "utf-8")
    real_connect = sqlite3.connect

    def read_only(target: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if str(target) == str(path):
            return real_connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(index_module.sqlite3, "connect", read_only)
    index, notices = _index(path)
    assert load_indexed([corpus], index=index) == load_corpus([corpus])
    assert any("cannot be used" in m for m in notices.messages), notices.messages
    assert path.stat().st_size > 0  # not removed: it is not damaged, only not ours to write


def test_cli_says_so_and_carries_on(tmp_path: Path, seeds_dir: Path, capsys: Capture) -> None:
    path = Path(os.environ["READER_INDEX"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00garbage" * 500)
    assert main(["list", str(seeds_dir)]) == 0
    captured = capsys.readouterr()
    assert "index" in captured.err and "rebuilding" in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.out.splitlines()) == 6


def test_index_command_shows_and_clears(seeds_dir: Path, capsys: Capture) -> None:
    assert main(["list", str(seeds_dir)]) == 0
    capsys.readouterr()
    assert main(["index"]) == 0
    out = capsys.readouterr().out
    assert os.environ["READER_INDEX"] in out and "5 documents" in out
    assert main(["index", "--clear"]) == 0
    assert "0 documents" in capsys.readouterr().out


def test_index_off_keeps_nothing(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setenv("READER_INDEX", "off")
    assert index_module.index_path() is None
    assert main(["list", str(seeds_dir)]) == 0
    assert main(["index"]) == 0
    assert "in memory only" in capsys.readouterr().out


# --------------------------------------------------------------------------- processes

_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.corpus.index import CorpusIndex
    from reader.corpus.indexed import load_indexed
    folder, rounds = Path(sys.argv[1]), int(sys.argv[2])
    notes = []
    index = CorpusIndex(notice=notes.append)
    for n in range(rounds):
        target = folder / f"w{n % 7}.txt"
        target.write_text(f"Round {n} of the writer\\n\\nThe writer wrote round {n}.\\n")
        load_indexed([folder], index=index)
    print("notes:", notes)
    """
)


def test_two_processes_one_writing_while_the_other_reads(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    writer_corpus = tmp_path / "writer"
    writer_corpus.mkdir()
    index, notices = _index()
    load_indexed([corpus], index=index)
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(writer_corpus), "40"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reads = 0
    try:
        while writer.poll() is None or reads < 5:
            entries = index.entries(list(corpus.iterdir()), ("en", "it", "fr", "de", "es"))
            assert len(entries) == 3
            total, rows = index.match('"genoa"', [corpus / "a.txt"])
            assert total == 1 and rows
            reads += 1
            if reads > 2000:
                break
    finally:
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert "notes: []" in out, out
    assert notices.messages == []
    # the writer's documents are there for this process too
    names = {p.name for p in index.entries(list(writer_corpus.iterdir()), ("en", "it", "fr",
                                                                          "de", "es"))}  # fmt: skip
    assert names == {f"w{n}.txt" for n in range(7)}


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    folders = [tmp_path / "one", tmp_path / "two"]
    for folder in folders:
        folder.mkdir()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(folder), "25"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=180)
        assert writer.returncode == 0, err
        assert "Traceback" not in err
    index, notices = _index()
    for folder in folders:
        assert len(index.entries(list(folder.iterdir()), ("en", "it", "fr", "de", "es"))) == 7


def test_documents_of_an_entry_changed_since_listing(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "corpus")
    index, _ = _index()
    load_indexed([folder], index=index)
    items = list_indexed([folder], index=index)
    (folder / "a.txt").write_text(_article("Changed meanwhile", "New words."), "utf-8")
    docs = indexed.documents_of(items, index, ("en", "it", "fr", "de", "es"))
    assert docs[0].title == "Changed meanwhile"
    assert [d.id for d in docs] == [i.id for i in items]


def _index_rows(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[Any]]:
    """The documents (without their file times), full-text lines and fingerprints of an
    index file, in a stable order."""
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
        keep = [c for c in columns if c not in ("row", "mtime_ns", "ctime_ns")]
        docs = conn.execute(f"SELECT {', '.join(keep)} FROM documents ORDER BY path").fetchall()
        texts = conn.execute(
            "SELECT d.path, t.text FROM texts t JOIN documents d ON d.row = t.rowid ORDER BY 1"
        ).fetchall()
        prints = conn.execute("SELECT key, data FROM fingerprints ORDER BY key").fetchall()
    conn.close()
    return docs, texts, prints


def test_a_parallel_build_makes_the_index_a_serial_one_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above PARALLEL_READ_ABOVE new files, worker processes read, detect and fingerprint;
    the index, the listing and the grouping are those of the serial build, and grouping
    then fingerprints nothing (the workers did)."""
    from benchmarks._corpus import make_versioned_corpus

    folder = tmp_path / "corpus"
    make_versioned_corpus(folder, 24, seed=3, words=(60, 120), per_folder=10)
    (folder / "part000" / "broken.txt").write_bytes(b"\xff\xfe\x00" * 3)  # unreadable
    (folder / "part000" / "empty.md").write_text("", encoding="utf-8")

    serial_file = tmp_path / "serial.sqlite"
    serial = CorpusIndex(serial_file)
    serial_items = list_indexed([folder], index=serial)
    serial_groups = grouping_of(serial_items, index=serial)
    serial.close()

    monkeypatch.setattr(indexed, "PARALLEL_READ_ABOVE", 4)
    monkeypatch.setattr(indexed, "READ_CHUNK", 5)
    made = _counting_fingerprints(monkeypatch)
    seen: list[tuple[int, int]] = []
    parallel_file = tmp_path / "parallel.sqlite"
    parallel = CorpusIndex(parallel_file)
    parallel_items = list_indexed(
        [folder], index=parallel, progress=lambda done, total: seen.append((done, total))
    )
    parallel_groups = grouping_of(parallel_items, index=parallel)
    parallel.close()

    assert made == []  # every fingerprint came from the workers
    assert len(serial_items) == 26
    assert parallel_items == serial_items
    assert parallel_groups.grouping == serial_groups.grouping
    assert _index_rows(parallel_file) == _index_rows(serial_file)
    assert seen[-1] == (26, 26) and len(seen) > 2


def test_a_parallel_build_without_processes_reads_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    folder = _corpus(tmp_path / "corpus")
    monkeypatch.setattr(indexed, "PARALLEL_READ_ABOVE", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)

    def no_processes(method: str | None = None) -> Any:
        raise OSError("no processes")

    monkeypatch.setattr(multiprocessing, "get_context", no_processes)
    index, _ = _index(tmp_path / "i.sqlite")
    items = list_indexed([folder], index=index)
    assert sorted(item.path.name for item in items) == ["a.txt", "b.md", "c.txt"]
    assert [d.title for d in items] == [d.title for d in load_corpus([folder])]


def test_folder_range_of_keys() -> None:
    folder_range = index_module._folder_range
    assert folder_range([b"/n/a/1.txt", b"/n/b/2.txt"]) == (b"/n/", b"/n0")
    assert folder_range([b"/n/a/1.txt", b"/n/a/2.txt"]) == (b"/n/a/", b"/n/a0")
    # a common start that is not a whole folder name stops at the folder above it
    assert folder_range([b"/n/b", b"/n/b2/c"]) == (b"/n/", b"/n0")
    assert folder_range([b"/n/b/c", b"/n/bz"]) == (b"/n/", b"/n0")
    assert folder_range([b"/x.txt", b"/y.txt"]) is None  # only the root in common
    assert folder_range([]) is None


def test_entries_by_folder_range_are_those_of_the_scope(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many files of one folder are looked up as the range of keys under it; the answer
    holds exactly the files asked for, as through the scope table, and the scope is used
    when the folder holds many more indexed files than were asked for."""
    folder = _corpus(tmp_path / "news")
    (folder / "more").mkdir()
    for n in range(5):
        (folder / "more" / f"{n}.txt").write_text(
            _article(f"Story {n}", f"Ships number {n} returned."), encoding="utf-8"
        )
    index, _ = _index()
    files = [item.path for item in list_indexed([folder], index=index)]
    assert len(files) == 8
    scoped: list[int] = []
    original = CorpusIndex._scope

    def counting(self: CorpusIndex, conn: Any, keys: Any) -> None:
        scoped.append(len(keys))
        original(self, conn, keys)

    monkeypatch.setattr(CorpusIndex, "_scope", counting)
    monkeypatch.setattr(index_module, "_RANGE_FROM", 10**9)
    from reader.corpus.language import DEFAULT_LANGUAGES as languages

    by_scope = {
        name: index.entries(chosen, languages)
        for name, chosen in (("all", files), ("some", files[:5]), ("few", files[:2]))
    }
    assert scoped == [8, 5, 2]
    assert [len(found) for found in by_scope.values()] == [8, 5, 2]
    scoped.clear()
    monkeypatch.setattr(index_module, "_RANGE_FROM", 2)
    assert index.entries(files, languages) == by_scope["all"]
    assert index.entries(files[:5], languages) == by_scope["some"]
    assert list(index.entries(files[:5], languages)) == files[:5]
    assert scoped == []  # 8 indexed under the folder: at most twice the 5 asked for
    assert index.entries(files[:2], languages) == by_scope["few"]
    assert scoped == [2]  # 8 > 2 × 2: through the scope
    assert {p: d.title for p, d in index.documents(files[:5], languages).items()} == {
        p: e.title for p, e in by_scope["some"].items()
    }
