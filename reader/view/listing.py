"""What the sidebar lists: one row per document, grouped by story and version when a
grouping is known. Pure data and functions (no Textual), so it is cheap to test and to
rebuild for 10,000 documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reader.corpus.model import Document
from reader.corpus.safe import display_path, neutralise

RowKind = Literal["doc", "header", "item"]
Status = Literal["loading", "ok", "error", "unsupported"]

# The marks of the sidebar (the help screen lists them from here).
FOUND_BRACKETS = "┌│└"  # versions of one article that alignment found
LINKED_BRACKETS = "┏┃┗"  # versions whose pages name each other (hreflang)
BADGE_LOADING, BADGE_ERROR, BADGE_UNSUPPORTED, BADGE_FEED, BADGE_UNKNOWN = (
    "··",
    "!",
    "--",
    "≋",
    "??",
)
ENTRY_MARK, ENTRY_PROBLEM = "› ", "✗ "
LEGEND: tuple[tuple[str, str], ...] = (
    (" ".join(FOUND_BRACKETS), "versions of one article, found by aligning their sentences"),
    (" ".join(LINKED_BRACKETS), "versions whose pages name each other as language versions"),
    ("EN IT", "the language (one of the configured set, --languages)"),
    ("pt", "lower case: clearly another language (reader's best guess)"),
    (BADGE_UNKNOWN, "language not known"),
    (BADGE_LOADING, "still loading"),
    (BADGE_ERROR, "could not be read (the pane says why)"),
    (BADGE_UNSUPPORTED, "not a format reader opens"),
    (BADGE_FEED, "an RSS/Atom feed; its entries follow it"),
    (ENTRY_MARK.strip(), "a feed entry: enter fetches its article"),
    (ENTRY_PROBLEM.strip(), "a feed entry that cannot be opened"),
    ("Story ·", "a story: articles that share quotes, names or numbers"),
)


@dataclass(frozen=True, slots=True)
class Slot:
    """A file of the corpus: its path, and its Document once loaded.

    ``preview``: the document is a placeholder from the corpus index (title and
    language only), shown in the list until the file is checked and the document read.
    """

    path: Path
    document: Document | None = None
    preview: bool = False

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
        title = doc.display_title if doc is not None else display_path(self.path.name)
        return neutralise(" ".join(title.split()))

    @property
    def badge(self) -> str:
        status = self.status
        if status == "loading":
            return BADGE_LOADING
        if status == "error":
            return BADGE_ERROR
        if status == "unsupported":
            return BADGE_UNSUPPORTED
        assert self.document is not None
        if self.document.is_feed:
            return BADGE_FEED
        language = self.document.language
        if language:
            return language.upper()
        other = self.document.other_language
        return other.lower() if other else BADGE_UNKNOWN  # lower case: outside the set


@dataclass(frozen=True, slots=True)
class ListRow:
    """One line of the sidebar: a document (``index`` into the slots), an entry of a feed
    (``index`` is the feed's slot, ``item`` the entry) or a group header."""

    kind: RowKind
    index: int  # index into the slots for "doc" and "item"; -1 for headers
    text: str  # the title (neutralised) or the header label
    depth: int = 0  # indentation level: 1 under a story header
    version_mark: str = ""  # "" or a marker tying versions of one article together
    item: int = -1  # the entry of a feed, for "item" rows
    problem: bool = False  # an entry that cannot be opened (no link, not a web address)


def matches(slot: Slot, needle: str) -> bool:
    """Case-insensitive substring match on the title, file name and language."""
    if not needle:
        return True
    needle = needle.casefold()
    if needle in slot.title.casefold() or needle in slot.path.name.casefold():
        return True
    return needle == slot.badge.casefold()


def _item_rows(slots: Sequence[Slot], i: int, needle: str, depth: int) -> list[ListRow]:
    """The entries of the feed in slot ``i`` (those matching ``needle`` unless the feed
    itself matches)."""
    doc = slots[i].document
    if doc is None or doc.feed is None:
        return []
    show_all = matches(slots[i], needle)
    rows: list[ListRow] = []
    for k, item in enumerate(doc.feed):
        title = neutralise(" ".join(item.title.split()))
        if show_all or needle.casefold() in title.casefold():
            rows.append(
                ListRow("item", i, title, depth=depth, item=k, problem=item.problem is not None)
            )
    return rows


def _visible(slot: Slot, index: int, slots: Sequence[Slot], needle: str) -> bool:
    return matches(slot, needle) or bool(needle and _item_rows(slots, index, needle, 0))


def build_rows(
    slots: Sequence[Slot],
    *,
    needle: str = "",
    story: Mapping[str, str] | None = None,
    version_group: Mapping[str, str] | None = None,
    linked: Set[str] = frozenset(),
) -> list[ListRow]:
    """The rows of the sidebar.

    Without a grouping: one row per slot, in corpus order. With one: each story of more
    than one document gets a header row, its documents follow, ordered by version group
    (versions of one article next to each other, marked: thin brackets ``┌│└`` for
    versions found by alignment, heavy ones ``┏┃┗`` when the pages name each other as
    language versions, ids in ``linked``); then single documents; then feeds; then the
    files that could not be read or are not supported. A feed's entries follow it. A
    filter keeps only the matching documents and entries (and the headers of stories
    that still have some).
    """
    visible = [i for i, slot in enumerate(slots) if _visible(slot, i, slots, needle)]
    if not story:
        rows: list[ListRow] = []
        for i in visible:
            rows.append(ListRow("doc", i, slots[i].title))
            rows.extend(_item_rows(slots, i, needle, 1))
        return rows

    version_group = version_group or {}
    stories: dict[str, list[int]] = {}
    singles: list[int] = []
    feeds: list[int] = []
    bad: list[int] = []
    for i in visible:
        doc = slots[i].document
        if doc is None or not doc.ok:
            bad.append(i)
            continue
        if doc.is_feed:
            feeds.append(i)
            continue
        key = story.get(doc.id)
        if key is None:
            singles.append(i)
        else:
            stories.setdefault(key, []).append(i)

    rows = []
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
        certain: dict[str, bool] = {}
        for i in members:
            doc = slots[i].document
            assert doc is not None
            group = version_group.get(doc.id, doc.id)
            sizes[group] = sizes.get(group, 0) + 1
            certain[group] = certain.get(group, True) and doc.id in linked
        seen: dict[str, int] = {}
        for i in members:
            doc = slots[i].document
            assert doc is not None
            group = version_group.get(doc.id, doc.id)
            mark = ""
            if sizes[group] > 1:
                position = seen.get(group, 0)
                seen[group] = position + 1
                brackets = LINKED_BRACKETS if certain[group] else FOUND_BRACKETS
                if position == 0:
                    mark = brackets[0]
                elif position == sizes[group] - 1:
                    mark = brackets[2]
                else:
                    mark = brackets[1]
            rows.append(ListRow("doc", i, slots[i].title, depth=1, version_mark=mark))
    singles.sort()
    if singles and rows:
        rows.append(ListRow("header", -1, "Other articles"))
    depth = 1 if rows else 0
    rows.extend(ListRow("doc", i, slots[i].title, depth=depth) for i in singles)
    if feeds:
        rows.append(ListRow("header", -1, "Feeds"))
        for i in feeds:
            rows.append(ListRow("doc", i, slots[i].title, depth=1))
            rows.extend(_item_rows(slots, i, needle, 2))
    if bad:
        rows.append(ListRow("header", -1, "Not readable"))
        rows.extend(ListRow("doc", i, slots[i].title, depth=1) for i in bad)
    return rows


def _story_label(slots: Sequence[Slot], members: Sequence[int]) -> str:
    languages = sorted(
        {slots[i].badge for i in members if slots[i].badge not in (BADGE_UNKNOWN, BADGE_LOADING)}
    )
    count = f"{len(members)} articles"
    return f"Story · {count}" + (f" · {' '.join(languages)}" if languages else "")
