"""The help screen: every key of the reader, generated from the bindings themselves so
that it can never disagree with what the keys do."""

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
            box.border_subtitle = "escape closes"
            yield Static(render_sections(self._sections), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
