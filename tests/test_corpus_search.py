"""Full-text search: the query language, accents, operators typed by a user, safety."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.corpus.index import CorpusIndex
from reader.corpus.indexed import list_indexed
from reader.corpus.search import Hit, parse_query, search

Capture = pytest.CaptureFixture[str]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    texts = {
        "genova.txt": "La città di Genova\n\nLe navi sono tornate nella città lunedì. "
        "Il porto di Genova riapre dopo la tempesta.\n",
        "genoa.txt": "The city of Genoa\n\nShips returned to the city on Monday. "
        "The port of Genoa reopens after the storm.\n",
        "cafe.txt": "Café culture\n\nThe CAFÉ on the corner serves crème brûlée. "
        "Nobody orders tea there.\n",
        "hostile.txt": "Escapes \x1b[31mred\x1b[0m here\n\nA sentence with \x1b]0;title\x07 "
        "an escape and [bold]markup[/bold] inside. The platform said \x02no\x03.\n",
        "platform.txt": "Platforms\n\nThe platform grew. Platforms compete. A plate is not one.\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _search(folder: Path, text: str) -> tuple[set[str], object]:
    index = CorpusIndex()
    items = list_indexed([folder], index=index)
    found = search(text, items, index)
    return {r.path.name for r in found.results}, found


def test_accents_and_case_are_ignored_both_ways(corpus: Path) -> None:
    assert _search(corpus, "citta")[0] == {"genova.txt"}
    assert _search(corpus, "CITTÀ")[0] == {"genova.txt"}
    assert _search(corpus, "cafe")[0] == {"cafe.txt"}
    assert _search(corpus, "creme brulee")[0] == {"cafe.txt"}


def test_phrases_prefixes_exclusions_and_or(corpus: Path) -> None:
    assert _search(corpus, '"port of genoa"')[0] == {"genoa.txt"}
    assert _search(corpus, '"genoa port"')[0] == set()  # order matters in a phrase
    assert _search(corpus, "platform*")[0] == {"platform.txt", "hostile.txt"}
    assert _search(corpus, "platform")[0] == {"platform.txt", "hostile.txt"}
    assert _search(corpus, "platform -plate")[0] == {"hostile.txt"}
    assert _search(corpus, "platform NOT plate")[0] == {"hostile.txt"}
    assert _search(corpus, 'city -"on monday"')[0] == set()
    assert _search(corpus, "genoa OR genova")[0] == {"genoa.txt", "genova.txt"}
    assert _search(corpus, "genoa AND storm")[0] == {"genoa.txt"}
    assert _search(corpus, "genoa storm tea")[0] == set()  # all words required


def test_while_typing_the_last_word_is_a_prefix(corpus: Path) -> None:
    index = CorpusIndex()
    items = list_indexed([corpus], index=index)
    assert search("plat", items, index).total == 0  # a word is a word
    typed = search("plat", items, index, typing=True)
    assert {r.path.name for r in typed.results} == {"platform.txt", "hostile.txt"}
    assert search("plat ", items, index, typing=True).total == 0  # the word is finished
    assert search('"plat"', items, index, typing=True).total == 0
    assert search("genoa sto", items, index, typing=True).total == 1


@pytest.mark.parametrize(
    "text",
    [
        '"unclosed phrase',
        '"',
        '""',
        "*",
        "**",
        "genoa*)",
        "-",
        "--genoa",
        "(genoa",
        "genoa)",
        "((((",
        "AND",
        "OR genoa",
        "genoa OR",
        "NOT",
        "genoa NOT",
        "NEAR(genoa storm)",
        "text:genoa",
        "^genoa",
        "genoa + storm",
        "'genoa'",
        "genoa;DROP TABLE documents",
        "\x00\x1b[2J",
        "{genoa}",
        'a"b"c',
    ],
)
def test_fts_syntax_typed_by_a_user_is_never_an_error(corpus: Path, text: str) -> None:
    names, found = _search(corpus, text)
    query = parse_query(text)
    assert query.expression is None or query.expression.count('"') % 2 == 0
    if text in FINDS_GENOA:
        assert "genoa.txt" in names, (text, query.expression)
    else:
        assert "genoa.txt" not in names or "genoa" in text, (text, query.expression)


FINDS_GENOA = {
    "genoa*)", "(genoa", "genoa)", "OR genoa", "genoa OR", "genoa NOT", "^genoa",
    "genoa + storm", "'genoa'", "{genoa}",
}  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from(list("ab \"*-()^:+ORANDNOTé\x02\x03\\'")), max_size=24))
def test_any_typed_query_gives_an_answer(corpus: Path, text: str) -> None:
    index = CorpusIndex()
    items = list_indexed([corpus], index=index)
    found = search(text, items, index)
    assert (found.problem is None) == (parse_query(text).expression is not None)


def test_results_are_data(corpus: Path) -> None:
    names, found = _search(corpus, "escape")
    assert names == {"hostile.txt"}
    result = found.results[0]  # type: ignore[attr-defined]
    assert "\x1b" not in result.title and "␛" in result.title
    for hit in result.hits:
        assert "\x1b" not in hit.text and "\x07" not in hit.text
        assert all(hit.text[a:b].casefold().startswith("escape") for a, b in hit.spans)
    # the text's own \x02 \x03 are not taken for highlight markers
    names, found = _search(corpus, '"the platform said"')
    hit = found.results[0].hits[0]  # type: ignore[attr-defined]
    assert "no" in hit.text and "\x02" not in hit.text
    assert [hit.text[a:b] for a, b in hit.spans] == ["The platform said"]


def test_hits_are_sentences_with_their_numbers(corpus: Path) -> None:
    from reader.corpus.loader import load_document

    _, found = _search(corpus, "genova")
    result = found.results[0]  # type: ignore[attr-defined]
    doc = load_document(corpus / "genova.txt")
    assert result.matches == 2
    for hit in result.hits:
        assert "genova" in doc.sentences[hit.sentence].text.lower()
        assert hit.text == doc.sentences[hit.sentence].text


def test_snippet_cuts_around_the_match() -> None:
    text = "word " * 40 + "needle" + " word" * 40
    start = text.index("needle")
    snippet, spans = Hit(3, text, ((start, start + 6),)).snippet(40)
    assert len(snippet) <= 42 and snippet.startswith("…") and snippet.endswith("…")
    a, b = spans[0]
    assert snippet[a:b] == "needle"


def test_reader_search_table_and_json(corpus: Path, capsys: Capture) -> None:
    assert main(["search", "citta", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "La città di Genova" in out and "genova.txt" in out and "#0" in out
    assert main(["search", "escape", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "[bold]markup[/bold]" in out
    assert main(["search", "genoa OR genova", str(corpus), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 2
    assert {Path(r["path"]).name for r in data["results"]} == {"genoa.txt", "genova.txt"}
    hit = data["results"][0]["hits"][0]
    assert isinstance(hit["sentence"], int) and hit["spans"]
    assert main(["search", "nothingmatchesthis", str(corpus)]) == 1
    assert "no document matches" in capsys.readouterr().err
    assert main(["search", "((", str(corpus)]) == 2
    err = capsys.readouterr().err
    assert "nothing to search for" in err and "Traceback" not in err
