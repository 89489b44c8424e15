"""Reading files: encodings, bad files, discovery, ids. Fixtures are built in tmp_path."""

from __future__ import annotations

import codecs
import hashlib
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.corpus import discover, load_corpus, load_document
from reader.corpus.decode import MAX_LINE_CHARS, decode_bytes

ARTICLE = (
    "Città e caffè: un titolo\n\n"
    "Il sindaco ha parlato a lungo della città. Poi è andato al caffè.\n\n"
    "La giornata è finita presto.\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _check_offsets(doc_text: str, sentences: tuple[object, ...]) -> None:
    for s in sentences:
        assert doc_text[s.start : s.end] == s.text  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8 (BOM)"),
        (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + ARTICLE.encode("utf-32-le"), "utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "utf32le"],
)
def test_unicode_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = load_document(_write(tmp_path, "a.txt", data), detect=False)
    assert doc.ok, doc.error
    assert doc.encoding == encoding
    assert doc.text == ARTICLE  # the BOM is not part of the text
    assert doc.warnings == ()
    assert doc.title == "Città e caffè: un titolo"
    _check_offsets(doc.text, doc.sentences)


def test_cp1252_is_decoded_with_a_warning(tmp_path: Path) -> None:
    text = "Caffè “speciale” — 5 €\n\nIl bar è aperto. Si paga alla cassa.\n"
    doc = load_document(_write(tmp_path, "a.txt", text.encode("cp1252")), detect=False)
    assert doc.ok
    assert doc.encoding == "cp1252"
    assert doc.text == text
    assert len(doc.warnings) == 1 and "cp1252" in doc.warnings[0]


def test_latin1_fallback_when_cp1252_cannot_map(tmp_path: Path) -> None:
    data = "café ".encode("latin-1") + b"\x81\x8d" + b" fin. Encore une phrase.\n"
    doc = load_document(_write(tmp_path, "a.txt", data), detect=False)
    assert doc.ok
    assert doc.encoding == "latin-1"
    assert doc.warnings and "latin-1" in doc.warnings[0]


def test_crlf_is_normalised(tmp_path: Path) -> None:
    doc = load_document(
        _write(tmp_path, "a.md", b"Title here\r\n\r\nOne. Two.\rThree.\r\n"), detect=False
    )
    assert doc.text == "Title here\n\nOne. Two.\nThree.\n"
    assert [s.text for s in doc.sentences] == ["Title here", "One.", "Two.", "Three."]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50 + b"some text", "binary"),
        (b"", "empty"),
        (b"   \n\n\t  \n", "empty"),
        ("\u00a0\n \n".encode(), "empty"),
    ],
    ids=["png", "control-bytes", "empty", "whitespace", "nbsp-only"],
)
def test_refused_contents(tmp_path: Path, data: bytes, needle: str) -> None:
    path = _write(tmp_path, "bad.txt", data)
    doc = load_document(path)
    assert not doc.ok
    assert doc.error is not None and needle in doc.error
    assert doc.paragraphs == () and doc.sentences == ()
    assert doc.id == hashlib.sha256(data).hexdigest()[:16]


def test_huge_single_line(tmp_path: Path) -> None:
    data = b"word " * (MAX_LINE_CHARS // 5 + 10)
    doc = load_document(_write(tmp_path, "long.txt", data))
    assert doc.error is not None
    assert "single line" in doc.error and "characters" in doc.error


def test_many_normal_lines_are_fine(tmp_path: Path) -> None:
    data = ("A sentence of ordinary length that ends here.\n" * 3000).encode()
    doc = load_document(_write(tmp_path, "many.txt", data), detect=False)
    assert doc.ok
    assert len(doc.paragraphs) == 3000


def test_too_large_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.corpus.decode as decode

    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 1000)
    doc = load_document(_write(tmp_path, "big.txt", b"Text. " * 400))
    assert doc.error is not None and "too large" in doc.error


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "secret.txt", b"Hidden text. Really.")
    path.chmod(0)
    try:
        doc = load_document(path)
    finally:
        path.chmod(0o600)
    assert doc.error is not None and "permission" in doc.error
    assert doc.id == hashlib.sha256(os.fsencode(str(path))).hexdigest()[:16]


