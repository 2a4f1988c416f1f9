"""The comment store, on every backend: threads, what each viewer sees, counts and limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.community import CommentDraft, CommentStatus, CommentTarget, Role
from broadsheet.errors import NotFound, RateLimited
from broadsheet.storage.comment_store import PostingLimit

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ARTICLE = CommentTarget.ARTICLE


def _account(repo, name: str):
    return repo.add_account(f"{name}@example.org", name.title(), "hash", Role.READER, T0)


def _draft(account_id, body="Hello", *, parent=None, target_id=1, at=T0, ip="ip-a", **kw):
    fields = {
        "account_id": account_id, "target": kw.pop("target", ARTICLE), "target_id": target_id,
        "parent_id": parent, "body": body, "html": f"<p>{body}</p>",
        "status": kw.pop("status", CommentStatus.VISIBLE), "hold_reason": kw.pop("reason", ""),
        "ip_hash": ip, "created_at": at,
    }  # fmt: skip
    return CommentDraft(**fields)


def test_a_comment_and_its_replies_keep_their_depth_and_author(repo):
    ann = _account(repo, "ann")
    top = repo.add_comment(_draft(ann.id, "Top"))
    reply = repo.add_comment(_draft(ann.id, "Reply", parent=top.id))
    deeper = repo.add_comment(_draft(ann.id, "Deeper", parent=reply.id))
    assert (top.depth, reply.depth, deeper.depth) == (0, 1, 2)
    assert deeper.parent_id == reply.id and deeper.author == "Ann"
    assert repo.get_comment(reply.id) == reply
    shown = repo.target_comments(ARTICLE, 1, None)
    assert [c.body for c in shown] == ["Top", "Reply", "Deeper"]


def test_a_reply_to_a_comment_on_another_target_is_refused(repo):
    ann = _account(repo, "ann")
    elsewhere = repo.add_comment(_draft(ann.id, target_id=2))
    with pytest.raises(NotFound):
        repo.add_comment(_draft(ann.id, parent=elsewhere.id, target_id=1))
    with pytest.raises(NotFound):
        repo.add_comment(_draft(ann.id, parent=99_999))
    with pytest.raises(NotFound):
        repo.get_comment(99_999)


def test_each_viewer_sees_visible_comments_their_own_held_ones_and_gaps(repo):
    ann, bob = _account(repo, "ann"), _account(repo, "bob")
    repo.add_comment(_draft(ann.id, "Visible"))
    repo.add_comment(_draft(bob.id, "Held", status=CommentStatus.HELD, reason="links"))
    hidden = repo.add_comment(_draft(bob.id, "Hidden, with a reply"))
    repo.add_comment(_draft(ann.id, "Answer", parent=hidden.id))
    alone = repo.add_comment(_draft(bob.id, "Deleted, no replies"))
    repo.set_comment_status(hidden.id, CommentStatus.HIDDEN, "abuse")
    repo.set_comment_status(alone.id, CommentStatus.DELETED)

    to_ann = [c.body for c in repo.target_comments(ARTICLE, 1, ann.id)]
    to_bob = [c.body for c in repo.target_comments(ARTICLE, 1, bob.id)]
    assert to_ann == ["Visible", "Hidden, with a reply", "Answer"]
    assert to_bob == ["Visible", "Held", "Hidden, with a reply", "Answer"]
    assert repo.target_comments(ARTICLE, 1, None) == repo.target_comments(ARTICLE, 1, ann.id)


def test_a_gap_is_kept_for_a_removed_reply_whose_own_reply_is_visible(repo):
    ann = _account(repo, "ann")
    top = repo.add_comment(_draft(ann.id, "Top"))
    middle = repo.add_comment(_draft(ann.id, "Middle", parent=top.id))
    repo.add_comment(_draft(ann.id, "Bottom", parent=middle.id))
    repo.set_comment_status(top.id, CommentStatus.DELETED)
    repo.set_comment_status(middle.id, CommentStatus.HIDDEN, "spam")
    assert [c.body for c in repo.target_comments(ARTICLE, 1, None)] == ["Top", "Middle", "Bottom"]


def test_editing_keeps_the_comment_and_stamps_the_edit(repo):
    ann = _account(repo, "ann")
    made = repo.add_comment(_draft(ann.id, "Frist"))
    later = T0 + timedelta(minutes=2)
    edited = repo.edit_comment(made.id, "First", "<p>First</p>", CommentStatus.VISIBLE, "", later)
    assert (edited.body, edited.html, edited.edited_at) == ("First", "<p>First</p>", later)
    assert edited.created_at == T0
    with pytest.raises(NotFound):
        repo.set_comment_status(99_999, CommentStatus.HIDDEN)


def test_counts_are_of_visible_comments_per_target(repo):
    ann = _account(repo, "ann")
    for target_id in (1, 1, 2):
        repo.add_comment(_draft(ann.id, target_id=target_id))
    repo.add_comment(_draft(ann.id, status=CommentStatus.HELD, target_id=2))
    repo.add_comment(_draft(ann.id, target=CommentTarget.STORY, target_id=1))
    assert repo.comment_counts(ARTICLE, [1, 2, 3]) == {1: 2, 2: 1}
    assert repo.comment_counts(CommentTarget.STORY, [1]) == {1: 1}
    assert repo.comment_counts(ARTICLE, []) == {}


def test_recent_comments_by_an_account_and_from_an_address(repo):
    ann, bob = _account(repo, "ann"), _account(repo, "bob")
    old = repo.add_comment(_draft(ann.id, "Old", at=T0 - timedelta(hours=2)))
    new = repo.add_comment(_draft(ann.id, "New", status=CommentStatus.HELD))
    repo.add_comment(_draft(bob.id, "Bob's", ip="ip-b"))
    assert [c.id for c in repo.recent_comments_by(ann.id, T0 - timedelta(hours=1))] == [new.id]
    assert repo.count_comments_from("ip-a", T0 - timedelta(hours=3)) == 2
    assert repo.count_comments_from("ip-a", T0 - timedelta(hours=1)) == 1
    page = repo.account_comments(ann.id, 1, 1)
    assert (page.total, [c.id for c in page.items]) == (2, [new.id])
    assert [c.id for c in repo.account_comments(ann.id, 2, 1).items] == [old.id]


def test_the_posting_limit_is_checked_when_storing(repo):
    ann, bob = _account(repo, "ann"), _account(repo, "bob")
    limit = PostingLimit(per_account=2, per_address=3, since=T0 - timedelta(minutes=10))
    at = T0 - timedelta(minutes=4)
    repo.add_comment(_draft(ann.id, "one", at=at), limit)
    repo.add_comment(_draft(ann.id, "two", at=at + timedelta(minutes=1)), limit)
    with pytest.raises(RateLimited) as refused:
        repo.add_comment(_draft(ann.id, "three", at=T0), limit)
    assert "at most 2 in 10 minutes" in str(refused.value)
    assert refused.value.retry_after == 6 * 60  # when the oldest leaves the window
    repo.add_comment(_draft(bob.id, "bob one", at=T0), limit)
    with pytest.raises(RateLimited, match="network address"):
        repo.add_comment(_draft(bob.id, "bob two", at=T0), limit)
    assert len(repo.recent_comments_by(ann.id, limit.since)) == 2
