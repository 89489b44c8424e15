"""Saved web pages: extraction (trafilatura + htmldate), metadata, offsets, bad pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.corpus import load_corpus, load_document
from reader.corpus.html import MAX_HTML_BYTES, decode_page
from reader.corpus.model import Document
from tests.helpers.web import (
    MALFORMED_HTML,
    NAVIGATION_ONLY,
    TITLES,
    press_release,
    write_release,
)


@pytest.fixture(scope="module")
def trio(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    paths = write_release(tmp_path_factory.mktemp("release"))
    return {d.path.stem: d for d in load_corpus(paths)}


def _shown(doc: Document) -> str:
    return "\n".join(
        p.rendering.text if p.rendering is not None else p.text for p in doc.paragraphs
    )


@pytest.mark.parametrize("lang", ["en", "it", "fr"])
def test_article_is_extracted_with_its_metadata(trio: dict[str, Document], lang: str) -> None:
    doc = trio[lang]
    assert doc.ok and doc.source_format == "html"
    assert doc.title == TITLES[lang]
    assert doc.language == lang
    assert doc.date == "2024-03-14"
    assert doc.author == "European Commission, Directorate-General for Competition"
    assert doc.url == f"https://press.example.eu/{lang}/press/ip_24_1234"
    assert dict(doc.alternates) == {
        code: f"https://press.example.eu/{code}/press/ip_24_1234" for code in ("en", "it", "fr")
    }
    assert doc.dek is not None and "420" in doc.dek  # the bold lead
    kinds = [p.kind for p in doc.paragraphs]
    assert kinds[:3] == ["title", "date", "dek"]
    roles = [p.role for p in doc.paragraphs]
    assert roles.count("item") == 3 and roles.count("heading") == 2  # title + h2


@pytest.mark.parametrize("lang", ["en", "it", "fr"])
def test_navigation_cookie_banner_and_related_links_are_dropped(
    trio: dict[str, Document], lang: str
) -> None:
    text = _shown(trio[lang])
    from tests.helpers.web import CHROME

    cookie, accept, nav, related_title, related = CHROME[lang]
    for dropped in [cookie, accept, related_title, *nav[1:3], *related, "© European Union"]:
        assert dropped not in text
    assert "Vestager" in text and "SA.101234" in text


def test_offsets_point_into_the_text(trio: dict[str, Document]) -> None:
    for doc in trio.values():
        assert doc.sentences
        for p in doc.paragraphs:
            assert doc.text[p.start : p.end] == p.text
        for s in doc.sentences:
            assert doc.text[s.start : s.end] == s.text
            assert s.text == s.text.strip()
        for p in doc.paragraphs:
            if p.rendering is None:
                continue
            for shown, source, length in p.rendering.pieces:
                piece = p.rendering.text[shown : shown + length]
                assert piece == doc.text[source : source + length]


def test_link_target_is_shown_and_styles_kept(trio: dict[str, Document]) -> None:
    last = trio["en"].paragraphs[-1]
    assert last.rendering is not None
    assert "competition website <https://competition.example.eu/state-aid>" in (
        last.rendering.text
    )
    kinds = {i.kind for i in last.rendering.inlines}
    assert {"link", "target"} <= kinds
    # the target is shown, not part of the article's text (the diff compares the text)
    assert "https://competition" not in last.text
    emphasis = [p for p in trio["en"].paragraphs if p.rendering and "incentive effect" in p.text]
    assert any(i.kind == "emphasis" for i in emphasis[0].rendering.inlines)  # type: ignore[union-attr]


def test_boilerplate_kept_by_the_extractor_is_marked(tmp_path: Path) -> None:
    page = press_release("en").replace(
        "</article>",
        "<p>Share this page</p><p>Read more on the Commission's press corner</p></article>",
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = load_document(path)
    marked = [p.text for p in doc.paragraphs if p.kind == "boilerplate"]
    assert "Share this page" in marked


def test_saved_from_comment_gives_the_address(tmp_path: Path) -> None:
    page = (
        "<!-- saved from url=(0032)https://news.example.org/story -->\n"
        "<html><body><article><h1>A story of some length here</h1><p>"
        + "This is a sentence of the story. " * 20
        + "</p></article></body></html>"
    )
    path = tmp_path / "story.html"
    path.write_text(page, encoding="utf-8")
    doc = load_document(path)
    assert doc.url == "https://news.example.org/story"


def test_page_text_is_data(tmp_path: Path) -> None:
    page = (
        "<html><head><title>[bold red]Title[/] \x1b]0;pwned\x07</title>"
        '<meta name="author" content="[link=https://x]Evil[/link] \x1b[31mred"></head><body>'
        "<article><p>Text with [red]markup[/red] and an escape \x1b[2J and "
        "<b>bold</b> words, long enough to be kept as the article of the page.</p>"
        "<p>A second paragraph of the article, so that the extractor keeps it all.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "evil.html"
    path.write_text(page, encoding="utf-8")
    doc = load_document(path)
    assert doc.ok
    assert "[bold red]Title[/]" in doc.title and "\x1b" not in doc.title
    assert doc.author is not None and "[link=https://x]" in doc.author
    assert "\x1b" not in doc.author and "\x1b" not in doc.text
    assert "[red]markup[/red]" in doc.text


def test_charset_from_meta_and_bom(tmp_path: Path) -> None:
    body = "<p>" + "Caffè e città, perché no? È così. " * 10 + "</p>"
    latin = f'<html><head><meta charset="iso-8859-1"></head><body>{body}</body></html>'
    path = tmp_path / "latin.html"
    path.write_bytes(latin.encode("latin-1"))
    assert "città" in load_document(path).text
    assert decode_page("\ufeff<p>é</p>".encode()).text == "<p>é</p>"
    assert decode_page(b"<p>caf\xe9</p>").warnings  # not UTF-8, no charset: a warning


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("navigation.html", NAVIGATION_ONLY.encode(), "no article text"),
        ("empty.html", b"   \n", "empty page"),
        ("binary.html", b"\x00\x01\x02" * 100, "binary"),
        ("huge.html", b"<p>" + b"x " * (MAX_HTML_BYTES // 2 + 10) + b"</p>", "too large"),
    ],
)
def test_bad_pages_get_a_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    doc = load_document(path)
    assert doc.error is not None and reason in doc.error
    assert doc.supported


def test_malformed_html_is_read(tmp_path: Path) -> None:
    path = tmp_path / "malformed.html"
    path.write_text(MALFORMED_HTML, encoding="utf-8")
    doc = load_document(path)
    assert doc.ok
    assert "nested mistakes" in doc.text and "second paragraph" in doc.text


def test_a_page_that_lies_about_its_language_is_checked(tmp_path: Path) -> None:
    page = press_release("it").replace('<html lang="it">', '<html lang="en">')
    page = page.replace('content="it_IT"', 'content="en_GB"')
    path = tmp_path / "it.html"
    path.write_text(page, encoding="utf-8")
    doc = load_document(path)
    assert doc.language == "it"
    assert any("reads as it" in w for w in doc.warnings)
    undetected = load_document(path, detect=False)
    assert undetected.language == "en"  # the page's word until detection runs


def test_declared_language_outside_the_set(tmp_path: Path) -> None:
    path = tmp_path / "en.html"
    path.write_text(press_release("en"), encoding="utf-8")
    doc = load_document(path, languages=("it", "fr"))
    assert doc.language is None and doc.other_language == "en"
