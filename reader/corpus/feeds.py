"""RSS and Atom feeds (feedparser): a feed becomes a Document that lists its entries.

The document's text is the list itself (the feed's title and description, then each
entry's title, date, address and summary), so that it reads, searches and prints like
an article; ``Document.feed`` holds the entries for the sidebar, where opening one
fetches the article. A feed with broken entries keeps the good ones: an entry without
a link, or whose link is not a web address (``javascript:``, ``file:``), is listed with
the reason and cannot be opened. feedparser is given bytes only, never an address, so
it never fetches anything itself.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path
from typing import Any

from reader.corpus.blocks import TextBuilder, assemble, to_document
from reader.corpus.model import Document, FeedItem
from reader.corpus.urls import is_web_url, normalise_url, scheme_of

MAX_ENTRIES = 500


def _plain(html: str) -> str:
    """The text of an HTML fragment (a feed's summary), markup removed."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    try:
        from lxml import html as lxml_html

        fragment = lxml_html.fragment_fromstring(html, create_parent="div")
        text = fragment.text_content()
    except Exception:  # lxml refuses some fragments: keep the text as it is
        text = html
    return " ".join(str(text).split())


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    try:
        return time.strftime("%Y-%m-%d", parsed)
    except (TypeError, ValueError, OverflowError):
        return None


def _item(entry: Any) -> FeedItem:
    title = _plain(str(entry.get("title") or "")).strip()
    summary = _plain(str(entry.get("summary") or entry.get("description") or ""))
    link = str(entry.get("link") or "").strip()
    problem: str | None = None
    if not link:
        problem = "this entry has no link"
        url: str | None = None
    elif not is_web_url(link):
        scheme = scheme_of(link)
        what = f"a {scheme}: address" if scheme else "not an address"
        problem = f"this entry's link is {what}, not a web page (http or https)"
        url = None
    else:
        url = normalise_url(link)
    with warnings.catch_warnings():  # feedparser warns about its updated/published mapping
        warnings.simplefilter("ignore", DeprecationWarning)
        date = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
    author = _plain(str(entry.get("author") or "")) or None
    if not title:
        title = summary[:80] or (url or "(untitled entry)")
    return FeedItem(
        title=title, link=url, date=date, summary=summary, author=author, problem=problem
    )


def parse_feed(data: bytes) -> Any:
    import feedparser

    return feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)


def looks_like_feed(data: bytes) -> bool:
    """Whether ``data`` starts like an RSS, RDF or Atom document."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return any(marker in head for marker in (b"<rss", b"<feed", b"<rdf:rdf"))


def feed_document(path: Path, data: bytes, *, doc_id: str, feed_url: str | None = None) -> Document:
    """A Document for the feed in ``data``. Never raises: a file that is not a feed is
    refused with the reason."""
    try:
        parsed = parse_feed(data)
    except Exception as exc:
        return Document(id=doc_id, path=path, error=f"not a readable feed: {exc}")
    entries = list(parsed.get("entries") or [])
    meta = parsed.get("feed") or {}
    if not parsed.get("version") and not entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({reason})" if reason else ""
        return Document(
            id=doc_id,
            path=path,
            supported=False,
            error=f"not an RSS or Atom feed{detail}",
        )
    warnings: list[str] = []
    if parsed.get("bozo"):
        warnings.append(
            f"the feed is malformed ({parsed.get('bozo_exception')}); "
            f"{len(entries)} entries could be read"
        )
    if len(entries) > MAX_ENTRIES:
        warnings.append(f"{len(entries)} entries; the first {MAX_ENTRIES} are listed")
        entries = entries[:MAX_ENTRIES]
    items = tuple(_item(e) for e in entries)
    broken = sum(1 for i in items if i.problem)
    if broken:
        warnings.append(f"{broken} of {len(items)} entries cannot be opened (see each one)")
    title = _plain(str(meta.get("title") or "")) or path.stem
    out = TextBuilder(None)
    out.add_block([(title, None, None)], "heading", level=1, kind="title")
    subtitle = _plain(str(meta.get("subtitle") or meta.get("description") or ""))
    if subtitle:
        out.add_block([(subtitle, None, None)], "paragraph", kind="dek")
    if not items:
        out.add_block([("This feed has no entries.", None, None)], "paragraph")
    for item in items:
        out.add_block([(item.title, None, None)], "heading", level=2)
        facts = [x for x in (item.date, item.author) if x]
        line: list[tuple[str, Any, str | None]] = [(" · ".join(facts) + " · ", None, None)]
        if not facts:
            line = []
        if item.link:
            line.append((item.link, "code", None))
        else:
            line.append((f"✗ {item.problem}", None, None))
        out.add_block(line, "paragraph", kind="date")
        if item.summary:
            out.add_block([(item.summary, None, None)], "paragraph")
    text = out.text
    assembled = assemble(text, out.blocks)
    link = str(meta.get("link") or "")
    self_link = next(
        (str(x.get("href")) for x in meta.get("links", []) if x.get("rel") == "self"), None
    )
    url = feed_url or (self_link if self_link and is_web_url(self_link) else None)
    return to_document(
        assembled,
        id=doc_id,
        path=path,
        text=text,
        encoding=str(parsed.get("encoding") or "") or None,
        warnings=tuple(warnings),
        source_format="feed",
        url=normalise_url(url) if url else (normalise_url(link) if is_web_url(link) else None),
        feed=items,
    )


def entry_document(feed: Document, index: int, note: str | None = None) -> Document:
    """A page for entry ``index`` of ``feed`` (its title, date, address and summary),
    shown while its article is fetched or when it cannot be; ``note`` says which."""
    assert feed.feed is not None
    item = feed.feed[index]
    out = TextBuilder(None)
    out.add_block([(item.title, None, None)], "heading", level=1, kind="title")
    facts = " · ".join(x for x in (item.date, item.author, item.link) if x)
    if facts:
        out.add_block([(facts, None, None)], "paragraph", kind="date")
    if item.summary:
        out.add_block([(item.summary, None, None)], "paragraph")
    text = out.text
    assembled = assemble(text, out.blocks)
    notes = tuple(x for x in (note, item.problem and f"✗ {item.problem}") if x)
    return to_document(
        assembled,
        id=f"{feed.id}#{index}",
        path=feed.path,
        text=text,
        date=item.date,
        warnings=notes,
        source_format="feed",
        author=item.author,
        url=item.link,
    )
