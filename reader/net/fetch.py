"""Fetching pages and feeds into the library (httpx).

Only ``http`` and ``https``; a connect and read timeout and an overall deadline; a size
limit, checked on the announced length and while reading; a limited number of
redirects (a loop is reported as one); conditional requests (``If-None-Match``,
``If-Modified-Since``) for a page already in the library, so an unchanged page is never
downloaded twice. Only web pages, feeds and plain text or Markdown are kept: any other
content type is refused. A download is written to a temporary file and renamed
(:mod:`reader.net.library`), so an interrupted one leaves nothing behind.

Every failure is a :class:`FetchError` whose message is a sentence for a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from reader import __version__
from reader.corpus.urls import is_web_url, normalise_url, scheme_of
from reader.net import library

if TYPE_CHECKING:  # pragma: no cover
    import httpx

Kind = Literal["page", "feed", "markdown", "text"]
SUFFIXES: dict[Kind, str] = {"page": ".html", "feed": ".xml", "markdown": ".md", "text": ".txt"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_XML_TYPES = ("application/xml", "text/xml")
_MARKDOWN_TYPES = ("text/markdown", "text/x-markdown")
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/markdown;q=0.8,text/plain;q=0.7"
)


class FetchError(Exception):
    """A page that could not be fetched; ``str()`` is the reason, for a person."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: float = 20.0  # seconds without an answer (connect, or between reads)
    deadline: float = 60.0  # seconds for the whole download
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # as asked (normalised)
    final_url: str
    path: Path
    kind: Kind
    changed: bool  # False: the server said "not modified", the saved copy is used
    size: int


def check_url(text: str) -> str:
    """``text`` as a normalised http(s) address, or a FetchError saying why not."""
    raw = text.strip()
    scheme = scheme_of(raw)
    if scheme == "file":
        return _refuse(raw, "file: addresses are not fetched; open the file by its path")
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "this"
        return _refuse(raw, f"{shown} is not a web address; reader fetches http and https only")
    if not is_web_url(raw):
        return _refuse(raw, "not a complete web address (no host name)")
    return normalise_url(raw)


def _refuse(url: str, reason: str) -> str:
    raise FetchError(url, reason)


def _kind(content_type: str, head: bytes) -> Kind | None:
    from reader.corpus.feeds import looks_like_feed

    media = content_type.split(";")[0].strip().lower()
    start = head[:1024].lstrip().lower()
    html_like = start.startswith((b"<!doctype html", b"<html")) or b"<html" in start
    if media in _HTML_TYPES:
        return "page"
    if media in _FEED_TYPES:
        return "feed"
    if media in _XML_TYPES:
        return "feed" if looks_like_feed(head) else ("page" if html_like else None)
    if media in _MARKDOWN_TYPES:
        return "markdown"
    if media in ("text/plain", ""):
        if looks_like_feed(head):
            return "feed"
        if html_like:
            return "page"
        return "text" if media else None
    return None


def _status_reason(response: httpx.Response) -> str:
    code = response.status_code
    phrase = response.reason_phrase or ""
    if code == 404:
        return "page not found (HTTP 404)"
    if code == 410:
        return "the page was removed (HTTP 410 Gone)"
    if code in (401, 403):
        return f"access refused by the server (HTTP {code} {phrase})".rstrip()
    if code == 429:
        return "the server asks to slow down (HTTP 429 Too Many Requests); try again later"
    if code >= 500:
        return f"the server failed (HTTP {code} {phrase}); try again later"
    return f"the server refused the request (HTTP {code} {phrase})"


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _network_reason(url: str, error: Exception, limits: Limits) -> str:
    import httpx

    host = _host(url)
    if isinstance(error, httpx.TooManyRedirects):
        return (
            f"too many redirects (more than {limits.max_redirects}): the address "
            "redirects in a loop"
        )
    if isinstance(error, httpx.UnsupportedProtocol):
        return "redirected to an address that is not http or https; not followed"
    if isinstance(error, httpx.ConnectTimeout):
        return f"{host} did not answer within {limits.timeout:g} s (offline, or the server is down)"
    if isinstance(error, httpx.TimeoutException):
        return f"{host} stopped answering (nothing received for {limits.timeout:g} s)"
    if isinstance(error, httpx.ConnectError):
        text = str(error).lower()
        if "name or service" in text or "nodename" in text or "getaddrinfo" in text:
            return f"cannot find the server {host} (offline, or the address is wrong)"
        if "refused" in text:
            return f"cannot connect to {host}: connection refused (is the server running?)"
        return f"cannot connect to {host} (offline?): {error}"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the connection was cut before the page was complete; nothing was saved"
    return f"download failed: {type(error).__name__}: {error}"


def fetch(
    url: str,
    *,
    into: Path | None = None,
    limits: Limits = Limits(),
    client: httpx.Client | None = None,
) -> Fetched:
    """Fetch ``url`` into the library (``into``, else :func:`library.library_dir`)."""
    wanted = check_url(url)
    root = library.library_dir(into)
    import httpx

    own = client is None
    session = client or make_client(limits)
    try:
        return _fetch(session, wanted, root, limits)
    except FetchError:
        raise
    except httpx.HTTPError as error:
        raise FetchError(wanted, _network_reason(wanted, error, limits)) from None
    except OSError as error:
        reason = f"cannot save the page in {root}: {error.strerror or error}"
        raise FetchError(wanted, reason) from None
    finally:
        if own:
            session.close()


