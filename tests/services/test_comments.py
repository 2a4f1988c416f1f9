"""Posting, replying, editing and deleting comments, and the threads each viewer sees: only the
author edits or deletes, within the window; limits per account and address; held comments
logged; nothing deleted from storage."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.community import CommentStatus, CommentTarget, Role
from broadsheet.errors import Forbidden, NotFound, RateLimited, Refused
from broadsheet.model import ArticleDraft, DateOrigin
from broadsheet.services.comments import (
    MAX_DEPTH,
    Desk,
    comment_counts,
    comment_section,
    delete_comment,
    edit_comment,
    post_comment,
)
from broadsheet.storage import Repository

NOW = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)
ARTICLE, STORY = CommentTarget.ARTICLE, CommentTarget.STORY


def add_article(repo: Repository, n: int = 1, *, story: int | None = None) -> tuple[int, int]:
    """Store an article (in a new story unless `story`); (article id, story id)."""
    source = repo.add_source(f"https://outlet{n}.example/feed", title=f"Outlet {n}").id
    url = f"https://news.example/{n}"
    article_id = repo.save_article(
        ArticleDraft(
            source_id=source, url=url, canonical_url=url, guid=f"g{n}", title=f"Report {n}",
            text=f"The text of report {n}.", fingerprint=f"fp{n}",
            published_at=NOW - timedelta(hours=1), date_origin=DateOrigin.FEED, fetched_at=NOW,
        )
    ).article_id  # fmt: skip
    placed = repo.start_story(article_id) if story is None else repo.join_story(story, [article_id])
    return article_id, placed.id


def add_reader(repo: Repository, name: str, *, role: Role = Role.READER, age=timedelta(days=30)):
    return repo.add_account(f"{name.lower()}@example.org", name, "hash", role, NOW - age)


@pytest.fixture
def desk(repo, settings):
    return Desk(repo, replace(settings, comment_limit=5, comment_ip_limit=8))


@pytest.fixture
def article(repo):
    return add_article(repo)[0]


@pytest.fixture
def ann(repo):
    return add_reader(repo, "Ann")


@pytest.fixture
def bob(repo):
    return add_reader(repo, "Bob")


def post(desk, who, text, *, on=ARTICLE, target=1, parent=None, ip="ip-1", at=NOW):
    return post_comment(desk, who, ip, on, target, text, parent, at)


def test_a_comment_is_stored_rendered_and_shown(desk, repo, ann, article):
    made = post(desk, ann, "Hello *world*", target=article)
    assert (made.status, made.body, made.html) == (
        CommentStatus.VISIBLE,
        "Hello *world*",
        "<p>Hello <em>world</em></p>",
    )
    section = comment_section(repo, desk.settings, ARTICLE, article, None, NOW)
    assert section.count == 1 and not section.signed_in
    shown = section.threads[0]
    assert (shown.author, shown.html, shown.state) == ("Ann", made.html, "visible")
    assert not (shown.can_edit or shown.can_reply or shown.can_report)


def test_a_missing_target_or_parent_is_not_found(desk, ann, article):
    with pytest.raises(NotFound):
        post(desk, ann, "Hi", target=article + 100)
    with pytest.raises(NotFound):
        post(desk, ann, "Hi", on=STORY, target=9_999)
    with pytest.raises(NotFound):
        post(desk, ann, "Hi", target=article, parent=12_345)


def test_a_comment_on_a_merged_story_goes_to_its_survivor(desk, repo, ann):
    _, first = add_article(repo, 1)
    _, second = add_article(repo, 2)
    repo.merge_stories(second, first, None)
    assert post(desk, ann, "On the old id", on=STORY, target=second).target_id == first


def test_threads_show_two_levels_and_fold_the_rest(desk, repo, ann, bob, article):
    top = post(desk, ann, "Top", target=article)
    reply = post(desk, bob, "Reply", target=article, parent=top.id)
    deeper = post(desk, ann, "Deeper", target=article, parent=reply.id)
    post(desk, bob, "Deepest", target=article, parent=deeper.id)
    post(desk, bob, "Second top", target=article)
    section = comment_section(repo, desk.settings, ARTICLE, article, bob, NOW)
    assert section.count == 5 and section.shown_levels == 2
    first, second = section.threads
    assert [r.id for r in first.replies] == [reply.id]
    assert first.descendants == 3 and first.replies[0].descendants == 2
    assert second.replies == ()


def test_replies_nest_at_most_max_depth(desk, ann, article):
    desk = replace(desk, settings=replace(desk.settings, comment_limit=50, comment_ip_limit=50))
    parent = post(desk, ann, "level 0", target=article)
    for level in range(1, MAX_DEPTH + 3):
        parent = post(desk, ann, f"level {level}", target=article, parent=parent.id)
        assert parent.depth == min(level, MAX_DEPTH)


def test_only_the_author_sees_their_held_comment(desk, repo, ann, bob, article):
    repo.add_blocked_word("moron", None, NOW)
    held = post(desk, ann, "What a moron", target=article)
    assert held.status is CommentStatus.HELD and held.hold_reason == "blocked word: moron"
    mine = comment_section(repo, desk.settings, ARTICLE, article, ann, NOW)
    assert [(c.state, c.html) for c in mine.threads] == [("held", held.html)]
    assert comment_section(repo, desk.settings, ARTICLE, article, bob, NOW).threads == ()
    assert comment_counts(repo, ARTICLE, [article]) == {}
    logged = repo.moderation_log(1, 10).items
    assert [(a.actor_id, a.action, a.comment_id) for a in logged] == [(None, "hold", held.id)]


def test_a_removed_comment_with_replies_is_a_gap_that_reveals_nothing(
    desk, repo, ann, bob, article
):
    top = post(desk, ann, "Secret words", target=article)
    post(desk, bob, "A reply", target=article, parent=top.id)
    delete_comment(repo, ann, top.id)
    section = comment_section(repo, desk.settings, ARTICLE, article, bob, NOW)
    gap = section.threads[0]
    assert (gap.state, gap.author, gap.html) == ("removed", "", "")
    assert not (gap.can_reply or gap.can_report or gap.can_edit)
    assert section.count == 1
    assert repo.get_comment(top.id).body == "Secret words"  # kept in storage


def test_controls_follow_who_is_looking(desk, repo, ann, bob, article):
    made = post(desk, ann, "Mine", target=article)
    as_ann = comment_section(repo, desk.settings, ARTICLE, article, ann, NOW).threads[0]
    as_bob = comment_section(repo, desk.settings, ARTICLE, article, bob, NOW).threads[0]
    assert (as_ann.mine, as_ann.can_edit, as_ann.can_delete, as_ann.can_report) == (
        True, True, True, False,
    )  # fmt: skip
    assert (as_bob.mine, as_bob.can_edit, as_bob.can_delete, as_bob.can_report) == (
        False, False, False, True,
    )  # fmt: skip
    later = made.created_at + timedelta(minutes=desk.settings.comment_edit_minutes)
    late = comment_section(repo, desk.settings, ARTICLE, article, ann, later).threads[0]
    assert not late.can_edit and late.can_delete


def test_editing_is_for_the_author_within_the_window(desk, repo, ann, bob, article):
    made = post(desk, ann, "Frist", target=article)
    edited = edit_comment(desk, ann, made.id, "First", NOW + timedelta(minutes=3))
    assert (edited.body, edited.edited_at) == ("First", NOW + timedelta(minutes=3))
    with pytest.raises(Forbidden, match="only edit your own"):
        edit_comment(desk, bob, made.id, "Bob was here", NOW)
    too_late = NOW + timedelta(minutes=desk.settings.comment_edit_minutes)
    with pytest.raises(Refused, match="edited for 15 minutes"):
        edit_comment(desk, ann, made.id, "Later", too_late)
    assert repo.get_comment(made.id).body == "First"


def test_an_edit_that_adds_a_blocked_word_is_held_and_a_held_one_stays_held(
    desk, repo, ann, article
):
    made = post(desk, ann, "Fine words", target=article)
    repo.add_blocked_word("moron", None, NOW)
    held = edit_comment(desk, ann, made.id, "moron", NOW)
    assert held.status is CommentStatus.HELD
    cleaned = edit_comment(desk, ann, made.id, "Fine words again", NOW)
    assert cleaned.status is CommentStatus.HELD and cleaned.hold_reason == "blocked word: moron"
    assert [a.action for a in repo.moderation_log(1, 10).items] == ["hold"]


def test_deleting_is_for_the_author_and_keeps_the_words(desk, repo, ann, bob, article):
    made = post(desk, ann, "Regret", target=article)
    with pytest.raises(Forbidden, match="only delete your own"):
        delete_comment(repo, bob, made.id)
    assert repo.get_comment(made.id).status is CommentStatus.VISIBLE
    gone = delete_comment(repo, ann, made.id)
    assert (gone.status, gone.body) == (CommentStatus.DELETED, "Regret")
    assert delete_comment(repo, ann, made.id).status is CommentStatus.DELETED
    with pytest.raises(Refused, match="removed"):
        edit_comment(desk, ann, made.id, "Back", NOW)
    with pytest.raises(Refused, match="was removed"):
        post(desk, bob, "Reply", target=article, parent=made.id)


def test_a_reply_to_someone_elses_held_comment_is_refused(desk, repo, ann, bob, article):
    repo.add_blocked_word("moron", None, NOW)
    held = post(desk, ann, "moron", target=article)
    with pytest.raises(Refused, match="awaits moderation"):
        post(desk, bob, "What did it say?", target=article, parent=held.id)
    assert post(desk, ann, "Sorry", target=article, parent=held.id).parent_id == held.id


def test_a_banned_account_cannot_post(desk, repo, ann, article):
    banned = repo.update_account(ann.id, banned_at=NOW)
    with pytest.raises(Forbidden, match="banned"):
        post(desk, banned, "Let me in", target=article)


def test_the_account_limit_stops_a_burst_and_says_when_to_come_back(desk, repo, ann, article):
    for n in range(5):
        post(desk, ann, f"comment {n}", target=article, at=NOW + timedelta(minutes=n))
    with pytest.raises(RateLimited) as refused:
        post(desk, ann, "one too many", target=article, at=NOW + timedelta(minutes=5))
    assert "at most 5 in 10 minutes" in str(refused.value)
    assert refused.value.retry_after == 5 * 60
    assert repo.account_comments(ann.id, 1, 50).total == 5
    post(
        desk, ann, "the window moved on", target=article, at=NOW + timedelta(minutes=10, seconds=1)
    )


def test_the_address_limit_counts_every_account_on_it(desk, repo, article):
    readers = [add_reader(repo, f"Reader{n}") for n in range(3)]
    for n in range(8):
        post(desk, readers[n % 3], f"from one place {n}", target=article)
    with pytest.raises(RateLimited, match="your network address"):
        post(desk, readers[0], "one more", target=article)
    post(desk, readers[0], "from elsewhere", target=article, ip="ip-2")


def test_counts_for_lists(desk, repo, ann, article):
    other, story = add_article(repo, 2)
    post(desk, ann, "a", target=article)
    post(desk, ann, "b", target=article)
    post(desk, ann, "c", on=STORY, target=story)
    assert comment_counts(repo, ARTICLE, [article, other]) == {article: 2}
    assert comment_counts(repo, STORY, [story]) == {story: 1}
