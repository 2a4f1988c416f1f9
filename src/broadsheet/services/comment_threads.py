"""The comments block of an article or story page, as one viewer sees it: threads of replies,
what each comment shows and which controls it offers them.

A comment another reader may not see (hidden, deleted, or someone else's held comment) appears
only when a reply they see hangs from it, and then as a gap: no author, no words, so neither
the page nor its JSON form reveals what was removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from broadsheet.community import Account, Comment, CommentStatus, CommentTarget
from broadsheet.config import Settings
from broadsheet.storage import Repository

__all__ = ["SHOWN_LEVELS", "CommentSection", "CommentView", "comment_section", "threads"]

SHOWN_LEVELS = 2  # a comment and its replies; replies to replies are folded away
THREADS_PER_PAGE = 50  # a busy article's comments come a page of threads at a time

VISIBLE, HELD, REMOVED = "visible", "held", "removed"


@dataclass(frozen=True, slots=True)
class CommentView:
    """One comment as shown. `state` is "visible", "held" (only its author sees it, awaiting
    moderation) or "removed" (a gap kept for its replies: `author` and `html` are empty).
    `html` is the sanitiser's output, the one thing a template may print unescaped."""

    id: int
    parent_id: int | None
    depth: int
    author: str
    html: str
    state: str
    created_at: datetime
    edited_at: datetime | None
    mine: bool
    can_reply: bool
    can_edit: bool
    can_delete: bool
    can_report: bool
    replies: tuple[CommentView, ...]

    @property
    def descendants(self) -> int:
        """Replies at every level below this comment."""
        return sum(1 + r.descendants for r in self.replies)


@dataclass(frozen=True, slots=True)
class CommentSection:
    """`count` is how many comments the viewer sees (gaps not counted); `threads` the top-level
    comments with their replies, oldest first."""

    target: CommentTarget
    target_id: int
    count: int
    threads: tuple[CommentView, ...]
    signed_in: bool
    shown_levels: int = SHOWN_LEVELS
    page: int = 1  # 1: the newest threads; page n + 1 holds the threads before page n's
    pages: int = 1


def comment_section(
    repo: Repository,
    settings: Settings,
    target: CommentTarget,
    target_id: int,
    viewer: Account | None,
    now: datetime | None = None,
    page: int = 1,
) -> CommentSection:
    """Page `page` of a target's threads as `viewer` sees them. `count` is every visible
    comment on the target plus the viewer's own held ones on this page."""
    now = now or datetime.now(UTC)
    total = repo.thread_count(target, target_id)
    if total == 0:  # most pages: one query, not three
        return CommentSection(target, target_id, 0, (), viewer is not None)
    pages = -(-total // THREADS_PER_PAGE)
    page = min(max(1, page), pages)
    skip = (page - 1) * THREADS_PER_PAGE
    viewer_id = viewer.id if viewer else None
    shown = repo.target_comments(target, target_id, viewer_id, THREADS_PER_PAGE, skip)
    edit_window = timedelta(minutes=settings.comment_edit_minutes)
    roots = threads(shown, viewer, now - edit_window)
    visible = repo.comment_counts(target, [target_id]).get(target_id, 0)
    count = visible + sum(1 for c in shown if _state(c, viewer) == HELD)
    return CommentSection(target, target_id, count, roots, viewer is not None, page=page,
                          pages=pages)  # fmt: skip


def threads(
    shown: list[Comment], viewer: Account | None, editable_since: datetime
) -> tuple[CommentView, ...]:
    """The comments (oldest first) as trees; a comment whose parent isn't among them is a root."""
    ids = {c.id for c in shown}
    children: dict[int | None, list[Comment]] = {}
    for c in shown:
        parent = c.parent_id if c.parent_id in ids else None
        children.setdefault(parent, []).append(c)

    def build(c: Comment) -> CommentView:
        replies = tuple(build(r) for r in children.get(c.id, ()))
        return _view(c, viewer, editable_since, replies)

    return tuple(build(c) for c in children.get(None, ()))


def _view(
    c: Comment,
    viewer: Account | None,
    editable_since: datetime,
    replies: tuple[CommentView, ...],
) -> CommentView:
    state = _state(c, viewer)
    mine = viewer is not None and c.account_id == viewer.id
    present = state != REMOVED
    return CommentView(
        id=c.id,
        parent_id=c.parent_id,
        depth=c.depth,
        author=c.author if present else "",
        html=c.html if present else "",
        state=state,
        created_at=c.created_at,
        edited_at=c.edited_at if present else None,
        mine=mine,
        can_reply=viewer is not None and state == VISIBLE,
        can_edit=mine and present and c.created_at > editable_since,
        can_delete=mine and present,
        can_report=viewer is not None and not mine and state == VISIBLE,
        replies=replies,
    )


def _state(c: Comment, viewer: Account | None) -> str:
    if c.status is CommentStatus.VISIBLE:
        return VISIBLE
    if c.status is CommentStatus.HELD and viewer is not None and c.account_id == viewer.id:
        return HELD
    return REMOVED
