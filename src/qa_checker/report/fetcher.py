"""WeasyPrint's only door to the outside: packaged template assets, nothing else.

Proposal text is untrusted. It is escaped before WeasyPrint sees it, but a report
must stay safe even if an escaping mistake ever slipped through, so the renderer gets a
fetcher that serves files under ``report_templates/`` by the private ``qa-asset:``
scheme (allowed suffixes only, no path escapes) and refuses ``file:``, ``http(s):``,
``data:`` and everything else. It has no urllib handlers at all, so it cannot follow
a redirect or open a URL even if called through a path we did not foresee.

Every request is recorded, so tests can assert what the renderer asked for.
WeasyPrint >= 70 routes stylesheets, images, attachments and redirects through the
fetcher (earlier releases let some bypass it); ``pyproject.toml`` pins that.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from weasyprint.urls import URLFetcher, URLFetcherResponse

SCHEME = "qa-asset"
BASE_URL = f"{SCHEME}:/"
SUFFIXES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}


class RefusedURL(ValueError):
    """A URL outside the packaged assets; WeasyPrint logs it and renders without it."""


class AssetFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=(SCHEME,), allow_redirects=False, fail_on_errors=False)
        for table in (self.handlers, self.handle_open, self.handle_error, self.process_request, self.process_response):
            table.clear()  # no urllib handler: nothing can be opened behind our back
        self.root = root.resolve()
        self.requested: list[str] = []
        self.served: list[str] = []
        self.refused: list[str] = []

    def resolve(self, url: str) -> Path | None:
        """The packaged file ``url`` names, or None if it is not one we serve."""
        scheme, sep, rest = url.partition(":")
        if not sep or scheme.lower() != SCHEME:
            return None
        raw = unquote(rest.split("?", 1)[0].split("#", 1)[0])
        relative = PurePosixPath(raw.lstrip("/"))
        if "\\" in raw or "\x00" in raw or ".." in relative.parts or not relative.parts:
            return None
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root) or path.suffix.lower() not in SUFFIXES or not path.is_file():
            return None
        return path

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        self.requested.append(url)
        path = self.resolve(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"not a packaged report asset: {url[:200]}")
        self.served.append(url)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": SUFFIXES[path.suffix.lower()]})

    def open(self, url: Any, data: Any = None, timeout: Any = None) -> URLFetcherResponse:
        return self.fetch(url.full_url if hasattr(url, "full_url") else str(url))
