"""The Repository contract for follows and mutes, and the story queries "For you" and the
digest rank with."""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadsheet.community import FollowKind, Role
from broadsheet.model import Entity, EntityKind, Tag
from broadsheet.storage.follow_store import Interests, StoryMarks
from broadsheet.storage.repository import ArticleEnrichment, Enrichment
from tests.contract.test_repository import NOW, draft


@pytest.fixture
def reader(repo):
    return repo.add_account("reader@example.org", "Reader", "hash", Role.READER, NOW).id


@pytest.fixture
def desk(repo):
    """Two outlets and three stories: story 1 (A then B), story 2 (B, tagged #ukraine and
    naming Zelenskyy), story 3 (A, old)."""
    a = repo.add_source("https://a.example/feed", title="A").id
    b = repo.add_source("https://b.example/feed", title="B").id
    saved = {n: repo.save_article(draft(s, n)).article_id for n, s in ((1, a), (2, b), (3, b))}
    old = repo.save_article(draft(a, 4, published_at=NOW - timedelta(days=30))).article_id
    first = repo.join_story(repo.start_story(saved[1]).id, [saved[2]])
    second = repo.start_story(saved[3])
    third = repo.start_story(old)
    people = (Entity("Volodymyr Zelenskyy", EntityKind.PERSON, 2),)
    tags = (Tag("ukraine", "Ukraine", "entity"),)
    done = (Enrichment("tags", "tagger/1", "[]"),)
    repo.save_enrichments([ArticleEnrichment(saved[3], done, tags, people)], NOW)
    return {"a": a, "b": b, "stories": (first.id, second.id, third.id), "articles": saved}


def test_a_follow_is_stored_once_and_a_mute_replaces_it(repo, reader):
    first = repo.set_follow(reader, FollowKind.TAG, "ukraine", False, NOW)
    again = repo.set_follow(reader, FollowKind.TAG, "ukraine", False, NOW + timedelta(hours=1))
    assert first == again and first.created_at == NOW and not first.muted
    muted = repo.set_follow(reader, FollowKind.TAG, "ukraine", True, NOW + timedelta(hours=2))
    assert muted.muted and muted.created_at == NOW + timedelta(hours=2)
    assert repo.follows(reader) == [muted] and repo.count_follows(reader) == 1


def test_follows_are_each_accounts_own(repo, reader):
    other = repo.add_account("other@example.org", "Other", "hash", Role.READER, NOW).id
    repo.set_follow(reader, FollowKind.SOURCE, "1", False, NOW)
    repo.set_follow(reader, FollowKind.ENTITY, "Kyiv", False, NOW)
    repo.set_follow(other, FollowKind.ENTITY, "Kyiv", False, NOW)
    assert [(f.kind, f.key) for f in repo.follows(reader)] == [
        (FollowKind.ENTITY, "Kyiv"),
        (FollowKind.SOURCE, "1"),
    ]
    repo.remove_follow(other, FollowKind.ENTITY, "Kyiv")
    assert repo.follows(other) == [] and repo.count_follows(reader) == 2
    repo.remove_follow(reader, FollowKind.SOURCE, "404")  # nothing to remove: no error
    assert repo.count_follows(reader) == 2


def test_known_entity_finds_the_stored_name_in_any_case(repo, desk):
    assert repo.known_entity("Volodymyr Zelenskyy") == "Volodymyr Zelenskyy"
    assert repo.known_entity("volodymyr ZELENSKYY") == "Volodymyr Zelenskyy"
    assert repo.known_entity("Nobody Known") is None


def test_stories_of_interest_match_each_kind_of_follow(repo, desk):
    first, second, third = desk["stories"]
    since = NOW - timedelta(days=2)

    def found(**keys):
        return [s.id for s in repo.stories_of_interest(Interests(**keys), since, 10)]

    assert found() == []
    assert found(stories=frozenset({first})) == [first]
    assert found(sources=frozenset({desk["b"]})) == [second, first]
    assert found(tags=frozenset({"ukraine"})) == [second]
    assert found(entities=frozenset({"Volodymyr Zelenskyy"})) == [second]
    assert found(stories=frozenset({first}), tags=frozenset({"ukraine"})) == [second, first]
    assert found(sources=frozenset({desk["a"]})) == [first]  # the old story is out of the window
    assert found(stories=frozenset({third})) == []
    assert [s.id for s in repo.stories_of_interest(Interests(stories=frozenset({first})),
                                                   since, 0)] == []  # fmt: skip


def test_a_followed_story_is_found_through_the_story_it_was_merged_into(repo, desk):
    first, second, _ = desk["stories"]
    repo.merge_stories(first, second, None)
    interests = Interests(stories=frozenset({first}))
    assert [s.id for s in repo.stories_of_interest(interests, NOW - timedelta(days=2), 10)] == [
        second
    ]


def test_story_marks_list_outlets_tags_and_entities(repo, desk):
    first, second, _ = desk["stories"]
    marks = repo.story_marks([first, second])
    assert marks[first] == StoryMarks(frozenset({desk["a"], desk["b"]}), frozenset(), frozenset())
    assert marks[second] == StoryMarks(
        frozenset({desk["b"]}), frozenset({"ukraine"}), frozenset({"Volodymyr Zelenskyy"})
    )
    assert repo.story_marks([]) == {}


def test_new_reports_are_the_followed_ones_stored_after_a_time(repo, desk):
    first, second, _ = desk["stories"]
    source = desk["a"]
    late = repo.save_article(draft(source, 9, fetched_at=NOW + timedelta(hours=3))).article_id
    repo.join_story(first, [late])
    published_after = NOW - timedelta(days=1)

    def new(after, **keys):
        found = repo.new_reports(Interests(**keys), after, published_after, 10)
        return [a.id for a in found]

    assert new(NOW - timedelta(hours=1), stories=frozenset({first})) == [
        late, *sorted((desk["articles"][1], desk["articles"][2]), reverse=True)
    ]  # fmt: skip
    assert new(NOW + timedelta(hours=1), stories=frozenset({first})) == [late]
    assert new(NOW + timedelta(hours=1), tags=frozenset({"ukraine"})) == []
    assert new(NOW - timedelta(hours=1), tags=frozenset({"ukraine"})) == [desk["articles"][3]]
    assert new(NOW - timedelta(hours=1), entities=frozenset({"Volodymyr Zelenskyy"})) == [
        desk["articles"][3]
    ]
    assert new(NOW + timedelta(hours=1), sources=frozenset({source})) == [late]
    assert new(NOW - timedelta(hours=1)) == []
    # an article fetched late but published long before is not news
    old = repo.new_reports(Interests(sources=frozenset({source})), NOW - timedelta(days=60),
                           published_after, 10)  # fmt: skip
    assert all(a.published_at > published_after for a in old)
    assert second not in {a.story_id for a in old}


def test_a_digest_is_claimed_by_one_worker_only(repo, reader):
    later = NOW + timedelta(hours=1)
    assert repo.claim_digest(reader, None, NOW)
    assert not repo.claim_digest(reader, None, NOW)  # another worker saw the same due account
    assert repo.get_account(reader).digest_sent_at == NOW
    assert not repo.claim_digest(reader, NOW - timedelta(hours=1), later)
    assert repo.claim_digest(reader, NOW, later)
    assert repo.get_account(reader).digest_sent_at == later
