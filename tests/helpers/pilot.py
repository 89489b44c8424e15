"""Waiting on a Textual Pilot until the reader is idle."""

from __future__ import annotations


async def settle(pilot: object) -> None:
    """Wait until the reader has loaded, detected languages and grouped its documents."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    app = pilot.app
    for _ in range(1200):  # at most about a minute
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        busy = getattr(app, "busy", False) or any(w.is_running for w in app.workers)
        if not busy:
            break
        await pilot.pause(0.05)
    await pilot.pause()
