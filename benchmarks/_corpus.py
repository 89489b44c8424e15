"""Synthetic corpora for benchmarks: N news-like articles in several languages.

    from benchmarks._corpus import make_corpus
    paths = make_corpus(tmp_dir, 10_000, seed=0)

Each article has a title line, sometimes a ``date YYYY-MM`` line, a few paragraphs of
sentences built from a per-language vocabulary (function words included, so language
detection has something real to work on), and sometimes a boilerplate line ("Related
posts", "Leggi di più su …"). Files are spread over sub-folders of at most 500 files,
named ``NNNNN_<lang>.txt``. Deterministic for a given ``seed``; nothing is downloaded.
"""

from __future__ import annotations

import random
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


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic corpus of N articles.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    ns = parser.parse_args()
    written = make_corpus(ns.directory, ns.n, seed=ns.seed)
    print(f"wrote {len(written)} files under {ns.directory}")
