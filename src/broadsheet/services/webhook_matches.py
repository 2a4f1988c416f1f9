"""Finding what a webhook has not been told yet: each saved search with a webhook is run
against the articles stored since its cursor, through the search index, and every match is
queued as a delivery (services.webhook_deliveries sends them).

Nothing is re-scanned: a search only looks at ids above its cursor, and the cursor moves in the
same transaction that queues the matches, so each match is queued once however often (or in how
many processes) this runs. Matching waits for the story desk: an article is considered once
every article up to it has a story, so the payload names it.

Two events come of the matches, as the saved search chooses (both by default): a
`saved_search.match` for every matching article, and a `saved_search.story` for the first
matching article of each story, in the order articles are stored: the first time any article of
a story matches this saved search, whether the story is new or an older one that only now
matches. A story is announced once per saved search, counting one merged into it since; storage
checks again where it queues, so restarts and several workers never announce it twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from broadsheet.errors import BroadsheetError, NotFound
from broadsheet.model import Article, SavedSearch, WebhookEvent
from broadsheet.services.saved_searches import search_query
from broadsheet.services.webhook_payload import match_payload, story_payload
from broadsheet.storage import Repository
from broadsheet.storage.repository import StoryMatch

__all__ = ["MATCH_BATCH", "queue_matches"]

log = logging.getLogger(__name__)

MATCH_BATCH = 200  # matches read, and queued, per transaction


def queue_matches(repo: Repository, site_url: str, *, batch: int = MATCH_BATCH) -> int:
    """Queue the deliveries for every article stored (and placed) since each webhook's cursor;
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
        found = _articles(repo, ids)
        payloads = {}
        if WebhookEvent.MATCH in saved.events:
            payloads = {a.id: match_payload(saved, a, site_url) for a in found}
        stories = _new_stories(repo, saved, found, site_url)
        count = repo.queue_deliveries(
            saved.id, matched_from=cursor, matched_through=reached, payloads=payloads,
            stories=stories, at=datetime.now(UTC),
        )  # fmt: skip
        if count == 0 and (payloads or stories):
            break  # another matcher moved the cursor first: it queued these
        queued, cursor = queued + count, reached
    if queued:
        log.info("webhook matches queued saved_search_id=%s count=%s", saved.id, queued)
    return queued


def _articles(repo: Repository, ids: list[int]) -> list[Article]:
    found = []
    for article_id in ids:
        try:
            found.append(repo.get_article(article_id))
        except NotFound:  # removed with its source since the index said it matched
            continue
    return found


def _new_stories(
    repo: Repository, saved: SavedSearch, found: list[Article], site_url: str
) -> list[StoryMatch]:
    """A story event for the first of `found` (lowest id first) in each story not yet
    announced to `saved`."""
    if WebhookEvent.STORY not in saved.events:
        return []
    firsts: dict[int, Article] = {}
    for article in found:
        if article.story_id is not None:
            firsts.setdefault(article.story_id, article)
    told = repo.announced_stories(saved.id, list(firsts)) if firsts else set()
    return [
        StoryMatch(story_id, article.id, _story_body(repo, saved, article, story_id, site_url))
        for story_id, article in firsts.items()
        if story_id not in told
    ]


def _story_body(
    repo: Repository, saved: SavedSearch, article: Article, story_id: int, site_url: str
) -> str:
    members = repo.story_articles(story_id)
    return story_payload(saved, article, repo.get_story(story_id), members, site_url)
