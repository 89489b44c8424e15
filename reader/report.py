"""Batch reports: ``reader report PATH… --out DIR``.

The corpus is loaded and grouped through the index (:mod:`reader.corpus.indexed`), then
every version group of two or more documents is compared (the first document in corpus
order is the pivot) and written as ``diffs/NAME.json`` (``reader diff --format json``)
and ``diffs/NAME.html`` (``reader diff --format html``), with ``index.html`` listing the
groups by story with their difference counts, and ``manifest.json`` recording what each
file was made from.

A group's NAME is stable (the pivot's file name and a hash of the members' contents),
so a re-run recognises every group: one whose inputs (documents, languages, paths,
scorer, the code that compares and renders) are those of the manifest, and whose files
are still as written, is neither compared nor written again. Files of groups that are
gone are removed (only when they are still as reader wrote them). Nothing is written
over an input, and every file is written to a temporary file and renamed.

``engine="dask"`` sends the per-group work (:func:`run_job`) to an existing Dask
cluster (``distributed``, the ``dask`` extra); the files are written here, from the
same function's results, so the report is the same file for file.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from reader.corpus.model import Document

if TYPE_CHECKING:
    from reader.corpus.index import Listed

REPORT_FORMAT = 1
MANIFEST = "manifest.json"
INDEX = "index.html"
DIFFS = "diffs"
ENGINES = ("local", "dask")
COUNT_KEYS = ("added", "omitted", "differs", "moved")


class ReportError(Exception):
    """The report cannot be made as asked (a sentence for a person)."""


# --------------------------------------------------------------------------- jobs


@dataclass(frozen=True, slots=True)
class Job:
    """One version group to compare: its stable name, its documents (pivot first), the
    story it belongs to and the hash of everything its files depend on."""

    name: str
    documents: tuple[Document, ...]  # index entries until the job is to be run
    story: str
    key: str


@dataclass(frozen=True, slots=True)
class Output:
    """What :func:`run_job` made of a job: the two files' text and the counts."""

    name: str
    json_text: str
    html_text: str
    summary: dict[str, dict[str, int]]  # column (1…) → counts, as Comparison.summary()
    rows: int
    notes: tuple[str, ...] = ()


def run_job(job: Job, scorer: str) -> Output:
    """Compare the job's documents and render both files. Pure: the same on any machine
    with the same reader installed (this is what runs on a Dask worker)."""
    from reader.compare.comparison import compare
    from reader.export.html import render_html
    from reader.export.json import comparison_json, dumps

    comparison = compare(job.documents, scorer=scorer)
    data = comparison_json(comparison)
    summary = {str(k): dict(v) for k, v in comparison.summary().items()}
    return Output(
        name=job.name,
        json_text=dumps(data) + "\n",
        html_text=render_html(comparison),
        summary=summary,
        rows=len(comparison.rows),
        notes=tuple(comparison.notes),
    )


def _code_version() -> str:
    from reader.corpus.index import code_fingerprint

    return code_fingerprint("compare", "export", "cli.py", "report.py")


