"""Saved web pages: the article's main text, read by trafilatura, into the corpus model.

trafilatura (main-text extraction) drops navigation, cookie banners, related links and
footers; htmldate (through trafilatura) finds the publication date. What the extractor
keeps that is still boilerplate ("Share this", "Read more") is marked by the same rules
as for plain text. The page's own metadata is read from its ``<head>``: the declared
language (``<html lang>``, ``og:locale``), the author, its address (canonical link,
``og:url``, the "saved from" comment a browser writes, or where reader fetched it) and
its other language versions (``<link rel="alternate" hreflang>``,
``og:locale:alternate``).

The document's text is the extracted article, one block per paragraph, heading, list
item, quote, code block or table row, separated by blank lines; every offset of the
corpus model points into it. Inline styles (bold, italic, code) and links are kept in
each paragraph's :class:`~reader.corpus.model.Rendering`, with a link's target shown
after its text. Page text is data: nothing in it is interpreted.

trafilatura, lxml and htmldate are imported on first use (about 0.35 s), never at the
start of the app.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from reader.corpus.blocks import TextBuilder, assemble, emphasised, to_document, with_kind
from reader.corpus.decode import _BOMS as BOMS
from reader.corpus.decode import Decoded, bomless_warning, guess_bomless, normalise_newlines
from reader.corpus.model import Document, InlineKind
from reader.corpus.safe import neutralise
from reader.corpus.urls import is_web_url, language_code, normalise_url

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from lxml.html import HtmlElement

MAX_HTML_BYTES = 10 * 1024 * 1024  # larger pages are refused before extraction
MIN_WORDS = 10  # less kept by the extractor is not an article ("Home", a cookie notice)
_BULLETS = ("•", "◦", "▪")
_CELL_SEPARATOR = " │ "
_SPACE = re.compile(r"\s+")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_STYLES: dict[str, InlineKind] = {
    "#b": "strong",
    "#i": "emphasis",
    "#u": "underline",
    "#t": "code",
    "#s": "strike",
}


# --- decoding -----------------------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_page(data: bytes, charset: str | None = None) -> Decoded:
    """The text of an HTML page: a byte-order mark, else the charset the server sent
    (``charset``), else the page's ``<meta charset>``, else UTF-8, else cp1252 with a
    warning. Long lines are fine here (pages are often minified); NUL bytes only in
    UTF-16/32 without a BOM, recognised as the text decoder does
    (:func:`reader.corpus.decode.guess_bomless`), with a warning."""
    if len(data) > MAX_HTML_BYTES:
        return Decoded(
            error=f"page too large ({len(data) / 1_048_576:.1f} MB; the limit is "
            f"{MAX_HTML_BYTES // 1_048_576} MB)"
        )
    for bom, name, codec in BOMS:  # the byte-order marks of the text decoder
        if data.startswith(bom):
            payload = data if codec == "utf-8-sig" else data[len(bom) :]
            return _decode_with(payload, codec, name + (" (BOM)" if codec == "utf-8-sig" else ""))
    if b"\x00" in data[:4096]:  # BOM-less UTF-16/32 as the text decoder knows it, or binary
        guessed, _ = guess_bomless(data)
        if guessed is None:
            return Decoded(error="binary file (contains NUL bytes), not a web page")
        decoded = _decode_with(data, guessed, guessed)
        return replace(decoded, warnings=(bomless_warning(guessed), *decoded.warnings))
    declared = _codec(charset)
    if declared is None:
        found = _META_CHARSET.search(data[:4096])
        declared = _codec(found.group(1).decode("ascii", "replace")) if found else None
    if declared is not None:
        return _decode_with(data, declared, declared)
    try:
        return _finish(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError as exc:
        warning = (
            f"not valid UTF-8 (byte {exc.start}) and no charset declared; decoded as "
            "cp1252, accented letters may be wrong"
        )
        return _finish(data.decode("cp1252", errors="replace"), "cp1252", (warning,))


def _decode_with(data: bytes, codec: str, name: str) -> Decoded:
    try:
        return _finish(data.decode(codec), name, ())
    except UnicodeDecodeError as exc:
        warning = f"invalid {name} at byte {exc.start}; undecodable bytes shown as \ufffd"
        return _finish(data.decode(codec, errors="replace"), name, (warning,))


def _finish(text: str, encoding: str, warnings: tuple[str, ...]) -> Decoded:
    text = normalise_newlines(text)
    if not text.strip():
        return Decoded(encoding=encoding, error="empty page (no text)")
    return Decoded(text=text, encoding=encoding, warnings=warnings)


# --- the page's own metadata --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the ``<head>`` says about the page."""

    language: str | None = None  # primary subtag, lower case ("en" for "en-GB")
    url: str | None = None
    title: str | None = None
    author: str | None = None
    description: str | None = None
    alternates: tuple[tuple[str, str], ...] = ()  # (language, absolute URL)
    locales: tuple[str, ...] = ()  # og:locale:alternate languages (no URL)


def _attr(element: HtmlElement, name: str) -> str:
    value = element.get(name)
    return " ".join(value.split()) if isinstance(value, str) else ""


