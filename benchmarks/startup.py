"""Time to first paint of `reader` in a real pseudo-terminal, against a bare Textual app.

    .venv/bin/python benchmarks/startup.py [--runs 7] [--docs 10000] [--size 120x40]
        [--skip-large] [--skip-reopen]

For each corpus (the bundled ``seeds/`` and a generated corpus of ``--docs`` documents),
both programs run in a pseudo-terminal of ``--size``, alternating (and swapping which
goes first every round), and the clock stops at the first output that shows the app's
own text: for `reader` the first document's title (or its file name) in the sidebar, for
the bare app the first file name in its OptionList. The bare app is what any Textual
program with a sidebar list of the files and a pane costs: Python + Textual start-up, a
directory walk, one OptionList and one Static.

What a user waits for is the *titles*: the reader's clock also stops when the titles
are on screen — every document's title for a corpus that fits the screen (the seeds),
the first one for a larger corpus — and that time is divided by the bare app's first
paint of the same run (target ≤ 1.3×). The seeds are measured twice: at a first start
(no corpus index: it is removed before every run) and coming back (the index that a
first session, left running until it has indexed and grouped the seeds, wrote). The
generated corpus is measured at a first start and coming back too (its first session
takes a minute or two to index it; ``--skip-reopen`` leaves that out): coming back, the
clock waits for its first title and its first story header ("Story · "), i.e. for the
sidebar painted from the index with its groups. The issue's target is ≤ 1 s.

Prints medians (and min/max) in milliseconds and the ratios reader / bare, beside the
targets (first paint ≤ 1.5× on the seeds, ≤ 2× on 10,000 documents; titles ≤ 1.3× on
the seeds). "First output" locates the cost: the process has imported its modules and
started Textual's driver.

State, config, cache, data and byte-code cache dirs point into a temporary folder;
nothing is written into the checkout. No asserts: figures only.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks._corpus import make_corpus

ROOT = Path(__file__).resolve().parent.parent

BARE_APP = '''\
"""A bare Textual app: a sidebar OptionList of the file names and a pane."""
import os
import sys

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import OptionList, Static


def files(root: str) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        found += [os.path.join(folder, n) for n in names]
    return sorted(found)


class Bare(App[None]):
    CSS = "OptionList { width: 32; } Static { padding: 1 2; }"

    def compose(self) -> ComposeResult:
        names = [os.path.basename(p) for p in files(sys.argv[1])]
        with Horizontal():
            yield OptionList(*names)
            yield Static("pane")


Bare().run()
'''

_CSI = re.compile(
    r"\x1b\[[0-9;?<>=!$ ]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()#][0-9A-Za-z]|\x1b."
)


def _strip(data: str) -> str:
    return _CSI.sub("", data)


def _env(state: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        folder = state / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env["READER_CACHE_DIR"] = str(state / "reader-cache")
    # Byte-code caching as on a user's machine (pip compiles installed packages, and an
    # editable checkout writes __pycache__ on first run). With PYTHONDONTWRITEBYTECODE
    # the reader's own modules would be compiled from source at every start while
    # Textual's come precompiled: unfair to the reader. The cache goes to the temporary
    # folder so nothing is written into the checkout; the untimed warm-up run fills it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(state / "pycache")
    env.pop("READER_SEEDS", None)
    env["TERM"] = "xterm-256color"
    env["COLORTERM"] = "truecolor"
    env.pop("NO_COLOR", None)
    env.pop("TEXTUAL", None)
    return env


def time_to_paint(
    cmd: Sequence[str],
    markers: Sequence[str],
    env: dict[str, str],
    size: tuple[int, int],
    timeout: float = 120.0,
    titles: Sequence[str] = (),
) -> tuple[float | None, float | None, float | None, float | None]:
    """Seconds from spawn until the first output (the app has started its terminal
    driver: imports done), until any of ``markers`` shows in the output (first paint),
    and, when ``titles`` are given, until every one of them has shown (titles loaded);
    last, the CPU seconds the program had used by then (the titles, else the first
    paint): less sensitive than wall time to other programs on a shared machine."""
    master, slave = os.openpty()
    cols, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        cwd=str(ROOT),
    )
    os.close(slave)
    buffer = ""
    found: float | None = None
    first: float | None = None
    titled: float | None = None
    cpu: float | None = None
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break  # the child closed the terminal
                if not chunk:
                    break
                if first is None:
                    first = time.perf_counter() - start
                buffer += chunk.decode("utf-8", "replace")
                visible = _strip(buffer)
                now = time.perf_counter() - start
                if found is None and any(m in visible for m in markers):
                    found = now
                    cpu = _cpu_seconds(proc.pid)
                if titles and titled is None and all(t in visible for t in titles):
                    titled = now
                    cpu = _cpu_seconds(proc.pid)
                if found is not None and (titled is not None or not titles):
                    break
            elif proc.poll() is not None:
                break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    if found is None:
        tail = _strip(buffer)[-400:]
        print(f"  ! no first paint seen for {cmd[-1]} (markers {markers!r}); tail: {tail!r}")
    return first, found, titled, cpu


def _cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by every thread of ``pid`` (Linux's schedstat, in ns)."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
        return sum(int((t / "schedstat").read_text().split()[0]) for t in tasks) / 1e9
    except (OSError, ValueError, IndexError):
        return None  # not Linux, or the program has ended


def _first_file(corpus: Path) -> Path:
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    if not files:
        raise SystemExit(f"{corpus}: no files")
    return files[0]


TITLE_CELLS = 14  # the start of a title that any sidebar width shows uncut
ALL_TITLES_UP_TO = 20  # a corpus this small fits the screen: wait for every title
STORY_HEADER = "Story · "  # how the grouped sidebar starts a story (reader.view.listing)


def _titles(corpus: Path) -> list[str]:
    """The starts of the titles the reader lists (its display titles, as the sidebar
    shows them): all of them for a small corpus, else the first."""
    from reader.corpus import discover, load_document

    paths = discover([corpus])
    chosen = paths if len(paths) <= ALL_TITLES_UP_TO else paths[:1]
    out = []
    for path in chosen:
        title = " ".join(load_document(path, detect=False).display_title.split())
        out.append(title[:TITLE_CELLS])
    return out


def _markers_for_reader(corpus: Path) -> list[str]:
    """The first document's title (as the reader would show it) and its file name;
    the reader may show the file name while it loads the documents."""
    first = _first_file(corpus)
    return [_titles(corpus)[0], first.name[:TITLE_CELLS]]


# program -> {"output": [...], "paint": [...], "titles": [...], "cpu": [...]}
Times = dict[str, dict[str, list[float]]]


def _index_files(env: dict[str, str]) -> list[Path]:
    index = Path(env["READER_CACHE_DIR"]) / "index.sqlite"
    return [index.with_name(index.name + suffix) for suffix in ("", "-wal", "-shm")]


def forget_index(env: dict[str, str]) -> None:
    """Remove the corpus index: the next start is a first start (nothing indexed)."""
    for file in _index_files(env):
        file.unlink(missing_ok=True)


def fill_index(
    cmd: Sequence[str],
    env: dict[str, str],
    size: tuple[int, int],
    docs: int,
    limit: float = 60.0,
) -> bool:
    """Run the reader until its corpus index holds ``docs`` documents and a grouping
    (what a user's first session leaves behind), at most ``limit`` seconds. True when
    it does."""
    import sqlite3

    forget_index(env)
    master, slave = os.openpty()
    cols, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(
        list(cmd), stdin=slave, stdout=slave, stderr=slave, env=env,
        start_new_session=True, cwd=str(ROOT),
    )  # fmt: skip
    os.close(slave)
    index = _index_files(env)[0]
    filled = False
    deadline = time.perf_counter() + limit
    try:
        while time.perf_counter() < deadline and not filled:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
            if index.exists():
                try:
                    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
                    with contextlib.closing(db):
                        counts = [
                            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                            for table in ("documents", "groupings")
                        ]
                    filled = counts[0] >= docs and counts[1] >= 1
                except sqlite3.Error:
                    pass  # being written
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    return filled


def measure(
    corpus: Path,
    runs: int,
    env: dict[str, str],
    size: tuple[int, int],
    bare_script: Path,
    *,
    index: str = "first",
    fill_limit: float = 60.0,
) -> Times:
    """Times of both programs on ``corpus``. ``index``: ``"first"`` — the reader starts
    with no corpus index (removed before every run: a user's first start); ``"filled"``
    — with the index its first session left (a user coming back), which that session
    is given ``fill_limit`` seconds to write."""
    reader_cmd = [sys.executable, "-m", "reader", str(corpus)]
    bare_cmd = [sys.executable, str(bare_script), str(corpus)]
    programs = {
        "reader": (reader_cmd, _markers_for_reader(corpus)),
        "bare": (bare_cmd, [_first_file(corpus).name[:14]]),
    }
    times: Times = {name: {"output": [], "paint": [], "titles": [], "cpu": []} for name in programs}
    reader_titles = _titles(corpus)
    if index == "filled" and len(reader_titles) == 1:
        # A large corpus coming back: its groups are read from the index too, so the
        # clock waits for the first story header of the grouped sidebar as well.
        reader_titles.append(STORY_HEADER)
    # One untimed run each: warms the page cache and writes .pyc files.
    for cmd, markers in programs.values():
        time_to_paint(cmd, markers, env, size)
    from reader.corpus import discover

    if index == "filled":
        t0 = time.perf_counter()
        if fill_index(reader_cmd, env, size, len(discover([corpus])), fill_limit):
            print(f"  (a first session indexed and grouped it in {time.perf_counter() - t0:.0f} s)")
        else:
            print(f"  ! the corpus index was not filled within {fill_limit:.0f} s")
    order = list(programs)
    for i in range(runs):
        for name in order if i % 2 == 0 else order[::-1]:
            cmd, markers = programs[name]
            titles = reader_titles if name == "reader" else ()
            if name == "reader" and index == "first":
                forget_index(env)
            first, paint, titled, cpu = time_to_paint(cmd, markers, env, size, titles=titles)
            if paint is not None and first is not None:
                times[name]["output"].append(first)
                times[name]["paint"].append(paint)
            if titled is not None:
                times[name]["titles"].append(titled)
            if cpu is not None and (titled is not None or not titles):
                times[name]["cpu"].append(cpu)
    return times


def _report(label: str, times: Times, target: float, titles_target: float | None) -> None:
    def fmt(values: list[float]) -> str:
        if not values:
            return "no paint seen"
        med, lo, hi = (1000 * f(values) for f in (statistics.median, min, max))
        return f"median {med:7.1f} ms  (min {lo:6.1f}, max {hi:6.1f}, n={len(values)})"

    print(f"\n{label}: time to first paint (first output = imports done, driver started)")
    for name in ("reader", "bare"):
        paint, output = times[name]["paint"], times[name]["output"]
        first = f"first output {1000 * statistics.median(output):6.1f} ms" if output else ""
        print(f"  {name:<6}  {fmt(paint)}  {first}")
        if times[name]["titles"]:
            print(f"          titles on screen: {fmt(times[name]['titles'])}")
    reader, bare = times["reader"]["paint"], times["bare"]["paint"]
    if reader and bare:
        ratio = statistics.median(reader) / statistics.median(bare)
        verdict = "ok" if ratio <= target else "over target"
        print(f"  ratio   {ratio:.2f}x bare   (first paint, target <= {target:.1f}x: {verdict})")
    cpu_reader, cpu_bare = times["reader"]["cpu"], times["bare"]["cpu"]
    if cpu_reader and cpu_bare:
        ratio = statistics.median(cpu_reader) / statistics.median(cpu_bare)
        print(
            f"  cpu     reader {1000 * statistics.median(cpu_reader):6.1f} ms to "
            f"{'its titles' if times['reader']['titles'] else 'first paint'}, bare "
            f"{1000 * statistics.median(cpu_bare):6.1f} ms to first paint: {ratio:.2f}x "
            "(medians; CPU time of all threads, less sensitive to the load than wall time)"
        )
    titled = times["reader"]["titles"]
    if titled and bare:
        ratio = statistics.median(titled) / statistics.median(bare)
        if titles_target is None:
            print(f"  ratio   {ratio:.2f}x bare   (titles on screen)")
        else:
            verdict = "ok" if ratio <= titles_target else "over target"
            print(
                f"  ratio   {ratio:.2f}x bare   (titles on screen, target <= "
                f"{titles_target:.1f}x: {verdict})"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per program and corpus")
    parser.add_argument("--docs", type=int, default=10_000, help="size of the generated corpus")
    parser.add_argument("--size", default="120x40", help="terminal COLSxROWS")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--skip-large", action="store_true", help="only the seeds")
    parser.add_argument(
        "--skip-reopen",
        action="store_true",
        help="not the generated corpus coming back (its first session indexes it: minutes)",
    )
    args = parser.parse_args(argv)
    cols, rows = (int(x) for x in args.size.lower().split("x"))

    with tempfile.TemporaryDirectory(prefix="reader-startup-") as tmp:
        tmpdir = Path(tmp)
        env = _env(tmpdir / "state")
        bare_script = tmpdir / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        print(f"python {sys.version.split()[0]}, terminal {cols}x{rows}, {args.runs} runs each")
        seeds = measure(args.seeds, args.runs, env, (cols, rows), bare_script)
        _report(f"seeds ({args.seeds}), first start (no corpus index)", seeds, 1.5, 1.3)
        seeds = measure(args.seeds, args.runs, env, (cols, rows), bare_script, index="filled")
        _report(f"seeds ({args.seeds}), coming back (corpus index filled)", seeds, 1.5, 1.3)
        if not args.skip_large:
            corpus = tmpdir / "corpus"
            t0 = time.perf_counter()
            make_corpus(corpus, args.docs, seed=0)
            print(f"\n(generated {args.docs} documents in {time.perf_counter() - t0:.1f} s)")
            large = measure(corpus, args.runs, env, (cols, rows), bare_script)
            _report(f"generated corpus of {args.docs} documents", large, 2.0, None)
            if not args.skip_reopen:
                large = measure(
                    corpus, args.runs, env, (cols, rows), bare_script,
                    index="filled", fill_limit=900.0,
                )  # fmt: skip
                _report(
                    f"generated corpus of {args.docs} documents, coming back (corpus index filled)",
                    large,
                    2.0,
                    None,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
