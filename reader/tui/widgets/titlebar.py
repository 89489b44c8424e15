"""The top line of the reader: an icon that opens the command palette, then the app's
title and the open document, centred.

It looks like Textual's ``Header`` (same layout: an 8-cell icon area, the title
centred, 10 cells kept on the right) but is one widget instead of four: the styling of
those widgets was a measurable share of the start-up (``benchmarks/startup.py``).
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

from reader.view.cells import cells

ICON = "⭘"
ICON_CELLS = 8  # " ⭘" and its padding, as Textual's HeaderIcon
RIGHT_CELLS = 10  # as Textual's HeaderClockSpace


class TitleBar(Widget):
    """``reader — <open document>``, docked at the top; a click on the icon opens the
    command palette."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._retitle, init=False)
        self.watch(self.app, "sub_title", self._retitle, init=False)
        if self.app.ENABLE_COMMAND_PALETTE:
            self.tooltip = "Open the command palette (the icon)"

    def _retitle(self) -> None:
        self.refresh()

    def render(self) -> Text:
        width = self.size.width
        out = Text(no_wrap=True, end="")
        out.append(f" {ICON}".ljust(ICON_CELLS))
        room = max(0, width - ICON_CELLS - RIGHT_CELLS)
        title = Text(self.app.title, no_wrap=True, overflow="ellipsis", end="")
        if self.app.sub_title:
            title.append(" — ", style="dim")
            title.append(self.app.sub_title, style="dim")
        if cells(title.plain) > room:
            title.truncate(room, overflow="ellipsis")
        title.align("center", room)
        out.append_text(title)
        out.append(" " * RIGHT_CELLS)
        out.truncate(width)
        return out

    async def _on_click(self, event: events.Click) -> None:
        if event.x < ICON_CELLS and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
