"""Stored related lists on a real database: what is stored is what ranking gives, and a new
report in a story changes the lists of the pages it belongs on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadsheet.services.related import related_articles
from broadsheet.services.related_lists import (
    STORED_K,
    Remake,
    backfill_related,
    refresh_due,
    refresh_related,
    related_now,
    shown_related,
    store_lists,
)
from tests.contract.test_repository import NOW, draft

TTL = 3600.0
LATER = NOW + timedelta(minutes=30)

FERRY = [
    ("Zanzibar ferry sinks with hundreds aboard", "A ferry sank off Zanzibar on Tuesday."),
    ("Divers search Zanzibar ferry wreck", "Divers reached the wreck of the Zanzibar ferry."),
    ("Zanzibar ferry owner questioned by police", "Police questioned the Zanzibar ferry owner."),
    ("Tanzania mourns Zanzibar ferry victims", "Flags flew at half mast for the ferry victims."),
]
OTHER = [
    ("Central bank holds interest rates", "The central bank kept its rate unchanged."),
    ("Storm closes mountain passes", "Snow closed three passes overnight."),
]


@pytest.fixture
def outlets(repo):
    return [repo.add_source(f"https://o{n}.example/feed", title=f"Outlet {n}").id for n in range(4)]


def _article(repo, outlets, n, headline, text):
    source = outlets[n % len(outlets)]
    return repo.save_article(draft(source, n, title=headline, text=text)).article_id


@pytest.fixture
def ferry(repo, outlets):
    """Three reports of a ferry sinking from three outlets, in one story, among others."""
    ids = [_article(repo, outlets, n, *FERRY[n]) for n in range(3)]
    for n, (headline, text) in enumerate(OTHER, start=10):
        _article(repo, outlets, n, headline, text)
    story = repo.start_story(ids[0])
    repo.join_story(story.id, ids[1:])
    return story.id, ids


def _refresh(repo, article_id, now):
    """Rank and store the article's list under its key now, as the worker does."""
    return refresh_related(repo, [(article_id, repo.stored_related(article_id).current)], now)[0]


def fresh_related(repo, article_id, *, ttl, now):
    """The stored list shown, if any."""
    return shown_related(repo, article_id, ttl=ttl, now=now)[0]


def _ids(items):
    return [i.article_id for i in items]


def test_nothing_is_shown_before_a_list_is_made(repo, ferry):
    _, ids = ferry
    assert fresh_related(repo, ids[0], ttl=TTL, now=LATER) is None


def test_the_stored_list_is_what_ranking_gives(repo, ferry):
    _, ids = ferry
    for article_id in ids:
        made = _refresh(repo, article_id, NOW)
        fresh = related_articles(repo, repo.get_article(article_id), k=STORED_K)
        assert made == fresh and len(fresh) >= 2
        assert list(fresh_related(repo, article_id, ttl=TTL, now=LATER)) == fresh


def test_a_list_ranked_on_request_comes_with_what_to_store(repo, ferry):
    _, ids = ferry
    items, new = related_now(repo, ids[1], k=STORED_K, ttl=TTL, now=NOW)
    assert new is not None and items == related_articles(repo, repo.get_article(ids[1]))
    assert new.key == repo.stored_related(ids[1]).current and new.computed_at == NOW
    repo.save_related([new])
    again, nothing = related_now(repo, ids[1], k=STORED_K, ttl=TTL, now=LATER)
    assert again == items and nothing is None


def test_with_a_ttl_of_zero_nothing_is_stored(repo, ferry):
    _, ids = ferry
    items, new = related_now(repo, ids[1], k=STORED_K, ttl=0, now=NOW)
    assert items and new is None


def test_a_shorter_list_is_the_stored_ones_head_and_a_longer_one_is_ranked(repo, ferry):
    _, ids = ferry
    ranked, new = related_now(repo, ids[0], k=20, ttl=TTL, now=NOW)
    assert new is not None and [i for i, _ in new.items] == _ids(ranked)[:STORED_K]
    repo.save_related([new])
    head, no_save = related_now(repo, ids[0], k=1, ttl=TTL, now=LATER)
    assert no_save is None and head == related_articles(repo, repo.get_article(ids[0]), k=1)
    _, must_rank = related_now(repo, ids[0], k=STORED_K + 1, ttl=TTL, now=LATER)
    assert must_rank is not None


