"""The one safe way to write an output file (``reader diff -o FILE`` and any later export).

- Never an input: the target is refused when it *is* one of the files read — the same
  path, a hard link to it (same device and inode) or a symbolic link to it
  (``os.path.samefile``) — checked before the work starts (:func:`check_output`) and
  again just before the file is replaced (:func:`write_output`).
- Never a special file: a FIFO, a device (``/dev/stdout``, ``/dev/sda``), a socket or a
  folder is refused. A symbolic link to an ordinary file is followed: the file it points
  to is replaced, the link stays.
- Nothing half-written: the text is written to a temporary file in the target's folder,
  flushed to disk, then renamed over the target (atomic on POSIX). If anything fails,
  the temporary file is removed and the old target, if any, is untouched. A new file
  gets the usual permissions (``0666`` minus the umask); a replaced one keeps its own.

:class:`OutputError` carries a sentence for a person.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.corpus.safe import display_path

__all__ = ["OutputError", "check_output", "write_atomic", "write_output"]

PathLike = str | os.PathLike[str]


class OutputError(Exception):
    """The output file cannot (or must not) be written: ``reason`` says why."""

    def __init__(self, path: PathLike, reason: str) -> None:
        super().__init__(f"{display_path(path)}: {reason}")
        self.path = Path(path)
        self.reason = reason


def _target(path: Path) -> Path:
    """The file that writing to ``path`` replaces: a symbolic link's final target."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_output(path: PathLike, inputs: Sequence[PathLike] = ()) -> Path:
    """Raise :class:`OutputError` unless ``path`` may be written; return the file that
    will be replaced (``path`` itself, or where its symbolic link points)."""
    path = Path(path)
    target = _target(path)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(path, "is a folder, expected a file name")
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(
                path, "is not a regular file (a device, pipe or socket); refusing to write to it"
            )
        for source in inputs:
            if _same_file(st, source):
                raise OutputError(
                    path,
                    f"is {display_path(source)} (the same file, a link to it or a hard "
                    "link), one of the inputs; refusing to overwrite it",
                )
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(path, f"the folder {display_path(folder)} does not exist")
    return target


def _same_file(st: os.stat_result, source: PathLike) -> bool:
    try:
        other = os.stat(source)
    except (OSError, ValueError):
        return False
    return (st.st_dev, st.st_ino) == (other.st_dev, other.st_ino)


def write_output(path: PathLike, data: str | bytes, *, inputs: Sequence[PathLike] = ()) -> Path:
    """Write ``data`` (text is encoded as UTF-8, strictly) to ``path`` atomically.

    Refuses what :func:`check_output` refuses. Returns the file written. Raises
    :class:`OutputError`; on any failure nothing is left behind and an existing file
    is unchanged.
    """
    target = check_output(path, inputs)
    try:
        payload = data.encode("utf-8") if isinstance(data, str) else data
    except UnicodeEncodeError as exc:
        reason = f"cannot write: text not encodable as UTF-8 ({exc.reason})"
        raise OutputError(path, reason) from None
    try:
        # checked again just before the rename: nothing changed meanwhile (a link made
        # to an input while the text was written)
        write_atomic(target, payload, check=lambda: check_output(path, inputs))
    except OSError as exc:
        raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
    return target


def write_atomic(path: PathLike, data: bytes, *, check: Callable[[], object] | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, flushed to
    disk and renamed over ``path``: readers see the old file or the new one, never half
    of one. The name itself is replaced (a symbolic link at ``path`` is not followed:
    :func:`write_output` resolves links first). A new file gets ``0666`` minus the
    umask, a replaced one keeps its mode. ``check`` runs just before the rename; what it
    raises is raised. Raises OSError; on any failure the temporary file is removed and
    ``path`` is unchanged. This is what every writer of reader uses (``diff -o``, the
    library of fetched pages, the app's state and config).
    """
    path = Path(path)
    try:
        st = os.lstat(path)
        mode: int | None = stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else None
    except OSError:
        mode = None
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if check is not None:
            check()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_TEMP_FLAGS |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _temporary(path: Path) -> tuple[int, Path]:
    """A new hidden file next to ``path``, created with mode ``0666`` (the kernel applies
    the umask: no process-wide ``os.umask`` call, which other threads would see)."""
    for _ in range(100):
        tmp = path.parent / f".{path.name[:32]}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, _TEMP_FLAGS, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(path.parent))
