"""Rows → domain values, shared by every SQL backend."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from broadsheet.model import Article, DateOrigin, FetchEvent, Source, SourceKind, SourceStatus
from broadsheet.storage.schema import articles, sources

# What an Article needs: every article column plus the outlet's display name.
OUTLET = func.coalesce(func.nullif(sources.c.title, ""), sources.c.url).label("outlet")


def article_select() -> Select[Any]:
    return select(articles, OUTLET).join(sources, sources.c.id == articles.c.source_id)


def to_source(row: Any) -> Source:
    m = row._mapping
    return Source(
        id=m["id"],
        url=m["url"],
        kind=SourceKind(m["kind"]),
        title=m["title"],
        site_url=m["site_url"],
        status=SourceStatus(m["status"]),
        etag=m["etag"],
        last_modified=m["last_modified"],
        poll_interval=m["poll_interval"],
        next_poll_at=m["next_poll_at"],
        last_polled_at=m["last_polled_at"],
        last_status=m["last_status"],
        error_count=m["error_count"],
        created_at=m["created_at"],
    )


def to_article(row: Any) -> Article:
    m = row._mapping
    return Article(
        id=m["id"],
        source_id=m["source_id"],
        outlet=m["outlet"],
        url=m["url"],
        canonical_url=m["canonical_url"],
        guid=m["guid"],
        title=m["title"],
        text=m["text"],
        fingerprint=m["fingerprint"],
        published_at=m["published_at"],
        date_origin=DateOrigin(m["date_origin"]),
        fetched_at=m["fetched_at"],
        author=m["author"],
        image_url=m["image_url"],
        language=m["language"],
        description=m["description"],
        wire=m["wire"],
        story_id=m["story_id"],
    )


def to_event(row: Any) -> FetchEvent:
    m = row._mapping
    return FetchEvent(
        source_id=m["source_id"],
        at=m["at"],
        ok=m["ok"],
        message=m["message"],
        http_status=m["http_status"],
        new_articles=m["new_articles"],
        url=m["url"],
    )
