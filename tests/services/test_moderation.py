"""Moderation: reports (not one's own, once each, three hold a comment), hide/restore/dismiss,
bans that hide and sign out, the admins' word list; roles checked, every action logged, and
nothing deleted."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from broadsheet.community import CommentStatus, CommentTarget, Role
from broadsheet.errors import Forbidden, Refused
from broadsheet.services import moderation
from broadsheet.services.comments import Desk, post_comment
from tests.services.test_comments import NOW, add_article, add_reader


@pytest.fixture
def desk(repo, settings):
    return Desk(repo, replace(settings, comment_limit=50, comment_ip_limit=50))


@pytest.fixture
def people(repo):
    return {
        "ann": add_reader(repo, "Ann"),
        "bob": add_reader(repo, "Bob"),
        "cat": add_reader(repo, "Cat"),
        "dan": add_reader(repo, "Dan"),
        "mod": add_reader(repo, "Mod", role=Role.MODERATOR),
        "mod2": add_reader(repo, "Moe", role=Role.MODERATOR),
        "admin": add_reader(repo, "Admin", role=Role.ADMIN),
    }


@pytest.fixture
def comment(desk, repo, people):
    article, _ = add_article(repo)
    return post_comment(
        desk, people["ann"], "ip", CommentTarget.ARTICLE, article, "Hot take", None, NOW
    )


def actions(repo):
    return [
        (a.actor_id, a.action, a.comment_id, a.account_id) for a in repo.moderation_log(1, 50).items
    ][::-1]


def test_a_report_is_logged_and_queued(repo, people, comment):
    bob, mod = people["bob"], people["mod"]
    made = moderation.report(repo, bob, comment.id, "  rude\u202e words ", NOW)
    assert made.reason == "rude words"
    queue = moderation.queue(repo, mod, 1, 10)
    assert queue.total == 1
    item = queue.items[0]
    assert (item.comment.id, [r.reason for r in item.reports], item.author.name) == (
        comment.id, ["rude words"], "Ann",
    )  # fmt: skip
    assert not item.author.banned
    assert actions(repo) == [(bob.id, "report", comment.id, None)]


def test_what_cannot_be_reported(repo, people, comment):
    with pytest.raises(Refused, match="your own comment"):
        moderation.report(repo, people["ann"], comment.id, "", NOW)
    moderation.report(repo, people["bob"], comment.id, "", NOW)
    with pytest.raises(Refused, match="already reported"):
        moderation.report(repo, people["bob"], comment.id, "again", NOW)
    repo.set_comment_status(comment.id, CommentStatus.HIDDEN, "x")
    with pytest.raises(Refused, match="nothing to report"):
        moderation.report(repo, people["cat"], comment.id, "", NOW)


def test_three_reports_hold_a_comment(repo, people, comment):
    for name in ("bob", "cat"):
        moderation.report(repo, people[name], comment.id, "", NOW)
    assert repo.get_comment(comment.id).status is CommentStatus.VISIBLE
    moderation.report(repo, people["dan"], comment.id, "", NOW)
    held = repo.get_comment(comment.id)
    assert (held.status, held.hold_reason) == (CommentStatus.HELD, "reported by 3 readers")
    assert actions(repo)[-1] == (None, "hold", comment.id, None)


def test_hide_and_restore_close_the_reports_and_are_logged(repo, people, comment):
    mod = people["mod"]
    moderation.report(repo, people["bob"], comment.id, "", NOW)
    hidden = moderation.hide(repo, mod, comment.id, "personal attack", NOW)
    assert (hidden.status, hidden.hold_reason) == (CommentStatus.HIDDEN, "personal attack")
    assert repo.open_reports(comment.id) == [] and moderation.queue(repo, mod, 1, 10).total == 0
    restored = moderation.restore(repo, mod, comment.id, "on reflection, fair", NOW)
    assert (restored.status, restored.hold_reason, restored.body) == (
        CommentStatus.VISIBLE, "", "Hot take",
    )  # fmt: skip
    assert [a[1] for a in actions(repo)] == ["report", "hide", "restore"]
    log = moderation.moderation_log(repo, mod, 1, 10).items
    assert (log[0].actor.name, log[0].account.name) == ("Mod", "Ann")
    assert log[0].action.reason == "on reflection, fair"


def test_dismissing_keeps_the_comment_as_it_is(repo, people, comment):
    moderation.report(repo, people["bob"], comment.id, "", NOW)
    assert moderation.dismiss(repo, people["mod"], comment.id, "fine", NOW) == 1
    assert repo.get_comment(comment.id).status is CommentStatus.VISIBLE
    assert moderation.queue(repo, people["mod"], 1, 10).total == 0


def test_a_deleted_comment_stays_deleted(repo, people, comment):
    repo.set_comment_status(comment.id, CommentStatus.DELETED)
    with pytest.raises(Refused, match="deleted"):
        moderation.restore(repo, people["mod"], comment.id, "", NOW)


@pytest.mark.parametrize("call", ["queue", "hide", "restore", "dismiss", "log", "ban"])
def test_readers_cannot_moderate(repo, people, comment, call):
    bob = people["bob"]
    calls = {
        "queue": lambda: moderation.queue(repo, bob, 1, 10),
        "hide": lambda: moderation.hide(repo, bob, comment.id, "", NOW),
        "restore": lambda: moderation.restore(repo, bob, comment.id, "", NOW),
        "dismiss": lambda: moderation.dismiss(repo, bob, comment.id, "", NOW),
        "log": lambda: moderation.moderation_log(repo, bob, 1, 10),
        "ban": lambda: moderation.ban(repo, bob, people["ann"].id, "", NOW),
    }
    with pytest.raises(Forbidden):
        calls[call]()
    assert repo.get_comment(comment.id).status is CommentStatus.VISIBLE
    assert repo.get_account(people["ann"].id).banned_at is None


def test_a_ban_hides_comments_ends_sessions_and_logs_each_step(desk, repo, people, comment):
    ann, mod = people["ann"], people["mod"]
    second = post_comment(
        desk, ann, "ip", CommentTarget.ARTICLE, comment.target_id, "Again", None, NOW
    )
    repo.add_session("t" * 64, ann.id, NOW, NOW + timedelta(days=1))
    banned = moderation.ban(repo, mod, ann.id, "spam account", NOW)
    assert banned.banned_at == NOW
    assert repo.session_account("t" * 64, NOW) is None
    for c in (comment, second):
        kept = repo.get_comment(c.id)
        assert (kept.status, kept.body) == (CommentStatus.HIDDEN, c.body)
        assert kept.hold_reason == "account banned: spam account"
    assert actions(repo) == [
        (mod.id, "ban", None, ann.id),
        (mod.id, "hide", comment.id, ann.id),
        (mod.id, "hide", second.id, ann.id),
    ]
    lifted = moderation.unban(repo, mod, ann.id, "appeal accepted", NOW)
    assert lifted.banned_at is None and actions(repo)[-1] == (mod.id, "unban", None, ann.id)
    assert repo.get_comment(comment.id).status is CommentStatus.HIDDEN


def test_who_may_ban_whom(repo, people):
    mod, mod2, admin = people["mod"], people["mod2"], people["admin"]
    with pytest.raises(Refused, match="yourself"):
        moderation.ban(repo, mod, mod.id, "", NOW)
    with pytest.raises(Forbidden, match="Only an admin can ban or unban a moderator"):
        moderation.ban(repo, mod, mod2.id, "", NOW)
    with pytest.raises(Forbidden, match="An admin can't be banned"):
        moderation.ban(repo, mod, admin.id, "", NOW)
    assert moderation.ban(repo, admin, mod2.id, "rogue", NOW).banned_at == NOW


def test_the_word_list_is_for_admins(repo, people):
    admin, mod = people["admin"], people["mod"]
    assert moderation.add_word(repo, admin, "  Mo\u200bRON  ", NOW) == "moron"
    with pytest.raises(Forbidden, match="admins"):
        moderation.add_word(repo, mod, "other", NOW)
    with pytest.raises(Refused, match="Type the word"):
        moderation.add_word(repo, admin, " \u200b ", NOW)
    with pytest.raises(Refused, match="at most 100"):
        moderation.add_word(repo, admin, "x" * 101, NOW)
    assert repo.blocked_words() == ["moron"]
    with pytest.raises(Forbidden):
        moderation.remove_word(repo, mod, "moron", NOW)
    moderation.remove_word(repo, admin, "MORON", NOW)
    assert repo.blocked_words() == []
    assert [(a[1]) for a in actions(repo)] == ["block word", "unblock word"]
