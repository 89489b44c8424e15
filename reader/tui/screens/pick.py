"""Choose which documents to compare, and which one is the pivot.

``ComparePicker(documents, current)`` is a modal list of documents (``[x]``/``[ ]``, a
language badge and the title: the opening words for an untitled article, the file name
only where two documents would read alike). ``j``/``k`` move, ``space`` ticks or unticks,
``p`` makes the highlighted document the pivot, ``/`` filters by title, file or language
(a big corpus shows at most 200 documents at once; ``escape`` in the filter box clears
it), ``enter`` opens a :class:`~reader.tui.screens.diff.DiffScreen` on the ticked documents
(pivot first, then in the order they were ticked), ``escape`` or ``q`` cancels. The
current document (``current``, or ``first=``) starts ticked, as the pivot. The status
line names the documents that will be compared. The screen's result is the chosen
documents, or ``None`` when cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from reader.corpus.model import Document
from reader.corpus.safe import neutralise
from reader.tui.widgets.footer import QuietFooter
from reader.view.comparison import doc_file, doc_label, doc_title

MAX_SHOWN = 200  # options in the list at once: a corpus of 10,000 is filtered, not listed
TICKED, UNTICKED = "[x]", "[ ]"
STATUS_TITLE = 28  # characters of each title in the status line (more when few are ticked)


class TickList(SelectionList[int]):
    """A SelectionList whose rows read ``[x]`` when ticked and ``[ ]`` when not (the
    stock toggle glyph looks the same in both states on many terminals), with ``j``/``k``
    moving the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    DEFAULT_CSS = """
    TickList {
        & > .selection-list--button { color: $text-muted; }
        & > .selection-list--button-highlighted { color: $text; }
        & > .selection-list--button-selected { color: $text-success; text-style: bold; }
        & > .selection-list--button-selected-highlighted {
            color: $text-success; text-style: bold; }
    }
    """

    def _get_left_gutter_width(self) -> int:
        return len(TICKED) + 1

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        ticked = selection.value in self._selected
        component = "selection-list--button" + ("-selected" if ticked else "")
        if self.highlighted == index:
            component += "-highlighted"
        # the row's own background (highlighted or not): the padding at the end of the line
        segments = list(line)
        last = segments[-1].style if segments else None
        underlying = Style(bgcolor=(last or self.rich_style).bgcolor)
        colour = self.get_component_rich_style(component)  # its colour, not its background
        box_style = underlying + Style(color=colour.color, bold=colour.bold)
        meta = Style(meta={"option": index})  # a click on the box ticks it
        return Strip(
            [
                Segment(TICKED if ticked else UNTICKED, box_style + meta),
                Segment(" ", underlying),
                *segments,
            ]
        )


