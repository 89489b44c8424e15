"""Cancelling long comparison work from another thread.

The engine is pure and knows nothing of the UI; a caller that may want to stop it (the
TUI's diff view, when the user leaves it or quits) runs it inside
``with cancellable(check):``, where ``check()`` returns True once the work is no longer
wanted. Long loops of the engine call :func:`checkpoint`, which raises
:class:`Cancelled` when that happens. Outside ``cancellable`` a checkpoint costs one
context-variable lookup and never raises.

A call into the embeddings model (C code) cannot be interrupted: work stops at the next
checkpoint, after the current batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

__all__ = ["Cancelled", "cancellable", "checkpoint"]

_CHECK: ContextVar[Callable[[], bool] | None] = ContextVar("reader_cancel_check", default=None)


class Cancelled(Exception):
    """The work was cancelled by its caller (not an error)."""


@contextlib.contextmanager
def cancellable(check: Callable[[], bool]) -> Iterator[None]:
    """Within this block, :func:`checkpoint` raises :class:`Cancelled` once ``check()``."""
    token = _CHECK.set(check)
    try:
        yield
    finally:
        _CHECK.reset(token)


def checkpoint() -> None:
    """Raise :class:`Cancelled` if the surrounding :func:`cancellable` says so."""
    check = _CHECK.get()
    if check is not None and check():
        raise Cancelled()
