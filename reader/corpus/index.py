"""The corpus index: what reading and grouping a corpus found, kept between runs.

One SQLite file (standard library ``sqlite3``) holds, for every readable document:

- the parsed :class:`~reader.corpus.model.Document` (:mod:`reader.corpus.codec`), with its
  languages, keyed by the file's absolute path, size, mtime and ctime, and the hash of its
  content, so that an unchanged file is never read or parsed again, and a file that was
  only touched, copied or renamed (same bytes) is never parsed again;
- what the sidebar and ``reader list`` show (title, language, date…) as plain columns,
  so a corpus of 10,000 documents is listed without decoding one document;
- its sentences in a full-text table (FTS5, accent- and case-insensitive) for
  ``reader search`` and the app's corpus search;

and the groupings (versions and stories) of the corpora grouped lately, keyed by a
signature of what grouping depends on: the documents (content, language, addresses),
their order, the scorer and the grouping code. A corpus whose signature is known is not
grouped again; any change (a file edited, added, removed, renamed) gives another
signature, so it is regrouped, from the indexed documents.

Rows written by another version of reader's parsing code, or for another language set,
are misses (each row records both). The file is in WAL mode: any number of processes
may read while one writes; writes are short transactions (a few hundred documents).

Where: ``$READER_INDEX`` (a file; ``off`` keeps the index in memory for the run), else
``index.sqlite`` in ``$READER_CACHE_DIR``, else in the XDG cache folder
(``platformdirs.user_cache_dir("reader")``, ``~/.cache/reader``).

Never a crash: a damaged file (not a database, truncated, wrong schema) is rebuilt; a
file or folder that cannot be written is bypassed with an in-memory index for the run.
Each is said once through ``notice``. No method raises :class:`sqlite3.Error`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import sqlite3
import stat
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader.corpus import codec
from reader.corpus.model import Document
from reader.corpus.safe import neutralise

if TYPE_CHECKING:
    from reader.compare.grouping import Grouping

SCHEMA = 2  # bump when the tables change: an index of another schema is rebuilt
INDEX_ENV = "READER_INDEX"
INDEX_NAME = "index.sqlite"
KEEP_GROUPINGS = 32  # groupings of the corpora grouped last (reading one never writes)
STORE_CHUNK = 300  # documents per write transaction
BUSY_SECONDS = 5.0  # how long a write waits for another process's write
_RECOVERABLE_FORMATS = ("text", "markdown")  # parsing depends on nothing but the bytes
_MAX_HASHED = 50 * 1024 * 1024

Notice = Callable[[str], None]
T = TypeVar("T")

_SCHEMA_SQL = f"""
CREATE TABLE documents (
    row INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    hash TEXT NOT NULL,
    suffix TEXT NOT NULL,
    parser TEXT NOT NULL,
    languages TEXT NOT NULL,
    title TEXT NOT NULL,
    shown TEXT NOT NULL,
    language TEXT,
    other_language TEXT,
    date TEXT,
    words INTEGER NOT NULL,
    warnings TEXT NOT NULL,
    format TEXT NOT NULL,
    url TEXT,
    feed INTEGER NOT NULL,
    gkey TEXT NOT NULL,
    alternates TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX documents_hash ON documents (hash);
CREATE VIRTUAL TABLE texts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE groupings (signature TEXT PRIMARY KEY, used REAL NOT NULL, data BLOB NOT NULL);
CREATE TABLE fingerprints (key TEXT PRIMARY KEY, data BLOB NOT NULL);
PRAGMA user_version = {SCHEMA};
"""
_TABLES = ("documents", "texts", "groupings", "fingerprints")
_ENTRY_COLUMNS = (
    "path, hash, title, shown, language, other_language, date, words, warnings, format, "
    "url, feed, gkey, size, mtime_ns, ctime_ns, alternates"
)


# --------------------------------------------------------------------------- where


def index_path() -> Path | None:
    """The index file (``None``: ``READER_INDEX=off``, in memory only)."""
    override = os.environ.get(INDEX_ENV, "").strip()
    if override.lower() in ("off", "none", "0", ":memory:"):
        return None
    if override:
        return Path(override).expanduser()
    cache = os.environ.get("READER_CACHE_DIR", "").strip()
    if cache:
        return Path(cache).expanduser() / INDEX_NAME
    import platformdirs

    return Path(platformdirs.user_cache_dir("reader")) / INDEX_NAME


_FINGERPRINTS: dict[tuple[str, ...], str] = {}


def code_fingerprint(*packages: str) -> str:
    """A hash of the source files of ``packages`` (folders or files under ``reader/``),
    so that what a changed version of the code computes is never taken from the index.
    Each file counts by its name, size and modification time, as Python's own byte-code
    cache does (reading and hashing every source file cost milliseconds at each start);
    a file rewritten with the same content only makes the index miss."""
    known = _FINGERPRINTS.get(packages)
    if known is not None:
        return known
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.sha256()
    for package in packages:
        for file in _sources(os.path.join(root, package)):
            with contextlib.suppress(OSError):
                info = os.stat(file)
                name = os.path.relpath(file, root)
                digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    value = digest.hexdigest()[:16]
    _FINGERPRINTS[packages] = value
    return value


def _sources(target: str) -> list[str]:
    """The ``.py`` files of the folder ``target`` and its subfolders, sorted (``target``
    itself when it is a file)."""
    if not os.path.isdir(target):
        return [target]
    found: list[str] = []
    for folder, dirs, names in os.walk(target):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += (os.path.join(folder, n) for n in names if n.endswith(".py"))
    return sorted(found)


def parser_version() -> str:
    """What parsing depends on: the corpus package and the fetched pages' records."""
    return code_fingerprint("corpus", "net/library.py") + f".{codec.FORMAT}"


def grouping_version() -> str:
    return code_fingerprint("compare")


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index knows of a document without decoding it: enough to list it.

    It has the attributes of a :class:`Document` that listings read (``title``,
    ``display_title``, ``language``, ``ok`` …), so a listing takes either.
    """

    path: Path
    id: str
    title: str
    display_title: str
    language: str | None
    other_language: str | None
    date: str | None
    words: int
    warnings: tuple[str, ...]
    source_format: str
    url: str | None
    is_feed: bool
    gkey: str  # what grouping depends on in this document (see group_key)
    alternates: tuple[tuple[str, str], ...] = ()  # as Document.alternates (hreflang)
    error: None = None
    supported: bool = True

    @property
    def ok(self) -> bool:
        return True

    def stub(self) -> Document:
        """A placeholder Document for a list (title and language only; no text)."""
        return Document(
            id=self.id,
            path=self.path,
            title=self.display_title,
            language=self.language,
            other_language=self.other_language,
            date=self.date,
            words=self.words,
            source_format=self.source_format,  # type: ignore[arg-type]
            url=self.url,
            feed=() if self.is_feed else None,
        )


Listed = Entry | Document


def raw_id(doc_id: str) -> str:
    """The content hash behind a document id (``unique_ids`` may add ``-2``)."""
    return doc_id.partition("-")[0]


def group_key(doc: Document) -> str:
    """A hash of what grouping reads in ``doc``: its content, parsing, languages and the
    addresses that make hreflang versions."""
    data = [
        raw_id(doc.id),
        parser_version(),
        doc.language,
        doc.other_language,
        doc.url,
        [list(a) for a in doc.alternates],
    ]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def grouping_signature(items: Sequence[Listed], scorer: str = "lexical") -> str:
    """The key of a grouping of ``items`` (Documents or Entries, in corpus order, with
    the ids grouping gives them)."""
    digest = hashlib.sha256(f"{grouping_version()} {scorer}\n".encode())
    for item in items:
        key = item.gkey if isinstance(item, Entry) else group_key(item)
        digest.update(f"{item.id} {key}\n".encode())
    return digest.hexdigest()


def fingerprint_key(item: Listed) -> str:
    """The key of an item's grouping fingerprint: its contents and the grouping code."""
    key = item.gkey if isinstance(item, Entry) else group_key(item)
    return f"{key}:{grouping_version()}"


def _fingerprint_bytes(fp: Any) -> bytes:
    """A Fingerprint (or None) as bytes: its small fields as JSON, its arrays raw."""
    if fp is None:
        return b""
    import numpy as np

    head: dict[str, Any] = {}
    arrays: list[bytes] = []
    for f in dataclasses.fields(fp):
        value = getattr(fp, f.name)
        if isinstance(value, np.ndarray):
            data = np.ascontiguousarray(value).tobytes()
            head[f.name] = ["array", value.dtype.str, len(data)]
            arrays.append(data)
        else:
            head[f.name] = ["value", value]
    encoded = json.dumps(head).encode()
    return len(encoded).to_bytes(4, "little") + encoded + b"".join(arrays)


def _fingerprint_from(blob: bytes) -> Any:
    if not blob:
        return None
    import numpy as np

    from reader.compare.fingerprints import Fingerprint

    size = int.from_bytes(blob[:4], "little")
    head = json.loads(blob[4 : 4 + size])
    at = 4 + size
    values: dict[str, Any] = {}
    for name, spec in head.items():
        if spec[0] == "array":
            values[name] = np.frombuffer(blob[at : at + spec[2]], dtype=spec[1]).copy()
            at += spec[2]
        else:
            values[name] = spec[1]
    if set(values) != {f.name for f in dataclasses.fields(Fingerprint)}:
        raise ValueError("a fingerprint of another shape")
    return Fingerprint(**values)


@dataclass(frozen=True, slots=True)
class CachedGrouping:
    """A grouping read from the index (or just made): document id → version group and
    story, the ids of pages that name each other, and the full :class:`Grouping`
    (built on first use: listings need only the two maps, and no comparison code)."""

    version_group: dict[str, str]
    story: dict[str, str]
    linked: frozenset[str]
    stories: list[Any]  # [story id, label, [[version id, [doc ids], [languages]], …]], …

    @property
    def grouping(self) -> Grouping:
        from reader.compare.grouping import Grouping, Story, VersionGroup

        stories = tuple(
            Story(
                id=sid,
                label=label,
                versions=tuple(
                    VersionGroup(id=vid, documents=tuple(docs), languages=tuple(langs))
                    for vid, docs, langs in versions
                ),
            )
            for sid, label, versions in self.stories
        )
        return Grouping(
            version_group=dict(self.version_group), story=dict(self.story), stories=stories
        )

    @classmethod
    def of(cls, grouping: Grouping, linked: Iterable[str]) -> CachedGrouping:
        stories = [
            [s.id, s.label, [[v.id, list(v.documents), list(v.languages)] for v in s.versions]]
            for s in grouping.stories
        ]
        return cls(dict(grouping.version_group), dict(grouping.story), frozenset(linked), stories)


def _grouping_bytes(grouping: Grouping, linked: Iterable[str]) -> bytes:
    cached = CachedGrouping.of(grouping, linked)
    data = {"stories": cached.stories, "linked": sorted(cached.linked)}
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def _grouping_from(blob: bytes) -> CachedGrouping:
    data = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
    version_group: dict[str, str] = {}
    story: dict[str, str] = {}
    for sid, _label, versions in data["stories"]:
        for vid, docs, _langs in versions:
            for doc_id in docs:
                version_group.setdefault(doc_id, vid)
                story.setdefault(doc_id, sid)
    return CachedGrouping(version_group, story, frozenset(data["linked"]), data["stories"])


# --------------------------------------------------------------------------- the index


def _key(path: Path) -> bytes:
    """The index's key of ``path``: its absolute path, as bytes. Remembered (a listing
    asks for each file's key three times: its rows, the scope of a query, what is
    missing), by the working directory too for a relative path."""
    text = os.fspath(path)
    return _absolute_key(text, "" if text.startswith("/") else os.getcwd())


@functools.lru_cache(maxsize=1 << 18)
def _absolute_key(text: str, cwd: str) -> bytes:
    return os.fsencode(os.path.normpath(os.path.join(cwd, text)))  # (os.path.abspath)


# From this many files, rows are looked for as the range of keys of their folder.
_RANGE_FROM = 256


def _folder_range(keys: Sequence[bytes]) -> tuple[bytes, bytes] | None:
    """The keys of the files under the deepest folder holding all of ``keys``, as a
    range ``low <= key < high`` (None for no keys or no common folder)."""
    if not keys:
        return None
    first, last = min(keys), max(keys)  # their common start is everyone's
    n = 0
    for a, b in zip(first, last, strict=False):
        if a != b:
            break
        n += 1
    folder = first[: first.rfind(b"/", 0, n) + 1]
    if len(folder) <= 1:
        return None
    return _under(folder)


def _under(folder: bytes) -> tuple[bytes, bytes]:
    """The keys of the files under the folder key ``folder`` (with or without its final
    "/"), as a range ``low <= key < high``."""
    prefix = folder.rstrip(b"/") + b"/"
    return prefix, prefix[:-1] + b"0"  # "0" follows "/"


def _stat_key(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _languages_key(languages: Sequence[str]) -> str:
    return ",".join(languages)


class _Damaged(Exception):
    """The database file is damaged (raised inside the index, handled by a rebuild)."""


def _classify(error: sqlite3.Error) -> str:
    """``busy``, ``damaged`` (rebuild it) or ``unusable`` (bypass it for this run)."""
    message = str(error).lower()
    if "locked" in message or "busy" in message:
        return "busy"
    if not isinstance(error, sqlite3.OperationalError) or any(
        m in message for m in ("malformed", "not a database", "no such table", "no such column")
    ):
        return "damaged"
    return "unusable"  # read-only, disk full, I/O error, cannot open


class CorpusIndex:
    """The index of documents, groupings and sentences (see the module docstring).

    Thread-safe (one connection behind a lock). Cheap to create: the file is opened on
    first use. ``notice`` receives one sentence per problem (a damaged index rebuilt,
    an index that cannot be written…); the index itself never raises for them.
    """

    def __init__(
        self,
        path: Path | None | str = "default",
        *,
        notice: Notice | None = None,
        timeout: float = BUSY_SECONDS,
    ) -> None:
        self.path: Path | None = (
            index_path() if path == "default" else (None if path is None else Path(path))
        )
        self._notice = notice
        self._timeout = timeout
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._inode: tuple[int, int] | None = None
        self._said: set[str] = set()
        self._scoped: tuple[sqlite3.Connection, tuple[bytes, ...]] | None = None
        self.persistent = self.path is not None  # False once bypassed (in memory)

    # --- connection ------------------------------------------------------------------

    def _say(self, message: str) -> None:
        if message in self._said:
            return
        self._said.add(message)
        if self._notice is not None:
            with contextlib.suppress(Exception):
                self._notice(message)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        if self.path is not None and self.persistent:
            try:
                return self._open_file(self.path)
            except _Damaged as damaged:
                self._say(f"the corpus index {self.path} was damaged ({damaged}); rebuilding it")
                try:
                    self._remove_files(self.path)
                    return self._open_file(self.path)
                except (OSError, sqlite3.Error, _Damaged) as error:
                    self._bypass(f"cannot rebuild it: {error}")
            except (OSError, sqlite3.Error) as error:
                self._bypass(str(error))
        return self._open_memory()

    def _bypass(self, why: str) -> None:
        self.persistent = False
        self._say(
            f"the corpus index {self.path} cannot be used ({why}); files are read without "
            "it and nothing is kept for the next run"
        )

    def _open_memory(self) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        conn.executescript(_SCHEMA_SQL)
        return conn

    def _open_file(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            path, timeout=self._timeout, check_same_thread=False, isolation_level=None
        )
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":
                raise sqlite3.OperationalError("readonly: WAL mode not available")
            conn.execute("PRAGMA synchronous = NORMAL")
            self._ensure_schema(conn)
            st = os.stat(path)
            self._inode = (st.st_dev, st.st_ino)
        except sqlite3.Error as error:
            conn.close()
            if _classify(error) == "damaged":
                raise _Damaged(str(error)) from None
            raise
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _ensure_schema(conn: sqlite3.Connection) -> None:
        """Create the tables in a new file; raise _Damaged for a file of another schema
        or a damaged one (it is then rebuilt)."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if version == SCHEMA and all(t in names for t in _TABLES):
            # a cheap look at the data: a damaged file usually shows here
            conn.execute("SELECT count(*) FROM groupings").fetchone()
            conn.execute("SELECT row FROM documents ORDER BY row DESC LIMIT 1").fetchone()
            return
        if version != 0 or names:
            raise _Damaged(f"made by another version of reader: schema {version}, not {SCHEMA}")
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:  # nobody else did
                for statement in _SCHEMA_SQL.split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    def _remove_files(self, path: Path) -> None:
        """Remove a damaged index (and its WAL files), unless another process has
        already replaced it with a new one."""
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return
        if self._inode is not None and (st.st_dev, st.st_ino) != self._inode:
            return  # someone rebuilt it already: use theirs
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")

    def _run(
        self, work: Callable[[sqlite3.Connection], T], default: T, *, write: bool = False
    ) -> T:
        """``work(connection)`` in a transaction when ``write``; ``default`` when the
        index cannot be used. Problems become notices, never exceptions."""
        with self._lock:
            try:
                conn = self._connection()
            except Exception as error:  # never a crash for a cache
                self._say(f"the corpus index cannot be used: {error}")
                return default
            try:
                if write:
                    conn.execute("BEGIN IMMEDIATE")
                result = work(conn)
                if write:
                    conn.execute("COMMIT")
                return result
            except sqlite3.Error as error:
                if write:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                self._failed(error)
                return default

    def _failed(self, error: sqlite3.Error) -> None:
        kind = _classify(error)
        if kind == "busy":
            self._say(
                "the corpus index is busy (another reader is writing to it); some results "
                "were not kept"
            )
        elif kind == "damaged" and self.persistent and self.path is not None:
            self._say(f"the corpus index {self.path} was damaged ({error}); rebuilding it")
            with contextlib.suppress(OSError):
                self._remove_files(self.path)
            self._conn = None  # the next use opens a new file
        elif self.persistent:
            self._bypass(str(error))
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
            self._conn = None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    # --- reading ---------------------------------------------------------------------

    def _scope(self, conn: sqlite3.Connection, keys: Iterable[bytes]) -> None:
        """The temporary table ``scope`` holds ``keys`` (kept between calls: a corpus
        searched again and again is not copied again each time)."""
        wanted = tuple(keys)
        if self._scoped is not None and self._scoped[0] is conn and self._scoped[1] == wanted:
            return
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS scope (path BLOB PRIMARY KEY)")
        conn.execute("DELETE FROM scope")
        conn.executemany("INSERT OR IGNORE INTO scope (path) VALUES (?)", ((k,) for k in wanted))
        self._scoped = (conn, wanted)

    def _scoped_rows(
        self, keys: Sequence[bytes], columns: str, languages: Sequence[str]
    ) -> list[tuple[Any, ...]]:
        """``columns`` of the rows of the files ``keys`` read by this parser with
        ``languages`` — and maybe of a few other files of their folder: the caller keeps
        the keys it asked for. Many files of one folder are read as the range of keys
        under it (copying 10,000 keys into the scope table cost more than the query);
        else, or when the folder holds many more indexed files, through the scope."""
        version = (parser_version(), _languages_key(languages))

        def work(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
            under = _folder_range(keys) if len(keys) >= _RANGE_FROM else None
            if under is not None:
                (count,) = conn.execute(
                    "SELECT count(*) FROM documents WHERE path >= ? AND path < ?", under
                ).fetchone()
                if count <= 2 * len(keys):
                    return conn.execute(
                        f"SELECT {columns} FROM documents WHERE path >= ? AND path < ? "
                        "AND parser = ? AND languages = ?",
                        (*under, *version),
                    ).fetchall()
            self._scope(conn, keys)
            return conn.execute(
                f"SELECT {columns} FROM documents JOIN scope USING (path) "
                "WHERE parser = ? AND languages = ?",
                version,
            ).fetchall()

        none: list[tuple[Any, ...]] = []
        return self._run(work, none)

    def entries(
        self, paths: Sequence[Path], languages: Sequence[str], *, check: bool = True
    ) -> dict[Path, Entry]:
        """The indexed documents among ``paths``, as :class:`Entry` (nothing decoded).

        With ``check`` (the default) only files whose size, mtime and ctime are those
        indexed; without, whatever is indexed (for a first paint, checked later).
        """
        keys = [_key(p) for p in paths]
        by_key = dict(zip(keys, paths, strict=True))
        found: dict[Path, Entry] = {}
        for row in self._scoped_rows(keys, _ENTRY_COLUMNS, languages):
            (key, doc_hash, title, shown, language, other, date, words, warnings, fmt, url,
             feed, gkey, size, mtime, ctime, alternates) = row  # fmt: skip
            path = by_key.get(key)
            if path is None or (check and not _fresh(path, (size, mtime, ctime))):
                continue
            found[path] = Entry(
                path=path,
                id=doc_hash,
                title=title,
                display_title=shown,
                language=language,
                other_language=other,
                date=date,
                words=words,
                warnings=() if warnings == "[]" else tuple(json.loads(warnings)),
                source_format=fmt,
                url=url,
                is_feed=bool(feed),
                gkey=gkey,
                alternates=()
                if alternates == "[]"
                else tuple((a, b) for a, b in json.loads(alternates)),
            )
        return found

    def documents(self, paths: Sequence[Path], languages: Sequence[str]) -> dict[Path, Document]:
        """The indexed documents among ``paths`` whose files are unchanged, decoded."""
        keys = [_key(p) for p in paths]
        by_key = dict(zip(keys, paths, strict=True))
        found: dict[Path, Document] = {}
        columns = "path, size, mtime_ns, ctime_ns, data"
        for key, size, mtime, ctime, blob in self._scoped_rows(keys, columns, languages):
            path = by_key.get(key)
            if path is None or not _fresh(path, (size, mtime, ctime)):
                continue
            with contextlib.suppress(codec.CodecError):
                found[path] = codec.decode(blob, path)
        return found

    def recover(self, path: Path, languages: Sequence[str]) -> Document | None:
        """The document at ``path`` if a file with the same bytes (and name ending) was
        indexed — the file was touched, copied or renamed —, without parsing it again.
        Reads the file (to hash it); ``path`` is then indexed."""
        suffix = path.suffix.lower()
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_HASHED:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        doc_hash = hashlib.sha256(data).hexdigest()[:16]
        query = (
            "SELECT data FROM documents WHERE hash = ? AND suffix = ? AND parser = ? "
            "AND languages = ? AND format IN (?, ?) LIMIT 1"
        )
        values = (doc_hash, suffix, parser_version(), _languages_key(languages))
        row = self._run(
            lambda conn: conn.execute(query, (*values, *_RECOVERABLE_FORMATS)).fetchone(), None
        )
        if row is None:
            return None
        try:
            doc = codec.decode(row[0], path)
        except codec.CodecError:
            return None
        self.store([doc], languages)
        return doc

    # --- writing ---------------------------------------------------------------------

    def store(self, documents: Sequence[Document], languages: Sequence[str]) -> int:
        """Index ``documents`` (read with ``languages``, languages detected): the
        readable ones whose file still holds what they were read from. Returns how
        many were stored."""
        prepared = [row for doc in documents if (row := prepare(doc)) is not None]
        return self.store_prepared(prepared, languages)

    def store_prepared(self, rows: Sequence[Prepared], languages: Sequence[str]) -> int:
        """:meth:`store` for rows made ahead by :func:`prepare` (in a worker process:
        what is left here is writing them). Returns how many were stored."""
        stored = 0
        langs = _languages_key(languages)
        parser = parser_version()
        for start in range(0, len(rows), STORE_CHUNK):
            chunk = rows[start : start + STORE_CHUNK]

            def work(conn: sqlite3.Connection, chunk: Sequence[Prepared] = chunk) -> int:
                for row in chunk:
                    _store_one(conn, row, parser, langs)
                return len(chunk)

            done = self._run(work, 0, write=True)
            if not done:
                break
            stored += done
        return stored

    def forget(self, paths: Iterable[Path]) -> None:
        """Remove ``paths`` from the index (files that are gone)."""
        keys = [_key(p) for p in paths]
        if keys:

            def work(conn: sqlite3.Connection) -> None:
                for key in keys:
                    _delete_row(conn, key)

            self._run(work, None, write=True)

    def forget_missing(self, inputs: Sequence[Path], present: Sequence[Path]) -> int:
        """Remove the rows of files under the folders ``inputs`` that are not in
        ``present`` any more (deleted or renamed). Returns how many were removed."""
        keep = {_key(p) for p in present}
        folders = []
        for folder in inputs:
            with contextlib.suppress(OSError):
                if folder.is_dir():
                    folders.append(_under(_key(folder)))

        def missing(conn: sqlite3.Connection) -> list[bytes]:
            gone: list[bytes] = []
            for low, high in folders:
                for (key,) in conn.execute(
                    "SELECT path FROM documents WHERE path >= ? AND path < ?", (low, high)
                ):
                    if key not in keep:
                        gone.append(key)
            return gone

        def work(conn: sqlite3.Connection) -> list[bytes]:
            gone = missing(conn)
            for key in gone:
                _delete_row(conn, key)
            return gone

        if not folders:
            return 0
        none: list[bytes] = []
        # looked for without a write transaction first: a reopen where nothing is gone
        # neither waits for another process's writes nor writes (and syncs) the log
        if not self._run(missing, none):
            return 0
        return len(self._run(work, none, write=True))

    # --- groupings -------------------------------------------------------------------

    def grouping(self, items: Sequence[Listed], scorer: str = "lexical") -> CachedGrouping | None:
        """The grouping of exactly these ``items`` stored earlier, if any."""
        signature = grouping_signature(items, scorer)
        row = self._run(
            lambda conn: conn.execute(
                "SELECT data FROM groupings WHERE signature = ?", (signature,)
            ).fetchone(),
            None,
        )
        if row is None:
            return None
        try:
            return _grouping_from(row[0])
        except Exception:  # a damaged row is a miss
            return None

    def store_grouping(
        self,
        items: Sequence[Listed],
        grouping: Grouping,
        linked: Iterable[str] = (),
        scorer: str = "lexical",
    ) -> None:
        """Keep ``grouping`` of ``items`` (and the ids of linked pages) for next time."""
        signature = grouping_signature(items, scorer)
        blob = _grouping_bytes(grouping, linked)

        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO groupings (signature, used, data) VALUES (?, ?, ?)",
                (signature, time.time(), blob),
            )
            conn.execute(
                "DELETE FROM groupings WHERE signature NOT IN "
                "(SELECT signature FROM groupings ORDER BY used DESC LIMIT ?)",
                (KEEP_GROUPINGS,),
            )

        self._run(work, None, write=True)

    # --- grouping features -----------------------------------------------------------

    def fingerprints(self, keys: Sequence[str]) -> dict[str, Any]:
        """Stored grouping fingerprints (:class:`reader.compare.fingerprints.Fingerprint`
        or None) by :func:`fingerprint_key`."""

        def work(conn: sqlite3.Connection) -> list[tuple[str, bytes]]:
            rows: list[tuple[str, bytes]] = []
            unique = list(dict.fromkeys(keys))
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows += conn.execute(
                    f"SELECT key, data FROM fingerprints WHERE key IN ({marks})", chunk
                ).fetchall()
            return rows

        none: list[tuple[str, bytes]] = []
        found: dict[str, Any] = {}
        for key, blob in self._run(work, none):
            with contextlib.suppress(Exception):  # a damaged row is a miss
                found[key] = _fingerprint_from(blob)
        return found

    def store_fingerprints(self, prints: dict[str, Any]) -> None:
        rows = [(key, _fingerprint_bytes(fp)) for key, fp in prints.items()]

        def work(conn: sqlite3.Connection) -> None:
            conn.executemany("INSERT OR REPLACE INTO fingerprints (key, data) VALUES (?, ?)", rows)

        if rows:
            self._run(work, None, write=True)

    # --- full text -------------------------------------------------------------------

    def match(
        self, expression: str, paths: Sequence[Path], limit: int = 100
    ) -> tuple[int, list[tuple[Path, str]]]:
        """Documents at ``paths`` whose text matches the FTS5 ``expression`` (build it
        with :func:`reader.corpus.search.parse_query`): how many, and the best
        ``limit`` as (path, :func:`searchable_text` with each matched token between
        U+0002 and U+0003), best first. An expression FTS5 refuses matches nothing: it
        is never an error."""
        by_key = {_key(p): p for p in paths}

        def work(conn: sqlite3.Connection) -> tuple[int, list[tuple[bytes, str]]]:
            self._scope(conn, by_key)
            where = (
                "FROM texts JOIN documents AS d ON d.row = texts.rowid "
                "JOIN scope ON scope.path = d.path WHERE texts MATCH ?"
            )
            try:
                total = conn.execute(f"SELECT count(*) {where}", (expression,)).fetchone()[0]
                rows = conn.execute(
                    f"SELECT d.path, highlight(texts, 0, char(2), char(3)) {where} "
                    "ORDER BY texts.rank LIMIT ?",
                    (expression, limit),
                ).fetchall()
                return total, rows
            except sqlite3.OperationalError as error:
                if "fts5" in str(error).lower() or "syntax" in str(error).lower():
                    return 0, []  # a query FTS5 does not accept: no match
                raise

        nothing: tuple[int, list[tuple[bytes, str]]] = (0, [])
        total, rows = self._run(work, nothing)
        return total, [(by_key[key], text) for key, text in rows if key in by_key]

    # --- upkeep ----------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        """Rows held: documents, sentences, groupings (0 when unusable)."""

        def work(conn: sqlite3.Connection) -> dict[str, int]:
            return {
                table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in _TABLES
            }

        return self._run(work, dict.fromkeys(_TABLES, 0))

    def clear(self) -> None:
        """Empty the index (the file stays, with its schema)."""

        def work(conn: sqlite3.Connection) -> None:
            for table in _TABLES:
                conn.execute(f"DELETE FROM {table}")

        self._run(work, None, write=True)
        self._run(lambda conn: conn.execute("VACUUM"), None)


def _store_one(conn: sqlite3.Connection, row: Prepared, parser: str, languages: str) -> None:
    values = row.values
    _delete_row(conn, values[0])
    cursor = conn.execute(
        "INSERT INTO documents (path, size, mtime_ns, ctime_ns, hash, suffix, parser, "
        "languages, title, shown, language, other_language, date, words, warnings, "
        "format, url, feed, gkey, alternates, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values[:6], parser, languages, *values[6:]),
    )
    conn.execute("INSERT INTO texts (rowid, text) VALUES (?, ?)", (cursor.lastrowid, row.text))


def _fresh(path: Path, indexed: tuple[int, int, int]) -> bool:
    try:
        return _stat_key(os.stat(path)) == indexed
    except OSError:
        return False


def _delete_row(conn: sqlite3.Connection, key: bytes) -> None:
    old = conn.execute("SELECT row, gkey FROM documents WHERE path = ?", (key,)).fetchone()
    if old is not None:
        conn.execute("DELETE FROM texts WHERE rowid = ?", (old[0],))
        conn.execute("DELETE FROM documents WHERE row = ?", (old[0],))
        shared = conn.execute("SELECT 1 FROM documents WHERE gkey = ? LIMIT 1", (old[1],))
        if shared.fetchone() is None:  # no other file with these contents
            conn.execute(
                "DELETE FROM fingerprints WHERE key >= ? AND key < ?", (old[1] + ":", old[1] + ";")
            )


def searchable_text(doc: Document) -> str:
    """What the full-text table holds of ``doc``: its sentences, one a line (line k is
    sentence k), neutralised, so that a match's line says which sentence it is in and
    no character of the text can pass for a highlight marker."""
    return "\n".join(
        neutralise(s.text).replace("\n", " ").replace("\t", " ") for s in doc.sentences
    )


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document's index row made ahead of writing it (:func:`prepare`): its values,
    the encoded document among them, and its full-text lines. Pickles, so that worker
    processes can make the rows of a large build and one process write them."""

    document: Document
    values: tuple[Any, ...]
    text: str


def prepare(doc: Document) -> Prepared | None:
    """``doc``'s index row, or None when it must not be indexed (:func:`_row`)."""
    values = _row(doc)
    return None if values is None else Prepared(doc, values, searchable_text(doc))


def _row(doc: Document) -> tuple[Any, ...] | None:
    """The values of ``doc``'s row, or None when it must not be indexed: not readable,
    or its file no longer holds the bytes it was read from (changed meanwhile)."""
    if not doc.ok or not doc.supported:
        return None
    doc_hash = raw_id(doc.id)
    try:
        with open(doc.path, "rb") as handle:
            before = os.fstat(handle.fileno())
            if not stat.S_ISREG(before.st_mode) or before.st_size > _MAX_HASHED:
                return None
            data = handle.read()
        after = os.stat(doc.path)
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest()[:16] != doc_hash:
        return None
    if _stat_key(after) != _stat_key(before):
        return None
    stored = replace(doc, id=doc_hash)
    return (
        _key(doc.path),
        *_stat_key(after),
        doc_hash,
        doc.path.suffix.lower(),
        doc.title,
        doc.display_title,
        doc.language,
        doc.other_language,
        doc.date,
        doc.words,
        json.dumps(list(doc.warnings), ensure_ascii=False),
        doc.source_format,
        doc.url,
        int(doc.is_feed),
        group_key(doc),
        json.dumps([list(a) for a in doc.alternates], ensure_ascii=False),
        codec.encode(stored),
    )
