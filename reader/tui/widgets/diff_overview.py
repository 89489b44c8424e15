"""A narrow vertical strip that maps the whole comparison onto the screen's height.

Each line of the strip stands for a stretch of rows; its colour is the most notable
kind of row in that stretch (omitted > added > differs > moved > match). A bar marks the
rows on screen, an arrow the selected row. Clicking a line jumps there.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from reader.view.comparison import SEVERITY, Marker

_NOTABLE: tuple[Marker, ...] = ("differs", "added", "omitted", "moved")


class DiffOverview(Widget):
    """Where the differences lie along the document."""

    COMPONENT_CLASSES = {
        "overview--differs",
        "overview--added",
        "overview--omitted",
        "overview--moved",
        "overview--match",
        "overview--viewport",
        "overview--cursor",
    }

    DEFAULT_CSS = """
    DiffOverview {
        width: 2;
        height: 1fr;
        background: $panel;
        & > .overview--differs { background: $warning; }
        & > .overview--added { background: $success; }
        & > .overview--omitted { background: $error; }
        & > .overview--moved { background: $accent; }
        & > .overview--match { background: $panel; }
        & > .overview--viewport { color: $text; background: $panel-lighten-2; }
        & > .overview--cursor { color: $text; text-style: bold; }
    }
    """

    class Jump(Message):
        """The user clicked the strip: go to ``row``."""

        def __init__(self, overview: DiffOverview, row: int) -> None:
            super().__init__()
            self.overview = overview
            self.row = row

        @property
        def control(self) -> DiffOverview:
            return self.overview

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._markers: Sequence[Marker] = ()
        self._visible: tuple[int, int] = (0, -1)
        self._cursor = 0

    def set_markers(self, markers: Sequence[Marker]) -> None:
        self._markers = list(markers)
        self.refresh()

    def set_view(self, visible: tuple[int, int], cursor: int) -> None:
        if (visible, cursor) != (self._visible, self._cursor):
            self._visible, self._cursor = visible, cursor
            self.refresh()

    def band(self, y: int) -> tuple[int, int]:
        """Rows ``[start, end)`` that line ``y`` of the strip stands for."""
        rows = len(self._markers)
        height = max(1, self.size.height)
        if rows <= height:
            return (y, y + 1) if y < rows else (rows, rows)
        start = y * rows // height
        end = max(start + 1, (y + 1) * rows // height)
        return (start, end)

    def marker_at(self, y: int) -> Marker | None:
        start, end = self.band(y)
        if start >= end:
            return None
        return max(self._markers[start:end], key=lambda m: SEVERITY[m])

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        start, end = self.band(y)
        if start >= end:
            return Strip.blank(self.size.width, base)
        marker = self.marker_at(y)
        colour = (
            self.get_component_rich_style(f"overview--{marker}", partial=True)
            if marker in _NOTABLE
            else self.get_component_rich_style("overview--match", partial=True)
        )
        first, last = self._visible
        in_view = start <= last and end - 1 >= first
        lead_style = Style()
        lead = " "
        if start <= self._cursor < end:
            lead = "▶"
            lead_style = self.get_component_rich_style("overview--cursor", partial=True)
            if in_view:
                lead_style = (
                    self.get_component_rich_style("overview--viewport", partial=True) + lead_style
                )
        elif in_view:
            lead = "┃"
            lead_style = self.get_component_rich_style("overview--viewport", partial=True)
        segments = [Segment(lead, lead_style), Segment(" " * max(0, self.size.width - 1), colour)]
        return Strip(segments).apply_style(base)

    def on_click(self, event: events.Click) -> None:
        start, end = self.band(event.y)
        if start < end:
            self.post_message(self.Jump(self, start))