def page_meta(tree: HtmlElement, text: str, page_url: str | None = None) -> PageMeta:
    """The declared language, address, author and language versions of a parsed page."""
    metas: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (_attr(meta, "property") or _attr(meta, "name") or _attr(meta, "itemprop")).lower()
        value = _attr(meta, "content")
        if key and value:
            metas.setdefault(key, []).append(value)
    links: list[tuple[str, str, str]] = []  # (rel, hreflang, href)
    for link in tree.iter("link"):
        rel = _attr(link, "rel").lower()
        href = _attr(link, "href")
        if rel and href:
            links.append((rel, _attr(link, "hreflang"), href))

    canonical = next((h for r, _, h in links if "canonical" in r.split()), None)
    og_url = next(iter(metas.get("og:url", [])), None)
    saved = _SAVED_FROM.search(text[:2048])
    candidates = [canonical, og_url, saved.group(1) if saved else None, page_url]
    base = page_url or next((c for c in candidates if c and is_web_url(c)), None)
    url = next((u for c in candidates if c and is_web_url(u := urljoin(base or "", c))), None)

    root_lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    language = language_code(root_lang or "") or language_code(
        next(iter(metas.get("og:locale", [])), "")
    )
    alternates: dict[str, str] = {}
    for rel, hreflang, href in links:
        code = language_code(hreflang)
        if "alternate" in rel.split() and code and hreflang.lower() != "x-default":
            absolute = urljoin(url or base or "", href)
            if is_web_url(absolute):
                alternates.setdefault(code, normalise_url(absolute))
    locales = tuple(
        dict.fromkeys(
            code
            for value in metas.get("og:locale:alternate", [])
            if (code := language_code(value)) and code != language
        )
    )
    author = next(
        (
            v[0]
            for key in ("author", "article:author", "dc.creator", "dcterms.creator")
            if (v := metas.get(key)) and not is_web_url(v[0])
        ),
        None,
    )
    title = next(iter(metas.get("og:title", [])), None)
    description = next(
        (v[0] for key in ("description", "og:description") if (v := metas.get(key))), None
    )
    return PageMeta(
        language=language,
        url=normalise_url(url) if url else None,
        title=title,
        author=author,
        description=description,
        alternates=tuple(alternates.items()),  # in the order the page names them
        locales=locales,
    )


# --- the extracted body -------------------------------------------------------------------


def _runs(
    element: Any, style: InlineKind | None = None, target: str | None = None
) -> list[tuple[str, InlineKind | None, str | None]]:
    """The text of an inline element as (text, style, link target) runs."""
    runs: list[tuple[str, InlineKind | None, str | None]] = []
    if element.text:
        runs.append((element.text, style, target))
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            runs.append((" ", style, target))
        elif tag == "hi":
            runs.extend(_runs(child, _STYLES.get(child.get("rend", ""), style) or style, target))
        elif tag == "code":
            runs.extend(_runs(child, "code", target))
        elif tag == "ref":
            runs.extend(_runs(child, style, child.get("target") or target))
        elif tag == "del":
            runs.extend(_runs(child, "strike", target))
        elif tag in ("graphic", "list", "quote", "table"):
            pass  # images are not text; nested blocks are walked as blocks
        else:
            runs.extend(_runs(child, style, target))
        if child.tail:
            runs.append((child.tail, style, target))
    return runs


def _walk(out: TextBuilder, element: Any, *, quote: int = 0, depth: int = 0) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "head":
            rend = child.get("rend", "h2")
            level = int(rend[1:]) if rend[1:].isdigit() else 2
            out.add_block(_runs(child), "heading", level=level, quote=quote)
        elif tag == "p":
            out.add_block(_runs(child), "paragraph", quote=quote, level=depth)
        elif tag == "quote":
            if any(isinstance(c.tag, str) and c.tag in ("p", "list", "head") for c in child):
                _walk(out, child, quote=quote + 1, depth=depth)
            else:
                out.add_block(_runs(child), "paragraph", quote=quote + 1, level=depth)
        elif tag == "list":
            ordered = child.get("rend", "") == "ol"
            number = 1
            for item in child:
                if not isinstance(item.tag, str) or item.tag != "item":
                    continue
                marker = f"{number}." if ordered else _BULLETS[depth % len(_BULLETS)]
                number += 1
                out.add_block(_runs(item), "item", level=depth + 1, quote=quote, marker=marker)
                for nested in item:
                    if isinstance(nested.tag, str) and nested.tag in ("list", "quote"):
                        _walk(out, _Wrapper(nested), quote=quote, depth=depth + 1)
        elif tag == "code":
            code = "".join(child.itertext())
            out.add_block([(code, None, None)], "code", quote=quote, keep_lines=True)
        elif tag == "table":
            for row in child.iter("row"):
                cells: list[tuple[str, InlineKind | None, str | None]] = []
                for cell in row.iter("cell"):
                    if cells:
                        cells.append((_CELL_SEPARATOR, None, None))
                    head: InlineKind | None = "strong" if cell.get("role") == "head" else None
                    cells.extend(_runs(cell, head))
                out.add_block(cells, "row", quote=quote)
        elif tag in ("div", "section", "body"):
            _walk(out, child, quote=quote, depth=depth)
        elif tag and tag != "graphic":
            out.add_block(_runs(child), "paragraph", quote=quote)


