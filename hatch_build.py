"""Build hook: the wheel carries the bundled seeds as ``reader/seeds``.

Only the standard wheel: an editable install (``make run``, ``make test``) reads them
from the checkout's ``seeds/`` (see ``reader.corpus.discovery.default_corpus_path``), so
copying them into site-packages would leave a second, stale set there. (hatchling's
``force-include`` table applies to both; this hook applies to the wheel alone.)
"""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SeedsInTheWheel(BuildHookInterface[Any]):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "standard":
            build_data["force_include"]["seeds"] = "reader/seeds"
