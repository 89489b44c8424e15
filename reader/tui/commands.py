"""Command palette provider: open any document of the corpus by its title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from rich.style import Style
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from reader.corpus.safe import display_path

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

DISCOVERY_LIMIT = 50  # documents listed before the user types anything
_MATCH = Style(bold=True, underline=True)


class DocumentCommands(Provider):
    """``Open: <title>`` for every readable document."""

    def _entries(self) -> list[tuple[int, str, str]]:
        app = cast("ReaderApp", self.app)
        entries: list[tuple[int, str, str]] = []
        for index, slot in enumerate(app.slots):
            if slot.document is None:
                continue
            entries.append((index, slot.badge, slot.title))
        return entries

    def _help(self, index: int) -> str:
        app = cast("ReaderApp", self.app)
        # The palette reads help as markup: escape the file name, which is data.
        return escape(display_path(app.slots[index].path.name))

    async def discover(self) -> Hits:
        app = cast("ReaderApp", self.app)
        for index, badge, title in self._entries()[:DISCOVERY_LIMIT]:
            command = f"Open: {badge} {title}"
            yield DiscoveryHit(
                Text(command),  # a Text, never a str: the palette parses strings as markup
                partial(app.open_document, index, focus_article=True),
                text=command,
                help=self._help(index),
            )

    async def search(self, query: str) -> Hits:
        app = cast("ReaderApp", self.app)
        matcher = self.matcher(query)
        for index, badge, title in self._entries():
            command = f"Open: {badge} {title}"
            score = matcher.match(command)
            if score > 0:
                display = Text(command)
                _, offsets = matcher.fuzzy_search.match(matcher.query, command)
                for offset in offsets:
                    if not command[offset].isspace():
                        display.stylize(_MATCH, offset, offset + 1)
                yield Hit(
                    score,
                    display,
                    partial(app.open_document, index, focus_article=True),
                    text=command,
                    help=self._help(index),
                )
