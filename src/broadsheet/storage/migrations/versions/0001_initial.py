"""Sources, fetch history, articles, copies, entry failures, and full-text search.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from broadsheet.storage.types import UTCDateTime

revision = "0001"
down_revision = None

_URL = sa.String(2048)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", _URL, nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.String(512), nullable=False),
        sa.Column("site_url", _URL, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("etag", sa.String(512)),
        sa.Column("last_modified", sa.String(128)),
        sa.Column("poll_interval", sa.Integer, nullable=False),
        sa.Column("next_poll_at", UTCDateTime),
        sa.Column("last_polled_at", UTCDateTime),
        sa.Column("last_status", sa.String(1024), nullable=False),
        sa.Column("error_count", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_sources_due", "sources", ["status", "next_poll_at"])
    op.create_table(
        "fetch_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("http_status", sa.Integer),
        sa.Column("new_articles", sa.Integer, nullable=False),
        sa.Column("url", _URL, nullable=False),
    )
    op.create_index("ix_fetch_events_source", "fetch_events", ["source_id", "at"])
    _create_articles()
    _create_copies_and_failures()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _create_sqlite_fts()
    elif dialect == "postgresql":
        _create_postgres_search()


def _create_articles() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("url", _URL, nullable=False),
        sa.Column("canonical_url", _URL, nullable=False, unique=True),
        sa.Column("guid", _URL, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("published_at", UTCDateTime, nullable=False),
        sa.Column("date_origin", sa.String(16), nullable=False),
        sa.Column("fetched_at", UTCDateTime, nullable=False),
        sa.Column("author", sa.String(512), nullable=False),
        sa.Column("image_url", _URL, nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published_at"])
    op.create_index("ix_articles_source_published", "articles", ["source_id", "published_at"])
    op.create_index("ix_articles_fingerprint", "articles", ["fingerprint"])
    op.create_index("ix_articles_source_guid", "articles", ["source_id", "guid"])


def _create_copies_and_failures() -> None:
    op.create_table(
        "article_copies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("url", _URL, nullable=False),
        sa.Column("canonical_url", _URL, nullable=False, unique=True),
        sa.Column("guid", _URL, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("published_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_article_copies_article", "article_copies", ["article_id"])
    op.create_index("ix_article_copies_source_guid", "article_copies", ["source_id", "guid"])
    op.create_table(
        "entry_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("url", _URL, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("source_id", "url", name="uq_entry_failures_source_url"),
    )


def _create_sqlite_fts() -> None:
    # External-content FTS5 index over title and body, kept in step by triggers, so an article
    # and its index entry are written in the same transaction.
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, text, content='articles', content_rowid='id', tokenize='porter unicode61')"
    )
    op.execute(
        "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
    )


def _create_postgres_search() -> None:
    # Generated tsvectors kept in step with the row by PostgreSQL, under GIN indexes: `search`,
    # the title weighted 'A' and the body 'B' (ts_rank weighs them; postgres_fts.py parses
    # queries with the same configuration), and `title_search` for headline matches alone. The
    # body is cut where a tsvector could outgrow its 1 MB limit and fail a save.
    op.execute(
        "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('english', title), 'A') || "
        "setweight(to_tsvector('english', left(text, 300000)), 'B')) STORED"
    )
    op.execute(
        "ALTER TABLE articles ADD COLUMN title_search tsvector "
        "GENERATED ALWAYS AS (to_tsvector('english', title)) STORED"
    )
    op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search)")
    op.execute("CREATE INDEX ix_articles_title_search ON articles USING gin (title_search)")
