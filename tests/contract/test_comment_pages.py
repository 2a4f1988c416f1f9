"""A busy target's comments a page of threads at a time, on every backend: the newest threads
first, each with every reply below it, and nothing from another target."""

from __future__ import annotations

from datetime import timedelta

from broadsheet.community import CommentStatus
from tests.contract.test_comments import ARTICLE, T0, _account, _draft


def _threads(repo, author, count: int, target_id: int = 1) -> list[int]:
    """`count` threads, each a top-level comment with a reply and a reply to that."""
    roots = []
    for n in range(count):
        at = T0 + timedelta(minutes=n)
        top = repo.add_comment(_draft(author, f"Top {n}", target_id=target_id, at=at))
        reply = repo.add_comment(_draft(author, f"Re {n}", parent=top.id, target_id=target_id))
        repo.add_comment(_draft(author, f"Re re {n}", parent=reply.id, target_id=target_id))
        roots.append(top.id)
    return roots


def test_a_page_holds_the_newest_threads_with_all_their_replies(repo):
    ann = _account(repo, "ann")
    roots = _threads(repo, ann.id, 5)
    _threads(repo, ann.id, 2, target_id=2)  # another article's
    assert repo.thread_count(ARTICLE, 1) == 5 and repo.thread_count(ARTICLE, 2) == 2
    first = repo.target_comments(ARTICLE, 1, None, threads=2)
    assert [c.body for c in first] == ["Top 3", "Re 3", "Re re 3", "Top 4", "Re 4", "Re re 4"]
    second = repo.target_comments(ARTICLE, 1, None, threads=2, skip_threads=2)
    assert [c.body for c in second if c.parent_id is None] == ["Top 1", "Top 2"]
    last = repo.target_comments(ARTICLE, 1, None, threads=2, skip_threads=4)
    assert [c.id for c in last if c.parent_id is None] == roots[:1] and len(last) == 3
    assert repo.target_comments(ARTICLE, 1, None, threads=2, skip_threads=6) == []
    everything = repo.target_comments(ARTICLE, 1, None)
    assert len(everything) == 15


def test_a_page_still_shows_a_removed_comment_as_a_gap_for_its_replies(repo):
    ann, bob = _account(repo, "ann"), _account(repo, "bob")
    top = repo.add_comment(_draft(ann.id, "Top"))
    repo.add_comment(_draft(bob.id, "Reply", parent=top.id))
    repo.set_comment_status(top.id, CommentStatus.HIDDEN, "abuse")
    shown = repo.target_comments(ARTICLE, 1, None, threads=10)
    assert [(c.body, c.status) for c in shown] == [
        ("Top", CommentStatus.HIDDEN),
        ("Reply", CommentStatus.VISIBLE),
    ]