def test_a_list_as_old_as_the_ttl_is_shown_once_more_with_a_remake(repo, ferry):
    _, ids = ferry
    made = _refresh(repo, ids[0], NOW)
    young, no_remake = shown_related(repo, ids[0], ttl=TTL, now=NOW + timedelta(seconds=TTL - 1))
    assert list(young) == made and no_remake is None
    old, remake = shown_related(repo, ids[0], ttl=TTL, now=NOW + timedelta(seconds=TTL))
    assert list(old) == made and remake == Remake(ids[0], repo.stored_related(ids[0]).current)
    items, work = related_now(repo, ids[0], k=3, ttl=TTL, now=NOW + timedelta(seconds=TTL))
    assert items == made[:3] and work == remake  # the request ranks nothing
    store_lists(repo, [remake, remake], LATER + timedelta(hours=1))  # made once, stored
    assert repo.stored_related(ids[0]).computed_at == LATER + timedelta(hours=1)
    assert shown_related(repo, ids[0], ttl=TTL, now=LATER + timedelta(hours=1)) == (old, None)
    assert shown_related(repo, ids[0], ttl=0, now=NOW) == (None, None)  # 0: nothing stored


def test_a_list_ranked_in_a_request_wins_over_a_remake_of_the_same_article(repo, ferry):
    _, ids = ferry
    _, new = related_now(repo, ids[1], k=STORED_K, ttl=TTL, now=NOW)
    assert new is not None
    store_lists(repo, [Remake(ids[1], new.key), new, Remake(10_000_000, new.key)], LATER)
    assert repo.stored_related(ids[1]).computed_at == NOW  # and an unknown article is skipped


def test_a_new_report_joining_the_story_changes_the_pages_it_belongs_on(repo, outlets, ferry):
    story, ids = ferry
    assert refresh_due(repo, LATER) == len(ids)  # every member of the fresh story
    assert all(fresh_related(repo, i, ttl=TTL, now=LATER) is not None for i in ids)
    newcomer = _article(repo, outlets, 3, *FERRY[3])
    repo.join_story(story, [newcomer])
    # The members' lists were made before it joined: none is shown any more …
    assert all(fresh_related(repo, i, ttl=TTL, now=LATER) is None for i in ids)
    # … and the worker's next pass makes them again, with the newcomer on each.
    assert refresh_due(repo, LATER) == len(ids) + 1
    for article_id in ids:
        shown = fresh_related(repo, article_id, ttl=TTL, now=LATER)
        assert shown is not None and newcomer in _ids(shown)
        assert list(shown) == related_articles(repo, repo.get_article(article_id))
    assert refresh_due(repo, LATER) == 0


def test_the_worker_makes_a_bounded_batch_newest_first(repo, ferry):
    _, ids = ferry
    assert refresh_due(repo, LATER, limit=2) == 2
    made = {i for i in ids if fresh_related(repo, i, ttl=TTL, now=LATER) is not None}
    assert made == {ids[2], ids[1]}


def test_a_report_arriving_while_a_list_is_ranked_leaves_it_stale(repo, outlets, ferry):
    story, ids = ferry
    _, new = related_now(repo, ids[0], k=STORED_K, ttl=TTL, now=NOW)
    repo.join_story(story, [_article(repo, outlets, 3, *FERRY[3])])
    assert new is not None
    repo.save_related([new])  # stored under the key read before ranking
    assert fresh_related(repo, ids[0], ttl=TTL, now=LATER) is None


def test_on_the_demo_archive_every_stored_list_is_the_ranked_one(demo_stack):
    """Real stories, outlets, copies and headline vectors: read back, a list is unchanged."""
    repo = demo_stack.repo
    now = NOW.replace(year=2100)  # later than any demo article, whatever the clock says
    checked = 0
    for article in repo.latest_articles(1, 60).items:
        made = _refresh(repo, article.id, now)
        shown = fresh_related(repo, article.id, ttl=TTL, now=now)
        assert shown is not None and list(shown) == made
        checked += bool(made)
    assert checked >= 30  # lists with something in them


def test_when_nothing_is_due_the_newest_articles_missing_a_list_get_one(repo, outlets, ferry):
    _, ids = ferry
    long_after = NOW + timedelta(days=30)  # the story is no longer recent: nothing is due
    assert refresh_due(repo, long_after) == 0
    assert backfill_related(repo, long_after, limit=2) == 2
    made = {i for i in ids if fresh_related(repo, i, ttl=TTL, now=long_after) is not None}
    assert made == {ids[2], ids[1]}  # newest first
    assert backfill_related(repo, long_after) == 1  # ids[0]: the others (in no story) wait
    assert fresh_related(repo, ids[0], ttl=TTL, now=long_after) == tuple(
        related_articles(repo, repo.get_article(ids[0]))
    )
    assert backfill_related(repo, long_after) == 0
