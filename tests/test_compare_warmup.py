"""The engine's warm-up: one-time costs paid ahead, nothing compared or written."""

from __future__ import annotations

from reader.compare.facts import lexicon
from reader.compare.warmup import warm_up


def test_warm_up_loads_the_word_lists_and_stops_when_asked() -> None:
    assert warm_up(["it", "xx"], embeddings=False) == ["engine", "gazetteer", "facts:it"]
    assert "it" in lexicon._lists
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2

    assert warm_up(None, embeddings=False, stop=stop) == ["engine", "gazetteer"]


def test_warm_up_with_embeddings_loads_the_model_and_embeds_nothing() -> None:
    from reader.compare.scoring.embeddings import VectorCache

    before = VectorCache().keys()
    assert warm_up(["en"])[-1] == "embeddings"
    assert VectorCache().keys() == before  # nothing embedded, nothing written
