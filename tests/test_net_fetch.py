"""Fetching pages and feeds into the library, against a local server (127.0.0.1).

End to end: ``reader fetch URL --versions`` saves the press release and its two language
versions, and ``reader diff`` compares the three; every bad case of the web gets a
clear message, and nothing half-downloaded is ever left in the library.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.corpus import load_document
from reader.net import library
from reader.net.fetch import Fetched, FetchError, Limits, check_url, fetch, fetch_versions
from tests.helpers.web import RELEASE_PATH, Server, serve

Capture = pytest.CaptureFixture[str]
FAST = Limits(timeout=0.5, deadline=5.0)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


@pytest.fixture()
def lib(tmp_path: Path) -> Path:
    return tmp_path / "library"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_fetch_saves_the_page_with_its_record(server: Server, lib: Path) -> None:
    url = server.url(RELEASE_PATH.format(lang="en"))
    result = fetch(url, into=lib)
    assert result.changed and result.kind == "page"
    port = url.split(":")[2].split("/")[0]
    assert result.path == lib / f"127.0.0.1_{port}" / "en" / "press" / "ip_24_1234.html"
    record = library.recorded(result.path)
    assert record is not None and record.url == url and record.etag
    doc = load_document(result.path)
    assert doc.ok and doc.language == "en" and doc.url == url  # the page's own canonical


def test_an_unchanged_page_is_not_downloaded_twice(server: Server, lib: Path) -> None:
    url = server.url(RELEASE_PATH.format(lang="it"))
    path = RELEASE_PATH.format(lang="it")
    first = fetch(url, into=lib)
    before = server.conditional[path]
    again = fetch(url, into=lib)
    assert not again.changed and again.path == first.path
    assert server.conditional[path] == before + 1  # the server answered 304
    assert [p.name for p in _files(lib) if p.suffix == ".html"] == ["ip_24_1234.html"]


def test_versions_are_fetched_once_each(server: Server, lib: Path) -> None:
    url = server.url(RELEASE_PATH.format(lang="en"))
    results = fetch_versions([url, url], versions=True, languages=("en", "it", "fr"), into=lib)
    assert all(isinstance(r, Fetched) for r in results)
    assert sorted(Path(r.path).parent.parent.name for r in results if isinstance(r, Fetched)) == [
        "en",
        "fr",
        "it",
    ]
    only_it = fetch_versions([url], versions=True, languages=("en", "it"), into=lib)
    assert len(only_it) == 2


def test_reader_fetch_versions_then_the_three_way_diff(
    server: Server, tmp_path: Path, capsys: Capture
) -> None:
    url = server.url(RELEASE_PATH.format(lang="en"))
    into = tmp_path / "pages"
    assert main(["fetch", url, "--versions", "--into", str(into), "--print"]) == 0
    captured = capsys.readouterr()
    paths = captured.out.split()
    assert len(paths) == 3 and all(Path(p).is_file() for p in paths)
    assert captured.err.count("reader: fetched") == 3
    assert main(["list", *paths, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)["documents"]
    assert {d["language"] for d in listed} == {"en", "it", "fr"}
    assert len({d["version_group"] for d in listed}) == 1
    assert main(["diff", *paths, "--format", "json", "--scorer", "lexical"]) == 0
    diff = json.loads(capsys.readouterr().out)
    assert [d["language"] for d in diff["documents"]] == ["en", "it", "fr"]
    matched = [r for r in diff["rows"] if r["kind"] in ("match", "differs")]
    assert len(matched) >= 8 and all(all(c is not None for c in r["cells"]) for r in matched)
    # a second run asks the server and keeps the saved copies
    assert main(["fetch", url, "--versions", "--into", str(into), "--print"]) == 0
    assert capsys.readouterr().err.count("not modified") == 3


@pytest.fixture()
def opened(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """The paths the app was opened on (a stand-in app that records them and exits)."""
    import reader.tui.app

    calls: list[list[Path]] = []

    class FakeApp:
        return_code = 0

        def __init__(self, paths: list[Path], **_: object) -> None:
            calls.append(list(paths))

        def run(self, **_: object) -> None:  # run_app passes its own loop
            pass

    monkeypatch.setattr(reader.tui.app, "ReaderApp", FakeApp)
    return calls


def test_reader_url_fetches_then_opens_the_app(
    server: Server, opened: list[list[Path]], capsys: Capture
) -> None:
    url = server.url("/feed.xml")
    assert main([url]) == 0
    assert len(opened) == 1 and opened[0][0].suffix == ".xml"
    assert Path(os.environ["READER_LIBRARY"]) in opened[0][0].parents
    feed = load_document(opened[0][0])
    assert feed.is_feed and feed.feed is not None and len(feed.feed) == 8


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "page not found (HTTP 404)"),
        ("/error", "the server failed (HTTP 500 Internal Server Error)"),
        ("/loop-a", "redirects in a loop"),
        ("/to-file", "not http or https"),
        ("/slow", "stopped answering"),
        ("/report.pdf", "not a web page or a feed: the server sent application/pdf"),
        ("/image", "the server sent image/png"),
        ("/huge-announced", "page too large (50.0 MB"),
        ("/cut", "cut before the page was complete"),
    ],
)
def test_bad_answers_get_a_clear_message_and_save_nothing(
    server: Server, lib: Path, path: str, reason: str
) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(server.url(path), into=lib, limits=FAST)
    assert reason in str(caught.value)
    assert _files(lib) == []  # not even a temporary file


def test_size_limit_while_reading(server: Server, lib: Path) -> None:
    small = Limits(timeout=5, deadline=20, max_bytes=100_000)
    with pytest.raises(FetchError, match="page too large"):
        fetch(server.url("/huge-streamed"), into=lib, limits=small)
    assert _files(lib) == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "file: addresses are not fetched"),
        ("javascript:alert(1)", "javascript: is not a web address"),
        ("ftp://example.org/a", "ftp: is not a web address"),
        ("https://", "no host name"),
    ],
)
def test_other_schemes_are_refused(url: str, reason: str, capsys: Capture) -> None:
    with pytest.raises(FetchError, match=reason):
        check_url(url)
    assert main(["fetch", url, "--print"]) == 1
    assert reason in capsys.readouterr().err
    assert main([url]) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err


def test_offline_is_a_clear_message(lib: Path, capsys: Capture) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/page"  # nothing listens there
    with pytest.raises(FetchError, match="connection refused"):
        fetch(url, into=lib, limits=FAST)
    assert main(["fetch", url, "--into", str(lib), "--print", "--timeout", "1"]) == 1
    err = capsys.readouterr().err
    assert "cannot connect to 127.0.0.1" in err and "Traceback" not in err


def test_pages_that_load_badly_still_give_a_reason(server: Server, lib: Path) -> None:
    malformed = fetch(server.url("/malformed.html"), into=lib)
    assert load_document(malformed.path).ok
    navigation = fetch(server.url("/navigation.html"), into=lib)
    assert "no article text" in (load_document(navigation.path).error or "")
    broken = fetch(server.url("/broken-feed.xml"), into=lib)
    assert broken.kind == "feed" and load_document(broken.path).is_feed
    notes = fetch(server.url("/notes.md"), into=lib)
    assert notes.kind == "markdown" and load_document(notes.path).title == "Notes"


def test_into_never_overwrites_a_users_file(server: Server, tmp_path: Path) -> None:
    into = tmp_path / "mine"
    url = server.url(RELEASE_PATH.format(lang="fr"))
    target = library.folder_for(into, url) / "ip_24_1234.html"
    target.parent.mkdir(parents=True)
    target.write_text("my own notes", encoding="utf-8")
    result = fetch(url, into=into)
    assert target.read_text(encoding="utf-8") == "my own notes"
    assert result.path != target and result.path.name == "ip_24_1234-2.html"


def test_the_library_is_hidden_from_listing(server: Server, lib: Path, capsys: Capture) -> None:
    fetch(server.url(RELEASE_PATH.format(lang="en")), into=lib)
    assert main(["list", str(lib), "--format", "json", "--no-groups"]) == 0
    listed = json.loads(capsys.readouterr().out)["documents"]
    assert [Path(d["path"]).name for d in listed] == ["ip_24_1234.html"]  # no index file


def test_file_names_stay_inside_the_library(tmp_path: Path) -> None:
    for url in [
        "http://example.org/../../etc/passwd",
        "http://example.org/%2e%2e/%2e%2e/x",
        "http://example.org/a/..%2f..%2fb",
        "http://example.org/" + "x" * 500,
        "http://example.org/?q=1",
    ]:
        folder = library.folder_for(tmp_path, url)
        name = library.file_stem(url)
        resolved = (folder / name).resolve()
        assert tmp_path.resolve() in resolved.parents, url
        assert "/" not in name and len(name) <= 100 and not name.startswith(".")


def test_reader_fetch_versions_opens_the_three_pages_in_the_app(
    server: Server, opened: list[list[Path]], monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    import reader.cli

    monkeypatch.setattr(reader.cli, "_isatty", lambda stream: True)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    url = server.url(RELEASE_PATH.format(lang="fr"))
    assert main(["fetch", url, "--versions"]) == 0
    assert len(opened) == 1 and len(opened[0]) == 3
    languages = [load_document(p).language for p in opened[0]]
    assert languages == ["fr", "en", "it"]  # the page first, then the versions it names
    assert capsys.readouterr().out == ""  # opened, not printed