def _slug(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-.")
    return (stem or "document")[:48]


def plan(documents: Sequence[Listed], version_group: dict[str, str], story: dict[str, str],
         scorer: str) -> list[Job]:  # fmt: skip
    """The jobs: every version group of two or more documents, in corpus order."""
    from reader.corpus.index import raw_id

    members: dict[str, list[Any]] = {}
    for doc in documents:
        group = version_group.get(doc.id)
        if group is not None:
            members.setdefault(group, []).append(doc)
    code = _code_version()
    jobs: list[Job] = []
    for group, docs in members.items():
        if len(docs) < 2:
            continue
        content = hashlib.sha256(" ".join(raw_id(d.id) for d in docs).encode()).hexdigest()
        name = f"{_slug(docs[0].path)}-{content[:10]}"
        key_data = [
            REPORT_FORMAT,
            code,
            scorer,
            [[raw_id(d.id), d.language, d.other_language, str(d.path)] for d in docs],
        ]
        key = hashlib.sha256(json.dumps(key_data).encode("utf-8", "surrogatepass")).hexdigest()
        jobs.append(Job(name, tuple(docs), story.get(docs[0].id, group), key))
    # a name is unique unless the same contents are grouped twice (copies of one file)
    seen: dict[str, int] = {}
    unique: list[Job] = []
    for job in jobs:
        n = seen.get(job.name, 0) + 1
        seen[job.name] = n
        unique.append(job if n == 1 else Job(f"{job.name}-{n}", job.documents, job.story, job.key))
    return unique


# --------------------------------------------------------------------------- engines


def run_local(jobs: Sequence[Job], scorer: str) -> Iterator[Output | tuple[Job, str]]:
    """Each job in this process, in order; a job that fails gives (job, reason)."""
    for job in jobs:
        try:
            yield run_job(job, scorer)
        except Exception as error:  # one bad group must not lose the others
            yield job, f"{type(error).__name__}: {error}"


def run_dask(
    jobs: Sequence[Job], scorer: str, scheduler: str, *, timeout: float = 10.0
) -> Iterator[Output | tuple[Job, str]]:
    """Each job on the Dask cluster at ``scheduler``, as they finish."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ReportError(
            "--engine dask needs dask.distributed: pip install 'polyglot-reader[dask]' "
            "(on this machine and on the cluster's workers)"
        ) from None
    try:
        client = Client(  # type: ignore[no-untyped-call]
            scheduler, timeout=timeout
        )
    except (OSError, TimeoutError, ValueError) as error:
        raise ReportError(
            f"cannot reach the Dask scheduler at {scheduler} ({type(error).__name__}: {error})"
        ) from None
    try:
        futures = {
            client.submit(run_job, job, scorer, key=f"reader-report-{job.key[:16]}-{job.name}"): job
            for job in jobs
        }
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            job = futures[future]
            try:
                yield future.result()
            except Exception as error:
                yield job, f"on the cluster: {type(error).__name__}: {error}"
    finally:
        client.close()  # type: ignore[no-untyped-call]


# --------------------------------------------------------------------------- writing


def write_file(path: Path, data: bytes, inputs: Sequence[Path] = ()) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then
    renamed); never over one of ``inputs`` (same file or a link to it) or a special
    file. Raises ReportError."""
    for source in inputs:
        with contextlib.suppress(OSError):
            if path.exists() and os.path.samefile(path, source):
                raise ReportError(f"{path}: is one of the documents read; refusing to overwrite it")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise ReportError(f"{path}: is not a regular file; refusing to write over it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise ReportError(f"{path}: cannot write ({error.strerror or error})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise ReportError(f"{path}: cannot write ({error.strerror or error})") from None
        raise


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None


@dataclass
class Written:
    """What a report run did."""

    groups: int = 0
    compared: int = 0
    reused: int = 0
    files_written: list[Path] = field(default_factory=list)
    files_removed: list[Path] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def _load_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
        return {}
    groups = data.get("groups")
    return data if isinstance(groups, dict) else {}


def check_out_dir(out: Path, inputs: Sequence[Path]) -> None:
    """Refuse an output folder inside a folder read (its pages would be read as
    articles next time), or one holding an index page reader did not write."""
    resolved = out.resolve()
    for source in inputs:
        with contextlib.suppress(OSError):
            src = source.resolve()
            if source.is_dir() and (resolved == src or src in resolved.parents):
                raise ReportError(
                    f"{out}: is inside {source}, a folder being read (its pages would be "
                    "read as articles next time); choose a folder outside it"
                )
            if not source.is_dir() and resolved == src:
                raise ReportError(f"{out}: is one of the documents read")
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out}: is not a folder")
    if (out / INDEX).exists() and not (out / MANIFEST).exists():
        raise ReportError(
            f"{out}: holds an {INDEX} that reader did not write (no {MANIFEST}); choose an "
            "empty folder or the folder of an earlier report"
        )


# --------------------------------------------------------------------------- index page


def _counts(summary: dict[str, dict[str, int]]) -> dict[str, int]:
    total = dict.fromkeys(COUNT_KEYS, 0)
    for column in summary.values():
        for key in COUNT_KEYS:
            total[key] += int(column.get(key, 0))
    return total


_PAGE_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em;
       color: #222; background: #fff; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; color: #444; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid #ddd; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.lang { font-family: ui-monospace, monospace; font-size: .9em; color: #555; }
.none { color: #999; }
@media (prefers-color-scheme: dark) { body { color: #ddd; background: #161616; }
  th, td { border-color: #333; } h2 { color: #aaa; } a { color: #8ab4f8; } }
"""


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def render_index(entries: Sequence[dict[str, Any]], *, title: str, singles: int) -> str:
    """The report's index page: groups by story, each with its counts and links.
    Every string from the corpus is escaped (data, never markup)."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{_PAGE_CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p>{_plural(len(entries), 'version group')}"
        + (f"; {_plural(singles, 'document')} without another version" if singles else "")
        + ". Counts are rows of each version's diff with the first document "
        "(the pivot), added up over the versions.</p>",
    ]
    stories: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        stories.setdefault(str(entry["story"]), []).append(entry)
    head = (
        "<table><thead><tr><th>article (pivot first)</th><th>languages</th>"
        + "".join(f'<th class="n">{k}</th>' for k in COUNT_KEYS)
        + "<th>diff</th></tr></thead><tbody>"
    )
    for number, (_story, members) in enumerate(stories.items(), 1):
        label = members[0]["title"]
        parts.append(f"<h2>Story {number}: {esc(label)}</h2>" if len(stories) > 1 else "")
        parts.append(head)
        for entry in members:
            counts = entry["counts"]
            cells = "".join(
                f'<td class="n{"" if counts[k] else " none"}">{counts[k]}</td>' for k in COUNT_KEYS
            )
            languages = " ".join(esc(lang) for lang in entry["languages"])
            name = esc(entry["name"])
            parts.append(
                f'<tr><td>{esc(entry["title"])}</td><td class="lang">{languages}</td>{cells}'
                f'<td><a href="{DIFFS}/{name}.html">html</a> · '
                f'<a href="{DIFFS}/{name}.json">json</a></td></tr>'
            )
        parts.append("</tbody></table>")
    if not entries:
        parts.append("<p>No article of this corpus has another version.</p>")
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p) + "\n"


# --------------------------------------------------------------------------- progress


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, label: str) -> None: ...
    def stop(self) -> None: ...


class QuietProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, label: str) -> None:
        pass

    def stop(self) -> None:
        pass


class LineProgress:
    """Plain lines, for a stderr that is not a terminal (a log, a pipe)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, label: str) -> None:
        from reader.corpus.safe import neutralise

        self.done += 1
        print(f"reader: {self.done}/{self.total} {neutralise(label)}", file=self.stream)

    def stop(self) -> None:
        pass


class BarProgress:
    """A progress bar on a terminal (Rich)."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            "comparing",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
            transient=True,
        )
        self._task: Any = None

    def start(self, total: int) -> None:
        self._bar.start()
        self._task = self._bar.add_task("groups", total=total)

    def advance(self, label: str) -> None:
        self._bar.advance(self._task)

    def stop(self) -> None:
        self._bar.stop()


