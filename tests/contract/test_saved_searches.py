"""The saved-search contract: storing them, their matches (newest, and since a cursor), and the
webhook delivery queue (queued once, claimed under a lease, attempts recorded, a log), with
story events queued once per saved search and story."""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadsheet.errors import NotFound
from broadsheet.model import DeliveryStatus, WebhookEvent
from broadsheet.storage.repository import SearchQuery, StoryMatch
from tests.contract.test_repository import NOW, draft

LATER = NOW + timedelta(minutes=10)


def _articles(repo, n: int, source_title: str = "Gazette", **changes) -> list[int]:
    source = repo.add_source(f"https://{source_title.lower()}.example/feed", title=source_title)
    return [
        repo.save_article(
            draft(source.id, i + 1000 * source.id, title=f"Harbour news {i}", **changes)
        ).article_id
        for i in range(n)
    ]


def test_a_saved_search_is_stored_read_listed_and_removed(repo):
    made = repo.add_saved_search(
        "Harbour", "harbour source:gazette", at=NOW, webhook_url="https://h.example/x",
        webhook_secret="s" * 20,
    )  # fmt: skip
    assert (made.name, made.query, made.created_at, made.owner_id) == (
        "Harbour", "harbour source:gazette", NOW, None,
    )  # fmt: skip
    assert made.webhook_url == "https://h.example/x" and made.webhook_secret == "s" * 20
    assert "s" * 20 not in repr(made)  # a secret never reaches a log line
    other = repo.add_saved_search("Plain", "river", at=LATER)
    assert not other.has_webhook and other.webhook_secret == ""
    assert repo.get_saved_search(made.id) == made
    assert [s.id for s in repo.list_saved_searches()] == [made.id, other.id]
    repo.remove_saved_search(made.id)
    assert [s.id for s in repo.list_saved_searches()] == [other.id]
    with pytest.raises(NotFound, match=f"no saved search with id {made.id}"):
        repo.get_saved_search(made.id)
    with pytest.raises(NotFound):
        repo.remove_saved_search(made.id)


def test_a_new_saved_search_starts_after_the_articles_already_stored(repo):
    assert repo.add_saved_search("Empty", "harbour", at=NOW).matched_through == 0
    ids = _articles(repo, 3)
    assert repo.add_saved_search("Later", "harbour", at=NOW).matched_through == max(ids)


def test_matches_between_reads_only_the_id_window_lowest_first(repo):
    ids = _articles(repo, 5)
    query = SearchQuery(text="harbour")
    assert repo.matches_between(query, 0, max(ids), 10) == ids
    assert repo.matches_between(query, ids[1], ids[3], 10) == ids[2:4]
    assert repo.matches_between(query, ids[0], max(ids), 2) == ids[1:3]
    assert repo.matches_between(query, max(ids), max(ids), 10) == []
    assert repo.matches_between(SearchQuery(text="zeppelin"), 0, max(ids), 10) == []
    assert repo.matches_between(SearchQuery(text="!!"), 0, max(ids), 10) == []


def test_matches_honour_outlet_and_date_filters(repo):
    gazette = _articles(repo, 2, "Gazette")
    herald = _articles(repo, 2, "Herald")
    through = max(gazette + herald)
    assert repo.matches_between(SearchQuery("harbour", outlet="herald"), 0, through, 10) == herald
    first_day = SearchQuery("harbour", before=NOW + timedelta(days=1))
    early = repo.matches_between(first_day, 0, through, 10)
    assert early and set(early) < set(gazette + herald)
    assert repo.newest_matches(SearchQuery("harbour", outlet="gazette"), 10)[0].outlet == "Gazette"


def test_newest_matches_are_the_latest_stored_newest_published_first(repo):
    ids = _articles(repo, 5)
    newest = repo.newest_matches(SearchQuery(text="harbour"), 3)
    assert {a.id for a in newest} == set(ids[-3:])
    times = [a.published_at for a in newest]
    assert times == sorted(times, reverse=True)
    assert repo.newest_matches(SearchQuery(text="zeppelin"), 3) == []


