"""Moderation queries shared by every SQL backend: reports, the queue, the audit log and the
blocked-word list. Moderation changes statuses and writes the log; it never deletes a comment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, exists, func, insert, or_, select, update

from broadsheet.community import Comment, CommentReport, CommentStatus, ModerationAction
from broadsheet.errors import NotFound, Refused
from broadsheet.model import Page
from broadsheet.storage.schema_readers import (
    blocked_words,
    comment_reports,
    comments,
    moderation_log,
)
from broadsheet.storage.sql_comments import comment_select, to_comment

__all__ = ["ModerationQueries"]

_r = comment_reports.c
_log = moderation_log.c


class ModerationQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    def add_report(
        self, comment_id: int, reporter_id: int, reason: str, at: datetime
    ) -> CommentReport:
        def run(conn: Connection) -> CommentReport:
            found = select(comments.c.id).where(comments.c.id == comment_id)
            if conn.execute(found).first() is None:
                raise NotFound(f"no comment with id {comment_id}")
            mine = select(_r.id).where(_r.comment_id == comment_id, _r.reporter_id == reporter_id)
            if conn.execute(mine).first() is not None:
                raise Refused("You have already reported this comment; a moderator will see it.")
            values = {"comment_id": comment_id, "reporter_id": reporter_id, "reason": reason[:500]}
            made = insert(comment_reports).values(created_at=at, **values)
            return _to_report(conn.execute(made.returning(*comment_reports.c)).one())

        return self._write(run)

    def open_reports(self, comment_id: int) -> list[CommentReport]:
        query = (
            select(comment_reports)
            .where(_r.comment_id == comment_id, _r.resolved_at.is_(None))
            .order_by(_r.id)
        )
        return [_to_report(r) for r in self._read(lambda c: c.execute(query).all())]

    def resolve_reports(self, comment_id: int, at: datetime) -> int:
        """Close a comment's open reports; how many there were."""
        done = (
            update(comment_reports)
            .where(_r.comment_id == comment_id, _r.resolved_at.is_(None))
            .values(resolved_at=at)
        )
        return int(self._write(lambda c: c.execute(done).rowcount))

    def moderation_queue(self, page: int, per_page: int) -> Page[Comment]:
        page = max(1, page)
        reported = exists().where(_r.comment_id == comments.c.id, _r.resolved_at.is_(None))
        waiting = or_(
            comments.c.status == CommentStatus.HELD.value,
            reported & (comments.c.status != CommentStatus.DELETED.value),
        )
        rows_query = (
            comment_select()
            .where(waiting)
            .order_by(_report_count_desc(), comments.c.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        count = select(func.count()).select_from(comments).where(waiting)

        def run(conn: Connection) -> Page[Comment]:
            total = conn.execute(count).scalar_one()
            items = tuple(to_comment(r) for r in conn.execute(rows_query).all())
            return Page(items, page, per_page, total)

        return self._read(run)

    def log_moderation(
        self,
        actor_id: int | None,
        action: str,
        at: datetime,
        *,
        comment_id: int | None = None,
        account_id: int | None = None,
        reason: str = "",
    ) -> ModerationAction:
        values = {
            "actor_id": actor_id, "action": action[:32], "comment_id": comment_id,
            "account_id": account_id, "reason": reason[:500], "at": at,
        }  # fmt: skip
        made = insert(moderation_log).values(values).returning(*moderation_log.c)
        return _to_action(self._write(lambda c: c.execute(made).one()))

    def moderation_log(self, page: int, per_page: int) -> Page[ModerationAction]:
        """The audit log, newest first."""
        page = max(1, page)
        rows_query = (
            select(moderation_log)
            .order_by(_log.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        count = select(func.count()).select_from(moderation_log)

        def run(conn: Connection) -> Page[ModerationAction]:
            total = conn.execute(count).scalar_one()
            items = tuple(_to_action(r) for r in conn.execute(rows_query).all())
            return Page(items, page, per_page, total)

        return self._read(run)

    def hide_account_comments(self, account_id: int, reason: str) -> list[int]:
        """Hide every visible or held comment of an account; the ids hidden, oldest first."""
        showing = (CommentStatus.VISIBLE.value, CommentStatus.HELD.value)
        where = (comments.c.account_id == account_id) & comments.c.status.in_(showing)

        def run(conn: Connection) -> list[int]:
            ids = [r.id for r in conn.execute(select(comments.c.id).where(where)).all()]
            hidden = {"status": CommentStatus.HIDDEN.value, "hold_reason": reason[:200]}
            if ids:
                conn.execute(update(comments).where(comments.c.id.in_(ids)).values(hidden))
            return sorted(ids)

        return self._write(run)

    def blocked_words(self) -> list[str]:
        query = select(blocked_words.c.word).order_by(blocked_words.c.word)
        return [r.word for r in self._read(lambda c: c.execute(query).all())]

    def add_blocked_word(self, word: str, added_by: int | None, at: datetime) -> None:
        """Add a word (kept as given: the caller normalises it); one already listed is kept."""

        def run(conn: Connection) -> None:
            held = select(blocked_words.c.word).where(blocked_words.c.word == word)
            if conn.execute(held).first() is None:
                values = {"word": word, "added_by": added_by, "added_at": at}
                conn.execute(insert(blocked_words).values(values))

        self._write(run)

    def remove_blocked_word(self, word: str) -> None:
        """Remove a word; one not listed is a no-op."""
        gone = delete(blocked_words).where(blocked_words.c.word == word)
        self._write(lambda c: c.execute(gone))


def _report_count_desc() -> Any:
    return (
        select(func.count())
        .select_from(comment_reports)
        .where(_r.comment_id == comments.c.id, _r.resolved_at.is_(None))
        .correlate(comments)
        .scalar_subquery()
        .desc()
    )


def _to_report(row: Any) -> CommentReport:
    m = row._mapping
    return CommentReport(
        id=m["id"],
        comment_id=m["comment_id"],
        reporter_id=m["reporter_id"],
        reason=m["reason"],
        created_at=m["created_at"],
        resolved_at=m["resolved_at"],
    )


def _to_action(row: Any) -> ModerationAction:
    m = row._mapping
    return ModerationAction(
        id=m["id"],
        actor_id=m["actor_id"],
        action=m["action"],
        comment_id=m["comment_id"],
        account_id=m["account_id"],
        reason=m["reason"],
        at=m["at"],
    )
