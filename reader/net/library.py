"""The local library of fetched pages: where each page is saved, and what the server
said about it (its address, ``ETag`` and ``Last-Modified`` for conditional requests).

Pages go under ``$READER_LIBRARY``, else the XDG data folder (``~/.local/share/reader/
library``), else the folder given with ``--into``: one folder per site, the page's path
below it (``press.example.eu/en/ip_24_1234.html``). Each folder has a hidden index,
``.reader-index.json`` (hidden files are not listed by reader), mapping file names to
records. Every write is a temporary file renamed into place, so the library never holds
a half page or a half index; a file that reader did not write is never replaced (the
new page gets another name).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from reader.corpus.reading import ReadError, read_bytes
from reader.corpus.urls import normalise_url

INDEX = ".reader-index.json"
MAX_INDEX_BYTES = 16 * 1024 * 1024  # an index this large is not one reader wrote: ignored
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_KNOWN_SUFFIX = re.compile(r"\.(?:s?html?|xhtml|php|aspx?|jsp|cfm|xml|rss|atom|md|txt)$", re.I)
_lock = threading.Lock()
_cache: dict[Path, tuple[int, dict[str, Record]]] = {}


@dataclass(frozen=True, slots=True)
class Record:
    """What reader knows about a file it fetched."""

    url: str  # the address asked for (normalised)
    final_url: str  # after redirects
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    fetched: str = ""  # ISO time of the last request
    size: int = 0

    @property
    def charset(self) -> str | None:
        match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:-]+)", self.content_type, re.I)
        return match.group(1) if match else None


def library_dir(override: Path | None = None) -> Path:
    """``override``, else ``$READER_LIBRARY``, else ``<XDG data>/reader/library``."""
    if override is not None:
        return override
    env = os.environ.get("READER_LIBRARY")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("reader")) / "library"


def _slug(part: str, limit: int = 80) -> str:
    text = _SAFE.sub("-", unquote(part)).strip("-.")
    if len(text) > limit:
        digest = hashlib.sha256(text.encode()).hexdigest()[:8]
        text = f"{text[: limit - 9]}-{digest}"
    return text


def folder_for(root: Path, url: str) -> Path:
    """The folder of ``url`` in the library ``root``: site, then the path's folders."""
    parts = urlsplit(normalise_url(url))
    site = _slug((parts.hostname or "site") + (f"_{parts.port}" if parts.port else ""))
    segments = [s for s in parts.path.split("/")[:-1] if s]
    folder = root / (site or "site")
    for segment in segments[:12]:
        slug = _slug(segment)
        if slug:
            folder = folder / slug
    return folder


def file_stem(url: str) -> str:
    """The file name (without suffix) of ``url``: its last path segment, and a short hash
    of the query when there is one."""
    parts = urlsplit(normalise_url(url))
    last = parts.path.rstrip("/").split("/")[-1] if not parts.path.endswith("/") else ""
    stem = _slug(_KNOWN_SUFFIX.sub("", last)) or "index"
    if parts.query:
        stem += "-" + hashlib.sha256(parts.query.encode()).hexdigest()[:8]
    return stem


def _read_index(folder: Path) -> dict[str, Record]:
    path = folder / INDEX
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return {}
    cached = _cache.get(folder)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    try:
        raw = json.loads(read_bytes(path, limit=MAX_INDEX_BYTES))  # a FIFO never blocks
    except (ReadError, ValueError, UnicodeDecodeError, RecursionError):
        return {}
    records: dict[str, Record] = {}
    if isinstance(raw, dict):
        for name, value in raw.items():
            if isinstance(name, str) and isinstance(value, dict):
                with contextlib.suppress(TypeError):
                    records[name] = Record(**{k: v for k, v in value.items() if k in _FIELDS})
    _cache[folder] = (mtime, records)
    return records


_FIELDS = frozenset(Record.__dataclass_fields__)


def recorded(path: Path) -> Record | None:
    """The record of ``path`` when reader fetched it, else ``None`` (cheap: one stat)."""
    try:
        return _read_index(path.parent).get(path.name)
    except OSError:
        return None


def find(root: Path, url: str) -> tuple[Path, Record] | None:
    """The saved copy of ``url`` in the library ``root``, when there is one."""
    folder = folder_for(root, url)
    wanted = normalise_url(url)
    for name, record in _read_index(folder).items():
        if record.url == wanted and (folder / name).is_file():
            return folder / name, record
    return None


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` with the one safe writer (a hidden temporary file
    renamed into place), making its folder first."""
    from reader.export.output import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)


def _free_name(folder: Path, stem: str, suffix: str, url: str, index: dict[str, Record]) -> str:
    """A file name for ``url``: its own earlier file, else a name nobody uses."""
    for name, record in index.items():
        if record.url == url and name.endswith(suffix):
            return name
    name = stem + suffix
    n = 2
    while (folder / name).exists() or os.path.lexists(folder / name):
        name = f"{stem}-{n}{suffix}"
        n += 1
    return name


def save(root: Path, record: Record, data: bytes, suffix: str) -> Path:
    """Save a fetched page and its record; returns where. Raises OSError on failure,
    after which neither the page nor the index is half-written."""
    folder = folder_for(root, record.url)
    with _lock:
        folder.mkdir(parents=True, exist_ok=True)
        index = dict(_read_index(folder))
        name = _free_name(folder, file_stem(record.url), suffix, record.url, index)
        target = folder / name
        _write_atomic(target, data)
        index[name] = record
        _write_index(folder, index)
    return target


def touch(path: Path, record: Record) -> None:
    """Update the record of an unchanged page (a 304 answer)."""
    with _lock:
        index = dict(_read_index(path.parent))
        index[path.name] = record
        _write_index(path.parent, index)


def _write_index(folder: Path, index: dict[str, Record]) -> None:
    data: dict[str, Any] = {name: asdict(record) for name, record in sorted(index.items())}
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    _write_atomic(folder / INDEX, payload)
    _cache.pop(folder, None)