def test_matching_waits_for_every_earlier_article_to_have_a_story(repo):
    assert repo.articles_placed_through() == 0
    first, second, third = _articles(repo, 3)
    assert repo.articles_placed_through() == first - 1
    repo.start_story(first)
    repo.start_story(third)
    assert repo.articles_placed_through() == first  # `second` holds the rest back
    repo.start_story(second)
    assert repo.articles_placed_through() == third


def test_deliveries_are_queued_once_with_the_cursor(repo):
    saved = repo.add_saved_search("Hook", "harbour", at=NOW, webhook_url="https://h.example/")
    ids = _articles(repo, 3)
    payloads = {i: f'{{"article": {i}}}' for i in ids}
    queued = repo.queue_deliveries(
        saved.id, matched_from=saved.matched_through, matched_through=max(ids),
        payloads=payloads, at=NOW,
    )  # fmt: skip
    assert queued == 3 and repo.get_saved_search(saved.id).matched_through == max(ids)
    stale = repo.queue_deliveries(
        saved.id, matched_from=saved.matched_through, matched_through=max(ids),
        payloads=payloads, at=NOW,
    )  # fmt: skip
    assert stale == 0  # another matcher got there first: nothing queued twice
    log = repo.webhook_deliveries(saved.id, 1, 10)
    assert log.total == 3 and [d.article_id for d in log.items] == ids[::-1]  # newest first
    first = log.items[-1]
    assert first.status is DeliveryStatus.PENDING and first.attempts == 0
    assert first.payload == f'{{"article": {ids[0]}}}' and first.next_attempt_at == NOW


def test_claimed_deliveries_are_leased_and_attempts_recorded(repo):
    saved = repo.add_saved_search("Hook", "harbour", at=NOW, webhook_url="https://h.example/")
    ids = _articles(repo, 2)
    repo.queue_deliveries(
        saved.id, matched_from=saved.matched_through, matched_through=max(ids),
        payloads={i: "{}" for i in ids}, at=NOW,
    )  # fmt: skip
    assert repo.claim_deliveries(NOW - timedelta(seconds=1), 10, 60) == []  # not due yet
    claimed = repo.claim_deliveries(NOW, 1, 60)
    assert [d.article_id for d in claimed] == ids[:1]
    assert [d.article_id for d in repo.claim_deliveries(NOW, 10, 60)] == ids[1:]
    assert repo.claim_deliveries(NOW, 10, 60) == []  # both leased
    retry = NOW + timedelta(seconds=30)
    failed = repo.record_delivery_attempt(
        claimed[0].id, at=NOW, status=DeliveryStatus.PENDING, http_status=500,
        error="answered 500", next_attempt_at=retry,
    )  # fmt: skip
    assert failed is not None and failed.attempts == 1 and failed.last_http_status == 500
    assert failed.last_error == "answered 500" and failed.next_attempt_at == retry
    assert [d.id for d in repo.claim_deliveries(retry, 10, 60)] == [claimed[0].id]
    done = repo.record_delivery_attempt(
        claimed[0].id, at=LATER, status=DeliveryStatus.DELIVERED, http_status=204, error="",
        next_attempt_at=None,
    )  # fmt: skip
    assert done is not None and done.status is DeliveryStatus.DELIVERED
    assert done.attempts == 2 and done.delivered_at == LATER and done.last_error == ""
    # the other one's lease has ended by then, so it is due again; the delivered one never is
    again = repo.claim_deliveries(LATER + timedelta(days=1), 10, 60)
    assert [d.article_id for d in again] == ids[1:]


def test_the_delivery_log_pages_and_goes_with_its_saved_search(repo):
    saved = repo.add_saved_search("Hook", "harbour", at=NOW, webhook_url="https://h.example/")
    ids = _articles(repo, 5)
    repo.queue_deliveries(
        saved.id, matched_from=saved.matched_through, matched_through=max(ids),
        payloads={i: "{}" for i in ids}, at=NOW,
    )  # fmt: skip
    second = repo.webhook_deliveries(saved.id, 2, 2)
    assert (second.total, second.pages, len(second.items)) == (5, 3, 2)
    assert [d.article_id for d in second.items] == [ids[2], ids[1]]
    claimed = repo.claim_deliveries(NOW, 1, 60)[0]
    repo.remove_saved_search(saved.id)
    assert repo.webhook_deliveries(saved.id, 1, 10).total == 0
    gone = repo.record_delivery_attempt(
        claimed.id, at=NOW, status=DeliveryStatus.DELIVERED, http_status=200, error="",
        next_attempt_at=None,
    )  # fmt: skip
    assert gone is None  # removed mid-attempt: nothing to record


