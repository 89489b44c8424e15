"""The document list of the sidebar: a virtualised line renderer.

Only the visible lines are rendered (``render_line``), so 10,000 documents cost what a
screenful costs. Rows come from :func:`reader.view.listing.build_rows` (flat, or grouped
by story and version).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.view.cells import cells, pad
from reader.view.listing import ENTRY_MARK, ENTRY_PROBLEM, ListRow, Slot

WIDEST_CANDIDATES = 64  # rows whose width is measured exactly (the longest titles)
BADGE_CELLS = 2  # the language badge column


class DocList(ScrollView, can_focus=True):
    """A list of documents with a cursor; ``enter`` or a click opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next document", show=False),
        Binding("k,up", "cursor_up", "Previous document", show=False),
        Binding("g,home", "first", "First document", show=False),
        Binding("G,end", "last", "Last document", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("enter", "open", "Open", show=False),
        Binding("escape", "app.close_filter", "Clear the filter", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "doclist--cursor",
        "doclist--cursor-blurred",
        "doclist--header",
        "doclist--badge",
        "doclist--error",
        "doclist--dim",
        "doclist--open",
        "doclist--mark",
    }

    DEFAULT_CSS = """
    DocList {
        background: $surface;
        & > .doclist--cursor { background: $block-cursor-background;
            color: $block-cursor-foreground; text-style: bold; }
        & > .doclist--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .doclist--header { color: $text-accent; text-style: bold; }
        & > .doclist--badge { color: $text-primary; text-style: bold; }
        & > .doclist--error { color: $text-error; text-style: bold; }
        & > .doclist--dim { color: $text-disabled; }
        & > .doclist--open { text-style: bold; }
        & > .doclist--mark { color: $text-secondary; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Opened(Message):
        """The user opened the document at ``index`` (into the slots), or the entry
        ``item`` of the feed at ``index`` (``item`` is -1 for a document)."""

        def __init__(self, doc_list: DocList, index: int, item: int = -1) -> None:
            super().__init__()
            self.doc_list = doc_list
            self.index = index
            self.item = item

        @property
        def control(self) -> DocList:
            return self.doc_list

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._slots: Sequence[Slot] = ()
        self._rows: list[ListRow] = []
        self._open_index: int | None = None
        self._cache: dict[tuple[int, bool, bool, int], Strip] = {}
        self._frame_width = 0
        self._frame_style = Style()
        self._widest = 0

    # --- data ------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[ListRow]:
        return self._rows

    @property
    def widest(self) -> int:
        """Cells the longest row needs, uncut (the sidebar grows to it on wide screens).

        Measured exactly on the rows with the longest titles (by characters), so that
        10,000 rows cost a few milliseconds."""
        if self._widest < 0:
            longest = heapq.nlargest(WIDEST_CANDIDATES, self._rows, key=lambda r: len(r.text))
            self._widest = max((self._row_cells(row) for row in longest), default=0)
        return self._widest

    def _row_cells(self, row: ListRow) -> int:
        """The cells of ``row`` as :meth:`_render_row` draws it, before any cut."""
        title = cells(row.text)
        if row.kind == "header":
            return 1 + title
        if row.kind == "item":
            return 1 + 2 * row.depth + len(ENTRY_MARK) + title
        badge = max(2, cells(self._slots[row.index].badge))
        lead = 2 * row.depth if row.depth else 1 + (1 if row.version_mark else 0)
        return lead + badge + 1 + title

    @property
    def open_index(self) -> int | None:
        return self._open_index

    def set_rows(self, slots: Sequence[Slot], rows: list[ListRow]) -> None:
        """Replace the rows, keeping the cursor on the same document when it is still listed."""
        current, item = self.current_index, self.current_item
        self._slots = slots
        self._rows = rows
        self._widest = -1  # measured when asked (wide screens only)
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(rows))
        target = self._row_of(current) if current is not None else None
        if current is not None and item >= 0:
            target = next(
                (
                    y
                    for y, row in enumerate(rows)
                    if row.kind == "item" and row.index == current and row.item == item
                ),
                target,
            )
        if target is None:
            target = self._first_doc_row(0, 1)
        self.cursor = target if target is not None else 0
        self.refresh()

    def set_open(self, index: int | None) -> None:
        self._open_index = index
        self._cache.clear()
        self.refresh()

    @property
    def current_index(self) -> int | None:
        """The slot index under the cursor, or None (empty list or a header)."""
        if 0 <= self.cursor < len(self._rows):
            row = self._rows[self.cursor]
            if row.kind in ("doc", "item"):
                return row.index
        return None

    @property
    def current_item(self) -> int:
        """The feed entry under the cursor, or -1."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor].item
        return -1

    def select_index(self, index: int) -> bool:
        """Move the cursor onto the document ``index``; False when it is not listed."""
        row = self._row_of(index)
        if row is None:
            return False
        self.cursor = row
        return True

    def _row_of(self, index: int) -> int | None:
        for y, row in enumerate(self._rows):
            if row.kind == "doc" and row.index == index:
                return y
        return None

    def select_item(self, index: int, item: int) -> bool:
        """Move the cursor onto entry ``item`` of the feed ``index``."""
        for y, row in enumerate(self._rows):
            if row.kind == "item" and row.index == index and row.item == item:
                self.cursor = y
                return True
        return False

    def _first_doc_row(self, start: int, step: int) -> int | None:
        y = start
        while 0 <= y < len(self._rows):
            if self._rows[y].kind in ("doc", "item"):
                return y
            y += step
        return None

    # --- cursor ----------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        # Strips are keyed by (line, is_cursor, ...): only the two lines change.
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_visible()

    def _scroll_cursor_visible(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def _move(self, step: int) -> None:
        target = self._first_doc_row(self.cursor + step, 1 if step > 0 else -1)
        if target is None:
            target = self._first_doc_row(self.cursor + step, -1 if step > 0 else 1)
        if target is not None:
            self.cursor = target

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        target = self._first_doc_row(0, 1)
        if target is not None:
            self.cursor = target

    def action_last(self) -> None:
        target = self._first_doc_row(len(self._rows) - 1, -1)
        if target is not None:
            self.cursor = target

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height - 1))

    def action_open(self) -> None:
        index = self.current_index
        if index is not None:
            self.post_message(self.Opened(self, index, self.current_item))

    async def _on_click(self, event: events.Click) -> None:
        y = event.y + round(self.scroll_offset.y)
        if 0 <= y < len(self._rows) and self._rows[y].kind in ("doc", "item"):
            self.cursor = y
            row = self._rows[y]
            self.post_message(self.Opened(self, row.index, row.item))

    # --- rendering -------------------------------------------------------------------

    def _on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(event.size.width, len(self._rows))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self._cache.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._cache.clear()
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Computed once per frame rather than once per line.
        self._frame_width = self.scrollable_content_region.width
        self._frame_style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._frame_width
        line = y + round(self.scroll_offset.y)
        if line >= len(self._rows):
            return Strip.blank(width, self._frame_style)
        key = (line, line == self.cursor, self.has_focus, width)
        strip = self._cache.get(key)
        if strip is None:
            if len(self._cache) > 2000:
                self._cache.clear()
            strip = self._render_row(self._rows[line], line == self.cursor, width)
            self._cache[key] = strip
        return strip

    def _render_row(self, row: ListRow, is_cursor: bool, width: int) -> Strip:
        base = self._frame_style
        component = self.get_component_rich_style
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if row.kind == "header":
            text.append(" " + row.text, component("doclist--header"))
        elif row.kind == "item":
            text.append(" " + "  " * row.depth)
            text.append(ENTRY_PROBLEM if row.problem else ENTRY_MARK, component("doclist--mark"))
            text.append(row.text, component("doclist--dim") if row.problem else Style())
        else:
            slot = self._slots[row.index]
            status = slot.status
            indent = "  " * row.depth
            mark = row.version_mark or (" " if row.depth else "")
            text.append(" " + indent[:-1] if row.depth else " ")
            if mark:
                text.append(mark, component("doclist--mark"))
            badge = slot.badge
            badge_style = {
                "ok": component("doclist--badge"),
                "error": component("doclist--error"),
            }.get(status, component("doclist--dim"))
            text.append(pad(badge, BADGE_CELLS), badge_style)
            text.append(" ")
            title_style = Style()
            if status in ("unsupported", "loading"):
                title_style = component("doclist--dim")
            elif status == "error":
                title_style = component("doclist--error") + Style(bold=False)
            if row.index == self._open_index:
                title_style += component("doclist--open")
            text.append(row.text, title_style)
        text.truncate(width, overflow="ellipsis", pad=True)
        line_style = base
        if is_cursor:
            line_style = base + component(
                "doclist--cursor" if self.has_focus else "doclist--cursor-blurred"
            )
        segments = list(Segment.apply_style(text.render(self.app.console), line_style))
        strip = Strip(segments, cells(text.plain))
        return strip.adjust_cell_length(width, base)
