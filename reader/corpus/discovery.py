"""Finding the files of a corpus, and the bundled seeds. Light: no parsing imports.

Kept apart from the loader so that a program (the TUI) can list a corpus before it has
imported anything that reads or analyses text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def discover(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Every file under ``paths`` (files and folders, recursively), sorted, no duplicates.

    Hidden files and folders (name starting with ".") inside folders are skipped; a hidden
    file named explicitly is kept. Unsupported files are included (they are listed as
    unsupported, not hidden). Symbolic links to folders are followed once: a link that
    leads back into a folder already being walked is not followed again. A path that does
    not exist, a broken link or a link loop is returned as it is, so that loading it yields
    a Document with the reason.
    """
    found: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError:  # e.g. "Too many levels of symbolic links"
            is_dir = False
        if is_dir:
            _walk(path, found, frozenset())
        else:
            found.setdefault(os.path.normpath(path), path)
    return sorted(found.values(), key=_sort_key)


def _sort_key(path: Path) -> tuple[str, str]:
    return (str(path).casefold(), str(path))


def _walk(folder: Path, found: dict[str, Path], active: frozenset[tuple[int, int]]) -> None:
    try:
        st = folder.stat()
    except OSError:
        found.setdefault(os.path.normpath(folder), folder)
        return
    key = (st.st_dev, st.st_ino)
    if key in active:
        return  # a symlink back into a folder being walked: a loop, do not follow
    active = active | {key}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        found.setdefault(
            os.path.normpath(folder), folder
        )  # unreadable folder: listed with its reason
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, found, active)
        else:
            found.setdefault(os.path.normpath(path), path)


def default_corpus_path() -> Path:
    """The bundled seed articles.

    In order: ``$READER_SEEDS`` when set; ``reader/seeds`` inside the installed package
    (a wheel carries them there); ``<repo>/seeds`` in a checkout (or an editable install);
    ``./seeds``. When none exists, the checkout location is returned anyway, so that the
    caller reports "not found" for a path a person can recognise.
    """
    env = os.environ.get("READER_SEEDS")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parents[1]
    repo_seeds = package.parent / "seeds"
    candidates = [
        package / "seeds",  # an installed wheel carries them inside the package
        repo_seeds,
        Path.cwd() / "seeds",
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return repo_seeds