def progress_for(stream: TextIO, quiet: bool) -> Progress:
    if quiet:
        return QuietProgress()
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return BarProgress(stream) if tty else LineProgress(stream)


# --------------------------------------------------------------------------- the report


Runner = Callable[[Sequence[Job], str], Iterator[Output | tuple[Job, str]]]


def _runner(engine: str, scheduler: str | None) -> Runner:
    if engine == "local":
        return run_local
    if engine != "dask":
        raise ReportError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if not scheduler:
        raise ReportError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    address = scheduler

    def dask_runner(jobs: Sequence[Job], scorer: str) -> Iterator[Output | tuple[Job, str]]:
        return run_dask(jobs, scorer, address)

    return dask_runner


def write_report(
    documents: Sequence[Listed],
    version_group: dict[str, str],
    story: dict[str, str],
    out: Path,
    *,
    scorer: str = "auto",
    engine: str = "local",
    scheduler: str | None = None,
    inputs: Sequence[Path] = (),
    progress: Progress | None = None,
    title: str = "reader report",
    runner: Runner | None = None,
    resolve: Callable[[Sequence[Listed]], Sequence[Document]] | None = None,
) -> Written:
    """Compare every version group and write the report into ``out`` (see the module
    docstring). Only what changed since the manifest is compared and written.

    ``documents`` may be index entries (:class:`reader.corpus.index.Entry`): ``resolve``
    then gives the full documents of the groups that must be compared, and nothing
    else is decoded."""
    started = time.perf_counter()
    progress = progress or QuietProgress()
    check_out_dir(out, inputs)
    jobs = plan(documents, version_group, story, scorer)
    manifest = _load_manifest(out)
    old: dict[str, Any] = manifest.get("groups", {}) if manifest else {}
    written = Written(groups=len(jobs))
    entries: dict[str, dict[str, Any]] = {}
    todo: list[Job] = []
    for job in jobs:
        previous = old.get(job.name)
        if isinstance(previous, dict) and previous.get("key") == job.key and _intact(out, previous):
            entries[job.name] = previous
            written.reused += 1
        else:
            todo.append(job)
    protected = [d.path for d in documents]
    by_name = {job.name: job for job in jobs}
    if todo:
        runner = runner or _runner(engine, scheduler)
        if resolve is not None:
            todo = [
                Job(job.name, tuple(resolve(job.documents)), job.story, job.key) for job in todo
            ]
        progress.start(len(todo))
        try:
            for result in runner(todo, scorer):
                if isinstance(result, tuple):
                    job, reason = result
                    written.failures.append((job.name, reason))
                    progress.advance(f"{job.name}: failed")
                    continue
                job = by_name[result.name]
                entries[job.name] = _write_group(out, job, result, protected, written)
                written.compared += 1
                progress.advance(job.name)
        finally:
            progress.stop()
    ordered = [entries[job.name] for job in jobs if job.name in entries]
    grouped_ids = {d.id for job in jobs for d in job.documents}
    singles = sum(1 for d in documents if d.ok and not d.is_feed and d.id not in grouped_ids)
    page = render_index(ordered, title=title, singles=singles).encode("utf-8", "surrogateescape")
    _write_if_changed(out / INDEX, page, protected, written)
    current = {e["name"] for e in ordered}
    for name, previous in old.items():
        if name not in current and isinstance(previous, dict):
            _remove_outputs(out, previous, written)
    data = {"format": REPORT_FORMAT, "scorer": scorer, "groups": {e["name"]: e for e in ordered}}
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    _write_if_changed(out / MANIFEST, text.encode("utf-8", "surrogateescape"), protected, written)
    written.seconds = time.perf_counter() - started
    return written


