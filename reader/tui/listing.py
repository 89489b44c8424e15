"""What the sidebar lists: one row per document, grouped by story and version when a
grouping is known. Pure data and functions (no Textual), so it is cheap to test and to
rebuild for 10,000 documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reader.corpus.model import Document
from reader.corpus.safe import neutralise

RowKind = Literal["doc", "header"]
Status = Literal["loading", "ok", "error", "unsupported"]


@dataclass(frozen=True, slots=True)
class Slot:
    """A file of the corpus: its path, and its Document once loaded."""

    path: Path
    document: Document | None = None

    @property
    def status(self) -> Status:
        doc = self.document
        if doc is None:
            return "loading"
        if not doc.supported:
            return "unsupported"
        if doc.error is not None:
            return "error"
        return "ok"

    @property
    def title(self) -> str:
        doc = self.document
        title = doc.display_title if doc is not None else self.path.name
        return neutralise(" ".join(title.split()))

    @property
    def badge(self) -> str:
        status = self.status
        if status == "loading":
            return "··"
        if status == "error":
            return "!"
        if status == "unsupported":
            return "--"
        assert self.document is not None
        language = self.document.language
        return language.upper() if language else "??"


@dataclass(frozen=True, slots=True)
class ListRow:
    """One line of the sidebar: a document (``index`` into the slots) or a group header."""

    kind: RowKind
    index: int  # index into the slots for "doc"; -1 for headers
    text: str  # the title (neutralised) or the header label
    depth: int = 0  # indentation level: 1 under a story header
    version_mark: str = ""  # "" or a marker tying versions of one article together


def matches(slot: Slot, needle: str) -> bool:
    """Case-insensitive substring match on the title, file name and language."""
    if not needle:
        return True
    needle = needle.casefold()
    if needle in slot.title.casefold() or needle in slot.path.name.casefold():
        return True
    return needle == slot.badge.casefold()


def build_rows(
    slots: Sequence[Slot],
    *,
    needle: str = "",
    story: Mapping[str, str] | None = None,
    version_group: Mapping[str, str] | None = None,
) -> list[ListRow]:
    """The rows of the sidebar.

    Without a grouping: one row per slot, in corpus order. With one: each story of more
    than one document gets a header row, its documents follow, ordered by version group
    (versions of one article next to each other, marked); then single documents; then
    the files that could not be read or are not supported. A filter keeps only the
    matching documents (and the headers of stories that still have some).
    """
    visible = [i for i, slot in enumerate(slots) if matches(slot, needle)]
    if not story:
        return [ListRow("doc", i, slots[i].title) for i in visible]

    version_group = version_group or {}
    stories: dict[str, list[int]] = {}
    singles: list[int] = []
    bad: list[int] = []
    for i in visible:
        doc = slots[i].document
        if doc is None or not doc.ok:
            bad.append(i)
            continue
        key = story.get(doc.id)
        if key is None:
            singles.append(i)
        else:
            stories.setdefault(key, []).append(i)

    rows: list[ListRow] = []
    # Stories keep the order of their first document in the corpus.
    for _key, members in stories.items():
        if len(members) == 1:
            singles.append(members[0])
            continue
        rows.append(ListRow("header", -1, _story_label(slots, members)))
        order: dict[str, int] = {}
        for i in members:
            doc = slots[i].document
            assert doc is not None
            order.setdefault(version_group.get(doc.id, doc.id), len(order))

        def version_key(i: int, order: dict[str, int] = order) -> tuple[int, int]:
            doc = slots[i].document
            assert doc is not None
            return (order[version_group.get(doc.id, doc.id)], i)

        members.sort(key=version_key)
        sizes: dict[str, int] = {}
        for i in members:
            doc = slots[i].document
            assert doc is not None
            group = version_group.get(doc.id, doc.id)
            sizes[group] = sizes.get(group, 0) + 1
        seen: dict[str, int] = {}
        for i in members:
            doc = slots[i].document
            assert doc is not None
            group = version_group.get(doc.id, doc.id)
            mark = ""
            if sizes[group] > 1:
                position = seen.get(group, 0)
                seen[group] = position + 1
                if position == 0:
                    mark = "┌"
                elif position == sizes[group] - 1:
                    mark = "└"
                else:
                    mark = "│"
            rows.append(ListRow("doc", i, slots[i].title, depth=1, version_mark=mark))
    singles.sort()
    if singles and rows:
        rows.append(ListRow("header", -1, "Other articles"))
    depth = 1 if rows else 0
    rows.extend(ListRow("doc", i, slots[i].title, depth=depth) for i in singles)
    if bad:
        rows.append(ListRow("header", -1, "Not readable"))
        rows.extend(ListRow("doc", i, slots[i].title, depth=1) for i in bad)
    return rows


def _story_label(slots: Sequence[Slot], members: Sequence[int]) -> str:
    languages = sorted({slots[i].badge for i in members if slots[i].badge not in ("??", "··")})
    count = f"{len(members)} articles"
    return f"Story · {count}" + (f" · {' '.join(languages)}" if languages else "")
