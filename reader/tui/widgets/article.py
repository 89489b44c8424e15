"""The article pane: a line renderer over a laid-out Document.

The page is wrapped once per width (``reader.view.article.layout``); only visible lines
are turned into strips, and strips are cached until the width, the search or the styles
change. A long article (more than :data:`TYPESET_IN_THREAD_ABOVE` characters: wrapping
19 MB takes seconds) is typeset in a thread worker: the pane says "Typesetting…" and
the UI stays responsive meanwhile; the page appears when it is ready.

Article text only ever becomes ``rich.text.Text`` built from plain strings, so nothing
in an article is read as markup.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.corpus.model import Document
from reader.view.article import (
    Block,
    LayoutCancelled,
    Line,
    Match,
    document_blocks,
    layout,
    meta_line,
    page_title,
    search,
)

READING_WIDTH = 80  # the widest the text gets, in cells, padding included
# Characters above which a document is typeset in a worker (about 2 ms of layout per
# 10,000 characters on the development machine, so below a frame for this many).
TYPESET_IN_THREAD_ABOVE = 50_000


@dataclass(frozen=True, slots=True)
class _Page:
    """A document typeset at one width (made in a worker for long documents)."""

    document: Document
    width: int
    blocks: list[Block]
    lines: list[Line]
    first_lines: list[int]


def _first_lines(blocks: list[Block], lines: list[Line]) -> list[int]:
    first: list[int] = [0] * len(blocks)
    seen: set[int] = set()
    for y, line in enumerate(lines):
        if line.block >= 0 and line.block not in seen:
            seen.add(line.block)
            first[line.block] = y
    return first


class ArticleView(ScrollView, can_focus=True):
    """Reads one document: scrolling, paging, search with highlights, copy a paragraph."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down_line", "Scroll down", show=False),
        Binding("k,up", "scroll_up_line", "Scroll up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
        Binding("space,pagedown", "page_down_text", "Page down", show=False),
        Binding("b,pageup", "page_up_text", "Page up", show=False),
        Binding("n", "next_match", "Next match", show=False),
        Binding("N", "previous_match", "Previous match", show=False),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("y", "copy_paragraph", "Copy paragraph", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--title",
        "article--meta",
        "article--warning",
        "article--dek",
        "article--date",
        "article--label",
        "article--boilerplate",
        "article--error",
        "article--note",
        "article--match",
        "article--match-current",
        "article--heading",
        "article--code",
        "article--rule",
        "article--marker",
        "article--target",
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        /* The page is centred: reserve the scrollbar's place so that it never shifts. */
        scrollbar-gutter: stable;
        overflow-x: hidden;  /* the page wraps: there is never anything to the right */
        & > .article--title { color: $text-accent; text-style: bold; }
        & > .article--meta { color: $text-muted; }
        & > .article--warning { color: $text-warning; }
        & > .article--dek { text-style: italic; }
        & > .article--date { color: $text-muted; }
        & > .article--label { color: $text-disabled; text-style: italic; }
        & > .article--boilerplate { color: $text-disabled; }
        & > .article--error { color: $text-error; text-style: bold; }
        & > .article--note { color: $text-muted; }
        & > .article--heading { color: $text-accent; text-style: bold; }
        & > .article--code { color: $text-secondary; }
        & > .article--rule { color: $text-disabled; }
        & > .article--marker { color: $text-secondary; }
        & > .article--target { color: $text-muted; }
        & > .article--match { background: $warning 40%; }
        & > .article--match-current { background: $accent; color: $text; text-style: bold; }
    }
    """

    class SearchChanged(Message):
        """The matches or the current match changed (for the match counter)."""

        def __init__(self, view: ArticleView, query: str, current: int | None, total: int):
            super().__init__()
            self.view = view
            self.query = query
            self.current = current
            self.total = total

        @property
        def control(self) -> ArticleView:
            return self.view

    class SearchCleared(Message):
        """The search was cleared (escape)."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.document: Document | None = None
        self._blocks: list[Block] = []
        self._lines: list[Line] = []
        self._block_first_line: list[int] = []
        self._layout_width = -1
        self._query = ""
        self._matches: list[Match] = []
        self._matches_by_block: dict[int, list[int]] = {}
        self._current: int | None = None
        self._cache: dict[int, Strip] = {}
        self._frame_width = 0
        self._frame_margin = 0
        self._frame_style = Style()
        self._typesetting: tuple[str, int] | None = None  # (document id, width) in a worker
        self._keep_y: float | None = None  # scroll position to restore when the page is ready

    # --- content ---------------------------------------------------------------------

    @property
    def blocks(self) -> list[Block]:
        return self._blocks

    @property
    def lines(self) -> list[Line]:
        self._ensure_layout()
        return self._lines

    @property
    def search_query(self) -> str:
        return self._query

    @property
    def matches(self) -> list[Match]:
        return self._matches

    @property
    def current_match(self) -> int | None:
        return self._current

    @property
    def typesetting(self) -> bool:
        """A long document is being typeset in a worker (its page is not shown yet)."""
        return self._typesetting is not None

    def show_document(self, doc: Document | None) -> None:
        """Show ``doc`` from its top; the same document again keeps its place."""
        same = doc is not None and self.document is not None and doc.id == self.document.id
        self._keep_y = self.scroll_offset.y if same else None
        self.document = doc
        self._query, self._matches, self._matches_by_block, self._current = "", [], {}, None
        if doc is not None and len(doc.text) > TYPESET_IN_THREAD_ABOVE:
            if not same:  # a placeholder until the worker is done
                self._blocks = [
                    Block("title", page_title(doc)),
                    Block("meta", meta_line(doc)),
                    Block("note", f"Typesetting {len(doc.text):,} characters…"),
                ]
                self._set_lines(layout(self._blocks, self._text_width()), self._text_width())
                self.scroll_to(0, 0, animate=False, immediate=True)
            self._start_typesetting(doc)
            self.refresh()
            return
        self._typesetting = None
        self.workers.cancel_group(self, "typeset")
        self._blocks = document_blocks(doc) if doc is not None else []
        self._layout_width = -1
        self._ensure_layout()
        if self._keep_y is None:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self._keep_y = None
        self.refresh()

    def _start_typesetting(self, doc: Document) -> None:
        width = self._text_width()
        self._typesetting = (doc.id, width)
        self._typeset(doc, width)

    # A description: without one, Textual builds it from repr() of the arguments on the UI
    # thread, and the repr of a 19 MB Document takes seconds.
    @work(thread=True, exclusive=True, group="typeset", description="typeset an article")
    def _typeset(self, doc: Document, width: int) -> None:
        """In a worker: the blocks and lines of a long document (never on the UI thread)."""
        worker = get_current_worker()
        try:
            blocks = document_blocks(doc)
            lines = layout(blocks, width, lambda: worker.is_cancelled)
        except LayoutCancelled:
            return
        page = _Page(doc, width, blocks, lines, _first_lines(blocks, lines))
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_page, page)

    def _show_page(self, page: _Page) -> None:
        if self.document is not page.document or self._typesetting != (
            page.document.id,
            page.width,
        ):
            return  # another document, or another width, is on its way
        if page.width != self._text_width():  # resized meanwhile: again at the new width
            self._start_typesetting(page.document)
            return
        self._typesetting = None
        self._blocks = page.blocks
        self._lines = page.lines
        self._block_first_line = page.first_lines
        self._layout_width = page.width
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._lines))
        if self._keep_y is not None:
            self.scroll_to(y=self._keep_y, animate=False, immediate=True)
            self._keep_y = None
        if self._query:  # typed while the page was being typeset
            self.set_query(self._query, jump=False)
        self.refresh()

    def show_message(self, title: str, message: str) -> None:
        """A page that is not a document (empty corpus, still loading)."""
        self._typesetting = None
        self.workers.cancel_group(self, "typeset")
        self.document = None
        self._blocks = [Block("title", title), Block("note", message)]
        self._layout_width = -1
        self._query, self._matches, self._matches_by_block, self._current = "", [], {}, None
        self._ensure_layout()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _text_width(self) -> int:
        width = self.scrollable_content_region.width
        return max(10, min(READING_WIDTH, width) - 2)

    def _left_margin(self) -> int:
        width = self.scrollable_content_region.width
        return max(1, (width - self._text_width()) // 2)

    def _ensure_layout(self) -> None:
        width = self._text_width()
        if width == self._layout_width:
            return
        doc = self.document
        if doc is not None and len(doc.text) > TYPESET_IN_THREAD_ABOVE:
            # A long page is rewrapped in the worker; the old lines stay meanwhile.
            if self._typesetting != (doc.id, width):
                self._keep_y = self.scroll_offset.y
                self._start_typesetting(doc)
            return
        self._set_lines(layout(self._blocks, width), width)

    def _set_lines(self, lines: list[Line], width: int) -> None:
        self._layout_width = width
        self._lines = lines
        self._block_first_line = _first_lines(self._blocks, lines)
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._lines))

    def _on_resize(self, event: events.Resize) -> None:
        # The virtual size is the content region (not the widget's whole width, which
        # includes the scrollbar gutter); lines are rewrapped only for a new width.
        if self._text_width() == self._layout_width:
            self.virtual_size = Size(self.scrollable_content_region.width, len(self._lines))
        else:
            self._ensure_layout()
        self._cache.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    # --- rendering -------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Computed once per frame rather than once per line.
        self._ensure_layout()
        width, margin = self.scrollable_content_region.width, self._left_margin()
        if (width, margin) != (self._frame_width, self._frame_margin):
            # A scrollbar that comes or goes moves the centred page without changing the
            # wrap width: cached strips carry the old margin.
            self._cache.clear()
        self._frame_width = width
        self._frame_style = self.rich_style
        self._frame_margin = margin
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._frame_width
        number = y + round(self.scroll_offset.y)
        if number >= len(self._lines):
            return Strip.blank(width, self._frame_style)
        strip = self._cache.get(number)
        if strip is None:
            if len(self._cache) > 4000:
                self._cache.clear()
            strip = self._render_page_line(self._lines[number], width)
            self._cache[number] = strip
        return strip

    def _style_for(self, kind: str) -> Style:
        if kind in ("body",):
            return Style()
        return self.get_component_rich_style(f"article--{kind}")

    def _render_page_line(self, line: Line, width: int) -> Strip:
        base = self._frame_style
        if line.block < 0:
            return Strip.blank(width, base)
        block = self._blocks[line.block]
        segments = [Segment(" " * self._frame_margin, base)]
        if block.kind == "rule":
            rule = Text("─" * self._text_width(), style=self._style_for("rule"), end="")
            segments.extend(Segment.apply_style(rule.render(self.app.console), base))
            return Strip(segments).adjust_cell_length(width, base)
        lead = block.prefix if line.start == 0 else block.indent
        text = Text(block.text[line.start : line.end].rstrip(), style=self._style_for(block.kind))
        text.end = ""
        text.no_wrap = True
        for inline in block.inlines:
            start, end = max(inline.start, line.start), min(inline.end, line.end)
            if start < end:
                text.stylize(self._inline_style(inline.kind), start - line.start, end - line.start)
        for match_index in self._matches_by_block.get(line.block, ()):
            match = self._matches[match_index]
            start, end = max(match.start, line.start), min(match.end, line.end)
            if start < end:
                style = self.get_component_rich_style(
                    "article--match-current" if match_index == self._current else "article--match"
                )
                text.stylize(style, start - line.start, end - line.start)
        if lead:
            marker = self._style_for("marker")
            if block.kind == "boilerplate":
                marker = self._style_for("boilerplate")
            segments.append(Segment(lead, base + marker))
        segments.extend(Segment.apply_style(text.render(self.app.console), base))
        return Strip(segments).adjust_cell_length(width, base)

    def _inline_style(self, kind: str) -> Style:
        if kind == "strong":
            return Style(bold=True)
        if kind == "emphasis":
            return Style(italic=True)
        if kind in ("underline", "link"):
            return Style(underline=True)
        if kind == "strike":
            return Style(strike=True)
        if kind == "code":
            return self._style_for("code")
        if kind == "target":
            return self._style_for("target")
        return Style()

    # --- search ----------------------------------------------------------------------

    def set_query(self, query: str, *, jump: bool = True) -> None:
        """Highlight every match of ``query``; the first one at or after the view is current.

        In a long document the search runs in a worker (it takes seconds in 19 MB) and
        the highlights appear when it is done; a newer query replaces it."""
        self._query = query
        doc = self.document
        if query and doc is not None and len(doc.text) > TYPESET_IN_THREAD_ABOVE:
            if not self.typesetting:  # else _show_page searches once the page is ready
                self._search_in_thread(query, jump, self._blocks)
            return
        self.workers.cancel_group(self, "search")
        self._set_matches(query, search(self._blocks, query), jump)

    @work(thread=True, exclusive=True, group="search", description="search an article")
    def _search_in_thread(self, query: str, jump: bool, blocks: list[Block]) -> None:
        worker = get_current_worker()
        try:
            matches = search(blocks, query, lambda: worker.is_cancelled)
        except LayoutCancelled:
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._set_matches_if_current, query, blocks, matches, jump)

    def _set_matches_if_current(
        self, query: str, blocks: list[Block], matches: list[Match], jump: bool
    ) -> None:
        if query == self._query and blocks is self._blocks:
            self._set_matches(query, matches, jump)

    def _set_matches(self, query: str, matches: list[Match], jump: bool) -> None:
        self._matches = matches
        by_block: dict[int, list[int]] = {}
        for index, match in enumerate(self._matches):
            by_block.setdefault(match.block, []).append(index)
        self._matches_by_block = by_block
        self._current = None
        if self._matches:
            top = round(self.scroll_offset.y)
            # The first match whose block starts at or after the top of the view (the
            # matches are in reading order), then the exact line within its block.
            starts = [self._block_first_line[m.block] for m in self._matches]
            after = bisect.bisect_left(starts, top)
            first = bisect.bisect_left(starts, starts[after - 1]) if after else 0
            self._current = 0
            for index in range(first, len(self._matches)):
                if self._line_of(self._matches[index]) >= top:
                    self._current = index
                    break
            if jump:
                self._reveal_current()
        self._cache.clear()
        self.refresh()
        self._post_search()

    def _post_search(self) -> None:
        self.post_message(self.SearchChanged(self, self._query, self._current, len(self._matches)))

    def _line_of(self, match: Match) -> int:
        self._ensure_layout()
        first = self._block_first_line[match.block]
        y = first
        while y + 1 < len(self._lines) and self._lines[y + 1].block == match.block:
            if self._lines[y + 1].start > match.start:
                break
            y += 1
        return y

    def _reveal_current(self) -> None:
        if self._current is None:
            return
        y = self._line_of(self._matches[self._current])
        height = self.scrollable_content_region.height
        top = round(self.scroll_offset.y)
        if not (top <= y < top + height):
            self.scroll_to(y=max(0, y - height // 3), animate=False, immediate=True)

    def _step_match(self, step: int) -> None:
        if not self._matches:
            if self._query:
                self.notify(f"No match for “{self._query}”", severity="warning", markup=False)
            return
        previous = self._current
        current = -1 if previous is None else previous
        if previous is None and step < 0:
            current = 0
        self._current = (current + step) % len(self._matches)
        # Only the lines of the old and the new current match change.
        for index in (previous, self._current):
            if index is None:
                continue
            first, last = self._match_line_span(self._matches[index])
            for y in range(first, last + 1):
                self._cache.pop(y, None)
            self.refresh_lines(first, last - first + 1)
        self._reveal_current()
        self._post_search()

    def _match_line_span(self, match: Match) -> tuple[int, int]:
        first = self._line_of(match)
        last = first
        while (
            last + 1 < len(self._lines)
            and self._lines[last + 1].block == match.block
            and self._lines[last + 1].start < match.end
        ):
            last += 1
        return first, last

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def action_clear_search(self) -> None:
        if not self._query:
            return
        self._query, self._matches, self._matches_by_block, self._current = "", [], {}, None
        self._cache.clear()
        self.refresh()
        self.post_message(self.SearchCleared())

    # --- moving ----------------------------------------------------------------------

    def action_scroll_down_line(self) -> None:
        self.scroll_to(y=self.scroll_offset.y + 1, animate=False, immediate=True)

    def action_scroll_up_line(self) -> None:
        self.scroll_to(y=self.scroll_offset.y - 1, animate=False, immediate=True)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def action_page_down_text(self) -> None:
        step = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=self.scroll_offset.y + step, animate=False, immediate=True)

    def action_page_up_text(self) -> None:
        step = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=self.scroll_offset.y - step, animate=False, immediate=True)

    # --- copy ------------------------------------------------------------------------

    def current_block(self) -> Block | None:
        """The paragraph being read: the current search match's, else the first one in view."""
        if not self._blocks:
            return None
        if self._current is not None:
            return self._blocks[self._matches[self._current].block]
        self._ensure_layout()
        top = round(self.scroll_offset.y)
        for line in self._lines[top:]:
            if line.block >= 0 and self._blocks[line.block].paragraph is not None:
                return self._blocks[line.block]
        for line in reversed(self._lines[:top]):
            if line.block >= 0 and self._blocks[line.block].paragraph is not None:
                return self._blocks[line.block]
        return None

    def action_copy_paragraph(self) -> None:
        block = self.current_block()
        if block is None:
            self.notify("Nothing to copy", severity="warning")
            return
        self.app.copy_to_clipboard(block.text)
        preview = block.text if len(block.text) <= 60 else block.text[:59] + "…"
        self.notify(
            f"Copied paragraph ({len(block.text):,} characters): {preview}",
            title="Copied",
            markup=False,
        )

    def line_at_block(self, block: int) -> int:
        self._ensure_layout()
        return self._block_first_line[block] if 0 <= block < len(self._block_first_line) else 0
