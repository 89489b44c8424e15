"""Reading saved web pages: extraction time per page, a folder of 1,000 pages, and the
app's first paint on that folder (which must not wait for extraction).

    .venv/bin/python benchmarks/extraction.py [--pages 1000] [--sample 60] [--runs 5]

Pages are generated from real article text — the seeds and the SwissGov-RSD
development documents (``../shared/bench/swissgov-rsd_dev``, development split only) —
inside the chrome of a real news or government site: a cookie banner, a navigation menu
of 60 links, inline CSS and scripts, JSON-LD, an aside of related links and a footer;
about 80 KB a page, a typical size for a saved article.

1. Per page: ``load_document`` of a saved page (trafilatura + htmldate + reader's
   blocks and sentences), against ``load_document`` of the same article as a ``.txt``
   file in the same run (the baseline: what reading the text alone costs). Language
   detection off for both (it is the same for both and runs later, in the background).
2. A folder of ``--pages`` pages: ``load_corpus(detect=False)`` end to end, once.
3. The app's first paint on that folder, in a real pseudo-terminal, against a bare
   Textual app, with ``benchmarks/startup.py``'s harness (alternating runs).

Prints figures only; no asserts. Everything is written into a temporary folder.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.startup import BARE_APP, _env, _report, measure

ROOT = Path(__file__).resolve().parent.parent

SHARED = ROOT.parent / "shared" / "bench"


def _detokenise(text: str) -> str:
    for a, b in ((" ,", ","), (" .", "."), (" ' ", "'"), ("( ", "("), (" )", ")"), (" :", ":")):
        text = text.replace(a, b)
    return text


def articles() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of real articles: the seeds and SwissGov-RSD dev pages."""
    found: list[tuple[str, list[str]]] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        found.append((lines[0][:120], lines[1:]))
    for name in ("fr", "it", "de"):
        gold = SHARED / "swissgov-rsd_dev" / f"gold_admin_{name}.jsonl"
        if not gold.exists():
            continue
        with gold.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                for key in ("text_a", "text_b"):
                    sentences = _detokenise(record[key]).split(". ")
                    if len(sentences) < 4:
                        continue
                    title = " ".join(sentences[0].split()[:8])
                    paragraphs = [
                        ". ".join(sentences[i : i + 3]).strip() + "."
                        for i in range(1, len(sentences), 3)
                    ]
                    found.append((title, paragraphs))
    return found


_SCRIPT = "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
_SCRIPT *= 300
_STYLE = ".nav{display:flex;gap:1rem}.article p{line-height:1.6;margin:0 0 1em}" * 400


