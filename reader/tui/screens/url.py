"""The URL prompt (``o``): an address to fetch, and whether to fetch its language versions.

The screen's result is ``(address, versions)``, or ``None`` when cancelled. Nothing is
checked or fetched here: the app does that in a worker and reports what went wrong.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

UrlRequest = tuple[str, bool]


class UrlPrompt(ModalScreen[UrlRequest | None]):
    """Ask for a web page or feed address."""

    DEFAULT_CSS = """
    UrlPrompt {
        align: center middle;
        #url-box {
            width: 90%;
            max-width: 90;
            height: auto;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
        #url-help { height: auto; color: $text-muted; }
        #url-input { margin: 1 0 0 0; }
        #url-versions { margin: 0 0 1 0; border: none; padding: 0; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+v", "toggle_versions", "Versions on/off", show=False),
    ]

    def __init__(self, *, versions: bool = True, value: str = "") -> None:
        super().__init__()
        self._versions = versions
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="url-box"):
            yield Static(
                "Open a web page or an RSS/Atom feed (http or https). It is saved in the "
                "library, then listed in the sidebar. enter fetches, escape cancels.",
                id="url-help",
            )
            yield Input(value=self._value, placeholder="https://…", id="url-input")
            yield Checkbox(
                "Also fetch the language versions the page names (hreflang)",
                value=self._versions,
                id="url-versions",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#url-input")
    def _submitted(self, event: Input.Submitted) -> None:
        address = event.value.strip()
        if not address:
            self.dismiss(None)
            return
        self.dismiss((address, self.query_one(Checkbox).value))

    def action_toggle_versions(self) -> None:
        box = self.query_one(Checkbox)
        box.value = not box.value

    def action_cancel(self) -> None:
        self.dismiss(None)
