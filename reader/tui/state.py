"""What the reader remembers between runs: the last opened document (state) and the theme
(config).

Both are small JSON files in the XDG directories (``platformdirs``), overridable with
``READER_STATE_DIR`` / ``READER_CONFIG_DIR`` or by the caller. Reading never raises: a
missing, unreadable or corrupt file is ignored. Writing is atomic (temporary file then
rename) and never raises either; nothing is ever written next to the corpus.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATE_FILE = "state.json"
CONFIG_FILE = "config.json"
MAX_BYTES = 1024 * 1024  # larger files are not ones reader wrote: ignored


def _directory(override: Path | None, variable: str, kind: str) -> Path:
    """``override``, else ``$variable``, else the platform's (XDG) ``kind`` directory."""
    if override is not None:
        return override
    env = os.environ.get(variable)
    if env:
        return Path(env)
    import platformdirs

    finder = platformdirs.user_state_dir if kind == "state" else platformdirs.user_config_dir
    return Path(finder("reader"))


def state_dir(override: Path | None = None) -> Path:
    return _directory(override, "READER_STATE_DIR", "state")


def config_dir(override: Path | None = None) -> Path:
    return _directory(override, "READER_CONFIG_DIR", "config")


def screenshot_dir(state_override: Path | None = None) -> Path:
    """Where screenshots go: the pictures folder (``XDG_PICTURES_DIR``, ``~/Pictures``)
    when it exists, else ``screenshots`` in the state directory (created by the caller)."""
    import platformdirs

    pictures = Path(platformdirs.user_pictures_dir())
    if pictures.is_dir():
        return pictures
    return state_dir(state_override) / "screenshots"


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object in ``path``, or ``{}`` when it is missing, unreadable, not a regular
    file (a FIFO never blocks: the one safe reader) or not an object."""
    from reader.corpus.reading import ReadError, read_bytes

    try:
        data = json.loads(read_bytes(path, limit=MAX_BYTES))
    except (ReadError, ValueError, UnicodeDecodeError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path: Path, data: dict[str, Any]) -> bool:
    """Write ``data`` atomically (the one safe writer); return False (and leave any old
    file) on failure."""
    from reader.export.output import write_atomic

    try:
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
        try:
            payload = text.encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not UTF-8: JSON escapes keep it
            payload = json.dumps(data, indent=2, sort_keys=True).encode("ascii")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, payload)
    except (OSError, TypeError, ValueError):
        return False
    return True


@dataclass(slots=True)
class Persistence:
    """Reads and writes the reader's state and config files."""

    state_path: Path
    config_path: Path

    @classmethod
    def create(
        cls, *, state_dir_override: Path | None = None, config_dir_override: Path | None = None
    ) -> Persistence:
        return cls(
            state_path=state_dir(state_dir_override) / STATE_FILE,
            config_path=config_dir(config_dir_override) / CONFIG_FILE,
        )

    # --- state: the last opened document ---------------------------------------------

    def last_document(self) -> tuple[str | None, str | None]:
        """(path, id) of the document open when the reader last closed, if known."""
        data = read_json(self.state_path)
        path = data.get("last_path")
        doc_id = data.get("last_id")
        return (
            path if isinstance(path, str) else None,
            doc_id if isinstance(doc_id, str) else None,
        )

    def remember_document(self, path: Path, doc_id: str) -> bool:
        data = read_json(self.state_path)
        data["last_path"] = os.path.abspath(path)  # absolute, symlinks kept as the user named them
        data["last_id"] = doc_id
        return write_json(self.state_path, data)

    # --- config: the theme ---------------------------------------------------------------

    def theme(self) -> str | None:
        value = read_json(self.config_path).get("theme")
        return value if isinstance(value, str) and value else None

    def remember_theme(self, theme: str) -> bool:
        data = read_json(self.config_path)
        if data.get("theme") == theme:
            return True
        data["theme"] = theme
        return write_json(self.config_path, data)
