"""The footer (reader/tui/widgets/footer.py) rebuilds its keys only when they change."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Footer
from textual.widgets._footer import FooterKey

from reader.tui.widgets.footer import QuietFooter


class Plain(Button):
    """A focusable widget with no keys of its own."""


class WithKey(Button):
    BINDINGS = [Binding("x", "noop", "Extra")]

    def action_noop(self) -> None:
        pass


class Host(App[None]):
    BINDINGS = [Binding("z", "noop", "Zed")]

    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer_type = footer
        self.recomposed = 0

    def compose(self) -> ComposeResult:
        yield Plain("one", id="one")
        yield Plain("two", id="two")
        yield WithKey("three", id="three")
        yield self.footer_type()

    def action_noop(self) -> None:
        pass


async def _recomposes(footer: type[Footer]) -> tuple[int, list[list[str]]]:
    app = Host(footer)
    keys: list[list[str]] = []
    async with app.run_test() as pilot:
        shown = app.query_one(Footer)
        original = shown.recompose
        count = 0

        async def counted(*args: Any, **kwargs: Any) -> None:
            nonlocal count
            count += 1
            await original(*args, **kwargs)

        shown.recompose = counted  # type: ignore[method-assign]
        await pilot.pause()
        for target in ("one", "two", "one", "three", "one"):
            app.query_one(f"#{target}").focus()
            await pilot.pause()
            await pilot.pause()
            keys.append([k.key for k in app.query(FooterKey)])
    return count, keys


async def test_focus_moves_without_other_keys_rebuild_nothing() -> None:
    plain_count, plain_keys = await _recomposes(Footer)
    quiet_count, quiet_keys = await _recomposes(QuietFooter)
    assert quiet_keys == plain_keys, "the same keys shown at every step"
    assert "x" in quiet_keys[3] and "x" not in quiet_keys[4]  # the focused widget's key
    assert quiet_count == 2, "rebuilt for the key that came and went, not for each focus"
    assert plain_count > quiet_count
