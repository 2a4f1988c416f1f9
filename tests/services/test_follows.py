"""Following and muting: keys checked and normalised, unknown things refused, a cap per
account, only outlets and hashtags muted, and the reader's own page of follows."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from broadsheet.community import Follow, FollowKind, Role
from broadsheet.errors import Refused
from broadsheet.services import follows as service
from broadsheet.services.follows import change_follow, follows_page
from tests.services.test_for_you import NOW, Newsroom


@pytest.fixture
def reader(repo):
    return repo.add_account("reader@example.org", "Reader", "hash", Role.READER, NOW).id


@pytest.fixture
def news(repo):
    room = Newsroom(repo)
    herald = room.outlet("Herald")
    story, _ = room.report(herald, NOW, tags=["ukraine"], entities=["Volodymyr Zelenskyy"])
    return {"herald": herald, "story": story}


def keys(repo, reader):
    return [(f.kind.value, f.key, f.muted) for f in repo.follows(reader)]


def test_keys_are_stored_in_one_form(repo, reader, news):
    for kind, key in (
        ("tag", " #Ukraine "),
        ("tag", "ukraine"),
        ("entity", "volodymyr  zelenskyy"),
        ("entity", "Volodymyr\u200b Zelenskyy"),  # a zero-width space hides nothing
        ("source", f" {news['herald']}"),
        ("story", f"00{news['story']}"),
        ("STORY", str(news["story"])),
    ):
        held = change_follow(repo, reader, kind, key, "follow", NOW)
        assert isinstance(held, Follow) and not held.muted
    assert sorted(keys(repo, reader)) == [
        ("entity", "Volodymyr Zelenskyy", False),
        ("source", str(news["herald"]), False),
        ("story", str(news["story"]), False),
        ("tag", "ukraine", False),
    ]


@pytest.mark.parametrize(
    ("kind", "key", "action", "why"),
    [
        ("outlet", "1", "follow", "unknown kind 'outlet': use one of source, tag, entity, story"),
        ("tag", "ukraine", "like", "unknown action 'like'"),
        ("source", "999", "follow", "there is no outlet '999' to follow"),
        ("story", "4242", "follow", "there is no story '4242' to follow"),
        ("story", "1 OR 1=1", "follow", "a story is followed by its number"),
        ("source", "-1", "follow", "a source is followed by its number"),
        ("source", "0", "follow", "a source is followed by its number"),
        ("source", "9" * 30, "follow", "a source is followed by its number"),
        ("tag", "nowhere", "follow", "there is no hashtag 'nowhere' to follow"),
        ("tag", "<script>alert(1)</script>", "follow", "is not a hashtag"),
        ("tag", "x' OR '1'='1", "follow", "is not a hashtag"),
        ("tag", "uкraine", "follow", "is not a hashtag"),  # a Cyrillic к
        ("entity", "Volodymyr Zеlenskyy", "follow", "no article names"),  # a Cyrillic е
        ("entity", "\u202e\u200b", "follow", "a name to follow has 1 to 200 characters"),
        ("entity", "x" * 10_000, "follow", "a name to follow has 1 to 200 characters"),
        ("entity", "Volodymyr Zelenskyy", "mute", "only outlets and hashtags can be muted"),
        ("story", "1", "unmute", "only outlets and hashtags can be muted"),
    ],
)
def test_malformed_or_unknown_keys_are_refused_and_logged(
    repo, reader, news, caplog, kind, key, action, why
):
    caplog.set_level(logging.INFO, logger=service.__name__)
    with pytest.raises(Refused, match=why.replace("(", r"\(")) as refused:
        change_follow(repo, reader, kind, key, action, NOW)
    assert refused.value.status == 400
    assert keys(repo, reader) == []
    assert "follow refused" in caplog.text


def test_a_mute_replaces_a_follow_and_unfollow_leaves_a_mute_alone(repo, reader, news):
    change_follow(repo, reader, "tag", "ukraine", "follow", NOW)
    change_follow(repo, reader, "tag", "ukraine", "mute", NOW)
    assert keys(repo, reader) == [("tag", "ukraine", True)]
    assert change_follow(repo, reader, "tag", "ukraine", "unfollow", NOW) is None
    assert keys(repo, reader) == [("tag", "ukraine", True)]
    change_follow(repo, reader, "tag", "#UKRAINE", "unmute", NOW)
    assert keys(repo, reader) == []


def test_what_has_vanished_can_still_be_unfollowed(repo, reader):
    repo.set_follow(reader, FollowKind.SOURCE, "77", False, NOW)
    change_follow(repo, reader, "source", "77", "unfollow", NOW)
    assert keys(repo, reader) == []


def test_following_stops_at_the_cap(repo, reader, news):
    for n in range(service.MAX_FOLLOWS - 1):
        repo.set_follow(reader, FollowKind.ENTITY, f"Person {n}", False, NOW)
    change_follow(repo, reader, "tag", "ukraine", "follow", NOW)
    with pytest.raises(Refused, match=f"at most {service.MAX_FOLLOWS} things"):
        change_follow(repo, reader, "source", str(news["herald"]), "mute", NOW)
    change_follow(repo, reader, "tag", "ukraine", "mute", NOW)  # changing one is not adding
    assert len(keys(repo, reader)) == service.MAX_FOLLOWS


def test_a_merged_story_is_followed_as_its_survivor(repo, reader, news):
    room = Newsroom(repo)
    later, _ = room.report(news["herald"], NOW + timedelta(hours=1))
    repo.merge_stories(news["story"], later, None)
    change_follow(repo, reader, "story", str(news["story"]), "follow", NOW)
    assert keys(repo, reader) == [("story", str(later), False)]


def test_the_follows_page_names_each_follow_and_mute(repo, reader, news):
    other = repo.add_account("other@example.org", "Other", "hash", Role.READER, NOW).id
    change_follow(repo, other, "tag", "ukraine", "follow", NOW)
    change_follow(repo, reader, "story", str(news["story"]), "follow", NOW)
    change_follow(repo, reader, "entity", "Volodymyr Zelenskyy", "follow", NOW)
    change_follow(repo, reader, "source", str(news["herald"]), "mute", NOW)
    page = follows_page(repo, reader)
    assert [(e.label, e.href) for e in page.following] == [
        ("Volodymyr Zelenskyy", "/search?q=entity%3A%22Volodymyr%20Zelenskyy%22"),
        (repo.get_story(news["story"]).title, f"/stories/{news['story']}"),
    ]
    assert [(e.label, e.href) for e in page.muted] == [("Herald", f"/sources/{news['herald']}")]
    assert follows_page(repo, other).following[0].label == "#ukraine"
