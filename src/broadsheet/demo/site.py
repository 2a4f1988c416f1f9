"""Local news sites over real HTTP, built from the bundled corpus, for demos, tests and benchmarks.

    with DemoSite.from_bundle() as site:        # binds 127.0.0.1 on a free port
        site.outlet_urls()                        # three outlets: /gazette/, /herald/, /courier/
        site.feed_urls()                          # each outlet's six section feeds, four formats
        site.article_urls()                       # outlet-style article pages

The server is several invented outlets (`outlets`), each under its own path prefix with its own
pages and feeds. Each section's articles are dealt round-robin to the outlets, so reports of one
event come from different outlets; about one article in ten is republished by a second outlet
as a Demo Wire copy (new headline, dateline, trailer; `syndicate=False` leaves them out), which
Broadsheet should fold into the original. See `listings` and `syndication`.

Feeds, pages and images answer conditional GETs (ETag, Last-Modified → 304) and send
Cache-Control; /robots.txt allows everything. `delay` slows every response; `copies` serves
every article page under several URLs (the same text again, more load for a benchmark).
The site can be polled any number of times: the same request always gets the same answer.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Protocol, Self, cast
from urllib.parse import urlsplit

from broadsheet.demo.corpus import DemoArticle, load_corpus
from broadsheet.demo.listings import Listing, by_outlet, newest_first, site_listings
from broadsheet.demo.outlets import OUTLETS, Outlet
from broadsheet.demo.routes import Resource, build_routes
from broadsheet.demo.sections import SECTIONS, Section

POLL_INTERVAL = 0.05  # seconds; how quickly stop() is noticed
NOT_FOUND = b"<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>Not found</h1>"


class Headers(Protocol):
    def get(self, name: str, /) -> str | None: ...


def not_modified(resource: Resource, headers: Headers) -> bool:
    """True when the request's validators match (If-None-Match wins over If-Modified-Since)."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or resource.etag in tags
    since = headers.get("If-Modified-Since")
    if not since:
        return False
    try:
        return resource.last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Resource]
    delay: float
    hits: Counter[str]
    lock: threading.Lock


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DemoNews/1.0"
    timeout = 30  # an idle keep-alive connection is closed after this many seconds
    disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms delayed-ACK stall

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def _answer(self) -> None:
        server = cast(_Server, self.server)
        path = urlsplit(self.path).path
        with server.lock:
            server.hits[path] += 1
        if server.delay:
            time.sleep(server.delay)
        resource = server.routes.get(path)
        if resource is None:
            self._send(404, NOT_FOUND, {"Content-Type": "text/html; charset=utf-8"})
        elif not_modified(resource, self.headers):
            self._send(304, b"", _validators(resource))
        else:
            self._send(
                200, resource.body, {"Content-Type": resource.content_type, **_validators(resource)}
            )

    def _send(self, status: int, body: bytes, headers: Mapping[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True


def _validators(resource: Resource) -> dict[str, str]:
    return {
        "ETag": resource.etag,
        "Last-Modified": format_datetime(resource.last_modified, usegmt=True),
        "Cache-Control": f"public, max-age={resource.max_age}",
    }


class DemoSite:
    """The fixture news sites. Nothing is served until `start()` (or `with DemoSite(...)`)."""

    def __init__(
        self,
        articles: Sequence[DemoArticle],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        delay: float = 0.0,
        copies: int = 1,
        syndicate: bool = True,
    ) -> None:
        if copies < 1:
            raise ValueError("copies must be at least 1")
        slugs = {article.section for article in articles}
        self.sections: tuple[Section, ...] = tuple(s for s in SECTIONS if s.slug in slugs)
        self.articles: tuple[DemoArticle, ...] = tuple(articles)
        self.host, self.port, self.delay, self.copies = host, port, delay, copies
        self.listings: tuple[Listing, ...] = tuple(
            site_listings(articles, OUTLETS, copies=copies, syndicate=syndicate)
        )
        self._by_outlet = by_outlet(self.listings, self.sections, OUTLETS)
        self.outlets: tuple[Outlet, ...] = tuple(self._by_outlet)
        self._originals = {
            item.article.id: item
            for item in self.listings
            if item.copy == 1 and not item.syndicated
        }
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def from_bundle(
        cls,
        *,
        sections: Iterable[str] | None = None,
        per_section: int | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        delay: float = 0.0,
        copies: int = 1,
        syndicate: bool = True,
    ) -> Self:
        """A site of the bundled corpus; `sections` keeps only those, `per_section` the newest N
        of each (over all outlets)."""
        wanted = set(sections) if sections is not None else {s.slug for s in SECTIONS}
        chosen = [a for a in load_corpus() if a.section in wanted]
        if per_section is not None:
            ranked = newest_first(chosen).values()
            chosen = [article for articles in ranked for article in articles[:per_section]]
        return cls(chosen, host=host, port=port, delay=delay, copies=copies, syndicate=syndicate)

    # --- running ---------------------------------------------------------------------------

    def start(self) -> str:
        """Bind, render every page for the bound address, serve in a daemon thread; the base URL."""
        if self._server is not None:
            return self.base_url
        server = _Server((self.host, self.port), _Handler)
        self.port = server.server_address[1]
        server.routes = build_routes(self._by_outlet, self.base_url)
        server.delay, server.hits, server.lock = self.delay, Counter(), threading.Lock()
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(POLL_INTERVAL,), name="demo-site", daemon=True
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- addresses -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>` (the port is known once started, unless one was given)."""
        return f"http://{self.host}:{self.port}"

    @property
    def home_url(self) -> str:
        """The index of the outlets; it announces every outlet's feeds."""
        return self.base_url + "/"

    def outlet_urls(self) -> list[str]:
        """Each outlet's home page (only outlets that publish something), in outlet order."""
        return [self.base_url + outlet.path for outlet in self.outlets]

    def feed_urls(self, outlet: str | None = None) -> list[str]:
        """Each outlet's feeds, outlet by outlet, each in section order (world, interviews, …);
        `outlet` (a slug: "gazette") keeps that outlet's only."""
        return [
            f"{self.base_url}{each.prefix}{section.feed_path}"
            for each, by_section in self._by_outlet.items()
            if outlet is None or each.slug == outlet
            for section in by_section
        ]

    def article_urls(self) -> list[str]:
        """Every article page (every outlet, wire copies and every copy), newest first within
        each section."""
        order = {section.slug: n for n, section in enumerate(self.sections)}
        served = [item for item in self.listings if item.article.section in order]
        served.sort(key=lambda item: (item.article.published, item.key), reverse=True)
        served.sort(key=lambda item: order[item.article.section])
        return [self.base_url + item.path for item in served]

    def url_for(self, article: DemoArticle) -> str:
        """The article's page at the outlet that first published it."""
        return self.base_url + self._originals[article.id].path

    def hits(self, path: str | None = None) -> int:
        """Requests received, for one path (no query) or in all."""
        if self._server is None:
            return 0
        with self._server.lock:
            counts = self._server.hits
            return counts[path] if path is not None else sum(counts.values())
