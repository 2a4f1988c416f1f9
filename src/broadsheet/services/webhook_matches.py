"""Finding what a webhook has not been told yet: each saved search with a webhook is run
against the articles stored since its cursor, through the search index, and every match is
queued as a delivery (services.webhook_deliveries sends them).

Nothing is re-scanned: a search only looks at ids above its cursor, and the cursor moves in the
same transaction that queues the matches, so each match is queued once however often (or in how
many processes) this runs. Matching waits for the story desk: an article is considered once
every article up to it has a story, so the payload names it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from broadsheet.errors import BroadsheetError, NotFound
from broadsheet.model import SavedSearch
from broadsheet.services.saved_searches import search_query
from broadsheet.services.webhook_payload import match_payload
from broadsheet.storage import Repository

__all__ = ["MATCH_BATCH", "queue_matches"]

log = logging.getLogger(__name__)

MATCH_BATCH = 200  # matches read, and queued, per transaction


def queue_matches(repo: Repository, site_url: str, *, batch: int = MATCH_BATCH) -> int:
    """Queue a delivery for every article stored (and placed) since each webhook's cursor;
    returns how many were queued."""
    through = repo.articles_placed_through()
    queued = 0
    for saved in repo.list_saved_searches():
        if saved.has_webhook and saved.matched_through < through:
            queued += _catch_up(repo, saved, through, site_url, batch)
    return queued


def _catch_up(repo: Repository, saved: SavedSearch, through: int, site_url: str, batch: int) -> int:
    try:
        query = search_query(saved.query)
    except BroadsheetError as exc:  # stored before a rule tightened: say so, skip it
        log.warning("saved search unusable saved_search_id=%s reason=%s", saved.id, exc)
        return 0
    if query.tag or query.entity:  # hashtags and entities exist once the enricher has been
        through = min(through, repo.articles_tagged_through())
    queued, cursor = 0, saved.matched_through
    while cursor < through:
        ids = repo.matches_between(query, cursor, through, batch)
        reached = ids[-1] if len(ids) >= batch else through
        payloads = {}
        for article_id in ids:
            try:
                payloads[article_id] = match_payload(saved, repo.get_article(article_id), site_url)
            except NotFound:  # removed with its source since the index said it matched
                continue
        now = datetime.now(UTC)
        count = repo.queue_deliveries(
            saved.id, matched_from=cursor, matched_through=reached, payloads=payloads, at=now
        )
        if count == 0 and payloads:
            break  # another matcher moved the cursor first: it queued these
        queued, cursor = queued + count, reached
    if queued:
        log.info("webhook matches queued saved_search_id=%s count=%s", saved.id, queued)
    return queued
