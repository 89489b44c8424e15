"""The rows × documents table of the diff view, rendered line by line.

A :class:`DiffTable` is a line-API ``ScrollView``: it wraps every cell once per width
(offsets only, no Rich objects), then builds the few strips that are on screen when
Textual asks for them. A comparison of thousands of rows therefore costs one wrap pass
and a dictionary of offsets, never thousands of widgets.

Article text is data: it is neutralised, never parsed as markup, and styled by offsets
(Segments built from plain strings).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.compare.model import Comparison, Row
from reader.view.cells import cells
from reader.view.comparison import MARKERS, Marker, is_difference
from reader.view.diff_rows import (
    COLUMN_MARKER,
    GUTTER,
    SEPARATOR,
    Layout,
    PreparedCell,
    PreparedComparison,
    cell_pieces,
    compute_layout,
    header_cell,
    hidden_when_changes_only,
    line_cells,
    missing_cell,
    prepare_comparison,
)

THREAD_ROWS = 300  # comparisons longer than this are prepared and wrapped in workers
HEADER_HEIGHT = 2  # labels, then a rule


class DiffTable(ScrollView, can_focus=True):
    """Aligned rows of a Comparison, one column per document, with a row cursor."""

    COMPONENT_CLASSES = {
        "diff--match",
        "diff--differs",
        "diff--added",
        "diff--omitted",
        "diff--moved",
        "diff--boilerplate",
        "diff--tint-differs",
        "diff--tint-added",
        "diff--tint-omitted",
        "diff--tint-moved",
        "diff--span",
        "diff--span-1",
        "diff--span-2",
        "diff--span-3",
        "diff--tag",
        "diff--empty",
        "diff--rule",
        "diff--label",
        "diff--title",
        "diff--cursor",
        "diff--cursor-gutter",
    }

    DEFAULT_CSS = """
    DiffTable {
        height: 1fr;
        width: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > .diff--match { color: $text-muted; }
        & > .diff--differs { color: $warning; text-style: bold; }
        & > .diff--added { color: $success; text-style: bold; }
        & > .diff--omitted { color: $error; text-style: bold; }
        & > .diff--moved { color: $accent; text-style: bold; }
        & > .diff--boilerplate { color: $text-disabled; }
        & > .diff--tint-differs { background: $warning 8%; }
        & > .diff--tint-added { background: $success 10%; }
        & > .diff--tint-omitted { background: $error 10%; }
        & > .diff--tint-moved { background: $accent 10%; }
        & > .diff--span { background: $warning 45%; color: $text; text-style: bold underline; }
        & > .diff--span-1 { background: $warning 45%; color: $text; text-style: bold underline; }
        & > .diff--span-2 { background: $primary 60%; color: $text; text-style: bold underline; }
        & > .diff--span-3 { background: $success 45%; color: $text; text-style: bold underline; }
        & > .diff--tag { color: $text-muted; text-style: italic; }
        & > .diff--empty { color: $text-muted; text-style: italic; }
        & > .diff--rule { color: $panel-lighten-2; }
        & > .diff--label { color: $text; text-style: bold; }
        & > .diff--title { color: $text-muted; }
        & > .diff--cursor { background: $primary 30%; }
        & > .diff--cursor-gutter { background: $primary; color: $text; text-style: bold; }
        &:focus > .diff--cursor { background: $primary 40%; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "Top", show=False),
        Binding("G,end", "last", "Bottom", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup,b", "page_up", "Page up", show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    class CursorMoved(Message):
        """The selected row changed."""

        def __init__(self, table: DiffTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> DiffTable:
            return self.table

    class Scrolled(Message):
        """The visible rows changed (for the overview strip)."""

        def __init__(self, table: DiffTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> DiffTable:
            return self.table

    def __init__(
        self,
        comparison: Comparison | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._comparison: Comparison | None = None
        self._rows: tuple[Row, ...] = ()
        self._cells: list[tuple[PreparedCell | None, ...]] = []
        self._markers: list[Marker] = []
        self._column_markers: tuple[tuple[Marker | None, ...], ...] = ()
        self._changes_only = False
        self._labels: list[str] = []
        self._titles: list[str] = []
        self._layout: Layout | None = None
        self._prepared: PreparedComparison | None = None
        self._strips: dict[tuple[int, bool], Strip] = {}
        self._palette: dict[str, Style] = {}
        if comparison is not None:
            self.set_comparison(comparison)

    # -- data -------------------------------------------------------------------------

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def row_layout(self) -> Layout | None:
        """The current layout (``None`` until a comparison is shown at a known width)."""
        return self._layout

    @property
    def built_lines(self) -> int:
        """How many screen lines are rendered and kept (lines are built when shown)."""
        return len(self._strips)

    @property
    def markers(self) -> Sequence[Marker]:
        return self._markers

    @property
    def labels(self) -> Sequence[str]:
        return self._labels

    @property
    def selected_row(self) -> Row | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_comparison(
        self,
        comparison: Comparison | PreparedComparison,
        layout: Layout | None = None,
        *,
        keep_position: bool = False,
    ) -> None:
        """Show ``comparison``; a ``PreparedComparison`` and a ``layout`` computed in a
        worker (see :func:`prepare_comparison`, :func:`compute_layout`) skip that work
        on the UI thread. A layout for another width is recomputed. ``keep_position``
        keeps the cursor's row number and the scroll offset (a refined comparison of the
        same documents replacing a provisional one); else the view starts at the top."""
        row, scroll = self.cursor, self.scroll_offset
        prepared = (
            comparison
            if isinstance(comparison, PreparedComparison)
            else prepare_comparison(comparison)
        )
        self._comparison = prepared.comparison
        self._rows = prepared.comparison.rows
        self._cells = list(prepared.cells)
        self._markers = list(prepared.markers)
        self._column_markers = prepared.column_markers
        self._labels = list(prepared.labels)
        self._titles = list(prepared.titles)
        self._prepared = prepared
        self._layout = None
        self._strips.clear()
        first = min(row, len(self._rows) - 1) if keep_position and self._rows else 0
        self.set_reactive(DiffTable.cursor, self._shown_from(first, 1))
        if self.is_mounted:
            if (
                layout is not None
                and layout.width == self._content_width()
                and layout.changes_only == self._changes_only
            ):
                self._install_layout(layout)
            else:
                self._relayout()
            if keep_position:
                self.scroll_to(scroll.x, scroll.y, animate=False)
            else:
                self.scroll_to(0, 0, animate=False)
            self.post_message(self.CursorMoved(self, self.cursor))

    # -- layout -----------------------------------------------------------------------

    def _content_width(self) -> int:
        return self.scrollable_content_region.width

    def content_width(self) -> int:
        """The width rows are laid out at (stable: the scrollbar gutter is reserved)."""
        return self._content_width()

    def _relayout(self) -> None:
        width = self._content_width()
        if width <= 0 or self._prepared is None:
            return
        layout = self._layout
        if layout is not None and (layout.width, layout.changes_only) == (
            width,
            self._changes_only,
        ):
            return
        if len(self._prepared.cells) > THREAD_ROWS:
            # Re-wrapping thousands of rows (a resize) happens in a worker; the previous
            # layout stays on screen until the new one is ready.
            self._layout_in_thread(self._prepared, width, self._changes_only)
            return
        self._install_layout(compute_layout(self._prepared, width, changes_only=self._changes_only))

    @work(thread=True, exclusive=True, group="diff-relayout", description="rewrap a comparison")
    def _layout_in_thread(
        self, prepared: PreparedComparison, width: int, changes_only: bool
    ) -> None:
        layout = compute_layout(prepared, width, polite=True, changes_only=changes_only)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._install_if_current, prepared, layout)

    def _install_if_current(self, prepared: PreparedComparison, layout: Layout) -> None:
        if (
            prepared is self._prepared
            and layout.width == self._content_width()
            and layout.changes_only == self._changes_only
        ):
            self._install_layout(layout)
            self.scroll_to_row(self.cursor)

    # -- changes only -----------------------------------------------------------------

    @property
    def changes_only(self) -> bool:
        return self._changes_only

    def hidden(self, row: int) -> bool:
        """Whether ``row`` is hidden by the changes-only view."""
        return (
            self._changes_only
            and 0 <= row < len(self._markers)
            and hidden_when_changes_only(self._markers[row])
        )

    @property
    def hidden_count(self) -> int:
        """How many rows the changes-only view hides (whether it is on or not)."""
        return sum(1 for m in self._markers if hidden_when_changes_only(m))

    def set_changes_only(self, on: bool) -> None:
        """Hide (or show again) the rows that match; the cursor stays on its row, or
        moves to the nearest row still shown."""
        if on == self._changes_only:
            return
        self._changes_only = on
        self._layout = None
        self._strips.clear()
        if self.is_mounted:
            self._relayout()
        cursor = self._shown_from(self.cursor, 1)
        if self.hidden(cursor):
            cursor = self._shown_from(self.cursor, -1)
        self.set_reactive(DiffTable.cursor, cursor)
        self.call_after_refresh(self.scroll_to_row, cursor, center=True)
        self.post_message(self.CursorMoved(self, cursor))

    def _shown_from(self, row: int, step: int) -> int:
        """``row`` if it is shown, else the next shown row in direction ``step`` (the
        row itself when there is none)."""
        i = row
        while 0 <= i < len(self._markers) and self.hidden(i):
            i += step
        return i if 0 <= i < len(self._markers) else row

    def _install_layout(self, layout: Layout) -> None:
        self._layout = layout
        self._strips.clear()
        self.virtual_size = Size(layout.width, HEADER_HEIGHT + layout.total)
        self.refresh()
        self.post_message(self.Scrolled(self))  # the visible rows changed

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        # Shorter (the why panel opened or grew, the terminal shrank): the selected row
        # stays in view.
        self.scroll_to_row(self.cursor)

    def on_mount(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._palette.clear()

    def row_region(self, row: int) -> Region:
        """The region of ``row`` in virtual coordinates (header included)."""
        layout = self._layout
        if layout is None or not 0 <= row < len(layout.tops) or not layout.heights[row]:
            return Region(0, 0, 0, 0)  # no such row, or hidden (changes only)
        return Region(0, HEADER_HEIGHT + layout.tops[row], layout.width, layout.heights[row] + 1)

    def row_at_line(self, line: int) -> int | None:
        """The row shown at content line ``line`` (0 = first line under the header)."""
        layout = self._layout
        if layout is None or not layout.tops or line < 0 or line >= layout.total:
            return None
        return bisect_right(layout.tops, line) - 1

    def visible_rows(self) -> tuple[int, int]:
        """First and last row (inclusive) at least partly on screen."""
        if not self._rows:
            return (0, -1)
        top = int(self.scroll_y)
        bottom = top + max(1, self.size.height - HEADER_HEIGHT) - 1
        first = self.row_at_line(top)
        last = self.row_at_line(bottom)
        if first is None:
            first = 0
        if last is None:
            last = len(self._rows) - 1
        return (first, last)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self))

    # -- cursor -----------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        if not self._rows:
            return 0
        value = max(0, min(value, len(self._rows) - 1))
        if self.hidden(value):
            step = 1 if value >= self.cursor else -1
            value = self._shown_from(value, step)
            if self.hidden(value):
                value = self._shown_from(value, -step)
        return value

    def watch_cursor(self, old: int, new: int) -> None:
        for row in (old, new):
            region = self.row_region(row)
            if region.height:
                self.refresh_lines(region.y, region.height)
        self._strips = {key: s for key, s in self._strips.items() if not key[1]}
        self.scroll_to_row(new)
        self.post_message(self.CursorMoved(self, new))

    def scroll_to_row(self, row: int, *, center: bool = False) -> None:
        region = self.row_region(row)
        if not region.height:
            return
        visible = max(1, self.size.height - HEADER_HEIGHT)
        if region.height > visible:
            region = Region(region.x, region.y, region.width, visible)
        self.scroll_to_region(
            region,
            spacing=Spacing(top=HEADER_HEIGHT),
            animate=False,
            center=center,
            immediate=True,
        )

    def jump_to(self, row: int) -> None:
        """Select ``row`` and bring it to the middle of the view (for jumps: n/N, m,
        the overview strip), so that the rows around it show too."""
        self.cursor = row
        self.scroll_to_row(self.cursor, center=True)

    def next_difference(self, step: int = 1) -> int | None:
        """Index of the next (``step=1``) or previous (``-1``) row that differs."""
        i = self.cursor + step
        while 0 <= i < len(self._rows):
            if is_difference(self._rows[i]):
                return i
            i += step
        return None

    def action_cursor_down(self) -> None:
        self.cursor = self._shown_from(self.cursor + 1, 1)

    def action_cursor_up(self) -> None:
        self.cursor = self._shown_from(self.cursor - 1, -1)

    def action_first(self) -> None:
        self.cursor = self._shown_from(0, 1)

    def action_last(self) -> None:
        self.cursor = self._shown_from(max(0, len(self._rows) - 1), -1)

    def _page(self, direction: int) -> None:
        layout = self._layout
        if layout is None or not self._rows:
            return
        visible = max(1, self.size.height - HEADER_HEIGHT)
        line = layout.tops[self.cursor] + direction * visible
        line = max(0, min(line, layout.total - 1))
        row = self.row_at_line(line)
        if row is not None:
            if row == self.cursor:
                row += direction
            self.cursor = row

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def on_click(self, event: events.Click) -> None:
        if event.y < HEADER_HEIGHT:
            return
        row = self.row_at_line(int(self.scroll_y) + event.y - HEADER_HEIGHT)
        if row is not None:
            self.cursor = row

    # -- rendering --------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        """A component's foreground and attributes (no background), resolved once."""
        style = self._palette.get(name)
        if style is None:
            full = self.get_component_rich_style(name)
            style = full.without_color + Style(color=full.color)
            self._palette[name] = style
        return style

    def _mark_style(self, name: str) -> Style:
        """The style of a mark of a cell: a span (by the document it is measured
        against, on the pivot of a 3+-way comparison) or a span's tag."""
        if name == "tag":
            return self._style("diff--tag")
        component = name if name in ("span-1", "span-2", "span-3") else "span"
        return self._background(f"diff--{component}") + self._style(f"diff--{component}")

    def _background(self, name: str) -> Style:
        """A component's background, blended over the widget's (alpha resolved)."""
        key = "bg:" + name
        style = self._palette.get(key)
        if style is None:
            style = Style(bgcolor=self.get_component_rich_style(name).bgcolor)
            self._palette[key] = style
        return style

    def render_line(self, y: int) -> Strip:
        layout = self._layout
        width = self.size.width if layout is None else layout.width
        base = self._palette.get("")
        if base is None:
            base = self._palette[""] = self.rich_style
        if layout is None:
            return Strip.blank(width, base)
        if y < HEADER_HEIGHT:
            return self._header_line(y, layout).apply_style(base)
        line = int(self.scroll_y) + y - HEADER_HEIGHT
        if line >= layout.total:
            return Strip.blank(width, base)
        row = bisect_right(layout.tops, line) - 1
        selected = row == self.cursor
        key = (line, selected)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._row_line(row, line - layout.tops[row], layout, selected)
            strip = strip.adjust_cell_length(width).apply_style(base)
            if len(self._strips) > 4000:
                self._strips.clear()
            self._strips[key] = strip
        return strip

    def _header_line(self, y: int, layout: Layout) -> Strip:
        rule = self._style("diff--rule")
        segments: list[Segment] = []
        if y == 1:
            segments.append(Segment("─" * GUTTER, rule))
            segments.append(Segment("─┼─".join("─" * w for w in layout.columns), rule))
            return Strip(segments)
        label_style = self._style("diff--label")
        title_style = self._style("diff--title")
        segments.append(Segment(" " * GUTTER))
        for k, width in enumerate(layout.columns):
            if k:
                segments.append(Segment(SEPARATOR, rule))
            label = self._labels[k] if k < len(self._labels) else "??"
            title = self._titles[k] if k < len(self._titles) else ""
            head, tail = header_cell(label, title, width)
            segments.append(Segment(head, label_style))
            segments.append(Segment(tail, title_style))
            segments.append(Segment(" " * (width - cells(head + tail))))
        return Strip(segments)

    def _row_line(self, row: int, offset: int, layout: Layout, selected: bool) -> Strip:
        marker = self._markers[row]
        rule = self._style("diff--rule")
        height = layout.heights[row]
        if offset >= height:  # the rule under the row
            return Strip(
                [
                    Segment("─" * GUTTER, rule),
                    Segment("─┼─".join("─" * w for w in layout.columns), rule),
                ]
            )
        tint = Style()
        if selected:
            tint = self._background("diff--cursor")
        elif marker in ("differs", "added", "omitted", "moved"):
            tint = self._background(f"diff--tint-{marker}")
        symbol_style = tint + self._style(f"diff--{marker}")
        if selected:
            symbol_style = self._background("diff--cursor-gutter") + self._style(
                "diff--cursor-gutter"
            )
        text_style = self._style("diff--boilerplate") if marker == "boilerplate" else Style()
        empty_style = self._style("diff--empty")
        markers = self._column_markers[row] if row < len(self._column_markers) else ()

        symbol = MARKERS[marker].symbol if offset == 0 else (" " if not selected else "▏")
        segments: list[Segment] = [
            Segment(symbol, symbol_style if offset == 0 or selected else tint),
            Segment(" ", tint),
        ]
        row_cells = self._cells[row]
        wraps = layout.wraps[row]
        for k, width in enumerate(layout.columns):
            if k:
                segments.append(Segment(SEPARATOR[0], tint))
                segments.append(Segment(SEPARATOR[1], tint + rule))
                segments.append(Segment(SEPARATOR[2], tint))
            cell = row_cells[k] if k < len(row_cells) else None
            wrap = wraps[k] if k < len(wraps) else None
            used = 0
            if markers and k:
                # the column's own marker: what this document says against the pivot
                own = markers[k] if k < len(markers) else None
                if offset == 0 and own is not None:
                    segments.append(
                        Segment(MARKERS[own].symbol, tint + self._style(f"diff--{own}"))
                    )
                    segments.append(Segment(" ", tint))
                else:
                    segments.append(Segment(" " * COLUMN_MARKER, tint))
                used = COLUMN_MARKER
            if cell is None or wrap is None:
                if offset == 0:
                    label = self._labels[k] if k < len(self._labels) else "??"
                    text = missing_cell(label, width - used)
                    segments.append(Segment(text, tint + empty_style))
                    used += cells(text)
            elif offset < len(wrap):
                start, end = wrap[offset]
                style = tint + (
                    self._style("diff--boilerplate") if cell.boilerplate else text_style
                )
                segments.extend(
                    Segment(piece, style if mark is None else self._mark_style(mark))
                    for piece, mark in cell_pieces(cell, start, end)
                )
                used += line_cells(cell, start, end)
            if used < width:
                segments.append(Segment(" " * (width - used), tint))
        return Strip(segments)

