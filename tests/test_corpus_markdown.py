"""Markdown: rendered blocks for reading, offsets into the source for everything else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.corpus import load_document
from reader.corpus.model import Document
from reader.export.article import render_document_text
from reader.view.article import document_blocks, search, source_span

ARTICLE = """\
# TikTok tests a photo mode

*The app wants to compete with Instagram for 420 million users.*

Published: 12 March 2024

## Key facts

- **420 million** people use the app, says [the company](https://example.org/tiktok "Press").
  The figure was given on Monday. Dr. Smith confirmed it.
- Photos can be shared with `friends only`
  1. first in the United States
  2. then in Europe

> “We want people to share their real lives,” the company said.
> It did not give a date.

```python
print("[bold]not markup[/bold]")  # code keeps its lines
```

| Country | Users |
|---|---|
| Italy | 20 million |

---

Text &amp; \\*escaped\\* <span>inline html</span> and <https://auto.example.org>.

## Related posts

- Another story
- One more story
"""


@pytest.fixture()
def doc(tmp_path: Path) -> Document:
    path = tmp_path / "article.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return load_document(path)


def test_structure(doc: Document) -> None:
    assert doc.source_format == "markdown"
    assert doc.title == "TikTok tests a photo mode"
    assert doc.dek == "The app wants to compete with Instagram for 420 million users."
    assert doc.date == "2024-03-12"
    roles = [(p.role, p.kind) for p in doc.paragraphs]
    assert ("heading", "body") in roles and ("code", "body") in roles
    assert ("rule", "body") in roles and ("row", "body") in roles
    items = [p for p in doc.paragraphs if p.role == "item" and p.kind == "body"]
    assert [p.marker for p in items] == ["•", "•", "1.", "2."]
    assert [p.level for p in items] == [1, 1, 2, 2]
    quote = next(p for p in doc.paragraphs if p.quote)
    assert quote.rendering is not None and "It did not give a date." in quote.rendering.text
    # "Related posts" and its teasers are boilerplate, as in plain text
    assert [p.kind for p in doc.paragraphs[-3:]] == ["boilerplate"] * 3


def test_offsets_point_into_the_markdown_source(doc: Document) -> None:
    assert doc.text == ARTICLE
    for p in doc.paragraphs:
        assert doc.text[p.start : p.end] == p.text
        if p.rendering is not None:
            for shown, source, length in p.rendering.pieces:
                piece = p.rendering.text[shown : shown + length]
                assert piece == doc.text[source : source + length]
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        # markup goes with its sentence: never a sentence that starts or ends half-way
        assert s.text.count("**") % 2 == 0
    first = next(s for s in doc.sentences if "420 million** people" in s.text)
    assert first.text.startswith("**420 million**") and first.text.endswith('"Press").')


def test_rendered_text_has_no_markup(doc: Document) -> None:
    blocks = document_blocks(doc)
    text = "\n".join(b.text for b in blocks)
    for markup in ("**", "](", "```", "&amp;", "\\*"):
        assert markup not in text
    assert not [b.text for b in blocks if b.text.startswith(("#", ">", "- ", "|"))]
    assert "the company <https://example.org/tiktok>" in text  # a link shows its target
    assert "Text & *escaped* <span>inline html</span>" in text  # HTML is shown, as text
    assert 'print("[bold]not markup[/bold]")' in text
    code = next(b for b in blocks if b.kind == "code")
    assert code.prefix == "    "
    heading = next(b for b in blocks if b.kind == "heading")
    assert heading.text == "Key facts"
    strong = [b for b in blocks if any(i.kind == "strong" for i in b.inlines)]
    assert strong and strong[0].text[strong[0].inlines[0].start :].startswith("420 million")


def test_search_finds_rendered_text_and_points_into_the_source(doc: Document) -> None:
    blocks = document_blocks(doc)
    for query, source in [
        ("420 million people", "420 million** people"),
        ("the company", "the company"),
        ("real lives", "real lives"),
        ("friends only", "friends only"),
    ]:
        matches = search(blocks, query)
        assert matches, query
        match = matches[0]
        span = source_span(doc, blocks[match.block], match.start, match.end)
        assert span is not None
        assert doc.text[span[0] : span[1]] == source


def test_reader_show_renders_markdown(doc: Document) -> None:
    text = render_document_text(doc, width=80)
    assert "• 420 million people use the app, says the company" in text
    assert "  1. first in the United States" in text
    assert "│ “We want people to share their real lives,” the company said." in text
    assert "**" not in text and "```" not in text
    coloured = render_document_text(doc, width=80, colour=True)
    assert "\x1b[1m420 million\x1b[0m" in coloured  # bold, from the source's **…**


def test_show_json_offsets_are_source_offsets(
    doc: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(doc.path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "markdown"
    for s in data["sentences"]:
        assert data["text"][s["start"] : s["end"]] == s["text"]
    shown = [p["shown"] for p in data["paragraphs"] if p["shown"]]
    assert any("the company <https://example.org/tiktok>" in x for x in shown)


def test_markdown_is_data(tmp_path: Path) -> None:
    path = tmp_path / "evil.md"
    path.write_text(
        "# [bold]Title[/bold] \x1b]0;pwned\x07\n\n"
        "A paragraph with [link](javascript:alert(1)) and \x1b[31mred\x1b[0m text here.\n",
        encoding="utf-8",
    )
    blocks = document_blocks(load_document(path))
    text = "\n".join(b.text for b in blocks)
    assert "\x1b" not in text and "\x07" not in text
    assert "[bold]Title[/bold]" in text


@pytest.mark.parametrize(
    "source",
    ["", "#", "> ", "- ", "```", "[a](", "**", "| a |\n|-|", "<div>", "\\", "***\n***"],
)
def test_odd_markdown_never_breaks(tmp_path: Path, source: str) -> None:
    path = tmp_path / "odd.md"
    path.write_text(source + "\nsome words\n", encoding="utf-8")
    doc = load_document(path)
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
    document_blocks(doc)
