"""Web addresses as reader handles them: which ones it fetches, and one spelling of each
so that a page's links to its versions can be compared. Standard library only."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z0-9]{1,8})*$")


def scheme_of(text: str) -> str | None:
    """The scheme of ``text`` when it is written as an address (``https:``,
    ``javascript:``, ``file:``), lower case; ``None`` otherwise."""
    match = _SCHEME.match(text.strip())
    if match is None or len(match.group(1)) == 1:  # "C:" is a drive, not a scheme
        return None
    return match.group(1).lower()


def is_web_url(text: str) -> bool:
    """An absolute http(s) address with a host."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def normalise_url(url: str) -> str:
    """One spelling of an address: scheme and host in lower case, no default port, no
    fragment, ``/`` for an empty path. Query strings are kept (they can name a page)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and not (
        (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))


def language_code(tag: str) -> str | None:
    """The ISO 639-1 code of a language tag: ``en-GB`` and ``en_GB`` → ``en``;
    ``x-default`` and malformed tags → ``None``."""
    match = _LANGUAGE_TAG.match(tag.strip())
    return match.group(1).lower() if match else None
