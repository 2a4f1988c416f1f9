"""Queueing a saved search's matches: every matching article, and each story the first time one
of its articles matches, once per saved search and story however the matches are cut into
windows, across runs and restarts, and after a merge; and only the events the search wants."""

from __future__ import annotations

import json

from broadsheet.model import WebhookEvent
from broadsheet.services import saved_searches as service
from broadsheet.services.webhook_matches import queue_matches
from broadsheet.storage import open_repository
from tests.contract.test_repository import draft

HOOK = "http://127.0.0.1:9/hook"
SITE = "https://news.example"


def _article(repo, n: int, title: str, story_id: int | None = None) -> int:
    """A stored article placed into `story_id`, or starting a story of its own."""
    source = repo.add_source("https://gazette.example/feed", title="Gazette").id
    article_id = repo.save_article(draft(source, n, title=title)).article_id
    if story_id is None:
        repo.start_story(article_id)
    else:
        repo.join_story(story_id, [article_id])
    return article_id


def _story_events(repo, saved_id: int) -> list[tuple[int | None, int]]:
    """(story id, first matching article id) of each story event, oldest first."""
    log = repo.webhook_deliveries(saved_id, 1, 100).items
    return [(d.story_id, d.article_id) for d in reversed(log) if d.event is WebhookEvent.STORY]


def _matched(repo, saved_id: int) -> list[int]:
    log = repo.webhook_deliveries(saved_id, 1, 100).items
    return [d.article_id for d in reversed(log) if d.event is WebhookEvent.MATCH]


def test_each_story_is_announced_by_its_first_matching_article(repo, fetcher):
    saved = service.create_saved_search(repo, fetcher, "Harbour", "harbour", webhook_url=HOOK)
    a1 = _article(repo, 1, "Harbour closes for the storm")
    a = repo.get_article(a1).story_id
    b0 = _article(repo, 2, "Council meets about the storm")  # starts story b; does not match
    b = repo.get_article(b0).story_id
    b1 = _article(repo, 3, "Harbour damage counted", b)
    a2 = _article(repo, 4, "Harbour reopens", a)
    c1 = _article(repo, 5, "New harbour master named")
    c = repo.get_article(c1).story_id
    assert queue_matches(repo, SITE) == 4 + 3
    assert _matched(repo, saved.id) == [a1, b1, a2, c1]
    # b is announced although it began before any match: it is new to this search
    assert sorted(_story_events(repo, saved.id)) == sorted([(a, a1), (b, b1), (c, c1)])
    [story_b] = [
        json.loads(d.payload)
        for d in repo.webhook_deliveries(saved.id, 1, 100).items
        if d.story_id == b
    ]
    assert story_b["story"]["first_article"]["id"] == b0 and story_b["article"]["id"] == b1
    assert story_b["story"]["article_count"] == 2


def test_a_story_is_announced_once_across_windows_runs_and_restarts(repo, fetcher, settings):
    saved = service.create_saved_search(repo, fetcher, "Harbour", "harbour", webhook_url=HOOK)
    a1 = _article(repo, 1, "Harbour closes for the storm")
    a = repo.get_article(a1).story_id
    a2 = _article(repo, 2, "Harbour still closed", a)
    assert queue_matches(repo, SITE, batch=1) == 3  # one article per window
    assert _story_events(repo, saved.id) == [(a, a1)]
    a3 = _article(repo, 3, "Harbour reopens", a)
    assert queue_matches(repo, SITE) == 1  # a later run: the match only
    restarted = open_repository(settings.database_url)
    try:
        a4 = _article(restarted, 4, "Harbour busy again", a)
        assert queue_matches(restarted, SITE) == 1
    finally:
        restarted.close()
    assert _matched(repo, saved.id) == [a1, a2, a3, a4]
    assert _story_events(repo, saved.id) == [(a, a1)]


def test_a_story_merged_into_another_has_been_announced_for_it(repo, fetcher):
    saved = service.create_saved_search(repo, fetcher, "Harbour", "harbour", webhook_url=HOOK)
    a1 = _article(repo, 1, "Harbour closes for the storm")
    a = repo.get_article(a1).story_id
    b0 = _article(repo, 2, "Storm hits the coast")
    b = repo.get_article(b0).story_id
    assert queue_matches(repo, SITE) == 2
    repo.merge_stories(a, b, None)  # the repair pass: a was the same event as b
    _article(repo, 3, "Harbour reopens after the storm", b)
    assert queue_matches(repo, SITE) == 1  # b holds a1 now: the receiver has heard of it
    assert _story_events(repo, saved.id) == [(a, a1)]


def test_a_search_is_sent_only_the_events_it_wants(repo, fetcher):
    matches = service.create_saved_search(
        repo, fetcher, "Matches", "harbour", webhook_url=HOOK, events=[WebhookEvent.MATCH]
    )
    stories = service.create_saved_search(
        repo, fetcher, "Stories", "harbour", webhook_url=HOOK, events=[WebhookEvent.STORY]
    )
    a1 = _article(repo, 1, "Harbour closes for the storm")
    _article(repo, 2, "Harbour still closed", repo.get_article(a1).story_id)
    assert queue_matches(repo, SITE) == 2 + 1
    assert len(_matched(repo, matches.id)) == 2 and _story_events(repo, matches.id) == []
    assert _matched(repo, stories.id) == [] and len(_story_events(repo, stories.id)) == 1
    assert repo.get_saved_search(stories.id).matched_through == repo.articles_placed_through()
