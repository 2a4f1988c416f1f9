"""The Repository contract for stored related lists: kept in order, read with the article's
story key now, found when a story's new report makes them stale."""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadsheet.errors import NotFound
from broadsheet.storage.repository import NewRelatedList, RelatedKey
from broadsheet.storage.sql_related import LEAD_CHARS
from tests.contract.test_repository import NOW, draft

LONG_AGO = NOW - timedelta(days=365)


@pytest.fixture
def ids(repo):
    """Five articles from two outlets, a minute apart (ids by minute)."""
    a = repo.add_source("https://a.example/feed", title="Alpha").id
    b = repo.add_source("https://b.example/feed", title="").id  # outlet shown by URL
    return {n: repo.save_article(draft(a if n % 2 else b, n)).article_id for n in range(1, 6)}


def test_nothing_stored_gives_the_key_now_and_no_list(repo, ids):
    stored = repo.stored_related(ids[1])
    assert stored.current == RelatedKey(None, None)
    assert stored.kept is None and stored.computed_at is None and stored.items == ()


def test_a_missing_article_raises_not_found(repo):
    with pytest.raises(NotFound):
        repo.stored_related(404)


def test_a_saved_list_reads_back_in_order_with_what_a_page_shows(repo, ids):
    long_text = "Prisoner exchange talks resumed. " * 100
    other = repo.save_article(draft(1, 9, text=long_text)).article_id
    story = repo.start_story(ids[1])
    key = RelatedKey(story.id, 1)
    save(repo, ids[1], key, [(other, "similar"), (ids[2], "same topic")], NOW)
    stored = repo.stored_related(ids[1])
    assert stored.kept == stored.current == key and stored.computed_at == NOW
    assert [(a.id, reason) for a, reason in stored.items] == [
        (other, "similar"),
        (ids[2], "same topic"),
    ]
    first, second = (a for a, _ in stored.items)
    assert first.text == long_text[:LEAD_CHARS] and first.outlet == "Alpha"
    assert second.outlet == "https://b.example/feed" and second.title == "Headline number 2"
    assert second.published_at == NOW + timedelta(minutes=2)


def test_saving_again_replaces_the_list_and_an_empty_list_is_a_list(repo, ids):
    key = RelatedKey(None, None)
    save(repo, ids[1], key, [(ids[2], "similar"), (ids[3], "similar")], NOW)
    save(repo, ids[1], key, [], NOW + timedelta(hours=1))
    stored = repo.stored_related(ids[1])
    assert stored.items == () and stored.kept == key
    assert stored.computed_at == NOW + timedelta(hours=1)
    assert repo.stored_related(ids[2]).kept is None  # other articles' lists untouched


def test_a_new_report_in_the_story_or_a_merge_changes_the_key_now(repo, ids):
    story = repo.start_story(ids[1])
    repo.join_story(story.id, [ids[2]])
    save(repo, ids[1], RelatedKey(story.id, 2), [(ids[2], "same story")], NOW)
    repo.join_story(story.id, [ids[3]])
    stored = repo.stored_related(ids[1])
    assert stored.kept == RelatedKey(story.id, 2) and stored.current == RelatedKey(story.id, 3)
    other = repo.start_story(ids[4])
    repo.merge_stories(story.id, other.id, ids[4])
    assert repo.stored_related(ids[1]).current == RelatedKey(other.id, 4)


def test_due_are_members_of_recent_stories_without_a_list_or_with_an_old_key(repo, ids):
    story = repo.start_story(ids[1])
    repo.join_story(story.id, [ids[2], ids[3]])
    key = RelatedKey(story.id, 3)
    assert repo.related_due(LONG_AGO, 10) == [(ids[3], key), (ids[2], key), (ids[1], key)]
    assert repo.related_due(LONG_AGO, 2) == [(ids[3], key), (ids[2], key)]  # newest first
    for n in (1, 2, 3):
        save(repo, ids[n], key, [], NOW)
    assert repo.related_due(LONG_AGO, 10) == []
    repo.join_story(story.id, [ids[4]])  # a new report: every member's list is due
    grown = RelatedKey(story.id, 4)
    assert repo.related_due(LONG_AGO, 10) == [(ids[n], grown) for n in (4, 3, 2, 1)]


def test_stories_last_reported_before_since_and_lone_articles_are_not_due(repo, ids):
    repo.start_story(ids[1])
    assert repo.related_due(NOW + timedelta(minutes=2), 10) == []  # its report is older
    assert [i for i, _ in repo.related_due(NOW, 10)] == [ids[1]]
    assert ids[5] not in {i for i, _ in repo.related_due(LONG_AGO, 10)}  # in no story


def test_absorbed_members_are_due_under_the_surviving_story(repo, ids):
    first, second = repo.start_story(ids[1]), repo.start_story(ids[2])
    for n, story in ((1, first), (2, second)):
        save(repo, ids[n], RelatedKey(story.id, 1), [], NOW)
    repo.merge_stories(second.id, first.id, ids[1])
    assert repo.related_due(LONG_AGO, 10) == [
        (ids[2], RelatedKey(first.id, 2)),
        (ids[1], RelatedKey(first.id, 2)),
    ]


def test_clearing_forgets_every_list(repo, ids):
    for n in (1, 2):
        save(repo, ids[n], RelatedKey(None, None), [(ids[3], "similar")], NOW)
    assert repo.clear_related_lists() == 2
    assert repo.stored_related(ids[1]).kept is None


def test_newest_articles_are_newest_first_without_a_count(repo, ids):
    assert [a.id for a in repo.newest_articles(3)] == [ids[5], ids[4], ids[3]]
    assert repo.newest_articles(3)[0].outlet == "Alpha"


def save(repo, article_id, key, items, at):
    repo.save_related([NewRelatedList(article_id, key, tuple(items), at)])


def test_a_batch_stores_many_lists_in_one_call_the_last_for_an_article_winning(repo, ids):
    key = RelatedKey(None, None)
    repo.save_related(
        [
            NewRelatedList(ids[1], key, ((ids[2], "similar"),), NOW),
            NewRelatedList(ids[2], key, ((ids[1], "similar"), (ids[3], "same topic")), NOW),
            NewRelatedList(ids[1], key, ((ids[3], "same topic"),), NOW + timedelta(hours=1)),
        ]
    )
    first, second = repo.stored_related(ids[1]), repo.stored_related(ids[2])
    assert [(a.id, r) for a, r in first.items] == [(ids[3], "same topic")]
    assert first.computed_at == NOW + timedelta(hours=1)
    assert [a.id for a, _ in second.items] == [ids[1], ids[3]]
    repo.save_related([])  # nothing to store: no write at all


def test_missing_are_the_newest_placed_articles_without_a_list(repo, ids):
    story = repo.start_story(ids[1])
    repo.join_story(story.id, [ids[2], ids[3]])
    lone = repo.start_story(ids[4])  # ids[5] is in no story yet: its key would change
    key = RelatedKey(story.id, 3)
    assert repo.related_missing(10, 10) == [
        (ids[4], RelatedKey(lone.id, 1)),
        (ids[3], key),
        (ids[2], key),
        (ids[1], key),
    ]
    assert repo.related_missing(10, 2) == [(ids[4], RelatedKey(lone.id, 1)), (ids[3], key)]
    save(repo, ids[3], key, [], NOW)
    assert [i for i, _ in repo.related_missing(10, 10)] == [ids[4], ids[2], ids[1]]
    assert [i for i, _ in repo.related_missing(3, 10)] == [ids[4]]  # the 3 newest ids: 3, 4, 5
