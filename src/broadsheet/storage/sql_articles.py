"""Article queries shared by every SQL backend (search is the backend's own)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, update

from broadsheet.errors import NotFound
from broadsheet.model import Article, ArticleDraft, Page
from broadsheet.storage.repository import Copy, SaveResult
from broadsheet.storage.rows import OUTLET, article_select, to_article
from broadsheet.storage.schema import article_copies, articles, copy_keys, entry_failures, sources


class ArticleQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    def seen_entries(
        self, source_id: int, urls: Sequence[str], guids: Sequence[str], max_attempts: int
    ) -> set[str]:
        """The subset of `urls` and `guids` already stored (here or as a copy) or given up on."""

        def run(conn: Connection) -> set[str]:
            seen: set[str] = set()
            for table in (articles, article_copies):
                seen |= _present(conn, table.c.canonical_url, urls)
                seen |= _present(conn, table.c.guid, guids, table.c.source_id == source_id)
            failed = select(entry_failures.c.url).where(
                entry_failures.c.source_id == source_id,
                entry_failures.c.url.in_(list(urls)),
                entry_failures.c.attempts >= max_attempts,
            )
            seen |= set(conn.execute(failed).scalars())
            return seen

        return self._read(run)

    def save_article(self, draft: ArticleDraft) -> SaveResult:
        return self._write(lambda conn: _save(conn, draft))

    def save_articles(self, drafts: Iterable[ArticleDraft]) -> list[SaveResult]:
        batch = list(drafts)
        return self._write(lambda conn: [_save(conn, d) for d in batch])

    def record_entry_failure(self, source_id: int, url: str, reason: str, at: datetime) -> None:
        def run(conn: Connection) -> None:
            where = and_(entry_failures.c.source_id == source_id, entry_failures.c.url == url)
            bumped = conn.execute(
                update(entry_failures)
                .where(where)
                .values(attempts=entry_failures.c.attempts + 1, reason=reason, last_at=at)
            )
            if bumped.rowcount == 0:
                conn.execute(
                    insert(entry_failures).values(
                        source_id=source_id, url=url, reason=reason, attempts=1, last_at=at
                    )
                )

        self._write(run)

    def copy_candidates(self, keys: Sequence[int], limit: int = 8) -> list[tuple[int, str]]:
        """Stored articles sharing the most LSH band keys with a text: (id, text), best first."""
        if not keys:
            return []
        shared = func.count().label("shared")
        hits = (
            select(copy_keys.c.article_id, shared)
            .where(copy_keys.c.key.in_(list(keys)))
            .group_by(copy_keys.c.article_id)
            .order_by(shared.desc(), copy_keys.c.article_id)
            .limit(limit)
            .subquery()
        )
        query = (
            select(articles.c.id, articles.c.text)
            .join(hits, hits.c.article_id == articles.c.id)
            .order_by(hits.c.shared.desc(), articles.c.id)
        )
        return self._read(lambda c: [(r.id, r.text) for r in c.execute(query).all()])

    def get_article(self, article_id: int) -> Article:
        query = article_select().where(articles.c.id == article_id)
        row = self._read(lambda c: c.execute(query).first())
        if row is None:
            raise NotFound(f"no article with id {article_id}")
        return to_article(row)

    def article_copies(self, article_id: int) -> list[Copy]:
        query = (
            select(article_copies, OUTLET)
            .join(sources, sources.c.id == article_copies.c.source_id)
            .where(article_copies.c.article_id == article_id)
            .order_by(article_copies.c.published_at)
        )
        rows = self._read(lambda c: c.execute(query).all())
        return [
            Copy(r.article_id, r.source_id, r.outlet, r.url, r.title, r.published_at) for r in rows
        ]

    def latest_articles(self, page: int, per_page: int) -> Page[Article]:
        return self._page(None, page, per_page)

    def source_articles(self, source_id: int, page: int, per_page: int) -> Page[Article]:
        return self._page(articles.c.source_id == source_id, page, per_page)

    def newest_articles(self, limit: int) -> list[Article]:
        """The `limit` newest articles, without counting them all (a page that shows a few)."""
        query = (
            article_select()
            .order_by(articles.c.published_at.desc(), articles.c.id.desc())
            .limit(limit)
        )
        return self._read(lambda c: [to_article(r) for r in c.execute(query).all()])

    def count_articles(self) -> int:
        return int(
            self._read(lambda c: c.execute(select(func.count()).select_from(articles)).scalar_one())
        )

    def _page(self, where: Any, page: int, per_page: int) -> Page[Article]:
        page = max(1, page)
        query = article_select().order_by(articles.c.published_at.desc(), articles.c.id.desc())
        counting = select(func.count()).select_from(articles)
        if where is not None:
            query, counting = query.where(where), counting.where(where)
        query = query.limit(per_page).offset((page - 1) * per_page)

        def run(conn: Connection) -> Page[Article]:
            total = conn.execute(counting).scalar_one()
            items = tuple(to_article(r) for r in conn.execute(query).all())
            return Page(items=items, page=page, per_page=per_page, total=total)

        return self._read(run)


def _present(conn: Connection, column: Any, values: Sequence[str], *where: Any) -> set[str]:
    wanted = [v for v in values if v]
    if not wanted:
        return set()
    return set(conn.execute(select(column).where(column.in_(wanted), *where)).scalars())


# Built once: the save path runs for every article, and building a statement costs SQLAlchemy
# more than SQLite takes to run it.
_BY_URL_OR_GUID = (
    select(articles.c.id)
    .where(
        or_(
            articles.c.canonical_url == bindparam("canonical_url"),
            and_(
                articles.c.source_id == bindparam("source_id"),
                articles.c.guid == bindparam("guid"),
                bindparam("guid") != "",
            ),
        )
    )
    .limit(1)
)
_COPY_BY_URL = (
    select(article_copies.c.article_id)
    .where(article_copies.c.canonical_url == bindparam("canonical_url"))
    .limit(1)
)
_BY_TEXT = select(articles.c.id).where(articles.c.fingerprint == bindparam("fingerprint")).limit(1)
# One round trip: (stored under this URL or GUID, a copy under this URL, stored with this text).
_LOOKUP = select(
    _BY_URL_OR_GUID.scalar_subquery(),
    _COPY_BY_URL.scalar_subquery(),
    _BY_TEXT.scalar_subquery(),
)
_INSERT_ARTICLE = insert(articles)
_INSERT_COPY = insert(article_copies)
_INSERT_KEYS = insert(copy_keys)
_NOT_COLUMNS = frozenset({"copy_keys", "copy_of"})
_CLEAR_FAILURE = delete(entry_failures).where(
    entry_failures.c.source_id == bindparam("source_id"),
    entry_failures.c.url == bindparam("url"),
)


def _save(conn: Connection, draft: ArticleDraft) -> SaveResult:
    """One transaction: an article is stored whole (row + index) or not at all."""
    keys = {
        "canonical_url": draft.canonical_url,
        "source_id": draft.source_id,
        "guid": draft.guid,
        "fingerprint": draft.fingerprint,
    }
    stored, copy, same_text = conn.execute(_LOOKUP, keys).one()
    if stored is not None or copy is not None:
        return SaveResult(int(stored if stored is not None else copy), stored=False)
    original = same_text if same_text is not None else _live(conn, draft.copy_of)
    if original is not None:
        conn.execute(_INSERT_COPY, _copy_row(draft, original))
        return SaveResult(int(original), stored=False)
    row = {k: v for k, v in asdict(draft).items() if k not in _NOT_COLUMNS}
    new_id = conn.execute(_INSERT_ARTICLE, row).inserted_primary_key[0]
    if draft.copy_keys:
        conn.execute(_INSERT_KEYS, [{"key": k, "article_id": new_id} for k in draft.copy_keys])
    conn.execute(_CLEAR_FAILURE, {"source_id": draft.source_id, "url": draft.url})
    return SaveResult(new_id, stored=True)


def _live(conn: Connection, article_id: int | None) -> int | None:
    """The near-copy's original, if it is still stored."""
    if article_id is None:
        return None
    return conn.execute(select(articles.c.id).where(articles.c.id == article_id)).scalar()


def _copy_row(draft: ArticleDraft, article_id: int) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "source_id": draft.source_id,
        "url": draft.url,
        "canonical_url": draft.canonical_url,
        "guid": draft.guid,
        "title": draft.title,
        "published_at": draft.published_at,
    }
