"""Finding the files of a corpus, and the bundled seeds. Light: no parsing imports.

Kept apart from the loader so that a program (the TUI) can list a corpus before it has
imported anything that reads or analyses text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

# A walk stops at these limits and says so (a Skipped entry), rather than running out of
# stack, memory or patience: a corpus is rarely more than a few folders deep, and the
# sidebar and the CLI were measured with 10,000 documents.
MAX_DEPTH = 64  # folder levels below a folder given on the command line
MAX_FILES = 100_000  # files listed in all, over every path given


@dataclass(frozen=True, slots=True)
class Skipped:
    """A folder not walked (too deep, or the file limit reached), and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class Found:
    """What a walk found: the files, sorted, and the folders it did not open."""

    files: tuple[Path, ...]
    skipped: tuple[Skipped, ...] = ()


def discover(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files of :func:`scan` (what it skipped is left out: use :func:`scan` to
    report it)."""
    return list(scan(paths).files)


def scan(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_depth: int = MAX_DEPTH,
    max_files: int = MAX_FILES,
) -> Found:
    """Every file under ``paths`` (files and folders, recursively), sorted, no duplicates.

    Hidden files and folders (name starting with ".") inside folders are skipped; a hidden
    file named explicitly is kept. Unsupported files are included (they are listed as
    unsupported, not hidden). Symbolic links to folders are followed once: a link that
    leads back into a folder already being walked is not followed again. A path that does
    not exist, a broken link or a link loop is returned as it is, so that loading it yields
    a Document with the reason.

    The walk is iterative (any depth is safe). A folder more than ``max_depth`` levels
    below a given folder is not opened, and once ``max_files`` files are found the walk
    stops; both are reported in ``skipped``.
    """
    found: dict[str, Path] = {}
    skipped: list[Skipped] = []
    for raw in paths:
        if len(found) >= max_files:
            skipped.append(Skipped(Path(raw), _full(max_files)))
            break
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError):  # e.g. "Too many levels of symbolic links"
            is_dir = False
        if is_dir:
            if not _walk(path, found, skipped, max_depth, max_files):
                break
        else:
            found.setdefault(_key(path), path)
    return Found(tuple(sorted(found.values(), key=_sort_key)), tuple(skipped))


def _full(max_files: int) -> str:
    return f"not listed: reader lists at most {max_files:,} files, and that many were found"


def _key(path: str | os.PathLike[str]) -> str:
    """What a path is known by when listing: absolute and normalised, so that "news",
    "./news" and "../here/news" are one folder (the working folder may be gone: then
    normalised only)."""
    try:
        return os.path.abspath(path)
    except OSError:
        return os.path.normpath(path)


def _sort_key(path: Path) -> tuple[str, str]:
    return (str(path).casefold(), str(path))


def _walk(
    root: Path,
    found: dict[str, Path],
    skipped: list[Skipped],
    max_depth: int,
    max_files: int,
) -> bool:
    """Walk ``root`` depth first, in name order, with an explicit stack. False when the
    file limit stopped the walk."""
    # (folder, depth, (device, inode) of the folders above it: a link back is a loop)
    stack: list[tuple[Path, int, frozenset[tuple[int, int]]]] = [(root, 0, frozenset())]
    while stack:
        folder, depth, active = stack.pop()
        try:
            st = folder.stat()
        except (OSError, ValueError):
            found.setdefault(_key(folder), folder)
            continue
        key = (st.st_dev, st.st_ino)
        if key in active:
            continue  # a symlink back into a folder being walked: a loop, do not follow
        if depth > max_depth:
            skipped.append(
                Skipped(
                    folder,
                    f"folder not opened: more than {max_depth} levels of folders below "
                    f"{root} (reader stops there)",
                )
            )
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except (OSError, ValueError):
            found.setdefault(_key(folder), folder)  # listed with its reason
            continue
        below = active | {key}
        folders: list[Path] = []
        child = _child_maker(folder)
        # the files' keys as _key gives them, without normalising each: a
        # name from scandir is never "." or ".." and holds no separator
        base = _key(folder)
        prefix = os.path.join(base, "")
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = child(entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                folders.append(path)
                continue
            if len(found) >= max_files:
                skipped.append(Skipped(folder, _full(max_files)))
                return False
            found.setdefault(prefix + entry.name, path)
        stack.extend((sub, depth + 1, below) for sub in reversed(folders))
    return True


def _child_maker(folder: Path) -> Callable[[str], Path]:
    """``folder / name`` for the names of its entries. CPython's pathlib makes a child
    of a listed folder with ``_make_child_relpath`` (what ``Path.iterdir`` uses), five
    times faster than parsing each path again, which a walk of 10,000 files felt; the
    public way when a Python has no such method."""
    make = getattr(folder, "_make_child_relpath", None)
    if callable(make):
        return cast("Callable[[str], Path]", make)
    return folder.joinpath


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
