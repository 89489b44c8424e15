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
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from reader.corpus.safe import display_path

__all__ = ["OutputError", "check_output", "write_output"]

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
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        check_output(path, inputs)  # nothing changed meanwhile (a link made while we worked)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
        raise
    return target
