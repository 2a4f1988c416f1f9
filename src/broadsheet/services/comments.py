"""Comments on articles and stories: posting, replying, editing, deleting, and the threads a
page shows.

Who may do what is decided here, not in the web layer: only an account's owner edits or
deletes its comments (an edit only within `comment_edit_minutes`), banned accounts can't post,
and posting is limited per account and per address (`comment_limit`, `comment_ip_limit` in ten
minutes). Deleting keeps the comment in storage with the status DELETED.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from broadsheet.community import Account, Comment, CommentDraft, CommentStatus, CommentTarget
from broadsheet.config import Settings
from broadsheet.errors import Forbidden, NotFound, RateLimited, Refused
from broadsheet.fetch import Fetcher
from broadsheet.services.comment_checks import (
    REPEAT_WINDOW,
    Posting,
    classifier_flags,
    hold_reasons,
)
from broadsheet.services.comment_markup import RenderedComment, render_comment
from broadsheet.services.comment_threads import CommentSection, comment_section
from broadsheet.services.stories import survivor
from broadsheet.storage import Repository
from broadsheet.storage.comment_store import PostingLimit

__all__ = [
    "LIMIT_WINDOW",
    "MAX_DEPTH",
    "CommentSection",
    "Desk",
    "comment_counts",
    "comment_section",
    "delete_comment",
    "edit_comment",
    "find_comment",
    "post_comment",
    "public_comments",
]

log = logging.getLogger(__name__)

LIMIT_WINDOW = timedelta(minutes=10)  # comment_limit and comment_ip_limit count over this
MAX_DEPTH = 8  # a reply deeper than this joins its parent's thread one level up


@dataclass(frozen=True, slots=True)
class Desk:
    """What posting and editing need besides the comment: storage, the settings (limits, the
    edit window, the classifier's URL) and the fetcher that reaches the classifier."""

    repo: Repository
    settings: Settings
    fetcher: Fetcher | None = None


def post_comment(
    desk: Desk,
    author: Account,
    ip_hash: str,
    target: CommentTarget,
    target_id: int,
    text: str,
    parent_id: int | None = None,
    now: datetime | None = None,
) -> Comment:
    """Store a comment (or a reply to `parent_id`) on an article or story; it is HELD when an
    automatic check objects, and the hold is written to the moderation log. Raises NotFound
    for a missing target or parent, Forbidden for a banned account, Refused for text the
    markup refuses, RateLimited past a limit."""
    now = now or datetime.now(UTC)
    _may_post(author)
    target_id = _existing_target(desk.repo, target, target_id)
    parent_id = _parent_within_depth(desk.repo, author, parent_id)
    limit = _limit(desk.settings, now)
    recent = desk.repo.recent_comments_by(author.id, now - max(REPEAT_WINDOW, LIMIT_WINDOW))
    _check_limit_early(limit, author, recent, now)
    rendered = render_comment(text)
    reason = _hold_reason(desk, author, rendered, recent, now)
    status = CommentStatus.HELD if reason else CommentStatus.VISIBLE
    draft = CommentDraft(
        author.id, target, target_id, parent_id, rendered.body, rendered.html, status, reason,
        ip_hash, now,
    )  # fmt: skip
    comment = _store(desk.repo, draft, limit)
    if reason:
        _log_hold(desk.repo, comment, now)
    log.info(
        "comment posted comment_id=%s account_id=%s %s_id=%s status=%s",
        comment.id, author.id, target.value, target_id, status.value,
    )  # fmt: skip
    return comment


def edit_comment(
    desk: Desk, author: Account, comment_id: int, text: str, now: datetime | None = None
) -> Comment:
    """Change the text of one's own comment within the edit window. The checks run again: a
    visible comment they object to becomes HELD; a held one stays held for a moderator."""
    now = now or datetime.now(UTC)
    _may_post(author)
    comment = own_comment(desk.repo, author, comment_id, "edit")
    if comment.status not in (CommentStatus.VISIBLE, CommentStatus.HELD):
        raise Refused("This comment was removed; it can't be edited.")
    if not editable(comment, desk.settings, now):
        minutes = desk.settings.comment_edit_minutes
        raise Refused(f"A comment can be edited for {minutes} minutes after posting only.")
    rendered = render_comment(text)
    recent = desk.repo.recent_comments_by(author.id, now - REPEAT_WINDOW)
    others = [c for c in recent if c.id != comment.id]
    reason = _hold_reason(desk, author, rendered, others, now)
    if comment.status is CommentStatus.HELD:
        status, reason = CommentStatus.HELD, reason or comment.hold_reason
    else:
        status = CommentStatus.HELD if reason else CommentStatus.VISIBLE
    edited = desk.repo.edit_comment(comment.id, rendered.body, rendered.html, status, reason, now)
    if status is CommentStatus.HELD and comment.status is CommentStatus.VISIBLE:
        _log_hold(desk.repo, edited, now)
    return edited


def delete_comment(repo: Repository, author: Account, comment_id: int) -> Comment:
    """Mark one's own comment DELETED: it leaves the page (a gap if it has replies) and stays
    in storage."""
    comment = own_comment(repo, author, comment_id, "delete")
    if comment.status is CommentStatus.DELETED:
        return comment
    if comment.status is CommentStatus.HIDDEN:
        raise Refused("A moderator removed this comment already.")
    return repo.set_comment_status(comment.id, CommentStatus.DELETED, comment.hold_reason)


def find_comment(repo: Repository, comment_id: int) -> Comment:
    """A comment by id, whatever its status (for redirecting back to it); NotFound if none."""
    return repo.get_comment(comment_id)


def own_comment(repo: Repository, author: Account, comment_id: int, verb: str) -> Comment:
    """The comment if `author` wrote it; Forbidden (and logged) when someone else did."""
    comment = repo.get_comment(comment_id)
    if comment.account_id != author.id:
        log.warning(
            "refused to %s another account's comment comment_id=%s account_id=%s",
            verb, comment_id, author.id,
        )  # fmt: skip
        raise Forbidden(f"You can only {verb} your own comments.")
    return comment


def editable(comment: Comment, settings: Settings, now: datetime) -> bool:
    return now - comment.created_at < timedelta(minutes=settings.comment_edit_minutes)


def public_comments(
    repo: Repository, settings: Settings, target: CommentTarget, target_id: int, page: int = 1
) -> CommentSection:
    """What anyone (not signed in) sees of a target's comments, a page of threads at a time;
    NotFound for no such target. A merged story's comments are its survivor's."""
    existing = _existing_target(repo, target, target_id)
    return comment_section(repo, settings, target, existing, None, page=page)


def comment_counts(
    repo: Repository, target: CommentTarget, target_ids: Sequence[int]
) -> dict[int, int]:
    """Visible comments per target id, for lists (ids without comments are left out)."""
    return repo.comment_counts(target, target_ids)


def _may_post(author: Account) -> None:
    if author.banned_at is not None:
        raise Forbidden("This account is banned from commenting.")


def _existing_target(repo: Repository, target: CommentTarget, target_id: int) -> int:
    """The id to comment on: the article's, or the story's (a merged story's survivor)."""
    if target is CommentTarget.ARTICLE:
        return repo.get_article(target_id).id
    return survivor(repo, target_id).id


def _parent_within_depth(repo: Repository, author: Account, parent_id: int | None) -> int | None:
    """The comment to reply to: one the author can see (visible, or their own held one).
    Replies nest at most MAX_DEPTH deep: one to a comment that deep answers its parent."""
    if parent_id is None:
        return None
    try:
        parent = repo.get_comment(parent_id)
    except NotFound:
        raise NotFound("The comment you replied to does not exist.") from None
    own_held = parent.status is CommentStatus.HELD and parent.account_id == author.id
    if parent.status is not CommentStatus.VISIBLE and not own_held:
        raise Refused("The comment you replied to was removed or awaits moderation.")
    return parent.parent_id if parent.depth >= MAX_DEPTH else parent.id


def _limit(settings: Settings, now: datetime) -> PostingLimit:
    return PostingLimit(
        per_account=max(1, settings.comment_limit),
        per_address=max(1, settings.comment_ip_limit),
        since=now - LIMIT_WINDOW,
    )


def _check_limit_early(
    limit: PostingLimit, author: Account, recent: Sequence[Comment], now: datetime
) -> None:
    """Refuse an account over its limit before the checks (and the classifier) run. Storage
    checks both limits again when storing, in the same transaction as the insert."""
    mine = [c.created_at for c in recent if c.created_at > limit.since]
    if len(mine) >= limit.per_account:
        log.warning("comment refused: rate limit account_id=%s", author.id)
        raise limit.refusal("your account", limit.per_account, min(mine), now)


def _store(repo: Repository, draft: CommentDraft, limit: PostingLimit) -> Comment:
    try:
        return repo.add_comment(draft, limit)
    except RateLimited as refused:
        log.warning("comment refused: account_id=%s %s", draft.account_id, refused)
        raise


def _hold_reason(
    desk: Desk,
    author: Account,
    rendered: RenderedComment,
    recent: Sequence[Comment],
    now: datetime,
) -> str:
    words = desk.repo.blocked_words()
    reasons = hold_reasons(Posting(rendered, author, recent, words, now))
    url = desk.settings.moderation_classifier_url
    if reasons or not url or desk.fetcher is None:
        return "; ".join(reasons)
    flagged = classifier_flags(desk.fetcher, url, rendered.body)
    return "flagged by the abuse classifier" if flagged else ""


def _log_hold(repo: Repository, comment: Comment, now: datetime) -> None:
    repo.log_moderation(
        None, "hold", now, comment_id=comment.id, account_id=comment.account_id,
        reason=comment.hold_reason,
    )  # fmt: skip
    log.info("comment held comment_id=%s reason=%s", comment.id, comment.hold_reason)