def make_client(limits: Limits = Limits()) -> httpx.Client:
    import httpx

    return httpx.Client(
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        timeout=httpx.Timeout(limits.timeout, connect=min(limits.timeout, 10.0)),
        headers={"User-Agent": f"reader/{__version__} (polyglot-reader)", "Accept": ACCEPT},
        trust_env=True,
    )


def _fetch(client: httpx.Client, url: str, root: Path, limits: Limits) -> Fetched:
    saved = library.find(root, url)
    headers: dict[str, str] = {}
    if saved is not None:
        if saved[1].etag:
            headers["If-None-Match"] = saved[1].etag
        if saved[1].last_modified:
            headers["If-Modified-Since"] = saved[1].last_modified
    started = monotonic()
    with client.stream("GET", url, headers=headers) as response:
        final = normalise_url(str(response.url))
        if not is_web_url(final):
            raise FetchError(url, "redirected to an address that is not http or https")
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        if response.status_code == 304 and saved is not None:
            path, record = saved
            library.touch(path, replace(record, fetched=now, final_url=final))
            return Fetched(url, final, path, _kind_of_suffix(path), False, record.size)
        if response.status_code >= 400 or response.status_code < 200:
            raise FetchError(url, _status_reason(response))
        if response.status_code >= 300:
            raise FetchError(url, f"unexpected HTTP {response.status_code} answer")
        content_type = response.headers.get("content-type", "")
        announced = response.headers.get("content-length", "")
        if announced.isdigit() and int(announced) > limits.max_bytes:
            raise FetchError(url, _too_large(int(announced), limits))
        media = content_type.split(";")[0].strip().lower()
        if (
            media
            and not media.startswith("text/")
            and media
            not in (
                *_HTML_TYPES,
                *_FEED_TYPES,
                *_XML_TYPES,
            )
        ):
            raise FetchError(
                url, f"not a web page or a feed: the server sent {media}; nothing was saved"
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limits.max_bytes:
                raise FetchError(url, _too_large(size, limits, partial=True))
            if monotonic() - started > limits.deadline:
                raise FetchError(
                    url, f"the download took longer than {limits.deadline:g} s; nothing was saved"
                )
            chunks.append(chunk)
        data = b"".join(chunks)
    kind = _kind(content_type, data[:4096])
    if kind is None:
        what = media or "no content type"
        raise FetchError(url, f"not a web page or a feed ({what}); nothing was saved")
    if not data.strip():
        raise FetchError(url, "the server sent an empty page; nothing was saved")
    record = library.Record(
        url=url,
        final_url=final,
        content_type=content_type,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        fetched=now,
        size=len(data),
    )
    path = library.save(root, record, data, SUFFIXES[kind])
    return Fetched(url, final, path, kind, changed=True, size=len(data))


def _kind_of_suffix(path: Path) -> Kind:
    for kind, suffix in SUFFIXES.items():
        if path.suffix == suffix:
            return kind
    return "page"


def _too_large(size: int, limits: Limits, *, partial: bool = False) -> str:
    amount = (
        f"more than {limits.max_bytes / 1_048_576:g} MB"
        if partial
        else (f"{size / 1_048_576:.1f} MB")
    )
    return (
        f"page too large ({amount}; the limit is {limits.max_bytes / 1_048_576:g} MB); "
        "nothing was saved"
    )


# --- language versions --------------------------------------------------------------------


def alternates_of(path: Path) -> tuple[tuple[str, str], ...]:
    """The language versions a saved page names (hreflang links), as (code, URL)."""
    from reader.corpus.html import decode_page, page_meta
    from reader.corpus.reading import ReadError, read_bytes

    record = library.recorded(path)
    try:
        data = read_bytes(path)  # the one safe reader: a regular file, within the limit
    except ReadError:
        return ()
    decoded = decode_page(data, record.charset if record else None)
    if decoded.error is not None:
        return ()
    try:
        from lxml import html as lxml_html

        tree = lxml_html.document_fromstring(decoded.text)
    except Exception:
        return ()
    return page_meta(tree, decoded.text, record.url if record else None).alternates


Outcome = Fetched | FetchError


def fetch_versions(
    urls: Sequence[str],
    *,
    versions: bool = False,
    languages: Sequence[str] = (),
    into: Path | None = None,
    limits: Limits = Limits(),
    report: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Fetch every address of ``urls`` (each once); with ``versions``, also the language
    versions each page names in ``languages``. Never raises: failures are returned (and
    passed to ``report`` as they happen)."""
    results: list[Outcome] = []
    done: set[str] = set()
    client: httpx.Client | None = None

    def one(address: str) -> Outcome:
        nonlocal client
        try:
            wanted = check_url(address)
        except FetchError as error:
            return error
        if client is None:
            client = make_client(limits)
        return fetch(wanted, into=into, limits=limits, client=client)

    def run(address: str) -> Outcome | None:
        key = normalise_url(address) if is_web_url(address) else address
        if key in done:
            return None
        done.add(key)
        try:
            outcome = one(address)
        except FetchError as error:
            outcome = error
        results.append(outcome)
        if report is not None:
            report(outcome)
        return outcome

    try:
        queue = list(urls)
        for address in queue:
            outcome = run(address)
            if not versions or not isinstance(outcome, Fetched) or outcome.kind != "page":
                continue
            done.add(outcome.final_url)
            for code, alternate in alternates_of(outcome.path):
                if alternate and (not languages or code in languages):
                    run(alternate)
    finally:
        if client is not None:
            client.close()
    return results
