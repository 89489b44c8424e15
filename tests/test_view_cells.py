"""The one width, fit and wrap of every view (reader.view.cells)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, split_graphemes

from reader.view.cells import cells, fit, pad, wrap

FAMILY = "👨\u200d👩\u200d👧"  # one grapheme (ZWJ sequence), two cells
ACCENT = "e\u0301"  # e + combining acute: one grapheme, one cell

# Text that mixes what widths get wrong: wide characters, accents, emoji sequences,
# whitespace that is not a space, control characters, newlines.
texts = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            ["ab", " ", "  ", "日本", ACCENT, FAMILY, "\u3000", "\x1f", "\t", "\n", "x"]
        ),
        max_size=60,
    ).map("".join),
)


def _boundaries(text: str) -> set[int]:
    spans, _ = split_graphemes(text)
    return {0, len(text), *(start for start, _, _ in spans)}


# -- fit ---------------------------------------------------------------------------------


@given(texts, st.integers(min_value=0, max_value=40))
@settings(max_examples=300, deadline=None)
def test_fit_is_within_the_width_and_cuts_between_graphemes(text: str, width: int) -> None:
    out = fit(text, width)
    if cell_len(text) <= width:
        assert out == text
        return
    assert cell_len(out) <= width
    if width >= 1:
        assert out.endswith("…")
        kept = out[:-1]
        assert text.startswith(kept)
        assert len(kept) in _boundaries(text)  # never a character without its accent


def test_fit_leaves_out_a_wide_character_that_would_straddle_the_edge() -> None:
    # Rich's set_cell_size pads the gap with a space ("日本 …"); fit keeps the ellipsis
    # next to the text and leaves the padding to the caller.
    assert fit("日本語です", 6) == "日本…"
    assert cell_len(fit("日本語です", 6)) == 5
    assert fit("abcdef", 4) == "abc…"
    assert fit("abc", 3) == "abc"
    assert fit("abcd", 1) == "…"
    assert fit("abcd", 0) == ""


def test_fit_keeps_an_emoji_sequence_and_an_accent_whole() -> None:
    assert fit(f"ab{FAMILY}cd", 4) == "ab…"  # the family does not fit in one cell
    assert fit(f"ab{FAMILY}cd", 5) == f"ab{FAMILY}…"
    assert fit(f"caf{ACCENT} noir", 5) == f"caf{ACCENT}…"


def test_pad_gives_exactly_the_width() -> None:
    assert pad("ab", 4) == "ab  "
    assert pad("12", 4, right=True) == "  12"
    assert pad("日本語", 5) == "日本 "  # cut, no ellipsis, the straddle padded
    assert pad("abcdef", 3) == "abc"
    for text in ("", "x", "日本語", FAMILY * 3, f"caf{ACCENT}"):
        for width in range(7):
            assert cells(pad(text, width)) == width


# -- wrap, spaces dropped (the diff's cells) --------------------------------------------


@given(texts, st.integers(min_value=1, max_value=60))
@settings(max_examples=300, deadline=None)
def test_wrap_covers_the_words_and_fits(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert lines
    previous_end = 0
    boundaries = _boundaries(text)
    for start, end in lines:
        assert 0 <= start <= end <= len(text)
        assert start >= previous_end
        assert "\n" not in text[start:end]
        piece = text[start:end]
        # Wider than the width only when it is a single grapheme (a wide character in a
        # one-cell column).
        assert cell_len(piece) <= width or len(split_graphemes(piece.strip())[0]) == 1
        # A word is folded between graphemes only.
        assert start in boundaries or text[start - 1].isspace()
        previous_end = end
    # No non-space character is lost: the lines hold every word character in order.
    kept = "".join(text[a:b] for a, b in lines)
    assert [c for c in kept if not c.isspace()] == [c for c in text if not c.isspace()]


def test_wrap_skips_any_leading_whitespace() -> None:
    # Found by Hypothesis: "\x1f" is whitespace to str.isspace, and a line that kept it
    # was wider than the width it was wrapped to.
    assert wrap("\x1f 0", 1) == [(2, 3)]
    assert wrap("\u3000\u3000x y", 1) == [(2, 3), (4, 5)]
    # A zero-width word still occupies the line: the space after it counts.
    assert wrap("\x1b 0", 1) == [(0, 1), (2, 3)]


def test_wrap_breaks_at_newlines_and_folds_long_words() -> None:
    text = "alpha beta\ngamma"
    assert [text[a:b] for a, b in wrap(text, 20)] == ["alpha beta", "gamma"]
    long = "abcdefghij"
    assert [long[a:b] for a, b in wrap(long, 4)] == ["abcd", "efgh", "ij"]
    assert wrap("", 5) == [(0, 0)]


def test_wrap_folds_a_long_word_between_graphemes() -> None:
    word = FAMILY * 3  # six cells
    assert [word[a:b] for a, b in wrap(word, 4)] == [FAMILY * 2, FAMILY]
    accents = ACCENT * 5
    assert [accents[a:b] for a, b in wrap(accents, 2)] == [ACCENT * 2, ACCENT * 2, ACCENT]


# -- wrap, spaces kept (the article pane) ------------------------------------------------


@given(texts, st.integers(min_value=1, max_value=90))
@settings(max_examples=300, deadline=None)
def test_wrap_keeping_spaces_covers_every_character(text: str, width: int) -> None:
    lines = wrap(text, width, spaces="keep")
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    for (_, end), (start, _) in zip(lines, lines[1:], strict=False):
        # contiguous (offsets map back to the text), but for the newline between
        assert start == end or (start == end + 1 and text[end] == "\n")
    for start, end in lines:
        piece = text[start:end].rstrip()
        assert cell_len(piece) <= width or len(split_graphemes(piece.strip())[0]) == 1


def test_wrap_keeping_spaces_breaks_between_words_and_counts_an_indent() -> None:
    text = "alpha beta gamma delta"
    assert [text[a:b] for a, b in wrap(text, 11, spaces="keep")] == ["alpha beta ", "gamma delta"]
    indented = "    alpha beta"
    assert [indented[a:b] for a, b in wrap(indented, 10, spaces="keep")] == [
        "    alpha ",
        "beta",
    ]
    assert wrap("   ", 2, spaces="keep") == [(0, 3)]


# -- wrap at cells (code) ----------------------------------------------------------------


def test_wrap_without_words_cuts_every_width_cells() -> None:
    code = "x = f(a, b)  # a comment"
    assert [code[a:b] for a, b in wrap(code, 10, words=False)] == [
        "x = f(a, b",
        ")  # a com",
        "ment",
    ]
    assert wrap("日本語", 3, words=False) == [(0, 1), (1, 2), (2, 3)]
    assert wrap("ab\n\ncd", 5, words=False) == [(0, 2), (3, 3), (4, 6)]


def test_graphemes_are_measured_in_chunks_without_splitting_one() -> None:
    from reader.view.cells import _graphemes

    # Joined sequences and accents across every chunk edge (chunks of 1,024 characters).
    word = (FAMILY + ACCENT + "日" + "e\u0301\u0301") * 400
    assert list(_graphemes(word, 0, len(word))) == split_graphemes(word)[0]
    lines = wrap(word, 7)
    boundaries = _boundaries(word)
    assert all(a in boundaries for a, _ in lines)
    assert "".join(word[a:b] for a, b in lines) == word
