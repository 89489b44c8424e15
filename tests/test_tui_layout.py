"""Unit tests of the pure parts of the UI: page layout, wrapping, search, sidebar rows."""

from __future__ import annotations

from pathlib import Path

from reader.corpus.model import Document, Paragraph
from reader.view.article import Block, document_blocks, layout, search
from reader.view.listing import Slot, build_rows


def _doc(paragraphs: list[tuple[str, str]], **extra: object) -> Document:
    text = "\n".join(t for _, t in paragraphs)
    out, start = [], 0
    for index, (kind, body) in enumerate(paragraphs):
        out.append(Paragraph(index, start, start + len(body), body, kind))  # type: ignore[arg-type]
        start += len(body) + 1
    return Document(
        id="x",
        path=Path("a.txt"),
        text=text,
        title=paragraphs[0][1],
        paragraphs=tuple(out),
        words=len(text.split()),
        language="en",
        **extra,  # type: ignore[arg-type]
    )


def test_blocks_label_and_keep_boilerplate() -> None:
    doc = _doc(
        [
            ("title", "The title"),
            ("dek", "The dek."),
            ("body", "Body one."),
            ("boilerplate", "Related posts"),
            ("boilerplate", "READ NEXT"),
            ("body", "Body two."),
        ],
        date="2023-09",
    )
    blocks = document_blocks(doc)
    kinds = [b.kind for b in blocks]
    assert kinds == ["title", "meta", "dek", "body", "label", "boilerplate", "boilerplate", "body"]
    assert "2023-09" in blocks[1].text and "EN" in blocks[1].text and "a.txt" in blocks[1].text
    assert [b.paragraph for b in blocks if b.kind == "boilerplate"] == [3, 4]


def test_error_document_blocks() -> None:
    doc = Document(id="e", path=Path("bad.txt"), error="binary file (contains NUL bytes)")
    kinds = [b.kind for b in document_blocks(doc)]
    assert "error" in kinds
    unsupported = Document(id="u", path=Path("x.pdf"), error="unsupported", supported=False)
    assert any("Not supported" in b.text for b in document_blocks(unsupported))


def test_search_case_insensitive_and_skips_meta() -> None:
    blocks = [
        Block("title", "TikTok news"),
        Block("meta", "tiktok.txt"),
        Block("body", "tiktok TIKTOK"),
    ]
    found = search(blocks, "TikTok")
    assert [(m.block, m.start, m.end) for m in found] == [(0, 0, 6), (2, 0, 6), (2, 7, 13)]
    assert search(blocks, "") == []
    assert [m.block for m in search([Block("body", "Straße STRASSE")], "straße")] == [0]


def test_layout_blank_lines_between_blocks() -> None:
    blocks = [Block("title", "T"), Block("meta", "m"), Block("body", "one two three")]
    lines = layout(blocks, 7)
    assert [line.block for line in lines] == [0, 1, -1, 2, 2]


def _slot(name: str, doc_id: str, language: str | None = "en", error: str | None = None) -> Slot:
    doc = Document(id=doc_id, path=Path(name), title=name.upper(), language=language, error=error)
    return Slot(Path(name), doc)


def test_rows_flat_then_grouped() -> None:
    slots = [
        _slot("a", "A"),
        _slot("b", "B", "it"),
        _slot("c", "C", "fr"),
        _slot("d", "D"),
        _slot("bad", "X", None, "binary file"),
        Slot(Path("loading.txt")),
    ]
    flat = build_rows(slots)
    assert [r.index for r in flat] == [0, 1, 2, 3, 4, 5]
    assert slots[4].badge == "!" and slots[5].badge == "··" and slots[1].badge == "IT"
    grouped = build_rows(
        slots,
        story={"A": "s1", "B": "s1", "C": "s1", "D": "s2"},
        version_group={"A": "v1", "B": "v2", "C": "v1", "D": "v3"},
    )
    docs = [(r.index, r.version_mark) for r in grouped if r.kind == "doc"]
    # Story s1: versions v1 (a, c) together, then v2 (b); d alone; then unreadable ones.
    assert docs[:3] == [(0, "┌"), (2, "└"), (1, "")]
    assert [r.kind for r in grouped][0] == "header"
    assert "EN" in grouped[0].text and "FR" in grouped[0].text
    assert {i for i, _ in docs[3:]} == {3, 4, 5}
    filtered = build_rows(slots, needle="c", story={"A": "s1", "C": "s1"})
    assert [r.index for r in filtered if r.kind == "doc"] == [2]