# --- story events


def test_a_saved_search_keeps_the_webhook_events_it_wants(repo):
    both = repo.add_saved_search("Both", "harbour", at=NOW, webhook_url="https://h.example/")
    assert both.events == {WebhookEvent.MATCH, WebhookEvent.STORY}
    stories = repo.add_saved_search(
        "Stories", "harbour", at=NOW, webhook_url="https://h.example/",
        events=[WebhookEvent.STORY],
    )  # fmt: skip
    assert stories.events == {WebhookEvent.STORY}
    assert repo.get_saved_search(stories.id) == stories
    assert [s.events for s in repo.list_saved_searches()] == [both.events, stories.events]


def test_a_story_event_is_queued_once_per_saved_search_and_story(repo):
    saved = repo.add_saved_search("Hook", "harbour", at=NOW, webhook_url="https://h.example/")
    other = repo.add_saved_search("Other", "harbour", at=NOW, webhook_url="https://h.example/")
    ids = _articles(repo, 4)
    a = repo.start_story(ids[0]).id
    b = repo.start_story(ids[1]).id
    repo.join_story(a, [ids[2]])
    repo.join_story(b, [ids[3]])
    assert repo.announced_stories(saved.id, [a, b]) == set()
    queued = repo.queue_deliveries(
        saved.id, matched_from=saved.matched_through, matched_through=ids[0],
        payloads={ids[0]: "match 0"}, stories=[StoryMatch(a, ids[0], "story a")], at=NOW,
    )  # fmt: skip
    assert queued == 2
    assert repo.announced_stories(saved.id, [a, b]) == {a}
    assert repo.announced_stories(other.id, [a, b]) == set()  # each saved search its own
    # a matcher that read before this one queued names `a` again: only `b` is news
    stories = [StoryMatch(a, ids[2], "a again"), StoryMatch(b, ids[1], "story b")]
    queued = repo.queue_deliveries(
        saved.id, matched_from=ids[0], matched_through=max(ids),
        payloads={i: f"match {i}" for i in ids[1:]},
        stories=[*stories, StoryMatch(b, ids[3], "b twice")], at=NOW,
    )  # fmt: skip
    assert queued == 3 + 1
    log = repo.webhook_deliveries(saved.id, 1, 10).items
    told = [(d.story_id, d.article_id, d.payload) for d in log if d.event is WebhookEvent.STORY]
    assert sorted(told) == sorted([(a, ids[0], "story a"), (b, ids[1], "story b")])
    matches = [d for d in log if d.event is WebhookEvent.MATCH]
    assert sorted(d.article_id for d in matches) == ids
    assert all(d.story_id is None for d in matches)
    claimed = repo.claim_deliveries(NOW, 10, 60)
    assert {(d.event, d.story_id) for d in claimed if d.story_id} == {
        (WebhookEvent.STORY, a), (WebhookEvent.STORY, b),
    }  # fmt: skip


def test_a_story_merged_into_another_counts_as_announced_for_it(repo):
    saved = repo.add_saved_search("Hook", "harbour", at=NOW, webhook_url="https://h.example/")
    ids = _articles(repo, 3)
    a, b = repo.start_story(ids[0]).id, repo.start_story(ids[1]).id
    repo.queue_deliveries(
        saved.id, matched_from=saved.matched_through, matched_through=ids[0], payloads={},
        stories=[StoryMatch(a, ids[0], "story a")], at=NOW,
    )  # fmt: skip
    repo.merge_stories(a, b, None)
    assert repo.announced_stories(saved.id, [a, b]) == {a, b}
    repo.join_story(b, [ids[2]])
    queued = repo.queue_deliveries(
        saved.id, matched_from=ids[0], matched_through=ids[2], payloads={},
        stories=[StoryMatch(b, ids[2], "story b")], at=NOW,
    )  # fmt: skip
    assert queued == 0 and repo.get_saved_search(saved.id).matched_through == ids[2]