class FilterBox(Input):
    """The picker's filter: ``escape`` clears it (the ticks stay) and goes back to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "screen.clear_filter", "Clear the filter", show=False),
    ]


class ComparePicker(ModalScreen[list[Document] | None]):
    """Tick documents to compare; the pivot is shown first in the diff view."""

    DEFAULT_CSS = """
    ComparePicker {
        align: center middle;
        #picker {
            width: 90%;
            max-width: 100;
            height: 80%;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
        #picker-help { height: auto; color: $text-muted; }
        #picker-filter { height: 1; border: none; padding: 0 1; margin: 0 0 1 0; }
        #picker-list { height: 1fr; border: none; }
        #picker-status { height: auto; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel"),
        Binding("enter", "compare", "Compare", priority=True),
        Binding("p", "pivot", "Make pivot"),
        Binding("space", "tick", "Tick", show=True),
        Binding("slash", "filter", "Filter"),
    ]

    def __init__(
        self,
        documents: Sequence[Document],
        current: Document | None = None,
        scorer: str = "auto",
        *,
        first: Document | None = None,
        open_diff: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.documents: tuple[Document, ...] = tuple(documents)
        # ``first`` is accepted as another name for ``current`` (the pre-ticked pivot).
        current = current if current is not None else first
        self.current = current
        self.scorer = scorer
        self.open_diff = open_diff
        # Ticked document indices, in the order they were ticked; the first is the pivot.
        self.order: list[int] = []
        if current is not None:
            for i, doc in enumerate(self.documents):
                if doc is current or doc.id == current.id:
                    if self._usable(doc):
                        self.order.append(i)
                    break
        self._keys = [self._search_key(doc) for doc in self.documents]
        # Documents whose badge and title read alike: their rows add the file name.
        seen: dict[tuple[str, str], int] = {}
        for doc in self.documents:
            key = (doc_label(doc), doc_title(doc))
            seen[key] = seen.get(key, 0) + 1
        self._alike = {key for key, count in seen.items() if count > 1}
        self.matches = 0  # documents that match the filter
        self.shown: list[int] = self._filtered("")  # document indices, in list order

    @staticmethod
    def _usable(doc: Document) -> bool:
        return doc.ok and doc.supported

    @staticmethod
    def _search_key(doc: Document) -> str:
        return " ".join((doc_label(doc), doc_title(doc), doc_file(doc))).casefold()

    def _filtered(self, query: str) -> list[int]:
        """Documents matching ``query`` (every word), at most MAX_SHOWN, ticked ones kept."""
        words = query.casefold().split()
        matching = [i for i, key in enumerate(self._keys) if all(word in key for word in words)]
        self.matches = len(matching)
        shown = set(matching[:MAX_SHOWN]) | set(self.order)
        return sorted(shown)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(
                Text(
                    "Compare documents: j/k move, space ticks, p makes the pivot (first "
                    "column), / filters (escape clears it), enter compares, escape or q "
                    "cancels."
                ),
                id="picker-help",
                markup=False,
            )
            yield FilterBox(placeholder="/ filter by title, file or language", id="picker-filter")
            yield TickList(*self._selections(), id="picker-list")
            yield Static("", id="picker-status", markup=False)
        yield QuietFooter()

    def _prompt(self, index: int) -> Text:
        doc = self.documents[index]
        out = Text(no_wrap=True, overflow="ellipsis")
        label = doc_label(doc)
        out.append(f" {label} ", style="reverse bold" if doc.language else "reverse dim")
        out.append(" ")
        if self.order and self.order[0] == index:
            out.append("pivot ", style="bold")
        title = doc_title(doc)
        out.append(title)
        file = doc_file(doc)
        if file and file != title and (label, title) in self._alike:
            out.append(f"  {file}", style="dim")
        if not self._usable(doc):
            out.append("  ✗ ", style="bold red")
            out.append(neutralise(doc.error or "unsupported file"), style="red")
        return out

    def _selections(self) -> list[Selection[int]]:
        return [
            Selection(
                self._prompt(i),
                i,
                i in self.order,
                disabled=not self._usable(self.documents[i]),
            )
            for i in self.shown
        ]

    @property
    def selection_list(self) -> SelectionList[int]:
        return self.query_one("#picker-list", TickList)

    @property
    def highlighted_document(self) -> int | None:
        """The document index under the list's cursor."""
        option = self.selection_list.highlighted
        if option is None or not 0 <= option < len(self.shown):
            return None
        return self.shown[option]

    def on_mount(self) -> None:
        sl = self.selection_list
        if self.order and self.order[0] in self.shown:
            sl.highlighted = self.shown.index(self.order[0])
        sl.focus()
        self._update_status()

    def _refresh_prompt(self, index: int | None) -> None:
        if index is not None and index in self.shown:
            self.selection_list.replace_option_prompt_at_index(
                self.shown.index(index), self._prompt(index)
            )

    def _update_status(self) -> None:
        chosen = self.chosen()
        out = Text()
        if len(chosen) < 2:
            out.append("Tick at least two documents.", style="italic")
            if chosen:
                out.append(" Pivot: ", style="dim")
                self._append_named(out, chosen[0], STATUS_TITLE * 2)
        else:
            out.append("Will compare ", style="bold")
            room = max(12, STATUS_TITLE * 3 // len(chosen))
            for number, doc in enumerate(chosen):
                if number:
                    out.append(" | ", style="dim")
                self._append_named(out, doc, room)
                if number == 0:
                    out.append(" (pivot)", style="dim")
        if self.matches > MAX_SHOWN:
            out.append(
                f"\nShowing {MAX_SHOWN} of {self.matches} documents: type / to filter.",
                style="dim",
            )
        self.query_one("#picker-status", Static).update(out)

    @staticmethod
    def _append_named(out: Text, doc: Document, room: int) -> None:
        """``EN “TikTok could possibly…”``: a document as the status line names it."""
        title = doc_title(doc)
        if len(title) > room:
            title = title[: room - 1].rstrip() + "…"
        out.append(doc_label(doc), style="bold")
        out.append(f" “{title}”")

    def chosen(self) -> list[Document]:
        """The ticked documents, pivot first."""
        return [self.documents[i] for i in self.order]

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        keep = self.highlighted_document
        self.shown = self._filtered(event.value)
        sl = self.selection_list
        sl.clear_options()
        sl.add_options(self._selections())
        if keep is not None and keep in self.shown:
            sl.highlighted = self.shown.index(keep)
        elif self.shown:
            sl.highlighted = 0
        self._update_status()

    @on(Input.Submitted, "#picker-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self.selection_list.focus()

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[int]) -> None:
        index = event.selection.value
        pivot_before = self.order[0] if self.order else None
        if index in self.order:
            self.order.remove(index)
        else:
            self.order.append(index)
        pivot_after = self.order[0] if self.order else None
        if pivot_after != pivot_before:
            self._refresh_prompt(pivot_before)
            self._refresh_prompt(pivot_after)
        self._update_status()

    def action_tick(self) -> None:
        self.selection_list.action_select()

    def action_filter(self) -> None:
        self.query_one("#picker-filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Empty the filter (every document listed again, ticks kept), back to the list."""
        box = self.query_one("#picker-filter", Input)
        if box.value:
            box.value = ""  # Input.Changed refills the list
        self.selection_list.focus()

    def action_pivot(self) -> None:
        index = self.highlighted_document
        if index is None or not self._usable(self.documents[index]):
            return
        pivot_before = self.order[0] if self.order else None
        if index in self.order:
            self.order.remove(index)
        else:
            self.selection_list.select(index)
        self.order.insert(0, index)
        self._refresh_prompt(pivot_before)
        self._refresh_prompt(index)
        self._update_status()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_compare(self) -> None:
        if isinstance(self.focused, Input):
            self.selection_list.focus()
            return
        highlighted = self.highlighted_document
        # Convenience: with only the pivot ticked, enter on another document compares
        # the pivot with it.
        if (
            len(self.order) == 1
            and highlighted is not None
            and highlighted not in self.order
            and self._usable(self.documents[highlighted])
        ):
            self.order.append(highlighted)
        chosen = self.chosen()
        if len(chosen) < 2:
            self.notify("Tick at least two documents to compare.", severity="warning")
            return
        self.dismiss(chosen)
        if self.open_diff:
            from reader.tui.screens.diff import DiffScreen

            self.app.push_screen(DiffScreen(chosen, scorer=self.scorer))
