"""Moderation: readers report comments; moderators hide, restore and dismiss, and ban accounts;
admins keep the blocked-word list. Every action is written to the audit log, and nothing is
deleted: hiding is a status, a ban a timestamp, so each can be undone.

The web layer lets only moderators reach these pages; each function checks the role again, so
no other caller (a future API, the CLI) can skip it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from broadsheet.community import (
    Account,
    Comment,
    CommentReport,
    CommentStatus,
    ModerationAction,
    Role,
)
from broadsheet.errors import Forbidden, Refused
from broadsheet.model import Page
from broadsheet.normalize.user_text import single_line
from broadsheet.storage import Repository

__all__ = [
    "AUTO_HOLD_REPORTS",
    "MAX_REASON",
    "MAX_WORD",
    "LogEntry",
    "Person",
    "QueueItem",
    "add_word",
    "ban",
    "blocked_words",
    "dismiss",
    "hide",
    "moderation_log",
    "queue",
    "remove_word",
    "report",
    "restore",
    "unban",
]

log = logging.getLogger(__name__)

AUTO_HOLD_REPORTS = 3  # open reports that hold a comment until a moderator looks
MAX_REASON = 500
MAX_WORD = 100


@dataclass(frozen=True, slots=True)
class Person:
    """An account as moderation pages show it: no email address."""

    id: int
    name: str
    role: Role
    banned: bool

    @classmethod
    def of(cls, account: Account) -> Person:
        banned = account.banned_at is not None
        return cls(account.id, account.display_name, account.role, banned)


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A comment waiting for a moderator, with its open reports and its author."""

    comment: Comment
    reports: tuple[CommentReport, ...]
    author: Person | None


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One audit-log line with who acted (None: the automatic checks) and whom it concerns."""

    action: ModerationAction
    actor: Person | None
    account: Person | None


def report(
    repo: Repository, reader: Account, comment_id: int, reason: str, now: datetime | None = None
) -> CommentReport:
    """A reader flags someone else's comment, once; at AUTO_HOLD_REPORTS open reports a
    visible comment is held for a moderator."""
    now = now or datetime.now(UTC)
    if reader.banned_at is not None:
        raise Forbidden("This account is banned.")
    comment = repo.get_comment(comment_id)
    if comment.account_id == reader.id:
        raise Refused("You can't report your own comment; you can edit or delete it.")
    if comment.status is not CommentStatus.VISIBLE:
        raise Refused("This comment is not shown to readers, so there is nothing to report.")
    made = repo.add_report(comment.id, reader.id, _reason(reason), now)
    repo.log_moderation(reader.id, "report", now, comment_id=comment.id, reason=made.reason)
    if len(repo.open_reports(comment.id)) >= AUTO_HOLD_REPORTS:
        why = f"reported by {AUTO_HOLD_REPORTS} readers"
        repo.set_comment_status(comment.id, CommentStatus.HELD, why)
        repo.log_moderation(None, "hold", now, comment_id=comment.id, reason=why)
    return made


def queue(repo: Repository, moderator: Account, page: int, per_page: int) -> Page[QueueItem]:
    """Held comments and reported ones, most reported first."""
    _moderating(moderator)
    waiting = repo.moderation_queue(page, per_page)
    authors = _people(repo, [c.account_id for c in waiting.items])
    items = tuple(
        QueueItem(c, tuple(repo.open_reports(c.id)), authors.get(c.account_id))
        for c in waiting.items
    )
    return Page(items, waiting.page, waiting.per_page, waiting.total)


def hide(
    repo: Repository, moderator: Account, comment_id: int, reason: str, now: datetime | None = None
) -> Comment:
    """Hide a comment from readers (it stays stored); its open reports are closed."""
    return _judge(repo, moderator, comment_id, CommentStatus.HIDDEN, "hide", reason, now)


def restore(
    repo: Repository, moderator: Account, comment_id: int, reason: str, now: datetime | None = None
) -> Comment:
    """Show a held or hidden comment again; its open reports are closed."""
    return _judge(repo, moderator, comment_id, CommentStatus.VISIBLE, "restore", reason, now)


def dismiss(
    repo: Repository, moderator: Account, comment_id: int, reason: str, now: datetime | None = None
) -> int:
    """Close a comment's open reports and leave it as it is; how many were closed."""
    now = now or datetime.now(UTC)
    _moderating(moderator)
    comment = repo.get_comment(comment_id)
    closed = repo.resolve_reports(comment.id, now)
    _log(repo, moderator, "dismiss", now, comment_id=comment.id, reason=_reason(reason))
    return closed


