"""Web pages, a feed and a local HTTP server for the tests of saved pages and fetching.

Everything is written by the tests: an EN/IT/FR press release whose pages name each
other with hreflang links (with navigation, a cookie banner, related links and a footer
around the article), a feed with good and broken entries, and a server on 127.0.0.1 with
an ephemeral port that also serves every bad case (404, 500, a redirect loop, a page
that never answers, a non-HTML content type, a huge page, a download cut short).
Requests are counted per path so that tests can see what was fetched.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RELEASE_PATH = "/{lang}/press/ip_24_1234"

TITLES = {
    "en": "Commission approves €420 million Italian scheme for rural broadband",
    "it": "La Commissione approva un regime italiano da 420 milioni di euro per la banda "
    "larga rurale",
    "fr": "La Commission autorise un régime italien de 420 millions d'euros pour le haut "
    "débit rural",
}

DATELINES = {
    "en": "Brussels, 14 March 2024",
    "it": "Bruxelles, 14 marzo 2024",
    "fr": "Bruxelles, le 14 mars 2024",
}

BODIES = {
    "en": [
        "<p><strong>The European Commission has approved, under EU State aid rules, a €420 "
        "million Italian scheme to support the deployment of very high capacity broadband "
        "networks in rural areas.</strong></p>",
        "<p>The scheme will bring gigabit connectivity to around 1.2 million households and "
        "80,000 businesses in areas where no operator plans to invest in the next three "
        "years. It will run until the end of 2026.</p>",
        "<p>Executive Vice-President Margrethe Vestager, in charge of competition policy, "
        "said: “Fast and reliable connectivity is essential for citizens and businesses in "
        "rural areas. This scheme will help close the digital divide without unduly "
        "distorting competition.”</p>",
        "<h2>The Commission's assessment</h2>",
        "<p>The Commission assessed the measure under Article 107(3)(c) of the Treaty on the "
        "Functioning of the European Union. It found that the scheme is necessary and "
        "appropriate, and that it has an <em>incentive effect</em>, as operators would not "
        "invest without public support.</p>",
        "<ul><li>The networks will be open to all operators on fair terms.</li>"
        "<li>Aid will be granted through competitive tenders.</li>"
        "<li>Italy will publish the results of the tenders.</li></ul>",
        "<p>More information will be available on the "
        '<a href="https://competition.example.eu/state-aid">competition website</a> '
        "under the case number SA.101234.</p>",
    ],
    "it": [
        "<p><strong>La Commissione europea ha approvato, in base alle norme dell'UE sugli "
        "aiuti di Stato, un regime italiano da 420 milioni di euro a sostegno della "
        "diffusione di reti a banda larga ad altissima capacità nelle aree rurali."
        "</strong></p>",
        "<p>Il regime porterà la connettività gigabit a circa 1,2 milioni di famiglie e "
        "80.000 imprese in zone in cui nessun operatore prevede di investire nei prossimi "
        "tre anni. Resterà in vigore fino alla fine del 2026.</p>",
        "<p>La vicepresidente esecutiva Margrethe Vestager, responsabile della politica di "
        "concorrenza, ha dichiarato: “Una connettività veloce e affidabile è essenziale per "
        "i cittadini e le imprese delle aree rurali. Questo regime contribuirà a colmare il "
        "divario digitale senza falsare indebitamente la concorrenza.”</p>",
        "<h2>La valutazione della Commissione</h2>",
        "<p>La Commissione ha valutato la misura ai sensi dell'articolo 107, paragrafo 3, "
        "lettera c), del trattato sul funzionamento dell'Unione europea. Ha concluso che il "
        "regime è necessario e adeguato e che ha un <em>effetto di incentivazione</em>, "
        "poiché gli operatori non investirebbero senza un sostegno pubblico.</p>",
        "<ul><li>Le reti saranno aperte a tutti gli operatori a condizioni eque.</li>"
        "<li>Gli aiuti saranno concessi mediante gare competitive.</li>"
        "<li>L'Italia pubblicherà i risultati delle gare.</li></ul>",
        "<p>Ulteriori informazioni saranno disponibili sul "
        '<a href="https://competition.example.eu/state-aid">sito web della concorrenza</a> '
        "con il numero SA.101234.</p>",
    ],
    "fr": [
        "<p><strong>La Commission européenne a autorisé, en vertu des règles de l'UE en "
        "matière d'aides d'État, un régime italien de 420 millions d'euros visant à soutenir "
        "le déploiement de réseaux à haut débit à très haute capacité dans les zones "
        "rurales.</strong></p>",
        "<p>Le régime apportera une connectivité gigabit à environ 1,2 million de ménages et "
        "80 000 entreprises dans des zones où aucun opérateur ne prévoit d'investir au cours "
        "des trois prochaines années. Il restera en vigueur jusqu'à la fin de 2026.</p>",
        "<p>Margrethe Vestager, vice-présidente exécutive chargée de la politique de "
        "concurrence, a déclaré: « Une connectivité rapide et fiable est essentielle pour les "
        "citoyens et les entreprises des zones rurales. Ce régime contribuera à réduire la "
        "fracture numérique sans fausser indûment la concurrence. »</p>",
        "<h2>L'appréciation de la Commission</h2>",
        "<p>La Commission a apprécié la mesure au regard de l'article 107, paragraphe 3, "
        "point c), du traité sur le fonctionnement de l'Union européenne. Elle a constaté que "
        "le régime est nécessaire et approprié, et qu'il a un <em>effet incitatif</em>, car "
        "les opérateurs n'investiraient pas sans soutien public.</p>",
        "<ul><li>Les réseaux seront ouverts à tous les opérateurs à des conditions "
        "équitables.</li><li>Les aides seront octroyées au moyen d'appels d'offres "
        "concurrentiels.</li><li>L'Italie publiera les résultats des appels d'offres.</li></ul>",
        "<p>De plus amples informations seront disponibles sur le "
        '<a href="https://competition.example.eu/state-aid">site web de la concurrence</a> '
        "sous le numéro SA.101234.</p>",
    ],
}

CHROME = {
    "en": (
        "We use cookies to improve your experience on our websites.",
        "Accept all cookies",
        ["Home", "News", "Press corner", "About the Commission"],
        "Related news",
        [
            "Commission approves German scheme for electric buses",
            "State aid: Commission clears Spanish hydrogen project",
        ],
    ),
    "it": (
        "Utilizziamo i cookie per migliorare la tua esperienza sui nostri siti.",
        "Accetta tutti i cookie",
        ["Home", "Notizie", "Sala stampa", "La Commissione"],
        "Notizie correlate",
        [
            "La Commissione approva un regime tedesco per gli autobus elettrici",
            "Aiuti di Stato: via libera a un progetto spagnolo sull'idrogeno",
        ],
    ),
    "fr": (
        "Nous utilisons des cookies pour améliorer votre expérience sur nos sites.",
        "Accepter tous les cookies",
        ["Accueil", "Actualités", "Espace presse", "La Commission"],
        "Actualités liées",
        [
            "La Commission autorise un régime allemand pour les bus électriques",
            "Aides d'État: feu vert pour un projet espagnol sur l'hydrogène",
        ],
    ),
}

LOCALES = {"en": "en_GB", "it": "it_IT", "fr": "fr_FR"}


def release_url(base: str, lang: str) -> str:
    return base.rstrip("/") + RELEASE_PATH.format(lang=lang)


def press_release(lang: str, base: str = "https://press.example.eu") -> str:
    """The press release in ``lang`` as a full page: the article inside the chrome of a
    real site, naming its three language versions with hreflang links."""
    cookie, accept, nav, related_title, related = CHROME[lang]
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{code}" href="{release_url(base, code)}">'
        for code in ("en", "it", "fr")
    )
    others = "\n".join(
        f'<meta property="og:locale:alternate" content="{LOCALES[code]}">'
        for code in ("en", "it", "fr")
        if code != lang
    )
    nav_items = "".join(f'<li><a href="/{lang}/{i}">{n}</a></li>' for i, n in enumerate(nav))
    related_items = "".join(
        f'<li><a href="/{lang}/press/ip_24_{1000 + i}">{t}</a></li>' for i, t in enumerate(related)
    )
    body = "\n".join(BODIES[lang])
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{TITLES[lang]} | European Commission</title>
<meta name="author" content="European Commission, Directorate-General for Competition">
<meta property="og:title" content="{TITLES[lang]}">
<meta property="og:locale" content="{LOCALES[lang]}">
{others}
<meta property="article:published_time" content="2024-03-14T10:00:00+01:00">
<link rel="canonical" href="{release_url(base, lang)}">
{alternates}
<link rel="alternate" hreflang="x-default" href="{base}/press/ip_24_1234">
</head>
<body>
<div id="cookie-consent" class="cookie-banner"><p>{cookie}</p><button>{accept}</button></div>
<header><nav class="main-nav"><ul>{nav_items}</ul></nav></header>
<main>
<article>
<h1>{TITLES[lang]}</h1>
<p class="dateline">{DATELINES[lang]}</p>
{body}
</article>
<aside class="related"><h3>{related_title}</h3><ul>{related_items}</ul></aside>
</main>
<footer><p>© European Union, 2024</p><ul><li><a href="/legal">Legal</a></li></ul></footer>
</body>
</html>
"""


