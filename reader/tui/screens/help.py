"""The help screen: every key of the reader, generated from the bindings themselves so
that it can never disagree with what the keys do, then what the symbols of the diff rows
and the marks of the sidebar mean (from the tables the views draw them from)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.view.comparison import MARKER_ORDER, MARKERS
from reader.view.listing import LEGEND

Section = tuple[str, list[tuple[str, str]]]


def _bindings(source: Iterable[BindingType]) -> list[Binding]:
    out: list[Binding] = []
    for item in source:
        out.extend(Binding.make_bindings([item]))
    return out


def describe(app: App[Any], title: str, bindings: Iterable[BindingType]) -> Section:
    """One section: (keys, description) for each action, keys of one action joined."""
    by_action: dict[str, tuple[list[str], str]] = {}
    for binding in _bindings(bindings):
        if not binding.description:
            continue
        keys, _ = by_action.setdefault(binding.action, ([], binding.description))
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    return (title, [(" ".join(keys), description) for keys, description in by_action.values()])


def legend_sections() -> list[Section]:
    """The symbols of the diff rows and the marks of the sidebar."""
    rows = [
        (MARKERS[m].symbol, f"{MARKERS[m].label}: {MARKERS[m].description}") for m in MARKER_ORDER
    ]
    rows.append(("‹FR›", "after a highlight on the pivot: the version that lacks it"))
    return [("Diff rows (first column; each version's own, with 3+)", rows), ("Sidebar", [*LEGEND])]


def render_sections(sections: Sequence[Section]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    for number, (title, rows) in enumerate(sections):
        if number:
            table.add_row("", "")
        table.add_row(Text(""), Text(title, style="bold underline"))
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key, by where it works."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("b,pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > #help-box {
            width: 72;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $primary;
            border-title-color: $text-accent;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self._sections = list(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "reader · keys"
            box.border_subtitle = "j/k/space scroll · q closes"
            yield Static(render_sections([*self._sections, *legend_sections()]), id="help-text")

    @property
    def box(self) -> VerticalScroll:
        return self.query_one("#help-box", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self.box.scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        box = self.box
        box.scroll_relative(
            y=direction * max(1, box.scrollable_content_region.height - 1), animate=False
        )

    def action_top(self) -> None:
        self.box.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.box.scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
