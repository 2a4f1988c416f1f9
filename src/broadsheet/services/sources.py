"""Adding, importing, pausing and exporting sources."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from broadsheet.errors import ExtractError, FeedError, FetchError
from broadsheet.extract.charset import decode_html
from broadsheet.extract.feed import parse_feed
from broadsheet.fetch import Fetcher
from broadsheet.model import Source, SourceKind, SourceStatus
from broadsheet.sources.discovery import (
    discover_feeds,
    guess_feed_urls,
    looks_like_article,
    looks_like_feed,
)
from broadsheet.sources.opml import export_opml, parse_opml
from broadsheet.storage import Repository

log = logging.getLogger(__name__)


def add_source(repo: Repository, fetcher: Fetcher, url: str) -> Source:
    """Add a feed, a site (its feed is discovered) or a single article page.

    Raises FetchError when the URL can't be fetched, FeedError when a site has no feed and the
    page is not an article either."""
    url = url.strip()
    existing = repo.find_source(url)
    if existing is not None:
        return existing
    fetched = fetcher.get(url)
    if looks_like_feed(fetched.body, fetched.content_type):
        feed = parse_feed(fetched.body, fetched.final_url, fetched.content_type)
        return repo.add_source(url, title=feed.title, site_url=feed.site_url)
    html = decode_html(fetched.body, fetched.content_type)
    if urlsplit(fetched.final_url).path.strip("/") and looks_like_article(html):
        return repo.add_source(url, kind=SourceKind.PAGE)
    for candidate in _feed_candidates(html, fetched.final_url):
        found = repo.find_source(candidate)
        if found is not None:
            return found
        feed_source = _try_feed(repo, fetcher, candidate)
        if feed_source is not None:
            return feed_source
    if urlsplit(fetched.final_url).path.strip("/"):
        return repo.add_source(url, kind=SourceKind.PAGE)
    raise FeedError(f"{url} is a site with no feed we could find (no <link rel=alternate>)")


def _feed_candidates(html: str, base_url: str) -> list[str]:
    declared = discover_feeds(html, base_url)
    if declared:
        return declared
    if urlsplit(base_url).path.strip("/"):
        return []  # an article page: guessing feed paths would be noise
    return guess_feed_urls(base_url)


def _try_feed(repo: Repository, fetcher: Fetcher, url: str) -> Source | None:
    try:
        fetched = fetcher.get(url)
        feed = parse_feed(fetched.body, fetched.final_url, fetched.content_type)
    except (FetchError, ExtractError) as exc:
        log.info("feed candidate rejected url=%s reason=%s", url, exc)
        return None
    return repo.add_source(url, title=feed.title, site_url=feed.site_url)


@dataclass(slots=True)
class ImportReport:
    added: list[Source] = field(default_factory=list)
    already: list[Source] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def import_opml(repo: Repository, body: bytes) -> ImportReport:
    """Every outline with an xmlUrl becomes a source; nothing is fetched until its first poll."""
    report = ImportReport()
    for outline in parse_opml(body):
        if not outline.xml_url.startswith(("http://", "https://")):
            report.errors.append(
                f"skipped {outline.title or outline.xml_url!r}: not an http(s) URL"
            )
            continue
        existing = repo.find_source(outline.xml_url)
        if existing is not None:
            report.already.append(existing)
            continue
        source = repo.add_source(outline.xml_url, title=outline.title, site_url=outline.html_url)
        report.added.append(source)
    return report


def opml_document(repo: Repository) -> str:
    return export_opml([s for s in repo.list_sources() if s.kind is SourceKind.FEED])


def set_paused(repo: Repository, source_id: int, paused: bool) -> Source:
    status = SourceStatus.PAUSED if paused else SourceStatus.ACTIVE
    changes: dict[str, object] = {"status": status}
    if not paused:
        changes["next_poll_at"] = datetime.now(UTC)
    return repo.update_source(source_id, **changes)


def poll_now(repo: Repository, source_id: int) -> Source:
    """Make a source due at once (the scheduler picks it up on its next tick)."""
    return repo.update_source(source_id, next_poll_at=datetime.now(UTC))
