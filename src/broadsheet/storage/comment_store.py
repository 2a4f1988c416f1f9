"""The storage interface for comments, reports, the moderation log and the blocked-word list.
Implemented once for both SQL backends in sql_comments.py and sql_moderation.py."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from broadsheet.community import (
    Comment,
    CommentDraft,
    CommentReport,
    CommentStatus,
    CommentTarget,
    ModerationAction,
)
from broadsheet.errors import RateLimited
from broadsheet.model import Page


@dataclass(frozen=True, slots=True)
class PostingLimit:
    """At most `per_account` comments by one account, and `per_address` from one address hash,
    posted after `since`. Checked in the transaction that stores the comment, so a burst of
    simultaneous posts can't slip past it."""

    per_account: int
    per_address: int
    since: datetime

    def refusal(self, whose: str, most: int, oldest: datetime, now: datetime) -> RateLimited:
        """The error for `whose` ("your account") having posted `most` since `since`, the
        oldest at `oldest`: it says when posting is possible again (when that one leaves the
        window)."""
        window = now - self.since
        minutes = max(1, round(window.total_seconds() / 60))
        wait = max(1, math.ceil((oldest + window - now).total_seconds()))
        return RateLimited(
            f"Too many comments from {whose}: at most {most} in {minutes} minutes. "
            f"Please wait {_wait_words(wait)} before posting again.",
            retry_after=wait,
        )


def _wait_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class CommentStore(Protocol):
    def add_comment(self, draft: CommentDraft, limit: PostingLimit | None = None) -> Comment:
        """Store a comment (its depth one more than its parent's). Raises NotFound when the
        parent is missing or on another target, RateLimited when `limit` is reached."""
        ...

    def get_comment(self, comment_id: int) -> Comment: ...
    def edit_comment(
        self,
        comment_id: int,
        body: str,
        html: str,
        status: CommentStatus,
        hold_reason: str,
        at: datetime,
    ) -> Comment: ...
    def set_comment_status(
        self, comment_id: int, status: CommentStatus, hold_reason: str = ""
    ) -> Comment: ...
    def target_comments(
        self,
        target: CommentTarget,
        target_id: int,
        viewer_id: int | None,
        threads: int | None = None,
        skip_threads: int = 0,
    ) -> list[Comment]:
        """The comments on a target, oldest first, that a viewer may see: visible ones, the
        viewer's own held ones, and deleted/hidden ones that have replies (shown as a gap).
        With `threads`, only that many threads (a top-level comment and all its replies),
        newest first after skipping `skip_threads`: a busy article's page lists one page."""
        ...

    def thread_count(self, target: CommentTarget, target_id: int) -> int:
        """Top-level comments on a target, whatever their status (for page links)."""
        ...

    def comment_counts(
        self, target: CommentTarget, target_ids: Sequence[int]
    ) -> dict[int, int]: ...
    def recent_comments_by(self, account_id: int, since: datetime) -> list[Comment]: ...
    def count_comments_from(self, ip_hash: str, since: datetime) -> int: ...
    def account_comments(self, account_id: int, page: int, per_page: int) -> Page[Comment]: ...


class ModerationStore(Protocol):
    def add_report(
        self, comment_id: int, reporter_id: int, reason: str, at: datetime
    ) -> CommentReport:
        """Raises Refused when this reader has reported this comment already."""
        ...

    def open_reports(self, comment_id: int) -> list[CommentReport]: ...
    def resolve_reports(self, comment_id: int, at: datetime) -> int: ...
    def moderation_queue(self, page: int, per_page: int) -> Page[Comment]:
        """Held comments and comments with open reports, most reported first."""
        ...

    def log_moderation(
        self,
        actor_id: int | None,
        action: str,
        at: datetime,
        *,
        comment_id: int | None = None,
        account_id: int | None = None,
        reason: str = "",
    ) -> ModerationAction: ...
    def moderation_log(self, page: int, per_page: int) -> Page[ModerationAction]: ...
    def hide_account_comments(self, account_id: int, reason: str) -> list[int]: ...
    def blocked_words(self) -> list[str]: ...
    def add_blocked_word(self, word: str, added_by: int | None, at: datetime) -> None: ...
    def remove_blocked_word(self, word: str) -> None: ...