def _intact(out: Path, entry: dict[str, Any]) -> bool:
    files = entry.get("files")
    if not isinstance(files, dict) or not files:
        return False
    return all(_file_digest(out / name) == digest for name, digest in files.items())


def _write_if_changed(path: Path, data: bytes, protected: Sequence[Path], written: Written) -> None:
    if _file_digest(path) == _digest(data):
        return
    write_file(path, data, protected)
    written.files_written.append(path)


def _write_group(
    out: Path, job: Job, result: Output, protected: Sequence[Path], written: Written
) -> dict[str, Any]:
    files: dict[str, str] = {}
    for suffix, text in (("json", result.json_text), ("html", result.html_text)):
        relative = f"{DIFFS}/{job.name}.{suffix}"
        data = text.encode("utf-8", "surrogateescape")
        _write_if_changed(out / relative, data, protected, written)
        files[relative] = _digest(data)
    pivot = job.documents[0]
    return {
        "name": job.name,
        "key": job.key,
        "story": job.story,
        "title": " ".join(pivot.display_title.split()),
        "languages": [d.language or d.other_language or "?" for d in job.documents],
        "documents": [str(d.path) for d in job.documents],
        "counts": _counts(result.summary),
        "summary": result.summary,
        "rows": result.rows,
        "files": files,
    }


def _remove_outputs(out: Path, entry: dict[str, Any], written: Written) -> None:
    files = entry.get("files")
    if not isinstance(files, dict):
        return
    for name, digest in files.items():
        path = out / str(name)
        if path.parent != out / DIFFS:
            continue  # only files of our own folder
        if _file_digest(path) == digest:  # still as written: ours to remove
            with contextlib.suppress(OSError):
                path.unlink()
                written.files_removed.append(path)
