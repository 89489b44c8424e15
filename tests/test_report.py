"""Batch reports: the pages, re-runs that write only what changed, safety, Dask."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from reader import report
from reader.cli import main
from reader.corpus.index import CorpusIndex
from reader.corpus.indexed import grouping_of, load_indexed

Capture = pytest.CaptureFixture[str]


def _tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: (content hash, mtime in ns)."""
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture()
def seeds(seeds_copy: Path) -> Path:
    return seeds_copy


def test_reader_report_seeds_writes_the_pages(seeds: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "r"
    before = _tree(seeds)
    assert main(["report", str(seeds), "--out", str(out), "--scorer", "lexical"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out / "index.html")
    assert "2 version groups: 2 compared" in captured.err
    assert "reader: 1/2 " in captured.err  # plain progress lines: stderr is not a terminal
    page = (out / "index.html").read_text("utf-8")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert len(manifest["groups"]) == 2
    for name, entry in manifest["groups"].items():
        assert f'href="diffs/{name}.html"' in page and f'href="diffs/{name}.json"' in page
        assert set(entry["counts"]) == {"added", "omitted", "differs", "moved"}
        # the JSON is `reader diff --format json`'s, the HTML `--format html`'s
        docs = entry["documents"]
        assert main(["diff", *docs, "--format", "json", "--scorer", "lexical"]) == 0
        assert capsys.readouterr().out == (out / "diffs" / f"{name}.json").read_text("utf-8")
        assert main(["diff", *docs, "--format", "html", "--scorer", "lexical"]) == 0
        assert capsys.readouterr().out == (out / "diffs" / f"{name}.html").read_text("utf-8")
        counts = entry["counts"]
        assert f'<td class="n">{counts["omitted"]}</td>' in page or counts["omitted"] == 0
    assert "EN" in page or "en" in page
    assert _tree(seeds) == before  # nothing written into the corpus


def test_a_rerun_writes_nothing_when_nothing_changed(
    seeds: Path, tmp_path: Path, capsys: Capture
) -> None:
    out = tmp_path / "r"
    args = ["report", str(seeds), "--out", str(out), "--scorer", "lexical", "--quiet"]
    assert main(args) == 0
    first = _tree(out)
    assert main(args) == 0
    assert _tree(out) == first  # same bytes, same mtimes: not even rewritten
    assert capsys.readouterr().err == ""  # --quiet


def test_a_rerun_writes_only_the_group_that_changed(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    index = CorpusIndex()

    def run() -> report.Written:
        docs = load_indexed([seeds], index=index)
        found = grouping_of(docs, index=index)
        return report.write_report(
            docs,
            dict(found.version_group),
            dict(found.story),
            out,
            scorer="lexical",
            inputs=[seeds],
        )

    first = run()
    assert (first.groups, first.compared, first.reused) == (2, 2, 0)
    before = _tree(out)
    french = next(p for p in seeds.iterdir() if p.name.startswith("004"))
    french.write_text(french.read_text("utf-8") + "\nUne phrase de plus à la fin.\n", "utf-8")
    second = run()
    assert (second.compared, second.reused) == (1, 1)
    after = _tree(out)
    changed = {name for name in after if after[name] != before.get(name)}
    removed = set(before) - set(after)
    old = [n for n in before if n.startswith("diffs/002_")]
    new = [n for n in after if n.startswith("diffs/002_")]
    assert set(old) == removed and len(new) == 2  # the group's contents changed: new name
    assert changed == {*new, "index.html", "manifest.json"}
    assert all(after[n] == before[n] for n in after if n.startswith("diffs/001_"))


def test_a_damaged_output_file_is_written_again(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    args = ["report", str(seeds), "--out", str(out), "--scorer", "lexical", "--quiet"]
    assert main(args) == 0
    victim = next((out / "diffs").glob("*.json"))
    good = victim.read_bytes()
    victim.write_text("{}")
    assert main(args) == 0
    assert victim.read_bytes() == good


def test_never_over_an_input(seeds: Path, tmp_path: Path, capsys: Capture) -> None:
    before = _tree(seeds)
    assert main(["report", str(seeds), "--out", str(seeds / "report")]) == 1
    assert "is inside" in capsys.readouterr().err
    foreign = tmp_path / "site"
    foreign.mkdir()
    (foreign / "index.html").write_text("<p>mine</p>")
    assert main(["report", str(seeds), "--out", str(foreign), "--scorer", "lexical"]) == 1
    assert "did not write" in capsys.readouterr().err
    assert (foreign / "index.html").read_text() == "<p>mine</p>"
    # an output name that is a link to an input is refused, and the input is untouched
    out = tmp_path / "r"
    assert main(["report", str(seeds), "--out", str(out), "--scorer", "lexical", "--quiet"]) == 0
    target = next((out / "diffs").glob("*.json"))
    target.unlink()
    article = next(seeds.iterdir())
    target.symlink_to(article)
    assert main(["report", str(seeds), "--out", str(out), "--scorer", "lexical", "--quiet"]) == 1
    assert "refusing" in capsys.readouterr().err
    assert _tree(seeds) == before
    assert not list(out.rglob("*.tmp"))


def test_write_file_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.html"
    target.write_text("old")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report.os, "replace", boom)
    with pytest.raises(report.ReportError, match="No space left"):
        report.write_file(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_dask_engine_without_a_scheduler_or_unreachable(
    seeds: Path, tmp_path: Path, capsys: Capture
) -> None:
    out = tmp_path / "r"
    assert main(["report", str(seeds), "--out", str(out), "--engine", "dask"]) == 2
    assert "--scheduler" in capsys.readouterr().err
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = main(
        ["report", str(seeds), "--out", str(out), "--scorer", "lexical", "--quiet",
         "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}"]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot reach the Dask scheduler" in err and "Traceback" not in err


def test_dask_missing_is_a_clear_message(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_distributed(name: str, *args: object, **kwargs: object) -> object:
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    code = main(
        ["report", str(seeds), "--out", str(tmp_path / "r"), "--scorer", "lexical", "--quiet",
         "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"]
    )  # fmt: skip
    assert code == 1
    assert "pip install 'polyglot-reader[dask]'" in capsys.readouterr().err


def test_the_report_on_a_local_cluster_is_the_same_file_for_file(
    seeds: Path, tmp_path: Path, capsys: Capture
) -> None:
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local"
    assert main(["report", str(seeds), "--out", str(local), "--scorer", "lexical", "--quiet"]) == 0
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
        silence_logs=40,
    ) as cluster:
        on_cluster = tmp_path / "cluster"
        code = main(
            ["report", str(seeds), "--out", str(on_cluster), "--scorer", "lexical", "--quiet",
             "--engine", "dask", "--scheduler", cluster.scheduler_address]
        )  # fmt: skip
        assert code == 0, capsys.readouterr().err
    mine = {k: v[0] for k, v in _tree(local).items()}
    theirs = {k: v[0] for k, v in _tree(on_cluster).items()}
    assert mine == theirs and len(mine) == 6


@pytest.mark.parametrize("command", ["search", "report", "index"])
def test_new_commands_have_help(command: str, capsys: Capture) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert f"reader {command}" in out
    assert main(["--help"]) == 0
    assert f"  {command} " in capsys.readouterr().out