def page(title: str, paragraphs: Sequence[str], rng: random.Random, n: int) -> str:
    """A saved page of ``paragraphs`` inside a site's chrome (about 80 KB)."""
    e = html.escape
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(60))
    related = "".join(
        f'<li><a href="/story/{rng.randrange(10**6)}">Another story about topic {i}</a></li>'
        for i in range(8)
    )
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
    ld = json.dumps({"@type": "NewsArticle", "headline": title, "datePublished": "2024-03-14"})
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)} | The Daily Example</title>
<meta name="description" content="{e(paragraphs[0][:150]) if paragraphs else ""}">
<meta property="article:published_time" content="2024-03-{1 + n % 28:02d}T08:00:00Z">
<link rel="canonical" href="https://news.example.org/story/{n}">
<style>{_STYLE}</style><script>{_SCRIPT}</script>
<script type="application/ld+json">{ld}</script></head>
<body><div class="cookie-banner"><p>We use cookies to improve your experience.</p>
<button>Accept</button></div><header><nav class="nav"><ul>{nav}</ul></nav></header>
<main><article class="article"><h1>{e(title)}</h1><p class="byline">By A. Reporter</p>
{body}</article><aside class="related"><h3>Related</h3><ul>{related}</ul></aside></main>
<footer><p>© The Daily Example</p><script>{_SCRIPT}</script></footer></body></html>
"""


def write_pages(folder: Path, count: int) -> tuple[list[Path], list[Path]]:
    """``count`` pages and the same articles as ``.txt`` files (the baseline)."""
    rng = random.Random(0)
    texts = articles()
    html_dir, text_dir = folder / "pages", folder / "texts"
    html_dir.mkdir(parents=True)
    text_dir.mkdir(parents=True)
    pages: list[Path] = []
    plain: list[Path] = []
    for n in range(count):
        title, paragraphs = texts[n % len(texts)]
        title = f"{title} ({n})"
        sub = f"{n // 500:03d}"
        (html_dir / sub).mkdir(exist_ok=True)
        (text_dir / sub).mkdir(exist_ok=True)
        path = html_dir / sub / f"{n:05d}.html"
        path.write_text(page(title, paragraphs, rng, n), encoding="utf-8")
        pages.append(path)
        txt = text_dir / sub / f"{n:05d}.txt"
        txt.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        plain.append(txt)
    return pages, plain


def _cold_import() -> float:
    code = (
        "import time; t=time.perf_counter(); import trafilatura, htmldate, lxml.html; "
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000, help="pages in the folder")
    parser.add_argument("--sample", type=int, default=60, help="pages timed one by one")
    parser.add_argument("--runs", type=int, default=5, help="first-paint runs per program")
    parser.add_argument("--size", default="120x40", help="terminal COLSxROWS")
    parser.add_argument("--skip-paint", action="store_true", help="no first-paint runs")
    args = parser.parse_args(argv)

    from reader.corpus import load_corpus, load_document

    with tempfile.TemporaryDirectory(prefix="reader-extraction-") as tmp:
        folder = Path(tmp)
        pages, plain = write_pages(folder, args.pages)
        size_kb = statistics.mean(p.stat().st_size for p in pages[:100]) / 1024
        print(f"python {sys.version.split()[0]}; {args.pages} pages, {size_kb:.0f} KB each")
        print(f"import trafilatura + htmldate + lxml (cold process): {_cold_import():.2f} s")
        load_document(pages[0], detect=False)  # imports, outside the timings
        load_document(plain[0], detect=False)
        page_times: list[float] = []
        text_times: list[float] = []
        words = 0
        for html_path, txt_path in zip(pages[: args.sample], plain[: args.sample], strict=True):
            t0 = time.perf_counter()
            doc = load_document(html_path, detect=False)
            t1 = time.perf_counter()
            load_document(txt_path, detect=False)
            t2 = time.perf_counter()
            assert doc.ok, doc.error
            words += doc.words
            page_times.append(t1 - t0)
            text_times.append(t2 - t1)
        med_page = 1000 * statistics.median(page_times)
        med_text = 1000 * statistics.median(text_times)
        p95 = 1000 * sorted(page_times)[int(0.95 * (len(page_times) - 1))]
        print(
            f"\nper page ({args.sample} pages, {words // args.sample} words each): "
            f"saved page {med_page:.1f} ms median (p95 {p95:.1f} ms); "
            f"same article as .txt {med_text:.2f} ms; ratio {med_page / med_text:.0f}x"
        )

        t0 = time.perf_counter()
        docs = load_corpus([folder / "pages"], detect=False)
        elapsed = time.perf_counter() - t0
        bad = sum(1 for d in docs if not d.ok)
        t0 = time.perf_counter()
        load_corpus([folder / "texts"], detect=False)
        text_elapsed = time.perf_counter() - t0
        print(
            f"folder of {len(docs)} pages: {elapsed:.1f} s ({1000 * elapsed / len(docs):.1f} ms "
            f"a page; {bad} unreadable); the same articles as .txt: {text_elapsed:.2f} s"
        )

        if not args.skip_paint:
            cols, rows = (int(x) for x in args.size.lower().split("x"))
            env = _env(folder / "state")
            bare = folder / "bare_app.py"
            bare.write_text(BARE_APP, encoding="utf-8")
            times = measure(folder / "pages", args.runs, env, (cols, rows), bare)
            _report(f"first paint on {args.pages} saved pages", times, 2.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