def test_missing_file(tmp_path: Path) -> None:
    doc = load_document(tmp_path / "nope.txt")
    assert doc.error is not None and "not found" in doc.error


def test_unsupported_format_is_listed(tmp_path: Path) -> None:
    _write(tmp_path, "paper.pdf", b"%PDF-1.7\n\x00\x01")
    _write(tmp_path, "README", b"no extension")
    docs = load_corpus([tmp_path])
    assert [d.path.name for d in docs] == ["paper.pdf", "README"]
    assert all(not d.supported for d in docs)
    assert docs[0].error is not None and "unsupported format: .pdf" in docs[0].error
    assert docs[1].error is not None and "no file extension" in docs[1].error


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    sub = corpus / "sub"
    sub.mkdir(parents=True)
    _write(sub, "a.txt", ARTICLE.encode())
    (sub / "back").symlink_to(corpus, target_is_directory=True)  # folder loop
    (corpus / "self.txt").symlink_to(corpus / "self.txt")  # file link to itself
    (corpus / "x.txt").symlink_to(corpus / "y.txt")
    (corpus / "y.txt").symlink_to(corpus / "x.txt")
    docs = load_corpus([corpus])
    names = [d.path.name for d in docs]
    assert names.count("a.txt") == 1
    by_name = {d.path.name: d for d in docs}
    for name in ("self.txt", "x.txt", "y.txt"):
        error = by_name[name].error
        assert error is not None and "symbolic link loop" in error
    assert by_name["a.txt"].ok


