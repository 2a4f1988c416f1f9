"""The moderation store, on every backend: reports, the queue, the audit log, blocked words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.community import CommentDraft, CommentStatus, CommentTarget, Role
from broadsheet.errors import NotFound, Refused

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _account(repo, name: str, role: Role = Role.READER):
    return repo.add_account(f"{name}@example.org", name.title(), "hash", role, T0)


def _comment(repo, account_id: int, body: str, status=CommentStatus.VISIBLE):
    draft = CommentDraft(
        account_id, CommentTarget.STORY, 7, None, body, f"<p>{body}</p>", status, "", "ip", T0
    )
    return repo.add_comment(draft)


def test_a_reader_reports_a_comment_once(repo):
    ann, bob = _account(repo, "ann"), _account(repo, "bob")
    c = _comment(repo, ann.id, "Rude")
    report = repo.add_report(c.id, bob.id, "insulting", T0)
    assert (report.comment_id, report.reporter_id, report.reason) == (c.id, bob.id, "insulting")
    with pytest.raises(Refused, match="already reported"):
        repo.add_report(c.id, bob.id, "again", T0)
    with pytest.raises(NotFound):
        repo.add_report(99_999, bob.id, "", T0)
    assert repo.get_comment(c.id).report_count == 1
    assert repo.open_reports(c.id) == [report]


def test_the_queue_holds_held_and_reported_comments_most_reported_first(repo):
    ann, bob, cat = _account(repo, "ann"), _account(repo, "bob"), _account(repo, "cat")
    fine = _comment(repo, ann.id, "Fine")
    held = _comment(repo, ann.id, "Spammy", CommentStatus.HELD)
    once = _comment(repo, ann.id, "Once")
    twice = _comment(repo, ann.id, "Twice")
    repo.add_report(once.id, bob.id, "", T0)
    repo.add_report(twice.id, bob.id, "", T0)
    repo.add_report(twice.id, cat.id, "", T0)
    queue = repo.moderation_queue(1, 10)
    assert [c.id for c in queue.items] == [twice.id, once.id, held.id]
    assert fine.id not in [c.id for c in queue.items] and queue.total == 3

    assert repo.resolve_reports(twice.id, T0 + timedelta(minutes=1)) == 2
    assert repo.open_reports(twice.id) == []
    assert [c.id for c in repo.moderation_queue(1, 10).items] == [once.id, held.id]
    assert [c.id for c in repo.moderation_queue(2, 1).items] == [held.id]


def test_a_deleted_comment_leaves_the_queue_but_stays_stored(repo):
    ann, bob = _account(repo, "ann"), _account(repo, "bob")
    c = _comment(repo, ann.id, "Regret")
    repo.add_report(c.id, bob.id, "", T0)
    repo.set_comment_status(c.id, CommentStatus.DELETED)
    assert repo.moderation_queue(1, 10).total == 0
    assert repo.get_comment(c.id).body == "Regret"


def test_the_audit_log_lists_every_action_newest_first(repo):
    mod = _account(repo, "mod", Role.MODERATOR)
    ann = _account(repo, "ann")
    c = _comment(repo, ann.id, "Held")
    first = repo.log_moderation(None, "hold", T0, comment_id=c.id, reason="links")
    second = repo.log_moderation(mod.id, "ban", T0, account_id=ann.id, reason="spammer")
    assert (first.actor_id, first.action, first.comment_id) == (None, "hold", c.id)
    log = repo.moderation_log(1, 10)
    assert log.total == 2 and list(log.items) == [second, first]


def test_hiding_an_account_s_comments_keeps_them_stored(repo):
    ann, bob = _account(repo, "ann"), _account(repo, "bob")
    shown = _comment(repo, ann.id, "One")
    held = _comment(repo, ann.id, "Two", CommentStatus.HELD)
    gone = _comment(repo, ann.id, "Three")
    repo.set_comment_status(gone.id, CommentStatus.DELETED)
    other = _comment(repo, bob.id, "Bob's")
    assert repo.hide_account_comments(ann.id, "account banned") == [shown.id, held.id]
    assert repo.get_comment(shown.id).status is CommentStatus.HIDDEN
    assert repo.get_comment(shown.id).hold_reason == "account banned"
    assert repo.get_comment(gone.id).status is CommentStatus.DELETED
    assert repo.get_comment(other.id).status is CommentStatus.VISIBLE
    assert repo.hide_account_comments(ann.id, "again") == []


def test_the_blocked_word_list(repo):
    admin = _account(repo, "admin", Role.ADMIN)
    repo.add_blocked_word("scum", admin.id, T0)
    repo.add_blocked_word("moron", None, T0)
    repo.add_blocked_word("scum", admin.id, T0)
    assert repo.blocked_words() == ["moron", "scum"]
    repo.remove_blocked_word("scum")
    repo.remove_blocked_word("never listed")
    assert repo.blocked_words() == ["moron"]
