"""`reader list` and `reader show` on the seeds and on bad files built in tmp dirs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

Capture = pytest.CaptureFixture[str]

NASTY = (
    "Escape [bold red]headline[/] here\n\n"
    "A paragraph with [link=https://evil.example]a link[/link] and a title change "
    "\x1b]0;pwned\x07 and colour \x1b[31mred\x1b[0m and an 8-bit CSI \x9b2J here. "
    "The clipboard \x1b]52;c;ZXZpbA==\x07 stays alone.\n"
)


def _json(capsys: Capture, argv: list[str]) -> dict[str, Any]:
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    data = json.loads(captured.out)
    assert isinstance(data, dict)
    return data


def _by_name(documents: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {Path(str(d["path"])).name[:3]: d for d in documents}


# --------------------------------------------------------------------------- list


def test_list_json_schema_and_values_on_the_seeds(capsys: Capture) -> None:
    data = _json(capsys, ["list", str(SEEDS), "--format", "json"])
    assert set(data) == {"documents"}
    documents = data["documents"]
    assert isinstance(documents, list)
    assert [Path(d["path"]).name for d in documents] == [p.name for p in SEED_FILES]
    required = {"path", "id", "language", "title", "date", "words", "error", "version_group"}
    for doc in documents:
        assert required | {"story"} <= set(doc)
        assert doc["error"] is None
        assert isinstance(doc["title"], str)
        assert isinstance(doc["words"], int) and doc["words"] > 100
        assert isinstance(doc["id"], str) and doc["id"]
    seeds = _by_name(documents)
    for with_title in ("000", "002", "004"):
        assert "TikTok" in seeds[with_title]["title"]
    assert {k: v["language"] for k, v in seeds.items()} == {
        "000": "en",
        "001": "en",
        "002": "en",
        "003": "it",
        "004": "fr",
    }
    assert seeds["004"]["date"] == "2023-09"
    assert len({d["id"] for d in documents}) == len(documents)


def test_list_json_groups_versions_and_stories(capsys: Capture) -> None:
    seeds = _by_name(_json(capsys, ["list", str(SEEDS), "--format", "json"])["documents"])
    assert seeds["001"]["version_group"] == seeds["003"]["version_group"]
    assert seeds["002"]["version_group"] == seeds["004"]["version_group"]
    assert seeds["001"]["version_group"] != seeds["002"]["version_group"]
    assert seeds["000"]["version_group"] not in {
        seeds["001"]["version_group"],
        seeds["002"]["version_group"],
    }
    assert seeds["000"]["story"] == seeds["002"]["story"] == seeds["004"]["story"]
    # Every document that has a version group also has a story holding its versions.
    assert seeds["001"]["story"] == seeds["003"]["story"]


def test_list_no_groups(capsys: Capture) -> None:
    data = _json(capsys, ["list", str(SEEDS), "--format", "json", "--no-groups"])
    assert len(data["documents"]) == len(SEED_FILES)
    for doc in data["documents"]:
        assert doc["version_group"] is None and doc["story"] is None
        assert doc["error"] is None


def test_list_default_is_the_bundled_seeds(capsys: Capture) -> None:
    data = _json(capsys, ["list", "--format", "json"])
    names = [Path(d["path"]).name for d in data["documents"]]
    assert names == [p.name for p in SEED_FILES]


def _bad_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "sub" / "deeper").mkdir(parents=True)
    (corpus / "good.txt").write_text(
        "A good title\n\nThe first sentence is fine. The second one too.\n", encoding="utf-8"
    )
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x03PK\x00\x00" * 64)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "picture.pdf").write_bytes(b"%PDF-1.4 not really")
    (corpus / "sub" / "deeper" / "nested.md").write_text(
        "# Nested\n\nIl testo è in italiano e parla del governo.\n", encoding="utf-8"
    )
    (corpus / "sub" / "loop").symlink_to(corpus / "sub", target_is_directory=True)
    return corpus


def test_list_json_includes_every_file_and_bad_ones_have_errors(
    tmp_path: Path, capsys: Capture
) -> None:
    corpus = _bad_corpus(tmp_path)
    before = sorted(p.name for p in corpus.rglob("*") if not p.is_symlink())
    data = _json(capsys, ["list", str(corpus), "--format", "json"])
    docs = {Path(d["path"]).name: d for d in data["documents"]}
    assert {"good.txt", "binary.txt", "empty.txt", "picture.pdf", "nested.md"} <= set(docs)
    assert docs["good.txt"]["error"] is None
    assert docs["nested.md"]["error"] is None
    for bad in ("binary.txt", "empty.txt", "picture.pdf"):
        assert isinstance(docs[bad]["error"], str) and docs[bad]["error"], bad
        assert docs[bad]["version_group"] is None
        assert docs[bad]["story"] is None
    # Nothing was written into the corpus folder.
    assert sorted(p.name for p in corpus.rglob("*") if not p.is_symlink()) == before


def test_list_table(tmp_path: Path, capsys: Capture) -> None:
    corpus = _bad_corpus(tmp_path)
    assert main(["list", str(corpus)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split() == ["ID", "LANG", "WORDS", "DATE", "TITLE", "PATH"]
    body = "\n".join(lines[1:])
    assert "A good title" in body
    assert "✗" in body  # bad files are marked, with their error
    assert "binary.txt" in body and "picture.pdf" in body
    # Columns line up: PATH starts at the same column on every row.
    column = lines[0].index("PATH")
    for line in lines[1:]:
        assert line[column - 2 : column] == "  "
    assert "\x1b" not in captured.out  # not a terminal: no colour
    assert "not readable" in captured.err


def test_list_table_on_seeds(capsys: Capture) -> None:
    assert main(["list", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1 + len(SEED_FILES)
    assert "2023-09" in out


# --------------------------------------------------------------------------- show


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_show_json_offsets_map_back_to_the_source(path: Path, capsys: Capture) -> None:
    data = _json(capsys, ["show", str(path), "--format", "json"])
    source = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    for key in ("path", "id", "language", "title", "dek", "date", "words", "encoding"):
        assert key in data
    assert data["warnings"] == []
    sentences = data["sentences"]
    paragraphs = data["paragraphs"]
    assert isinstance(sentences, list) and len(sentences) >= 5
    assert isinstance(paragraphs, list) and paragraphs
    assert [s["index"] for s in sentences] == list(range(len(sentences)))
    for s in sentences:
        assert set(s) >= {"index", "paragraph", "start", "end", "text", "boilerplate"}
        assert source[s["start"] : s["end"]] == s["text"]
        assert 0 <= s["paragraph"] < len(paragraphs)
        assert isinstance(s["boilerplate"], bool)
    for p in paragraphs:
        assert source[p["start"] : p["end"]] == p["text"]
        assert p["kind"] in {"title", "dek", "date", "body", "boilerplate"}
    # Sentences are in order and do not overlap.
    ends = [(s["start"], s["end"]) for s in sentences]
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:], strict=False))


def test_show_json_seed_values(capsys: Capture) -> None:
    data = _json(capsys, ["show", str(SEED_FILES[4]), "--format", "json"])
    assert data["language"] == "fr"
    assert data["date"] == "2023-09"
    assert data["encoding"] is not None
    assert "TikTok" in str(data["title"])


def test_show_text(capsys: Capture) -> None:
    path = SEED_FILES[1]
    assert main(["show", str(path), "--width", "60"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].strip()
    # the heading (this seed is untitled: its opening words, wrapped), then the meta line
    meta = next(i for i, line in enumerate(lines) if "words" in line)
    assert 1 <= meta <= 2 and "EN" in lines[meta] and path.name in lines[meta]
    assert path.name not in " ".join(lines[:meta])
    assert max(len(line) for line in lines) <= 60
    assert "\x1b" not in out


def test_show_text_marks_boilerplate(tmp_path: Path, capsys: Capture) -> None:
    article = tmp_path / "post.txt"
    article.write_text(
        "City council approves the new budget\n\n"
        "The city council approved the budget for next year on Tuesday evening. "
        "The vote was close, with seven members in favour and six against.\n\n"
        "The mayor said the money would go to schools and public transport.\n\n"
        "Related posts\n\n"
        "Leave a comment\n",
        encoding="utf-8",
    )
    assert main(["show", str(article)]) == 0
    out = capsys.readouterr().out
    assert "┆ Related posts" in out
    assert "\n┆" in out
    assert "The mayor said" in out


def test_markup_and_escapes_never_reach_stdout_raw(tmp_path: Path, capsys: Capture) -> None:
    article = tmp_path / "nasty.txt"
    article.write_text(NASTY, encoding="utf-8")
    for argv in (
        ["show", str(article)],
        ["show", str(article), "--format", "json"],
        ["list", str(tmp_path)],
        ["list", str(tmp_path), "--format", "json"],
    ):
        assert main(argv) == 0, argv
        out = capsys.readouterr().out
        for raw in ("\x1b", "\x07", "\x9b"):
            assert raw not in out, (argv, raw)
        if "json" not in argv:
            assert "[bold red]headline[/]" in out  # markup shown literally
    assert main(["show", str(article)]) == 0
    shown = capsys.readouterr().out
    assert "[link=https://evil.example]a link[/link]" in " ".join(shown.split())
    assert "␛]0;pwned" in shown


def test_show_json_keeps_the_text_exact(tmp_path: Path, capsys: Capture) -> None:
    article = tmp_path / "nasty.txt"
    article.write_text(NASTY, encoding="utf-8")
    data = _json(capsys, ["show", str(article), "--format", "json"])
    texts = " ".join(s["text"] for s in data["sentences"])
    assert "\x1b]0;pwned\x07" in texts  # escaped in JSON, exact once parsed


def test_show_missing_folder_binary_and_empty_files(tmp_path: Path, capsys: Capture) -> None:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    cases = {
        str(tmp_path / "missing.txt"): "no such file",
        str(tmp_path): "is a folder",
        str(binary): "blob.txt:",
        str(empty): "empty.txt:",
    }
    for path, message in cases.items():
        code = main(["show", path, "--format", "json"])
        captured = capsys.readouterr()
        assert code != 0, path
        assert captured.out == ""
        assert message in captured.err
        assert captured.err.startswith("reader: error:")
        assert "Traceback" not in captured.err


def test_show_unknown_format(capsys: Capture) -> None:
    assert main(["show", str(SEED_FILES[0]), "--format", "yaml"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_languages_option_restricts_detection(capsys: Capture) -> None:
    data = _json(capsys, ["show", str(SEED_FILES[3]), "--format", "json", "--languages", "en,fr"])
    # Italian is outside the set: "other", with the best guess, never the nearest language
    assert data["language"] is None
    assert data["other_language"] == "it"
    data = _json(capsys, ["show", str(SEED_FILES[3]), "--format", "json", "--languages", "it,en"])
    assert data["language"] == "it"


def test_align_on_articles_uses_show_sentence_numbers(capsys: Capture) -> None:
    en, it = SEED_FILES[1], SEED_FILES[3]
    n_en = len(_json(capsys, ["show", str(en), "--format", "json"])["sentences"])
    n_it = len(_json(capsys, ["show", str(it), "--format", "json"])["sentences"])
    assert main(["align", str(en), str(it), "--scorer", "lexical"]) == 0
    lines = capsys.readouterr().out.splitlines()
    src = [int(x) for line in lines for x in line.split(":")[0].strip("[]").split(", ") if x]
    tgt = [int(x) for line in lines for x in line.split(":")[1].strip("[]").split(", ") if x]
    assert src == list(range(n_en))
    assert tgt == list(range(n_it))


_ALPHABET = st.characters(codec="utf-8")
_PIECES = st.one_of(
    st.text(_ALPHABET, max_size=40),
    st.sampled_from(
        [
            "\n",
            "\n\n",
            ". ",
            "? ",
            "dott. ",
            "S.p.A. ",
            "« ",
            " »",
            "“",
            "”",
            "\x1b[31m",
            "[b]x[/b]",
        ]
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pieces=st.lists(_PIECES, max_size=30), utf16=st.booleans())
def test_show_never_crashes_and_offsets_map_back(
    tmp_path: Path, capsys: Capture, pieces: list[str], utf16: bool
) -> None:
    article = tmp_path / "fuzz.txt"
    text = "".join(pieces)
    article.write_bytes(text.encode("utf-16") if utf16 else text.encode("utf-8"))
    code = main(["show", str(article), "--format", "json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if code != 0:
        assert code == 2 and captured.out == "" and captured.err.startswith("reader: error:")
        return
    data = json.loads(captured.out)
    for s in data["sentences"]:
        assert data["text"][s["start"] : s["end"]] == s["text"]
    code = main(["show", str(article)])
    out = capsys.readouterr().out
    assert code == 0
    assert "\x1b" not in out


def test_list_ids_are_unique_for_identical_files(tmp_path: Path, capsys: Capture) -> None:
    text = "Same title\n\nThe same body, word for word.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    data = _json(capsys, ["list", str(tmp_path), "--format", "json"])
    ids = [d["id"] for d in data["documents"]]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_list_table_neutralises_file_names(tmp_path: Path, capsys: Capture) -> None:
    (tmp_path / "title\x1b]0;pwned\x07.txt").write_text("A title\n\nSome text.\n", "utf-8")
    assert main(["list", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "title\\x1b]0;pwned\\x07.txt" in out


def test_synthetic_corpus_is_deterministic_and_listed(tmp_path: Path, capsys: Capture) -> None:
    """benchmarks._corpus (used by the benchmarks) writes what `reader list` can read."""
    from benchmarks._corpus import make_corpus

    first = make_corpus(tmp_path / "a", 12, seed=3)
    again = make_corpus(tmp_path / "b", 12, seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    data = _json(capsys, ["list", str(tmp_path / "a"), "--format", "json", "--no-groups"])
    docs = data["documents"]
    assert len(docs) == 12
    for doc in docs:
        assert doc["error"] is None
        assert doc["language"] == Path(doc["path"]).stem.split("_")[1]
