"""Pay the comparison engine's one-time costs ahead of the first comparison.

A fresh process pays about two seconds before its first comparison that no later one
pays again: importing the engine (numpy, the aligner, the fact extractors, wordfreq),
loading the five word-frequency lists, the gazetteer of places and organisations, the
per-language patterns of the fact extractors (compiled on first use), and the
embeddings model. :func:`warm_up` does all of that and nothing else: it compares
nothing, embeds nothing and writes nothing, so what a comparison decides is unchanged —
it only starts sooner. The TUI calls it in a background thread once the document list
is on screen, so that the first ``d`` does not wait for imports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# One short sentence with a date, a number, an amount, a quote and names: enough for
# every extractor to compile its patterns for a language.
_SAMPLE = 'On 3 March 2021 Maria Rossi said "no" in Geneva: 12 people, CHF 5 million, 40%.'


def warm_up(
    languages: Iterable[str] | None = None,
    *,
    embeddings: bool = True,
    stop: Callable[[], bool] = lambda: False,
) -> list[str]:
    """Import the engine and fill its process-wide caches for ``languages`` (default:
    every language the fact extractors know); with ``embeddings``, also load the
    configured model when its package is installed. ``stop()`` is asked between steps
    (the app is closing). Returns the names of the steps done, in order."""
    from reader.compare.facts.text import LANGUAGES

    chosen = [lang for lang in (languages or LANGUAGES) if lang in LANGUAGES] or list(LANGUAGES)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("engine", _import_engine),
        ("gazetteer", _gazetteer),
    ]
    steps += [(f"facts:{lang}", _facts(lang)) for lang in chosen]
    if embeddings:
        steps.append(("embeddings", _embeddings))
    done: list[str] = []
    for name, step in steps:
        if stop():
            break
        step()
        done.append(name)
    return done


def _import_engine() -> None:
    import reader.compare.alignment
    import reader.compare.comparison
    import reader.compare.coverage
    import reader.compare.divergence
    import reader.compare.scoring.auto
    import reader.compare.scoring.lexical
    import reader.compare.scoring.similarity  # noqa: F401


def _gazetteer() -> None:
    from reader.compare.facts import names

    names.known_refs("Genève")
    names._calendar(None)


def _facts(language: str) -> Callable[[], object]:
    def step() -> object:
        from reader.compare.facts import extract
        from reader.compare.facts.lexicon import zipf

        zipf("the", language)  # loads the language's word list
        return extract(_SAMPLE, language)

    return step


def _embeddings() -> None:
    from reader.compare.scoring import embeddings_available, resolve_scoring

    if not embeddings_available():
        return
    from reader.compare.scoring.embeddings import load_model

    resolve_scoring("auto")  # the process's shared similarity (and its embedders)
    load_model()
