"""Progress of long comparison work, for a caller that shows it.

Like :mod:`reader.compare.cancel`, the engine knows nothing of the UI: a caller runs the
work inside ``with reporting(callback):`` and the engine's long loops call
:func:`report` with what is done and what there is to do. Today that is the embedding
of texts the vector cache lacks (:func:`reader.compare.scoring.embeddings.embed_cached`,
batch by batch, counted in characters: what the model's time is proportional to).
Outside ``reporting`` a report costs one context-variable lookup.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

__all__ = ["Progress", "report", "reporting"]

Progress = Callable[[int, int], None]  # (done, total), in the unit of the work
_CALLBACK: ContextVar[Progress | None] = ContextVar("reader_progress", default=None)


@contextlib.contextmanager
def reporting(callback: Progress) -> Iterator[None]:
    """Within this block, :func:`report` calls ``callback(done, total)``."""
    token = _CALLBACK.set(callback)
    try:
        yield
    finally:
        _CALLBACK.reset(token)


def report(done: int, total: int) -> None:
    """Tell the surrounding :func:`reporting` caller how far the work is."""
    callback = _CALLBACK.get()
    if callback is not None:
        callback(done, total)