def test_symlink_loop_named_directly(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert discover([loop]) == [loop]
    doc = load_document(loop)
    assert doc.error is not None and "loop" in doc.error


def test_discover_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for rel in ("b/2.txt", "a/deep/1.md", "a/z.txt", "top.txt", ".hidden.txt", ".git/c.txt"):
        _write(tmp_path, rel, b"Some text.")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a/deep/1.md", "a/z.txt", "b/2.txt", "top.txt"]
    # a hidden file named explicitly is kept; a file given twice is listed once
    hidden = tmp_path / ".hidden.txt"
    assert discover([hidden, tmp_path / "top.txt", hidden]) == [hidden, tmp_path / "top.txt"]


def test_duplicate_contents_get_unique_ids(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        _write(tmp_path, name, ARTICLE.encode())
    docs = load_corpus([tmp_path], detect=False)
    base = hashlib.sha256(ARTICLE.encode()).hexdigest()[:16]
    assert [d.id for d in docs] == [base, f"{base}-2", f"{base}-3"]


def test_corpus_folder_is_never_written(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", ARTICLE.encode())
    _write(tmp_path, "b.bin", b"\x00\x01")
    before = {(p, p.stat().st_mtime_ns) for p in tmp_path.rglob("*")}
    load_corpus([tmp_path])
    after = {(p, p.stat().st_mtime_ns) for p in tmp_path.rglob("*")}
    assert before == after


def test_control_characters_are_kept_but_offsets_hold(tmp_path: Path) -> None:
    text = "Title \x1b]0;pwned\x07 here\n\nBody \x1b[31mred\x1b[0m text. [bold]x[/] end.\n"
    doc = load_document(_write(tmp_path, "esc.txt", text.encode()), detect=False)
    assert doc.ok
    _check_offsets(doc.text, doc.sentences)
    assert "[bold]x[/]" in doc.text


def test_decode_bytes_never_raises_on_random_bytes() -> None:
    import random

    rng = random.Random(1234)
    for _ in range(200):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 200)))
        result = decode_bytes(data)
        assert (result.error is None) != (result.text == "")


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_loader_never_raises_and_offsets_map_back(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "h.txt"
    path.write_bytes(data)
    doc = load_document(path, detect=False)
    if doc.ok:
        for p in doc.paragraphs:
            assert doc.text[p.start : p.end] == p.text
        _check_offsets(doc.text, doc.sentences)
        assert all(s.boilerplate == doc.paragraphs[s.paragraph].boilerplate for s in doc.sentences)
    else:
        assert doc.error


def test_permission_error_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path as test_unreadable_file, also when the tests run as root."""
    import errno

    import reader.corpus.reading as reading

    path = _write(tmp_path, "secret.txt", b"Hidden text. Really.")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(reading.os, "open", denied)
    doc = load_document(path)
    assert doc.error == "permission denied (the file cannot be read)"
    assert doc.id == hashlib.sha256(os.fsencode(str(path))).hexdigest()[:16]


def test_same_file_given_twice_in_two_spellings(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", b"Some text.")
    found = discover([tmp_path, f"{tmp_path}/./", tmp_path / "a.txt"])
    assert found == [tmp_path / "a.txt"]


def test_a_folder_given_relatively_in_several_spellings_is_walked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "news" / "deep").mkdir(parents=True)
    for rel in ("news/a.txt", "news/deep/b.txt", "c.txt"):
        _write(tmp_path, rel, b"Some text.")
    monkeypatch.chdir(tmp_path)
    spellings = ["news", "./news/", "news/../news", "news/deep", "news/deep/b.txt", "."]
    found = discover(spellings)
    # each file once, in the spelling of the first input that reached it
    assert [p.as_posix() for p in found] == ["c.txt", "news/a.txt", "news/deep/b.txt"]
    monkeypatch.chdir(tmp_path / "news")
    assert [p.as_posix() for p in discover([".", "a.txt", "./deep//b.txt"])] == [
        "a.txt",
        "deep/b.txt",
    ]


def test_a_folder_given_through_its_parent_or_absolutely_is_walked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "news").mkdir()
    _write(tmp_path, "news/a.txt", b"Some text.")
    monkeypatch.chdir(tmp_path / "news")
    found = discover([".", "../news", tmp_path / "news", "../news/a.txt"])
    assert [p.as_posix() for p in found] == ["a.txt"]


def test_default_corpus_path_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.corpus import default_corpus_path

    monkeypatch.setenv("READER_SEEDS", str(tmp_path))
    assert default_corpus_path() == tmp_path
    monkeypatch.delenv("READER_SEEDS")
    assert default_corpus_path().name == "seeds"
    assert default_corpus_path().is_dir()


def test_folder_and_special_files(tmp_path: Path) -> None:
    folder = tmp_path / "sub.txt"
    folder.mkdir()
    doc = load_document(folder)
    assert doc.error == "is a folder, not a file"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    doc = load_document(fifo)  # must not block on open()
    assert doc.error is not None and "not a regular file" in doc.error
    loop = tmp_path / "noext"
    loop.symlink_to(loop)
    doc = load_document(loop)
    assert doc.supported and doc.error is not None and "loop" in doc.error


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded_with_a_warning(tmp_path: Path, codec: str) -> None:
    doc = load_document(_write(tmp_path, "a.txt", ARTICLE.encode(codec)), detect=False)
    assert doc.ok, doc.error
    assert doc.encoding == codec
    assert doc.text == ARTICLE
    assert doc.warnings and "byte-order mark" in doc.warnings[0]


@pytest.mark.parametrize(
    "data",
    [b"\x00\xff" * 500, b"\xff\x00" * 500, bytes([0, 65, 0, 66]) * 300, b"A\x00" * 40],
    ids=["00ff", "ff00", "abab", "AAAA"],
)
def test_zero_byte_patterns_that_are_not_text(tmp_path: Path, data: bytes) -> None:
    doc = load_document(_write(tmp_path, "blob.txt", data))
    assert doc.error is not None and "binary" in doc.error