def write_release(folder: Path, base: str = "https://press.example.eu") -> list[Path]:
    """The trio saved as a browser would: ``en.html``, ``it.html``, ``fr.html``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for lang in ("en", "it", "fr"):
        path = folder / f"{lang}.html"
        path.write_text(press_release(lang, base), encoding="utf-8")
        paths.append(path)
    return paths


def feed(base: str) -> str:
    """An RSS feed: three good entries (the press release in three languages) and broken
    ones (no link, a javascript: link, a file: link, a bad date, escape sequences)."""
    items = []
    for lang in ("en", "it", "fr"):
        items.append(
            f"<item><title>{TITLES[lang]}</title><link>{release_url(base, lang)}</link>"
            f"<pubDate>Thu, 14 Mar 2024 10:00:00 +0100</pubDate>"
            f"<description>&lt;p&gt;{TITLES[lang]} &lt;b&gt;summary&lt;/b&gt;&lt;/p&gt;"
            f"</description></item>"
        )
    items.append("<item><title>An entry without a link</title></item>")
    items.append("<item><title>A javascript entry</title><link>javascript:alert(1)</link></item>")
    items.append("<item><title>A file entry</title><link>file:///etc/passwd</link></item>")
    items.append(
        "<item><title>Bad date entry</title><link>" + base + "/missing</link>"
        "<pubDate>not a date at all</pubDate></item>"
    )
    items.append(
        "<item><title>[bold]Escapes[/bold] &#x1b;]0;pwned&#x07; title</title>"
        "<link>" + base + "/error</link></item>"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>Press corner</title><link>{base}/</link>"
        "<description>Press releases of the Commission</description>"
        + "".join(items)
        + "</channel></rss>\n"
    )


BROKEN_FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Half a feed</title>'
    "<item><title>The only good entry</title><link>https://example.org/a</link></item>"
    "<item><title>Broken <b>entry</title>"
)

MALFORMED_HTML = (
    "<html><head><title>Half <b>closed</title><body><div><p>This page has unclosed tags "
    "<b>and <i>nested mistakes</b></i> all over it, but it still has a paragraph that is "
    "long enough to be the article text of the page.<p>And a second paragraph without a "
    "closing tag, which a browser would show anyway.</div></span></table>"
)

NAVIGATION_ONLY = (
    "<html><head><title>Home</title></head><body><nav><ul><li><a href='/a'>News</a></li>"
    "<li><a href='/b'>About</a></li></ul></nav><div class='cookie'>We use cookies.</div>"
    "</body></html>"
)


@dataclass
class Server:
    base: str
    hits: Counter[str] = field(default_factory=Counter)
    conditional: Counter[str] = field(default_factory=Counter)  # 304 answers per path

    def url(self, path: str) -> str:
        return self.base + path


LAST_MODIFIED = email.utils.formatdate(1710406800, usegmt=True)


def _handler(server_state: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "text/html; charset=utf-8",
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: C901 - one branch per case
            path = self.path.split("?")[0]
            server_state.hits[path] += 1
            base = server_state.base
            for lang in ("en", "it", "fr"):
                if path == RELEASE_PATH.format(lang=lang):
                    body = press_release(lang, base).encode()
                    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                    if self.headers.get("If-None-Match") == etag:
                        server_state.conditional[path] += 1
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self._send(200, body, headers={"ETag": etag, "Last-Modified": LAST_MODIFIED})
                    return
            if path == "/feed.xml":
                self._send(200, feed(base).encode(), "application/rss+xml; charset=utf-8")
            elif path == "/broken-feed.xml":
                self._send(200, BROKEN_FEED.encode(), "application/rss+xml")
            elif path == "/malformed.html":
                self._send(200, MALFORMED_HTML.encode())
            elif path == "/navigation.html":
                self._send(200, NAVIGATION_ONLY.encode())
            elif path == "/notes.md":
                self._send(200, b"# Notes\n\nSome **bold** words here.\n", "text/markdown")
            elif path == "/report.pdf":
                self._send(200, b"%PDF-1.4 not a page", "application/pdf")
            elif path == "/image":
                self._send(200, b"\x89PNG\r\n", "image/png")
            elif path == "/missing":
                self._send(404, b"<html><body>Not found</body></html>")
            elif path == "/error":
                self._send(500, b"<html><body>Internal error</body></html>")
            elif path == "/loop-a":
                self._send(302, b"", headers={"Location": "/loop-b"})
            elif path == "/loop-b":
                self._send(302, b"", headers={"Location": "/loop-a"})
            elif path == "/to-file":
                self._send(302, b"", headers={"Location": "file:///etc/passwd"})
            elif path == "/slow":
                time.sleep(3)  # longer than the tests' timeout; bounded, ends by itself
                with contextlib.suppress(OSError):
                    self._send(200, b"<html><body><p>late</p></body></html>")
            elif path == "/huge-announced":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(50 * 1024 * 1024))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(b"<html>" + b" " * 1024)
            elif path == "/huge-streamed":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + b"word " * 2000 + b"</p>\n"
                with contextlib.suppress(OSError):
                    for _ in range(120):  # about 1.2 MB, then it stops by itself
                        self.wfile.write(chunk)
                self.close_connection = True
            elif path == "/cut":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                self.wfile.write(b"<html><body><p>" + b"half a page " * 50)
                self.wfile.flush()
                self.close_connection = True
            else:
                self._send(404, b"no such page")

    return Handler


class _QuietServer(ThreadingHTTPServer):
    """A client hanging up mid-response (a timeout or size limit being tested) is not an
    error of the server: nothing is printed for it. Anything else is, as usual."""

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # reset, broken pipe, aborted
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve() -> Iterator[Server]:
    """A local HTTP server on 127.0.0.1 (ephemeral port) for the duration of the block."""
    state = Server(base="")
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
