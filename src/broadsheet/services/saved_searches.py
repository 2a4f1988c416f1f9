"""Saved searches: a name and a query in the search syntax (services.search), whose matches are
a feed and, with a webhook URL, are POSTed to it as they arrive (services.webhook_*): each
matching article, and each story the first time one of its articles matches, or only one of the
two, as `events` says.

A saved search belongs to the operator for now (`owner_id` None); accounts will own theirs.
A webhook URL is checked by the fetcher's SSRF guard when it is saved, so a saved search can't
aim the worker at this machine or its private network (unless BROADSHEET_ALLOW_HOSTS lets it);
the guard checks again at every delivery, since what a name resolves to can change.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection
from datetime import UTC, datetime

from broadsheet.errors import BroadsheetError
from broadsheet.fetch import Fetcher
from broadsheet.model import Page, SavedSearch, WebhookDelivery, WebhookEvent
from broadsheet.services.search import parse_query
from broadsheet.storage import Repository
from broadsheet.storage.fts import fts5_query
from broadsheet.storage.repository import SearchQuery

__all__ = [
    "MAX_NAME",
    "MAX_QUERY",
    "SavedSearchError",
    "create_saved_search",
    "deliveries",
    "search_query",
]

MAX_NAME = 100
MAX_QUERY = 500
SECRET_PREFIX = "whsec_"
SECRET = re.compile(r"[\x21-\x7e]{16,128}")  # printable ASCII, no spaces: it goes in HMAC keys


class SavedSearchError(BroadsheetError):
    """A saved search's name, query or secret can't be used; the message says why."""


def create_saved_search(
    repo: Repository,
    fetcher: Fetcher,
    name: str,
    query: str,
    *,
    webhook_url: str = "",
    webhook_secret: str = "",
    events: Collection[WebhookEvent] | None = None,
) -> SavedSearch:
    """Check and store a saved search. A webhook gets a random secret unless one is given, and
    every event unless `events` names some.

    Raises SavedSearchError for a bad name, query, secret or events, and the guard's FetchError
    (BlockedAddress, or ConnectionFailed for a host that does not resolve) for a webhook URL
    that may not be used."""
    name, query, webhook_url = name.strip(), query.strip(), webhook_url.strip()
    if not name or len(name) > MAX_NAME:
        raise SavedSearchError(f"a saved search's name has 1 to {MAX_NAME} characters")
    search_query(query)
    if webhook_secret and not webhook_url:
        raise SavedSearchError("a webhook secret signs webhook deliveries: give a webhook URL")
    if webhook_secret and not SECRET.fullmatch(webhook_secret):
        raise SavedSearchError("a webhook secret has 16 to 128 printable characters, no spaces")
    if events is not None and not webhook_url:
        raise SavedSearchError("events choose what a webhook is sent: give a webhook URL")
    if events is not None and not events:
        raise SavedSearchError("a webhook needs at least one event: match, story or both")
    if webhook_url:
        fetcher.check_url(webhook_url)
        webhook_secret = webhook_secret or SECRET_PREFIX + secrets.token_urlsafe(32)
    return repo.add_saved_search(
        name,
        query,
        at=datetime.now(UTC),
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        events=tuple(WebhookEvent) if events is None else events,
    )


def search_query(raw: str) -> SearchQuery:
    """A saved search's query as the index takes it; SavedSearchError when it can't match
    anything (a bad date, no word to look for: filters alone would match nothing)."""
    if len(raw) > MAX_QUERY:
        raise SavedSearchError(f"a saved search's query has at most {MAX_QUERY} characters")
    query, problems = parse_query(raw)
    if problems:
        raise SavedSearchError("the query can't be used: " + "; ".join(problems))
    if not fts5_query(query.text):
        raise SavedSearchError(
            f"the query {raw!r} has no word to search for (source:, after: and before: only "
            "narrow a search)"
        )
    return query


def deliveries(
    repo: Repository, saved_search_id: int, page: int, per_page: int
) -> Page[WebhookDelivery]:
    """A saved search's webhook deliveries, newest first; NotFound when there is no such search."""
    repo.get_saved_search(saved_search_id)
    return repo.webhook_deliveries(saved_search_id, page, per_page)
