"""The one safe way to read a text file: every reader of the project goes through here.

- Regular files only. A FIFO, a device (``/dev/zero``), a socket or a folder is refused
  with a reason, and never blocks: the file is opened with ``O_NONBLOCK`` and checked
  with ``fstat`` on the open descriptor (no race between a check and the open).
- A size limit (:data:`reader.corpus.decode.MAX_FILE_BYTES`, 20 MB by default): a larger
  file is refused before it is read, and at most ``limit + 1`` bytes are ever read, even
  from a file that grows meanwhile.
- Text is decoded by :func:`reader.corpus.decode.decode_text`: UTF-8, UTF-16 and UTF-32
  with or without a byte-order mark, cp1252/latin-1 with a warning, binary refused.

:func:`read_bytes` returns the bytes, :func:`read_text` the decoded text; both raise
:class:`ReadError`, whose ``reason`` is a sentence for a person (no traceback needed).
Nothing here writes anywhere.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from reader.corpus import decode
from reader.corpus.decode import MAX_FILE_BYTES, Decoded, decode_text, too_large

__all__ = ["MAX_FILE_BYTES", "ReadError", "read_bytes", "read_text"]


class ReadError(Exception):
    """A file that cannot be read (as text): ``reason`` says why, for a person."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(reason)
        self.path = Path(path)
        self.reason = reason


def os_reason(exc: OSError) -> str:
    """A human reason for an error of ``open``/``stat``/``read``."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the link points back to itself)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (the file cannot be read)"
    if exc.errno == errno.ENOENT:
        return "file not found (or a broken symbolic link)"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return f"cannot read the file: {exc.strerror or exc}"


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_FLAGS |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: str | os.PathLike[str], *, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path``, or :class:`ReadError`.

    ``limit`` is the most bytes accepted (default: ``decode.MAX_FILE_BYTES``, 20 MB).
    """
    if limit is None:
        limit = decode.MAX_FILE_BYTES
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise ReadError(path, _folder_reason(path) or os_reason(exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(path, _folder_reason(path) or "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(path, "not a regular file (device, pipe or socket)")
        if st.st_size > limit:
            raise ReadError(path, too_large(st.st_size, limit))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew while it was read
            raise ReadError(path, too_large(size, limit))
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(path, os_reason(exc)) from None
    finally:
        os.close(fd)


def _folder_reason(path: str | os.PathLike[str]) -> str | None:
    """The reason for a folder (unreadable or not), None when ``path`` is not one."""
    try:
        if not stat.S_ISDIR(os.stat(path).st_mode):
            return None
    except OSError:
        return None
    if not os.access(path, os.R_OK | os.X_OK):
        return "permission denied (the folder cannot be read)"
    return "is a folder, not a file"


def read_text(path: str | os.PathLike[str], *, limit: int | None = None) -> Decoded:
    """The text of the regular file ``path``: ``.text``, ``.encoding`` and ``.warnings``
    (e.g. "decoded as cp1252"). Raises :class:`ReadError` for a file that is not a
    readable regular file within ``limit`` bytes, or not text. An empty file is ""."""
    decoded = decode_text(read_bytes(path, limit=limit))
    if decoded.error is not None:
        raise ReadError(path, decoded.error)
    return decoded