class _Wrapper:
    """One element seen as a container of itself (to walk a nested list as a block)."""

    def __init__(self, element: Any) -> None:
        self.element = element

    def __iter__(self) -> Any:
        return iter([self.element])


def _same(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    fa, fb = " ".join(a.split()).casefold(), " ".join(b.split()).casefold()
    return fa == fb or (len(fb) > 40 and fa.startswith(fb.rstrip(".…"))) or fb.startswith(fa)


# --- the document -------------------------------------------------------------------------


def _extract(tree: HtmlElement, url: str | None) -> Any:
    from trafilatura import bare_extraction

    return bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        include_links=True,
        include_images=False,
        # the publication date, not the last update, and no guess from the text
        date_extraction_params={"original_date": True, "extensive_search": False},
    )


def html_document(
    path: Path,
    data: bytes,
    *,
    doc_id: str,
    charset: str | None = None,
    page_url: str | None = None,
    language: str | None = None,
) -> Document:
    """A Document from the bytes of a saved page. Never raises for a bad page: the
    reason is in ``error``. ``charset`` and ``page_url`` are what the server said when
    reader fetched it (unknown for a page saved by a browser)."""
    decoded = decode_page(data, charset)
    if decoded.error is not None:
        return Document(id=doc_id, path=path, error=decoded.error, encoding=decoded.encoding)
    try:
        from lxml import html as lxml_html
        from lxml.etree import ParserError

        try:
            # Control characters (escape sequences) become visible stand-ins first: they
            # are data, and XML (which the extractor builds) cannot hold them.
            tree = lxml_html.document_fromstring(neutralise(decoded.text))
        except (ParserError, ValueError) as exc:
            return Document(id=doc_id, path=path, error=f"malformed HTML, cannot be read: {exc}")
        meta = page_meta(tree, decoded.text, page_url)
        extracted = _extract(tree, meta.url)
    except RecursionError:
        return Document(id=doc_id, path=path, error="malformed HTML: elements nested too deeply")
    body = getattr(extracted, "body", None) if extracted is not None else None
    title = " ".join((getattr(extracted, "title", None) or meta.title or "").split())
    out = TextBuilder(meta.url)
    if title:
        out.add_block([(title, None, None)], "heading", level=1, kind="title")
    lead = getattr(extracted, "description", None) or meta.description
    before = len(out.blocks)
    if body is not None:
        # the page's own <h1> repeats the title: the title block above stands for it
        first = next((c for c in body if isinstance(c.tag, str)), None)
        if first is not None and first.tag == "head" and _same("".join(first.itertext()), title):
            body.remove(first)
        _walk(out, body)
    text = out.text
    body_words = sum(len(b.shown(text).split()) for b in out.blocks[before:])
    if body_words < MIN_WORDS:
        return Document(
            id=doc_id,
            path=path,
            title=title,
            url=meta.url,
            source_format="html",
            encoding=decoded.encoding,
            error="no article text found in this page (it may be a front page, a list of "
            "links, or a page that needs JavaScript)",
        )
    _mark_lead(out, before, lead)
    from reader.corpus.language import guess_language

    assembled = assemble(text, out.blocks, language=language or guess_language(text))
    # the page's own author field as written; trafilatura's guess when it has none
    author = meta.author or getattr(extracted, "author", None)
    date = getattr(extracted, "date", None) or assembled.date
    return to_document(
        assembled,
        id=doc_id,
        path=path,
        text=text,
        date=date,
        encoding=decoded.encoding,
        warnings=decoded.warnings,
        source_format="html",
        author=" ".join(author.split()) if author else None,
        url=meta.url,
        alternates=_alternates(meta),
        extra={"declared_language": meta.language} if meta.language else {},
    )


def _alternates(meta: PageMeta) -> tuple[tuple[str, str], ...]:
    found = list(meta.alternates)
    named = {code for code, _ in found}
    found.extend((code, "") for code in meta.locales if code not in named)
    return tuple(found)


def _mark_lead(out: TextBuilder, first: int, lead: str | None) -> None:
    """The lead (standfirst): the first paragraph when it repeats the page's
    description or is set in bold or italics. A description that is not on the page
    is not added: the document is what the page shows."""
    from reader.corpus.structure import date_paragraph

    text = out.text
    while first < len(out.blocks) and date_paragraph(out.blocks[first].shown(text)):
        first += 1  # a dateline ("Brussels, 14 March 2024") comes before the lead
    if first >= len(out.blocks):
        return
    block = out.blocks[first]
    shown = block.shown(text)
    if block.role == "paragraph" and (
        _same(shown, lead) or (emphasised(block) and len(shown) <= 400)
    ):
        out.blocks[first] = with_kind(block, "dek")