def ban(
    repo: Repository, moderator: Account, account_id: int, reason: str, now: datetime | None = None
) -> Account:
    """Ban an account: it can no longer sign in or post, its comments are hidden (each hide
    logged) and its sessions end. A moderator bans readers; an admin, moderators too."""
    now = now or datetime.now(UTC)
    target = _bannable(repo, moderator, account_id)
    why = _reason(reason) or "account banned"
    banned = repo.update_account(target.id, banned_at=now)
    ended = repo.end_sessions(target.id)
    _log(repo, moderator, "ban", now, account_id=target.id, reason=why)
    for comment_id in repo.hide_account_comments(target.id, f"account banned: {why}"[:200]):
        repo.resolve_reports(comment_id, now)
        _log(repo, moderator, "hide", now, comment_id=comment_id, account_id=target.id, reason=why)
    log.info("account banned account_id=%s sessions_ended=%s", target.id, ended)
    return banned


def unban(
    repo: Repository, moderator: Account, account_id: int, reason: str, now: datetime | None = None
) -> Account:
    """Lift a ban. The comments the ban hid stay hidden; a moderator restores those one by one."""
    now = now or datetime.now(UTC)
    target = _bannable(repo, moderator, account_id)
    lifted = repo.update_account(target.id, banned_at=None)
    _log(repo, moderator, "unban", now, account_id=target.id, reason=_reason(reason))
    return lifted


def moderation_log(
    repo: Repository, moderator: Account, page: int, per_page: int
) -> Page[LogEntry]:
    _moderating(moderator)
    actions = repo.moderation_log(page, per_page)
    people = _people(repo, [i for a in actions.items for i in (a.actor_id, a.account_id) if i])
    items = tuple(
        LogEntry(a, people.get(a.actor_id or 0), people.get(a.account_id or 0))
        for a in actions.items
    )
    return Page(items, actions.page, actions.per_page, actions.total)


def blocked_words(repo: Repository, admin: Account) -> list[str]:
    _administering(admin)
    return repo.blocked_words()


def add_word(repo: Repository, admin: Account, word: str, now: datetime | None = None) -> str:
    """Add a word or phrase to the blocked list (comments containing it are held); admins only.
    The word is kept trimmed and in lower case."""
    now = now or datetime.now(UTC)
    _administering(admin)
    cleaned = single_line(word).casefold()
    if not cleaned:
        raise Refused("Type the word or phrase to block.")
    if len(cleaned) > MAX_WORD:
        raise Refused(f"A blocked word or phrase can be at most {MAX_WORD} characters long.")
    repo.add_blocked_word(cleaned, admin.id, now)
    _log(repo, admin, "block word", now, reason=cleaned)
    return cleaned


def remove_word(repo: Repository, admin: Account, word: str, now: datetime | None = None) -> None:
    now = now or datetime.now(UTC)
    _administering(admin)
    cleaned = single_line(word).casefold()
    repo.remove_blocked_word(cleaned)
    _log(repo, admin, "unblock word", now, reason=cleaned)


def _judge(
    repo: Repository,
    moderator: Account,
    comment_id: int,
    status: CommentStatus,
    action: str,
    reason: str,
    now: datetime | None,
) -> Comment:
    now = now or datetime.now(UTC)
    _moderating(moderator)
    comment = repo.get_comment(comment_id)
    if comment.status is CommentStatus.DELETED:
        raise Refused("Its author deleted this comment; it stays deleted.")
    why = _reason(reason)
    kept_reason = "" if status is CommentStatus.VISIBLE else why
    judged = repo.set_comment_status(comment.id, status, kept_reason)
    repo.resolve_reports(comment.id, now)
    _log(
        repo, moderator, action, now,
        comment_id=comment.id, account_id=comment.account_id, reason=why,
    )  # fmt: skip
    return judged


def _people(repo: Repository, account_ids: list[int]) -> dict[int, Person]:
    return {i: Person.of(a) for i, a in repo.get_accounts(account_ids).items()}


def _bannable(repo: Repository, moderator: Account, account_id: int) -> Account:
    _moderating(moderator)
    target = repo.get_account(account_id)
    if target.id == moderator.id:
        raise Refused("You can't ban or unban yourself.")
    if target.role is Role.ADMIN:
        raise Forbidden("An admin can't be banned; change their role first.")
    if target.role is Role.MODERATOR and not moderator.is_admin:
        raise Forbidden("Only an admin can ban or unban a moderator.")
    return target


def _moderating(account: Account) -> None:
    if not account.can_moderate or account.banned_at is not None:
        raise Forbidden("Only moderators can do this.")


def _administering(account: Account) -> None:
    if not account.is_admin or account.banned_at is not None:
        raise Forbidden("Only admins can change the blocked-word list.")


def _reason(reason: str) -> str:
    return single_line(reason)[:MAX_REASON]


def _log(
    repo: Repository,
    actor: Account,
    action: str,
    now: datetime,
    *,
    comment_id: int | None = None,
    account_id: int | None = None,
    reason: str = "",
) -> None:
    repo.log_moderation(
        actor.id, action, now, comment_id=comment_id, account_id=account_id, reason=reason
    )
    log.info(
        "moderation action=%s actor_id=%s comment_id=%s account_id=%s",
        action, actor.id, comment_id, account_id,
    )  # fmt: skip
