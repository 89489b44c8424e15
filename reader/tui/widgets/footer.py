"""The footer: Textual's, recomposed only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` rebuilds all its key widgets whenever the
screen's bindings are refreshed — at every change of focus, every mount, every
``refresh_bindings`` — and styles each new one. Opening the diff view refreshed them
about seven times, while its comparison ran in a worker thread that had to share the
interpreter with that work (a third of the time to the first diff). This footer
compares what it would show (keys, labels, enabled, tooltips, the palette's key) with
what it shows, and recomposes only when that differs.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """A :class:`~textual.widgets.Footer` that recomposes only for other keys."""

    _shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self._what_it_shows(screen)
            if shown == self._shown and self._bindings_ready:
                return  # the same keys: nothing to rebuild
            self._shown = shown
        super().bindings_changed(screen)

    def _what_it_shows(self, screen: Screen[Any]) -> tuple[Any, ...]:
        """What :meth:`Footer.compose` reads of the screen's bindings."""
        app = screen.app
        return (
            tuple(
                (
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    binding.group,
                    enabled,
                    tooltip,
                    binding.tooltip,
                )
                for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
                if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
            ),
            self.show_command_palette,
        )
