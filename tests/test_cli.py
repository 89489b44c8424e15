"""The command line: help, version, errors, dispatch, colour, and safety of the output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import reader
from reader import cli
from reader.cli import main
from reader.export.json import dumps

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

Capture = pytest.CaptureFixture[str]


def test_version(capsys: Capture) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"reader {reader.__version__}"


def test_help_lists_sub_commands_and_the_path_escape(capsys: Capture) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ("list", "show", "diff", "align", "NO_COLOR", "reader -- list", "./list"):
        assert name in out


@pytest.mark.parametrize("command", ["list", "show", "diff", "align"])
def test_sub_command_help(command: str, capsys: Capture) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert f"reader {command}" in out
    assert "examples:" in out


def test_unknown_format_is_a_usage_error(capsys: Capture) -> None:
    assert main(["list", str(SEEDS), "--format", "xml"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "invalid choice: 'xml'" in captured.err
    assert captured.err.startswith("reader: error:")


def test_bad_languages_option(capsys: Capture) -> None:
    assert main(["list", str(SEEDS), "--languages", "english"]) == 2
    assert "ISO 639-1" in capsys.readouterr().err


def test_missing_path_for_list(tmp_path: Path, capsys: Capture) -> None:
    assert main(["list", str(tmp_path / "absent")]) == 2
    err = capsys.readouterr().err
    assert "absent: no such file or folder" in err
    assert "Traceback" not in err


def test_misspelt_sub_command_gets_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["lsit"]) == 2
    assert "did you mean `reader list`?" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--", "list"], ["./list"]])
def test_path_named_like_a_sub_command_opens_the_app(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[list[str], object]] = []

    def fake_open(paths: list[str], languages: object) -> int:
        opened.append((list(paths), languages))
        return 0

    monkeypatch.setattr(cli, "_open_tui", fake_open)
    assert main(argv) == 0
    assert opened == [([argv[-1]], None)]


def test_paths_and_languages_reach_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[list[str], object]] = []

    def fake_open(paths: list[str], languages: object) -> int:
        opened.append((list(paths), languages))
        return 0

    monkeypatch.setattr(cli, "_open_tui", fake_open)
    assert main(["--languages", "en,it", str(SEEDS)]) == 0
    assert opened == [([str(SEEDS)], ("en", "it"))]


def test_missing_tui_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    monkeypatch.setitem(sys.modules, "reader.tui.app", None)  # makes the import fail
    assert main([str(SEEDS)]) == 1
    err = capsys.readouterr().err
    assert "terminal app is not available" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [["align", "--help"], ["show", "seeds/004_1ce8922e091adde1.txt"], ["list", "seeds"]],
)
def test_textual_is_not_imported_by_sub_commands(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from reader.cli import main\n"
        f"status = main({argv!r})\n"
        "textual = any(m == 'textual' or m.startswith('textual.') for m in sys.modules)\n"
        "print('STATUS', status, 'TEXTUAL', textual)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("STATUS 0"), done.stderr
    assert last.endswith("TEXTUAL False")


def test_python_dash_m_reader() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"reader {reader.__version__}"


def test_python_dash_m_reader_error_exit_status(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "show", str(tmp_path / "nope.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "nope.txt: no such file" in done.stderr
    assert "Traceback" not in done.stderr


def test_json_never_emits_terminal_controls() -> None:
    nasty = "a\x1b]0;title\x07b\x1b[31mc\x9b31md\u202ee\x7ff\u2028g"
    text = dumps({"text": nasty, nasty: [nasty]})
    for ch in ("\x1b", "\x07", "\x9b", "\u202e", "\x7f", "\u2028"):
        assert ch not in text
    assert json.loads(text) == {"text": nasty, nasty: [nasty]}
    assert "é" in dumps("é")  # still real UTF-8, not \u00e9


class _FakeTTY:
    def isatty(self) -> bool:
        return True


class _FakePipe:
    def isatty(self) -> bool:
        return False


def test_colour_only_on_a_tty_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._use_colour(_FakeTTY()) is True  # type: ignore[arg-type]
    assert cli._use_colour(_FakePipe()) is False  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._use_colour(_FakeTTY()) is False  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset (no-color.org)
    assert cli._use_colour(_FakeTTY()) is True  # type: ignore[arg-type]


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    # `reader --help | head -1`: the reader of stdout goes away early.
    script = (
        f"{sys.executable} -m reader list --help | head -c 10 >/dev/null; "
        f"echo status=${{PIPESTATUS[0]}}"
    )
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert "Traceback" not in done.stderr
    assert "status=0" in done.stdout


def test_run_in_a_pty_respects_no_color(tmp_path: Path) -> None:
    """`reader show` colours its title on a terminal, and not with NO_COLOR set."""
    import pty

    article = tmp_path / "a.txt"
    article.write_text("A title for colour\n\nOne sentence here. Another one.\n", encoding="utf-8")

    def run(no_color: bool) -> bytes:
        env = dict(os.environ)
        env.pop("NO_COLOR", None)
        if no_color:
            env["NO_COLOR"] = "1"
        master, slave = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "reader", "show", str(article)],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
        os.close(master)
        assert proc.returncode == 0
        return b"".join(chunks)

    coloured = run(no_color=False)
    plain = run(no_color=True)
    assert b"\x1b[1mA title for colour" in coloured
    assert b"\x1b" not in plain
    assert b"A title for colour" in plain


def test_usage_error_mentions_a_same_named_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    (tmp_path / "show").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["show"]) == 2
    err = capsys.readouterr().err
    assert "reader ./show" in err and "reader -- show" in err


def test_file_names_in_errors_are_neutralised(tmp_path: Path, capsys: Capture) -> None:
    name = "evil\x1b]0;pwned\x07\x1b[2J.txt"
    assert main(["show", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J.txt" in err  # file names: backslash escapes


def test_ascii_only_output_stream_does_not_crash() -> None:
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    seed = str(SEEDS / "004_1ce8922e091adde1.txt")
    table = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(SEEDS)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert table.returncode == 0, table.stderr
    assert b"fonctionnalit?s" in table.stdout
    shown = subprocess.run(
        [sys.executable, "-m", "reader", "show", seed, "--format", "json"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert max(shown.stdout) < 128  # \u-escaped, still exact once parsed
    assert "fonctionnalités" in json.loads(shown.stdout)["title"]


def test_reader_opens_the_app_in_a_terminal_and_q_quits(tmp_path: Path) -> None:
    """`reader PATH` (no sub-command) runs the TUI in a real pseudo-terminal."""
    from tests.helpers.terminal import Terminal

    env = dict(os.environ)
    for name in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["READER_CACHE_DIR"] = str(tmp_path / "cache")
    article = tmp_path / "corpus" / "one.txt"
    article.parent.mkdir()
    article.write_text("Distinctive headline here\n\nA short body. Two sentences.\n", "utf-8")
    with Terminal([str(article.parent)], env, size=(80, 24)) as term:
        painted = False
        for _ in range(600):  # at most about a minute
            if "Distinctive" in term.read(0.1):
                painted = True
                break
        assert painted, term.visible()[-500:]
        term.read(0.5)  # let the app settle before the key
        term.write(b"q")
        assert term.wait(timeout=60) == 0
    assert sorted(p.name for p in article.parent.iterdir()) == ["one.txt"]  # nothing written
