"""Sentence splitting: regression fixtures in three languages and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.corpus import split_sentences

FIXTURES = Path(__file__).parent / "fixtures" / "segmentation"


def _cases(language: str) -> list[tuple[str, str, list[str]]]:
    lines = [
        line
        for line in (FIXTURES / f"{language}.txt").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    cases: list[tuple[str, str, list[str]]] = []
    name = ""
    block: list[str] = []

    def flush() -> None:
        if not block:
            return
        sep = block.index("---")
        text = "\n".join(block[:sep]).strip()
        expected = [line for line in block[sep + 1 :] if line.strip()]
        cases.append((name, text, expected))

    for line in lines:
        if line.startswith("==="):
            flush()
            name = line.strip("= ")
            block = []
        else:
            block.append(line)
    flush()
    return cases


ALL_CASES = [
    pytest.param(lang, text, expected, id=f"{lang}: {name}")
    for lang in ("en", "it", "fr")
    for name, text, expected in _cases(lang)
]


def test_fixtures_are_substantial() -> None:
    for lang in ("en", "it", "fr"):
        assert len(_cases(lang)) >= 8


@pytest.mark.parametrize(("language", "text", "expected"), ALL_CASES)
def test_fixture(language: str, text: str, expected: list[str]) -> None:
    spans = split_sentences(text, language)
    assert [text[s:e] for s, e in spans] == expected


def test_empty_and_blank() -> None:
    assert split_sentences("", "en") == []
    assert split_sentences("   \n\n  ", "en") == []


def test_blank_lines_always_split() -> None:
    text = "A heading without a stop\n\nThe body starts here. And goes on."
    spans = split_sentences(text, "en")
    assert [text[s:e] for s, e in spans] == [
        "A heading without a stop",
        "The body starts here.",
        "And goes on.",
    ]


def test_unknown_language_uses_all_abbreviations() -> None:
    text = "Il dott. Rossi è arrivato. M. Dupont aussi."
    assert [text[s:e] for s, e in split_sentences(text, None)] == [
        "Il dott. Rossi è arrivato.",
        "M. Dupont aussi.",
    ]


def test_german_and_spanish() -> None:
    de = "Am 12. September kam Hr. Müller z.B. nach Berlin. Das ist gut."
    assert [de[s:e] for s, e in split_sentences(de, "de")] == [
        "Am 12. September kam Hr. Müller z.B. nach Berlin.",
        "Das ist gut.",
    ]
    es = "El Sr. García llegó. ¿Qué pasó? ¡Nada! La Sra. López también."
    assert [es[s:e] for s, e in split_sentences(es, "es")] == [
        "El Sr. García llegó.",
        "¿Qué pasó?",
        "¡Nada!",
        "La Sra. López también.",
    ]


_ALPHABET = st.sampled_from(
    list("aAbBzZ .,!?…;:'\"“”‘’«»()[]-\n\t0123456789éÈ")
    + ["Mr.", "dott.", "S.p.A.", "M. ", "...", " «", "» ", "\r", "\x1b", "\u00a0"]
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_ALPHABET, max_size=80).map("".join), st.sampled_from(["en", "it", "fr", None]))
def test_offsets_always_map_back(text: str, language: str | None) -> None:
    spans = split_sentences(text, language)
    previous_end = 0
    for start, end in spans:
        assert 0 <= previous_end <= start < end <= len(text)
        sentence = text[start:end]
        assert sentence == sentence.strip()
        previous_end = end
    # nothing but whitespace is lost
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=300), st.sampled_from(["en", "it", "fr", "de", "es", None, "xx"]))
def test_arbitrary_text_never_raises(text: str, language: str | None) -> None:
    for start, end in split_sentences(text, language):
        assert text[start:end].strip() == text[start:end]


def test_number_abbreviations_only_before_digits() -> None:
    text = (
        "The answer was no. We left. See No. 5 and p. 12 now. He told me. Then the lights were on."
    )
    assert [text[s:e] for s, e in split_sentences(text, None)] == [
        "The answer was no.",
        "We left.",
        "See No. 5 and p. 12 now.",
        "He told me.",
        "Then the lights were on.",
    ]
