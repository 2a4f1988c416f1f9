"""Comment queries shared by every SQL backend. Nothing here removes a comment: deleting and
hiding are statuses, so the words stay in storage for moderators and the audit log."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, func, insert, select, update

from broadsheet.community import Comment, CommentDraft, CommentStatus, CommentTarget
from broadsheet.errors import NotFound
from broadsheet.model import Page
from broadsheet.storage.comment_store import PostingLimit
from broadsheet.storage.schema_readers import accounts, comment_reports, comments

__all__ = ["CommentQueries", "comment_select", "to_comment"]

_c = comments.c


class CommentQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    def add_comment(self, draft: CommentDraft, limit: PostingLimit | None = None) -> Comment:
        def run(conn: Connection) -> Comment:
            depth = _reply_depth(conn, draft)
            if limit is not None:
                _check_limit(conn, draft, limit)
            values = {
                "account_id": draft.account_id, "target": draft.target.value,
                "target_id": draft.target_id, "parent_id": draft.parent_id, "depth": depth,
                "body": draft.body, "html": draft.html, "status": draft.status.value,
                "hold_reason": draft.hold_reason[:200], "ip_hash": draft.ip_hash,
                "created_at": draft.created_at,
            }  # fmt: skip
            new_id = conn.execute(insert(comments).values(values).returning(_c.id)).scalar_one()
            return _one(conn, new_id)

        return self._write(run)

    def get_comment(self, comment_id: int) -> Comment:
        return self._read(lambda c: _one(c, comment_id))

    def edit_comment(
        self,
        comment_id: int,
        body: str,
        html: str,
        status: CommentStatus,
        hold_reason: str,
        at: datetime,
    ) -> Comment:
        changes = {
            "body": body, "html": html, "status": status.value,
            "hold_reason": hold_reason[:200], "edited_at": at,
        }  # fmt: skip
        return self._write(lambda c: _change(c, comment_id, changes))

    def set_comment_status(
        self, comment_id: int, status: CommentStatus, hold_reason: str = ""
    ) -> Comment:
        changes = {"status": status.value, "hold_reason": hold_reason[:200]}
        return self._write(lambda c: _change(c, comment_id, changes))

    def target_comments(
        self,
        target: CommentTarget,
        target_id: int,
        viewer_id: int | None,
        threads: int | None = None,
        skip_threads: int = 0,
    ) -> list[Comment]:
        on_target = (_c.target == target.value, _c.target_id == target_id)
        query = comment_select().where(*on_target).order_by(_c.id)
        if threads is not None:
            query = query.where(_c.id.in_(_threads(on_target, threads, skip_threads)))
        every = [to_comment(r) for r in self._read(lambda c: c.execute(query).all())]
        return _shown_to(every, viewer_id)

    def thread_count(self, target: CommentTarget, target_id: int) -> int:
        query = select(func.count()).where(
            _c.target == target.value, _c.target_id == target_id, _c.parent_id.is_(None)
        )
        return int(self._read(lambda c: c.execute(query).scalar_one()))

    def comment_counts(self, target: CommentTarget, target_ids: Sequence[int]) -> dict[int, int]:
        """Visible comments per target id; ids without any are left out."""
        if not target_ids:
            return {}
        query = (
            select(_c.target_id, func.count())
            .where(_c.target == target.value, _c.target_id.in_(list(target_ids)))
            .where(_c.status == CommentStatus.VISIBLE.value)
            .group_by(_c.target_id)
        )
        rows = self._read(lambda c: c.execute(query).all())
        return {int(target_id): int(n) for target_id, n in rows}

    def recent_comments_by(self, account_id: int, since: datetime) -> list[Comment]:
        """Everything an account posted after `since`, whatever became of it, newest first."""
        query = (
            comment_select()
            .where(_c.account_id == account_id, _c.created_at > since)
            .order_by(_c.id.desc())
        )
        return [to_comment(r) for r in self._read(lambda c: c.execute(query).all())]

    def count_comments_from(self, ip_hash: str, since: datetime) -> int:
        query = (
            select(func.count())
            .select_from(comments)
            .where(_c.ip_hash == ip_hash, _c.created_at > since)
        )
        return int(self._read(lambda c: c.execute(query).scalar_one()))

    def account_comments(self, account_id: int, page: int, per_page: int) -> Page[Comment]:
        """An account's comments, newest first, whatever their status."""
        page = max(1, page)
        rows_query = (
            comment_select()
            .where(_c.account_id == account_id)
            .order_by(_c.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        count = select(func.count()).select_from(comments).where(_c.account_id == account_id)

        def run(conn: Connection) -> Page[Comment]:
            total = conn.execute(count).scalar_one()
            items = tuple(to_comment(r) for r in conn.execute(rows_query).all())
            return Page(items, page, per_page, total)

        return self._read(run)


def _reply_depth(conn: Connection, draft: CommentDraft) -> int:
    if draft.parent_id is None:
        return 0
    parent = conn.execute(
        select(_c.target, _c.target_id, _c.depth).where(_c.id == draft.parent_id)
    ).first()
    if parent is None or (parent.target, parent.target_id) != (draft.target.value, draft.target_id):
        raise NotFound(f"no comment {draft.parent_id} to reply to on this {draft.target.value}")
    return int(parent.depth) + 1


def _check_limit(conn: Connection, draft: CommentDraft, limit: PostingLimit) -> None:
    """Count inside the writing transaction. On PostgreSQL the account's row is locked first,
    so two posts by one account are counted one after the other (SQLite has one writer)."""
    conn.execute(select(accounts.c.id).where(accounts.c.id == draft.account_id).with_for_update())
    checks = (
        (_c.account_id == draft.account_id, limit.per_account, "your account"),
        (_c.ip_hash == draft.ip_hash, limit.per_address, "your network address"),
    )
    for where, most, whose in checks:
        n, oldest = conn.execute(
            select(func.count(), func.min(_c.created_at)).where(where, _c.created_at > limit.since)
        ).one()
        if n >= most:
            raise limit.refusal(whose, most, oldest, draft.created_at)


def _change(conn: Connection, comment_id: int, changes: dict[str, Any]) -> Comment:
    done = conn.execute(update(comments).where(_c.id == comment_id).values(changes)).rowcount
    if not done:
        raise NotFound(f"no comment with id {comment_id}")
    return _one(conn, comment_id)


def _one(conn: Connection, comment_id: int) -> Comment:
    row = conn.execute(comment_select().where(_c.id == comment_id)).first()
    if row is None:
        raise NotFound(f"no comment with id {comment_id}")
    return to_comment(row)


def _threads(on_target: tuple[Any, ...], threads: int, skip: int) -> Select[Any]:
    """The ids in the newest `threads` threads after `skip`: their top-level comments, then
    every reply below them (a recursive query over parent_id, indexed)."""
    roots = (
        select(_c.id.label("id"))
        .where(*on_target, _c.parent_id.is_(None))
        .order_by(_c.id.desc())
        .limit(threads)
        .offset(skip)
        .subquery("roots")
    )
    tree = select(roots.c.id).cte("tree", recursive=True)
    tree = tree.union_all(select(_c.id).join(tree, _c.parent_id == tree.c.id))
    return select(tree.c.id)


def _shown_to(every: list[Comment], viewer_id: int | None) -> list[Comment]:
    """What a viewer sees of a target's comments (oldest first): the visible ones, their own
    held ones, and any other that has a reply they see (the page shows it as a gap, so the
    thread keeps its shape). A reply always has a larger id than what it answers, so walking
    newest first settles every reply before its parent."""
    replies: dict[int, list[int]] = {}
    for c in every:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c.id)
    shown: set[int] = set()
    for c in reversed(every):
        own_held = c.status is CommentStatus.HELD and c.account_id == viewer_id
        a_gap = any(r in shown for r in replies.get(c.id, ()))
        if c.status is CommentStatus.VISIBLE or own_held or a_gap:
            shown.add(c.id)
    return [c for c in every if c.id in shown]


_open_reports = (
    select(func.count())
    .select_from(comment_reports)
    .where(comment_reports.c.comment_id == _c.id, comment_reports.c.resolved_at.is_(None))
    .correlate(comments)
    .scalar_subquery()
    .label("report_count")
)


def comment_select() -> Select[Any]:
    """Every comment column, its author's display name and its open report count."""
    author = accounts.c.display_name.label("author")
    return select(comments, author, _open_reports).join(accounts, accounts.c.id == _c.account_id)


def to_comment(row: Any) -> Comment:
    m = row._mapping
    return Comment(
        id=m["id"],
        account_id=m["account_id"],
        author=m["author"],
        target=CommentTarget(m["target"]),
        target_id=m["target_id"],
        parent_id=m["parent_id"],
        depth=m["depth"],
        body=m["body"],
        html=m["html"],
        status=CommentStatus(m["status"]),
        hold_reason=m["hold_reason"],
        created_at=m["created_at"],
        edited_at=m["edited_at"],
        report_count=int(m["report_count"] or 0),
    )
