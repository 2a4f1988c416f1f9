"""For you: stored stories ranked by a reader's follows, with why each is there; mutes hide
stories; older news sinks; a reader who follows nothing gets the front page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.community import FollowKind, Role
from broadsheet.enrich.codec import encode, encode_summary
from broadsheet.model import ArticleDraft, DateOrigin, Entity, EntityKind, Tag
from broadsheet.services.follows import change_follow
from broadsheet.services.for_you import for_you
from broadsheet.storage import Repository
from broadsheet.storage.repository import ArticleEnrichment, Enrichment

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


class Newsroom:
    """Stores outlets, reports and stories as ingest, the desk and the enricher would."""

    def __init__(self, repo: Repository) -> None:
        self.repo, self.count = repo, 0

    def outlet(self, name: str) -> int:
        slug = name.lower().replace(" ", "-")
        return self.repo.add_source(f"https://{slug}.example/feed", title=name).id

    def report(
        self,
        source_id: int,
        at: datetime,
        *,
        story: int | None = None,
        title: str = "",
        text: str = "",
        tags: Sequence[str] = (),
        entities: Sequence[str] = (),
        fetched_at: datetime | None = None,
    ) -> tuple[int, int]:
        """Store one article in `story` (a new story when None); (story id, article id)."""
        self.count += 1
        n = self.count
        article_id = self.repo.save_article(
            ArticleDraft(
                source_id=source_id, url=f"https://news.example/{n}",
                canonical_url=f"https://news.example/{n}", guid=f"g{n}",
                title=title or f"Report {n}", text=text or f"The text of report {n}.",
                fingerprint=f"fp{n}", published_at=at, date_origin=DateOrigin.FEED,
                fetched_at=fetched_at or at,
            )
        ).article_id  # fmt: skip
        placed = (
            self.repo.start_story(article_id)
            if story is None
            else self.repo.join_story(story, [article_id])
        )
        tagged = tuple(Tag(t, t.title(), "topic") for t in tags)
        named = tuple(Entity(e, EntityKind.PERSON, 1) for e in entities)
        done = (
            Enrichment("tags", "tagger/1", encode(tagged)),
            Enrichment("entities", "ner/1", encode(named)),
            Enrichment("summary", "summary/1", encode_summary([], "extractive/1")),
        )
        self.repo.save_enrichments([ArticleEnrichment(article_id, done, tagged, named)], at)
        return placed.id, article_id


@pytest.fixture
def room(repo):
    return Newsroom(repo)


@pytest.fixture
def reader(repo):
    return repo.add_account("reader@example.org", "Reader", "hash", Role.READER, NOW).id


def follow(repo, reader, kind, key, action="follow"):
    return change_follow(repo, reader, kind, str(key), action, NOW)


def ranked(repo, reader, now=NOW):
    page = for_you(repo, reader, now)
    return [(item.card.story.id, item.why) for item in page.items]


def test_a_followed_story_comes_first_then_entities_tags_and_outlets(repo, room, reader):
    herald, courier = room.outlet("Herald"), room.outlet("Courier")
    hour = NOW - timedelta(hours=1)
    by_outlet, _ = room.report(courier, hour)
    by_tag, _ = room.report(herald, hour, tags=["ukraine"])
    by_entity, _ = room.report(herald, hour, entities=["Volodymyr Zelenskyy"])
    followed, _ = room.report(herald, hour)
    room.report(herald, hour, tags=["weather"])  # nothing followed reaches it
    for kind, key in (("story", followed), ("entity", "volodymyr zelenskyy"),
                      ("tag", "#Ukraine"), ("source", courier)):  # fmt: skip
        follow(repo, reader, kind, key)
    assert ranked(repo, reader) == [
        (followed, "because you follow this story"),
        (by_entity, "because you follow Volodymyr Zelenskyy"),
        (by_tag, "because you follow #ukraine"),
        (by_outlet, "because you follow Courier"),
    ]
    page = for_you(repo, reader, NOW)
    assert page.follows == 4 and page.fallback == ()
    assert page.items[0].card.articles[0].outlet == "Herald"


def test_every_reason_is_named_and_more_matches_score_higher(repo, room, reader):
    herald, courier = room.outlet("Herald"), room.outlet("Courier")
    hour = NOW - timedelta(hours=1)
    one, _ = room.report(herald, hour, tags=["ukraine"])
    both, _ = room.report(courier, hour, tags=["ukraine", "nato"])
    room.report(herald, hour, story=both)
    for kind, key in (("tag", "ukraine"), ("tag", "nato"), ("source", courier)):
        follow(repo, reader, kind, key)
    follow(repo, reader, "story", both)
    assert ranked(repo, reader) == [
        (both, "because you follow this story, #nato, #ukraine and Courier"),
        (one, "because you follow #ukraine"),
    ]


def test_older_news_sinks_below_fresher_and_last_weeks_is_gone(repo, room, reader):
    herald, courier = room.outlet("Herald"), room.outlet("Courier")
    stale_followed, _ = room.report(herald, NOW - timedelta(days=4))
    fresh_outlet, _ = room.report(courier, NOW - timedelta(minutes=5))
    older_outlet, _ = room.report(courier, NOW - timedelta(hours=5))
    room.report(courier, NOW - timedelta(days=9))  # outside the window
    follow(repo, reader, "story", stale_followed)
    follow(repo, reader, "source", courier)
    assert [story for story, _ in ranked(repo, reader)] == [
        fresh_outlet,
        older_outlet,
        stale_followed,
    ]
    # when it was an hour old, the followed story came first
    assert ranked(repo, reader, NOW - timedelta(days=4, hours=-1))[0][0] == stale_followed


def test_a_story_that_gains_a_report_rises(repo, room, reader):
    herald = room.outlet("Herald")
    early, _ = room.report(herald, NOW - timedelta(hours=10), tags=["ukraine"])
    late, _ = room.report(herald, NOW - timedelta(hours=2), tags=["ukraine"])
    follow(repo, reader, "tag", "ukraine")
    assert [s for s, _ in ranked(repo, reader)] == [late, early]
    room.report(herald, NOW - timedelta(minutes=1), story=early)
    assert [s for s, _ in ranked(repo, reader)] == [early, late]


def test_mutes_drop_stories_with_a_muted_tag_or_only_muted_outlets(repo, room, reader):
    herald, courier, gazette = room.outlet("Herald"), room.outlet("Courier"), room.outlet("Gaz")
    hour = NOW - timedelta(hours=1)
    tagged_muted, _ = room.report(herald, hour, tags=["ukraine", "celebrity"])
    only_muted, _ = room.report(courier, hour, tags=["ukraine"])
    mixed, _ = room.report(courier, hour, tags=["ukraine"])
    room.report(gazette, hour, story=mixed)
    followed, _ = room.report(courier, hour, tags=["celebrity"])
    follow(repo, reader, "tag", "ukraine")
    follow(repo, reader, "story", followed)
    assert {s for s, _ in ranked(repo, reader)} == {tagged_muted, only_muted, mixed, followed}
    follow(repo, reader, "tag", "celebrity", "mute")
    follow(repo, reader, "source", courier, "mute")
    # the followed story stays: the reader asked for that very story
    assert [s for s, _ in ranked(repo, reader)] == [followed, mixed]
    follow(repo, reader, "source", courier, "unmute")
    assert {s for s, _ in ranked(repo, reader)} == {only_muted, mixed, followed}


def test_a_reader_who_follows_nothing_gets_the_front_page_less_mutes(repo, room, reader):
    herald, courier = room.outlet("Herald"), room.outlet("Courier")
    big, _ = room.report(herald, NOW - timedelta(hours=1))
    room.report(courier, NOW - timedelta(minutes=30), story=big)
    room.report(courier, NOW - timedelta(hours=2))  # one report: not on the front page
    page = for_you(repo, reader, NOW)
    assert page.items == () and page.follows == 0
    assert [c.story.id for c in page.fallback] == [big]  # the front page's stories
    follow(repo, reader, "source", herald, "mute")
    assert [c.story.id for c in for_you(repo, reader, NOW).fallback] == [big]  # Courier too
    follow(repo, reader, "source", courier, "mute")
    assert for_you(repo, reader, NOW).fallback == ()


def test_follows_that_reach_nothing_lately_fall_back_to_the_front_page(repo, room, reader):
    herald = room.outlet("Herald")
    story, _ = room.report(herald, NOW - timedelta(hours=1))
    old, _ = room.report(herald, NOW - timedelta(days=10), tags=["ukraine"])
    follow(repo, reader, "tag", "ukraine")
    page = for_you(repo, reader, NOW)
    assert page.items == () and page.follows == 1
    assert [c.story.id for c in page.fallback] == [story, old]


def test_a_followed_story_merged_into_another_is_followed_through_it(repo, room, reader):
    herald = room.outlet("Herald")
    first, _ = room.report(herald, NOW - timedelta(hours=2))
    second, _ = room.report(herald, NOW - timedelta(hours=1))
    follow(repo, reader, "story", first)
    repo.merge_stories(first, second, None)
    assert ranked(repo, reader) == [(second, "because you follow this story")]
    assert [f.key for f in repo.follows(reader) if f.kind is FollowKind.STORY] == [str(first)]
