"""Synthetic corpora for benchmarks: N news-like articles in several languages.

    from benchmarks._corpus import make_corpus, make_versioned_corpus
    paths = make_corpus(tmp_dir, 10_000, seed=0)          # independent short articles
    corpus = make_versioned_corpus(tmp_dir, 10_000, seed=0)  # real-length, with versions

Each article has a title line, sometimes a ``date YYYY-MM`` line, a few paragraphs of
sentences built from a per-language vocabulary (function words included, so language
detection has something real to work on), and sometimes a boilerplate line ("Related
posts", "Leggi di più su …"). Files are spread over sub-folders of at most 500 files,
named ``NNNNN_<lang>.txt``. Deterministic for a given ``seed``; nothing is downloaded.

:func:`make_versioned_corpus` writes what grouping must find, with its gold: *stories*
of one to three different articles (sharing some names, numbers and now and then a
quoted sentence), each article told in one to five languages (translation-like
*versions*: the same sentences word for word through a shared concept vocabulary, names
and numbers kept, with sentences dropped, added, merged or split, words substituted
and now and then a paragraph left out) and sometimes rewritten in the same language.
Articles are 300-1500 words, as real ones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "it", "fr", "de", "es")


def _words(text: str) -> list[str]:
    return text.split()


_FUNCTION: dict[str, list[str]] = {
    "en": _words("the of and to in that is for with on as was by at from which have this"),
    "it": _words("il la di che e per con non una del della sono come anche questo nel alla"),
    "fr": _words("le la de et les des que pour dans une est sur avec pas plus qui du au"),
    "de": _words("der die und das nicht mit sich auch auf für ist ein eine dem den von zu"),
    "es": _words("el la de que y en los las por con una para es del se como más pero"),
}

_CONTENT: dict[str, list[str]] = {
    "en": _words(
        "government company platform users market report minister city people year "
        "week plan growth data video social network support budget decision council "
        "election school hospital energy price workers study research team season"
    ),
    "it": _words(
        "governo azienda piattaforma utenti mercato rapporto ministro città persone anno "
        "settimana piano crescita dati video sociale rete sostegno bilancio decisione "
        "consiglio elezioni scuola ospedale energia prezzo lavoratori studio ricerca squadra"
    ),
    "fr": _words(
        "gouvernement entreprise plateforme utilisateurs marché rapport ministre ville gens "
        "année semaine plan croissance données vidéo sociale réseau soutien budget décision "
        "conseil élections école hôpital énergie prix travailleurs étude recherche équipe"
    ),
    "de": _words(
        "Regierung Unternehmen Plattform Nutzer Markt Bericht Minister Stadt Menschen Jahr "
        "Woche Plan Wachstum Daten Video soziale Netzwerk Unterstützung Haushalt "
        "Entscheidung Rat Wahlen Schule Krankenhaus Energie Preis Arbeiter Studie Forschung"
    ),
    "es": _words(
        "gobierno empresa plataforma usuarios mercado informe ministro ciudad personas año "
        "semana plan crecimiento datos vídeo social red apoyo presupuesto decisión consejo "
        "elecciones escuela hospital energía precio trabajadores estudio investigación equipo"
    ),
}

_BOILERPLATE: dict[str, str] = {
    "en": "Related posts",
    "it": "Leggi di più su economia",
    "fr": "Articles similaires",
    "de": "Mehr zum Thema",
    "es": "Noticias relacionadas",
}

_COMMON_NAMES = ("Reuters", "Axios", "Europe", "Meta", "Google")
_SYLLABLES = ("ka", "lo", "ver", "den", "mar", "ti", "sol", "ber", "an", "ric", "zu", "fel")


def _name(rng: random.Random) -> str:
    """A made-up proper name ("Verdenti"), so articles mention their own people."""
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    return word.capitalize()


def _sentence(rng: random.Random, language: str, names: list[str]) -> str:
    words: list[str] = []
    for _ in range(rng.randint(8, 22)):
        roll = rng.random()
        if roll < 0.45:
            words.append(rng.choice(_FUNCTION[language]))
        elif roll < 0.93:
            words.append(rng.choice(_CONTENT[language]))
        elif roll < 0.97:
            words.append(rng.choice(names))
        else:
            words.append(str(rng.randint(2, 2024)))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + rng.choice([".", ".", ".", "?", "!"])


def make_article(rng: random.Random, language: str) -> str:
    """One article's text in ``language`` (one of LANGUAGES)."""
    title_words = [rng.choice(_CONTENT[language]) for _ in range(rng.randint(4, 9))]
    title_words.insert(1, rng.choice(_FUNCTION[language]))
    title = " ".join(title_words)
    lines = [title[:1].upper() + title[1:], ""]
    # Each article has its own people and places, plus now and then a common one.
    names = [_name(rng) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.3:
        names.append(rng.choice(_COMMON_NAMES))
    if rng.random() < 0.5:
        lines += [f"date {rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}", ""]
    for _ in range(rng.randint(3, 8)):
        sentences = (_sentence(rng, language, names) for _ in range(rng.randint(2, 5)))
        lines += [" ".join(sentences), ""]
    if rng.random() < 0.3:
        lines += [_BOILERPLATE[language], ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def make_corpus(
    directory: Path | str,
    n: int,
    seed: int = 0,
    languages: tuple[str, ...] = LANGUAGES,
    per_folder: int = 500,
) -> list[Path]:
    """Write ``n`` synthetic articles under ``directory``; return their paths, sorted."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths: list[Path] = []
    for i in range(n):
        language = languages[i % len(languages)] if rng.random() < 0.8 else rng.choice(languages)
        folder = root / f"part{i // per_folder:03d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"{i:05d}_{language}.txt"
        path.write_text(make_article(rng, language), encoding="utf-8")
        paths.append(path)
    return sorted(paths)


# --------------------------------------------------------------------- versioned corpora

_SUFFIXES: dict[str, tuple[str, ...]] = {  # how a shared root ends in each language
    "en": ("", "al", "ion", "er", "ity"),
    "it": ("o", "a", "e", "ione", "ità"),
    "fr": ("e", "é", "ion", "eur", "ité"),
    "de": ("ung", "en", "e", "er", "ität"),
    "es": ("o", "a", "ión", "or", "idad"),
}
_ROOT_SYLLABLES = (
    "ba",
    "ce",
    "di",
    "fo",
    "gu",
    "la",
    "me",
    "ni",
    "po",
    "ra",
    "se",
    "tu",
    "vi",
    "str",
    "con",
    "pre",
    "tran",
    "mon",
    "par",
    "cor",
    "gen",
    "lat",
    "mis",
    "nat",
    "port",
    "sta",
)
N_CONCEPTS = 4000
COGNATE_SHARE = 0.5  # concepts whose words share a root across languages


@dataclass(frozen=True)
class VersionedCorpus:
    """Paths written, and for each path its gold version group and story."""

    paths: list[Path]
    version: dict[Path, str]
    story: dict[Path, str]
    language: dict[Path, str]


def _root(rng: random.Random) -> str:
    return "".join(rng.choice(_ROOT_SYLLABLES) for _ in range(rng.randint(2, 3)))


def _lexicon(seed: int) -> dict[str, list[str]]:
    """Concept k → its word in each language: the compact vocabularies above first, then
    made-up words, half of them cognates (one root, a language's ending)."""
    rng = random.Random(f"lexicon-{seed}")
    out: dict[str, list[str]] = {lang: list(_CONTENT[lang]) for lang in LANGUAGES}
    size = min(len(words) for words in out.values())
    for lang in LANGUAGES:
        del out[lang][size:]
    for _ in range(N_CONCEPTS - size):
        cognate = rng.random() < COGNATE_SHARE
        root = _root(rng)
        ending = rng.randrange(5)
        for lang in LANGUAGES:
            word = root + _SUFFIXES[lang][ending] if cognate else _root(rng)
            out[lang].append(word.capitalize() if lang == "de" else word)
    return out


# An abstract sentence: ("c", concept) | ("n", name) | ("d", number) | ("f", 0) slots.
Slot = tuple[str, object]


def _concept(rng: random.Random, topic: list[int]) -> int:
    if rng.random() < 0.35:
        return rng.choice(topic)
    # Zipf-like: the first concepts are the common words of every article
    return min(N_CONCEPTS - 1, int(rng.paretovariate(0.9)) - 1 + rng.randrange(3))


def _abstract_sentence(
    rng: random.Random, topic: list[int], names: list[str], numbers: list[str]
) -> list[Slot]:
    slots: list[Slot] = []
    for _ in range(rng.randint(8, 24)):
        roll = rng.random()
        if roll < 0.42:
            slots.append(("f", 0))
        elif roll < 0.93:
            slots.append(("c", _concept(rng, topic)))
        elif roll < 0.975:
            slots.append(("n", rng.choice(names)))
        else:
            slots.append(("d", rng.choice(numbers)))
    return slots


def _render(
    rng: random.Random, slots: list[Slot], language: str, lexicon: dict[str, list[str]]
) -> str:
    words: list[str] = []
    for kind, value in slots:
        if kind == "f":
            words.append(rng.choice(_FUNCTION[language]))
        elif kind == "c":
            words.append(lexicon[language][int(value)])  # type: ignore[call-overload]
        else:
            words.append(str(value))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + rng.choice([".", ".", ".", ".", "?", "!"])


@dataclass
class _Article:
    title: list[Slot]
    paragraphs: list[list[list[Slot]]]
    date: str | None
    names: list[str]
    numbers: list[str]
    topic: list[int]


def _article(
    rng: random.Random, names: list[str], numbers: list[str], topic: list[int], words: int
) -> _Article:
    paragraphs: list[list[list[Slot]]] = []
    count = 0
    while count < words:
        paragraph = [
            _abstract_sentence(rng, topic, names, numbers) for _ in range(rng.randint(2, 6))
        ]
        count += sum(len(s) for s in paragraph)
        paragraphs.append(paragraph)
    title = [("c", rng.choice(topic)) for _ in range(rng.randint(3, 7))]
    title.insert(1, ("f", 0))
    date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}" if rng.random() < 0.6 else None
    return _Article(title, paragraphs, date, names, numbers, topic)


def _perturb(rng: random.Random, article: _Article, strength: float) -> _Article:
    """A version: the same sentences with differences (``strength`` ~ how many)."""

    def words(slots: list[Slot]) -> list[Slot]:
        out = []
        for slot in slots:
            roll = rng.random()
            if roll < 0.04 * strength:
                continue  # a word left out
            if slot[0] == "c" and roll < 0.16 * strength:
                out.append(("c", _concept(rng, article.topic)))  # another word
            else:
                out.append(slot)
            if rng.random() < 0.03 * strength:
                out.append(("f", 0))
        if len(out) > 3 and rng.random() < 0.3:  # local reordering
            k = rng.randrange(len(out) - 1)
            out[k], out[k + 1] = out[k + 1], out[k]
        return out or slots

    paragraphs: list[list[list[Slot]]] = []
    for paragraph in article.paragraphs:
        if rng.random() < 0.04 * strength and len(article.paragraphs) > 3:
            continue  # a paragraph the other version does not have
        sentences: list[list[Slot]] = []
        for sentence in paragraph:
            roll = rng.random()
            if roll < 0.05 * strength:
                continue
            if roll < 0.08 * strength and sentences:
                sentences[-1] = sentences[-1] + words(sentence)  # merged
                continue
            new = words(sentence)
            if roll < 0.11 * strength and len(new) > 12:  # split
                sentences += [new[: len(new) // 2], new[len(new) // 2 :]]
            else:
                sentences.append(new)
            if rng.random() < 0.04 * strength:  # added
                sentences.append(
                    _abstract_sentence(rng, article.topic, article.names, article.numbers)
                )
        if sentences:
            paragraphs.append(sentences)
    return _Article(
        words(article.title),
        paragraphs,
        article.date,
        article.names,
        article.numbers,
        article.topic,
    )


def _write_article(
    rng: random.Random, article: _Article, language: str, lexicon: dict[str, list[str]]
) -> str:
    title = _render(rng, article.title, language, lexicon).rstrip(".?!")
    lines = [title, ""]
    if article.date:
        lines += [f"date {article.date}", ""]
    for paragraph in article.paragraphs:
        lines += [" ".join(_render(rng, s, language, lexicon) for s in paragraph), ""]
    if rng.random() < 0.3:
        lines += [_BOILERPLATE[language], ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def make_versioned_corpus(
    directory: Path | str,
    n: int,
    seed: int = 0,
    languages: tuple[str, ...] = LANGUAGES,
    per_folder: int = 500,
    words: tuple[int, int] = (300, 1500),
) -> VersionedCorpus:
    """Write ``n`` articles with known versions and stories under ``directory``.

    Stories hold one to three articles (60 / 30 / 10 %); each article is written in one to
    five languages (40 / 25 / 17 / 12 / 6 %), and one in ten also as a rewrite in one of
    its languages. Deterministic for a given ``seed``.
    """
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    lexicon = _lexicon(seed)
    paths: list[Path] = []
    version: dict[Path, str] = {}
    story: dict[Path, str] = {}
    language: dict[Path, str] = {}
    story_no = article_no = 0

    def emit(text: str, lang: str, art: int, sto: int) -> None:
        i = len(paths)
        folder = root / f"part{i // per_folder:03d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"{i:05d}_{lang}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        version[path] = f"a{art}"
        story[path] = f"s{sto}"
        language[path] = lang

    while len(paths) < n:
        story_no += 1
        names = [_name(rng) for _ in range(rng.randint(3, 7))]
        if rng.random() < 0.3:
            names.append(rng.choice(_COMMON_NAMES))
        numbers = [str(rng.randint(10, 99_999)) for _ in range(rng.randint(2, 5))]
        topic = [rng.randrange(30, N_CONCEPTS) for _ in range(12)]
        quote = _abstract_sentence(rng, topic, names, numbers)
        for k in range(rng.choices((1, 2, 3), (60, 30, 10))[0]):
            article_no += 1
            # another article of the story: some of its names, numbers and topic
            own_names = (
                names
                if k == 0
                else rng.sample(names, max(2, len(names) // 2)) + [_name(rng) for _ in range(2)]
            )
            own_topic = (
                topic if k == 0 else topic[:4] + [rng.randrange(30, N_CONCEPTS) for _ in range(8)]
            )
            article = _article(rng, own_names, numbers, own_topic, rng.randint(*words))
            if rng.random() < 0.5:  # the story's quote, word for word
                article.paragraphs[rng.randrange(len(article.paragraphs))].append(quote)
            count = rng.choices((1, 2, 3, 4, 5), (40, 25, 17, 12, 6))[0]
            langs = rng.sample(languages, min(count, len(languages)))
            for v, lang in enumerate(langs):
                text = article if v == 0 else _perturb(rng, article, rng.uniform(0.5, 1.5))
                emit(_write_article(rng, text, lang, lexicon), lang, article_no, story_no)
                if len(paths) >= n:
                    break
            if len(paths) < n and rng.random() < 0.1:
                rewrite = _perturb(rng, article, 2.0)
                lang = rng.choice(langs)
                emit(_write_article(rng, rewrite, lang, lexicon), lang, article_no, story_no)
            if len(paths) >= n:
                break
    return VersionedCorpus(sorted(paths), version, story, language)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic corpus of N articles.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    ns = parser.parse_args()
    written = make_corpus(ns.directory, ns.n, seed=ns.seed)
    print(f"wrote {len(written)} files under {ns.directory}")
