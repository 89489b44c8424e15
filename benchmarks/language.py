"""Language detection: lingua's low- vs high-accuracy mode, restricted to en/it/fr/de/es.

Prints, for each mode, measured in a fresh interpreter so that model loading is cold:
  * build: LanguageDetectorBuilder ... build() (lingua loads its models lazily, so this
    is cheap and the real load happens on the first detection),
  * first call: the first detection (includes loading the n-gram models),
  * per call: median time for short texts (titles, one sentence) and for 2,000-character
    article extracts,
  * accuracy on the short texts below and on the seeds.

Usage: .venv/bin/python benchmarks/language.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Short texts: titles and one-sentence snippets (written for this benchmark).
SHORT: dict[str, list[str]] = {
    "en": [
        "TikTok Looks to Social Features to Compete with Meta",
        "Google Marks Major Anniversary",
        "The council approved the budget on Tuesday.",
        "Why it matters",
        "Leave a Reply",
        "Shares fell sharply after the announcement.",
        "Dying Social Media App Tries New Approach",
        "We’ll keep you posted.",
    ],
    "it": [
        "TikTok punta sulle funzioni social per sfidare Meta",
        "Il governo approva la manovra",
        "Leggi di più su Social Media Today",
        "Il sindaco ha incontrato i cittadini ieri sera.",
        "Ti terremo aggiornato su eventuali progressi.",
        "Come riporta Axios:",
        "Lascia un commento",
        "Nuove regole per i monopattini in città",
    ],
    "fr": [
        "TikTok voudrait ajouter des fonctionnalités sociales",
        "Le gouvernement présente son budget",
        "Laisser un commentaire",
        "Les syndicats appellent à la grève jeudi.",
        "Une décision tout à fait logique",
        "Le maire a annoncé de nouvelles mesures.",
        "À lire aussi",
        "La SNCF supprime des trains cet été",
    ],
    "de": [
        "TikTok setzt auf soziale Funktionen gegen Meta",
        "Die Regierung stellt den Haushalt vor",
        "Schreibe einen Kommentar",
        "Der Bürgermeister hat neue Maßnahmen angekündigt.",
        "Ähnliche Beiträge",
        "Die Bahn streicht Züge im Sommer",
        "Warum das wichtig ist",
        "Neue Regeln für E-Scooter in der Stadt",
    ],
    "es": [
        "TikTok apuesta por funciones sociales para competir con Meta",
        "El Gobierno presenta los presupuestos",
        "Deja un comentario",
        "El alcalde anunció nuevas medidas ayer.",
        "Artículos relacionados",
        "La empresa cerró el año con pérdidas",
        "Por qué es importante",
        "Nuevas normas para los patinetes en la ciudad",
    ],
}

_CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
from benchmarks.language import SHORT
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
high = sys.argv[1] == "high"
t0 = time.perf_counter()
langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper()))
         for c in ("en", "it", "fr", "de", "es")]
builder = LanguageDetectorBuilder.from_languages(*langs)
if not high:
    builder = builder.with_low_accuracy_mode()
det = builder.build()
t1 = time.perf_counter()
det.detect_language_of("Hello")
t2 = time.perf_counter()
def code(text):
    r = det.detect_language_of(text)
    return None if r is None else r.iso_code_639_1.name.lower()
right = total = 0
wrong = []
short_times = []
for lang, texts in SHORT.items():
    for text in texts:
        s = time.perf_counter(); got = code(text); short_times.append(time.perf_counter() - s)
        total += 1
        if got == lang:
            right += 1
        else:
            wrong.append(f"{text!r}: {got}")
seeds = {"000": "en", "001": "en", "002": "en", "003": "it", "004": "fr"}
long_times = []
seed_right = 0
for path in sorted(Path(sys.argv[2], "seeds").glob("*.txt")):
    text = path.read_text(encoding="utf-8")[:2000]
    for _ in range(5):
        s = time.perf_counter(); got = code(text); long_times.append(time.perf_counter() - s)
    seed_right += got == seeds[path.name[:3]]
print(json.dumps({
    "build_ms": (t1 - t0) * 1000, "first_call_ms": (t2 - t1) * 1000,
    "short_ms": statistics.median(short_times) * 1000,
    "long_ms": statistics.median(long_times) * 1000,
    "short_right": right, "short_total": total, "wrong": wrong,
    "seeds_right": seed_right,
}))
"""


_DOCS_CHILD = r"""
import json, resource, statistics, sys, time
from reader.corpus import default_corpus_path, load_corpus, with_languages
from reader.corpus.language import identify_languages
docs = load_corpus([default_corpus_path()], detect=False)
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter(); first = with_languages(docs); t1 = time.perf_counter()
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
times = []
for _ in range(5):
    s = time.perf_counter(); with_languages(docs); times.append(time.perf_counter() - s)
others = {
    "pt": "O governo aprovou ontem o novo orçamento depois de um longo debate no parlamento. "
    "Os sindicatos anunciaram uma greve para a próxima semana, segundo o ministro.",
    "nl": "De regering heeft gisteren de nieuwe begroting goedgekeurd na een lang debat in "
    "het parlement. De vakbonden kondigden een staking aan voor volgende week.",
    "ca": "El govern ha aprovat avui el nou pressupost després d'un llarg debat al "
    "parlament. Els sindicats han anunciat una vaga per a la setmana vinent.",
    "pl": "Rząd przyjął wczoraj nowy budżet po długiej debacie w parlamencie. Związki "
    "zawodowe zapowiedziały strajk na przyszły tydzień, według ministra finansów.",
}
found = identify_languages(list(others.values()))
print(json.dumps({
    "first_ms": (t1 - t0) * 1000, "rss_mb": (rss1 - rss0) / 1024,
    "per_doc_ms": statistics.median(times) * 1000 / len(docs),
    "seeds": [d.language for d in first], "others": {
        k: [f.language, f.other] for k, f in zip(others, found)},
}))
"""


def measure_documents() -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _DOCS_CHILD], capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout))


def measure(mode: str, runs: int = 3) -> dict[str, object]:
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, mode, str(ROOT)],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout))
    merged: dict[str, object] = dict(results[0])
    for key in ("build_ms", "first_call_ms", "short_ms", "long_ms"):
        merged[key] = statistics.median(float(r[key]) for r in results)
    return merged


def main() -> None:
    print("lingua 2.1.1, languages en/it/fr/de/es, medians of 3 cold runs")
    header = (
        f"{'mode':<6}{'build ms':>10}{'1st call ms':>13}{'short ms':>10}{'2KB ms':>9}"
        f"{'short right':>13}{'seeds':>7}"
    )
    print(header)
    for mode in ("low", "high"):
        r = measure(mode)
        print(
            f"{mode:<6}{r['build_ms']:>10.1f}{r['first_call_ms']:>13.1f}{r['short_ms']:>10.3f}"
            f"{r['long_ms']:>9.3f}{r['short_right']:>8}/{r['short_total']:<4}"
            f"{r['seeds_right']:>4}/5"
        )
        for miss in r["wrong"]:  # type: ignore[attr-defined]
            print(f"      miss: {miss}")
    d = measure_documents()
    print(
        "\nreader's document detection (with_languages: restricted low mode, then the "
        "all-75-languages check for 'other'), cold process, the 5 seeds:\n"
        f"  first call {d['first_ms']:.0f} ms, RSS +{d['rss_mb']:.0f} MB, then "
        f"{d['per_doc_ms']:.2f} ms a document; seeds {d['seeds']}\n"
        f"  outside en/it/fr/de/es: {d['others']} (language, other)"
    )


if __name__ == "__main__":
    main()
