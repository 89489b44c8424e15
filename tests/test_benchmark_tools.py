"""The benchmark helpers that turn other people's data into the bench format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def bench() -> Iterator[tuple[ModuleType, ModuleType]]:
    from benchmarks import alignment, crocoalign_jsonl

    yield crocoalign_jsonl, alignment


def _bead(src: list[str], tgt: list[str]) -> str:
    return json.dumps(
        {
            "sources": {"ids": [f"s{k}" for k in range(len(src))], "text": src},
            "targets": {"ids": [f"s{k}" for k in range(len(tgt))], "text": tgt},
        },
        ensure_ascii=False,
    )


LINES = [
    _bead(["One."], ["Uno."]),
    _bead(["Two.", 'Three "quoted".'], ["Due e tre «citato»."]),
    _bead(["Only in English."], []),
    _bead([], ["Solo in italiano."]),
    _bead(["Four."], ["Quattro.", "Cinque."]),
]


def test_convert_numbers_lines_in_bead_order(bench: tuple[ModuleType, ModuleType]) -> None:
    conv, _ = bench
    src, tgt, gold = conv.convert(LINES)
    assert src == ["One.", "Two.", 'Three "quoted".', "Only in English.", "Four."]
    assert tgt == ["Uno.", "Due e tre «citato».", "Solo in italiano.", "Quattro.", "Cinque."]
    assert gold == ["[0]:[0]", "[1, 2]:[1]", "[3]:[]", "[]:[2]", "[4]:[3, 4]"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 1: not JSON"),
        ('{"sources": {"text": ["a"]}}', "line 1: no 'targets' object"),
        ('{"sources": {"text": "a"}, "targets": {"text": []}}', "not a list of strings"),
        (_bead(["a\nb"], ["c"]), "a sentence spans lines"),
    ],
)
def test_convert_refuses_what_is_not_a_bead(
    bench: tuple[ModuleType, ModuleType], line: str, message: str
) -> None:
    conv, _ = bench
    with pytest.raises(conv.FormatError, match=message):
        conv.convert([line])


def test_converted_files_are_found_by_the_alignment_benchmark(
    bench: tuple[ModuleType, ModuleType], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conv, alignment = bench
    src = tmp_path / "test_EN-IT-Some_Book.jsonl"
    src.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    out = tmp_path / "books"
    assert conv.main([str(src), "--out", str(out)]) == 0
    assert "5 x 5 sentences, 5 gold beads" in capsys.readouterr().out
    assert (out / "test_EN-IT-Some_Book.en").read_text(encoding="utf-8").splitlines()[2] == (
        'Three "quoted".'
    )
    assert (out / "test_EN-IT-Some_Book.gold").read_text().splitlines()[1] == "[1, 2]:[1]"
    docs = alignment.documents(tmp_path, "opus-test-en-it", out)
    assert [(d.src.name, d.tgt.name, d.gold.name) for d in docs] == [
        ("test_EN-IT-Some_Book.en", "test_EN-IT-Some_Book.it", "test_EN-IT-Some_Book.gold")
    ]
    assert alignment.documents(tmp_path, "opus-test-en-fr", out) == []


def test_converter_refuses_a_name_without_languages(
    bench: tuple[ModuleType, ModuleType], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conv, _ = bench
    src = tmp_path / "book.jsonl"
    src.write_text(LINES[0] + "\n", encoding="utf-8")
    assert conv.main([str(src), "--out", str(tmp_path / "out")]) == 2
    assert "expected a name like test_EN-IT-<book>.jsonl" in capsys.readouterr().err
    assert not (tmp_path / "out" / "book.en").exists()


def test_missing_test_split_says_how_to_get_it(
    bench: tuple[ModuleType, ModuleType], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, alignment = bench
    (tmp_path / "score.py").write_text("", encoding="utf-8")
    argv = ["--data", str(tmp_path), "--sets", "opus-test-en-it", "--keep", str(tmp_path / "k")]
    assert alignment.main(argv) == 0
    out = capsys.readouterr().out
    assert f"no documents found under {tmp_path / 'crocoalign_books_test'}" in out
    assert "benchmarks/crocoalign_jsonl.py" in out and "--books-test DIR" in out


def test_make_bench_runs_every_benchmark() -> None:
    """Every script under benchmarks/ that runs (has a ``__main__``), except the converter
    of other people's data, is a line of the Makefile's ``bench`` target."""
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nbench:", 1)[1]
    recipe = recipe.split("\n\n", 1)[0]
    scripts = {
        path.name
        for path in (ROOT / "benchmarks").glob("*.py")
        if not path.name.startswith("_") and "__main__" in path.read_text(encoding="utf-8")
    }
    scripts.discard("crocoalign_jsonl.py")  # a converter: needs a test split given by hand
    assert scripts, "no benchmark found"
    missing = sorted(name for name in scripts if f"benchmarks/{name}" not in recipe)
    assert missing == []


def test_a_benchmark_imports_its_helpers_without_path_edits() -> None:
    """`python benchmarks/NAME.py` finds ``benchmarks.*`` and ``tests.helpers.*`` (the
    editable install puts the checkout on sys.path), and no script edits sys.path."""
    import subprocess
    import sys

    for path in (ROOT / "benchmarks").glob("*.py"):
        assert "sys.path.insert" not in path.read_text(encoding="utf-8"), path.name
    code = "import benchmarks._corpus, tests.helpers.comparisons; print('ok')"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd="/", capture_output=True, text=True, check=False
    )
    assert out.stdout.strip() == "ok", out.stderr
