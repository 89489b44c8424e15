"""RSS/Atom feeds: entries listed, broken entries kept with their reason, text is data."""

from __future__ import annotations

from pathlib import Path

from reader.corpus import load_document
from reader.view.article import document_blocks
from reader.view.listing import Slot, build_rows
from tests.helpers.web import BROKEN_FEED, TITLES, feed

BASE = "https://press.example.eu"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_feed_entries(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "press.xml", feed(BASE)))
    assert doc.ok and doc.is_feed and doc.source_format == "feed"
    assert doc.title == "Press corner"
    assert doc.feed is not None
    items = doc.feed
    assert [i.title for i in items[:3]] == [TITLES["en"], TITLES["it"], TITLES["fr"]]
    assert items[0].link == f"{BASE}/en/press/ip_24_1234"
    assert items[0].date == "2024-03-14"
    assert items[0].summary == f"{TITLES['en']} summary"  # the HTML summary, as text
    assert doc.language is None  # a list of entries in three languages is not detected


def test_broken_entries_are_listed_with_their_reason(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "press.xml", feed(BASE)))
    assert doc.feed is not None
    by_title = {i.title: i for i in doc.feed}
    assert by_title["An entry without a link"].problem == "this entry has no link"
    assert by_title["An entry without a link"].link is None
    javascript = by_title["A javascript entry"]
    assert javascript.link is None and "javascript:" in (javascript.problem or "")
    assert "file:" in (by_title["A file entry"].problem or "")
    assert by_title["Bad date entry"].date is None and by_title["Bad date entry"].link
    assert any("3 of 8 entries cannot be opened" in w for w in doc.warnings)


def test_feed_text_is_data(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "press.xml", feed(BASE)))
    blocks = document_blocks(doc)
    text = "\n".join(b.text for b in blocks)
    assert "[bold]Escapes[/bold]" in text
    assert "\x1b" not in text and "\x07" not in text


def test_malformed_feed_keeps_what_it_can(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "broken.rss", BROKEN_FEED))
    assert doc.ok and doc.feed is not None
    assert doc.feed[0].title == "The only good entry"
    assert any("malformed" in w for w in doc.warnings)


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = _write(tmp_path, "config.xml", "<?xml version='1.0'?><settings><a>1</a></settings>")
    doc = load_document(path)
    assert not doc.ok and not doc.supported
    assert "not an RSS or Atom feed" in (doc.error or "")


def test_sidebar_lists_entries_under_the_feed(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "press.xml", feed(BASE)))
    article = tmp_path / "a.txt"
    article.write_text("An article\n\nIt has a sentence. And another.\n", encoding="utf-8")
    slots = [Slot(doc.path, doc), Slot(article, load_document(article))]
    rows = build_rows(slots)
    assert [r.kind for r in rows[:2]] == ["doc", "item"]
    items = [r for r in rows if r.kind == "item"]
    assert len(items) == 8 and all(r.index == 0 for r in items)
    assert [r.problem for r in items].count(True) == 3
    # a filter that matches an entry keeps the feed and that entry
    filtered = build_rows(slots, needle="javascript")
    assert [(r.kind, r.text) for r in filtered] == [
        ("doc", "Press corner"),
        ("item", "A javascript entry"),
    ]
    grouped = build_rows(slots, story={"x": "s1"})
    assert ("header", "Feeds") in [(r.kind, r.text) for r in grouped]
