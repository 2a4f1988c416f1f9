"""The schema, once, in SQLAlchemy Core: both backends and the migrations read it from here."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from broadsheet.storage.types import UTCDateTime

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("kind", String(16), nullable=False, default="feed"),
    Column("title", String(512), nullable=False, default=""),
    Column("site_url", String(2048), nullable=False, default=""),
    Column("status", String(16), nullable=False, default="active"),
    Column("etag", String(512)),
    Column("last_modified", String(128)),
    Column("poll_interval", Integer, nullable=False, default=1800),
    Column("next_poll_at", UTCDateTime),
    Column("last_polled_at", UTCDateTime),
    Column("last_status", String(1024), nullable=False, default=""),
    Column("error_count", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_sources_due", "status", "next_poll_at"),
)

fetch_events = Table(
    "fetch_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("message", Text, nullable=False),
    Column("http_status", Integer),
    Column("new_articles", Integer, nullable=False, default=0),
    Column("url", String(2048), nullable=False, default=""),
    Index("ix_fetch_events_source", "source_id", "at"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("url", String(2048), nullable=False),
    Column("canonical_url", String(2048), nullable=False, unique=True),
    Column("guid", String(2048), nullable=False, default=""),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("published_at", UTCDateTime, nullable=False),
    Column("date_origin", String(16), nullable=False),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("author", String(512), nullable=False, default=""),
    Column("image_url", String(2048), nullable=False, default=""),
    Column("language", String(16), nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("wire", String(64), nullable=False, default=""),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="SET NULL")),
    Index("ix_articles_published", "published_at"),
    Index("ix_articles_story", "story_id", "published_at"),
    Index("ix_articles_source_published", "source_id", "published_at"),
    Index("ix_articles_fingerprint", "fingerprint"),
    Index("ix_articles_source_guid", "source_id", "guid"),
)

# Articles about one event. `hot` orders the front page (see cluster.ranking); `merged_into`
# keeps a merged story's id alive as a redirect.
stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("lead_article_id", Integer),
    Column("article_count", Integer, nullable=False, default=0),
    Column("outlet_count", Integer, nullable=False, default=0),
    Column("first_at", UTCDateTime, nullable=False),
    Column("last_at", UTCDateTime, nullable=False),
    Column("hot", Float, nullable=False, default=0.0),
    Column("merged_into", Integer, ForeignKey("stories.id")),
    Index("ix_stories_hot", "merged_into", "hot"),
    Index("ix_stories_last", "last_at"),
)

# LSH band keys of each stored article's text: where a near-copy finds its original.
copy_keys = Table(
    "copy_keys",
    metadata,
    Column("key", BigInteger, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Index("ix_copy_keys_key", "key"),
    Index("ix_copy_keys_article", "article_id"),
)

# One embedding per article and model, as float32 bytes; `model` names the Embedder.
article_vectors = Table(
    "article_vectors",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("model", String(128), nullable=False),
    Column("vector", LargeBinary, nullable=False),
)

# A page whose text is exactly that of a stored article: kept as another publisher of it,
# so "also published by" loses nothing.
article_copies = Table(
    "article_copies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("url", String(2048), nullable=False),
    Column("canonical_url", String(2048), nullable=False, unique=True),
    Column("guid", String(2048), nullable=False, default=""),
    Column("title", Text, nullable=False),
    Column("published_at", UTCDateTime, nullable=False),
    Index("ix_article_copies_article", "article_id"),
    Index("ix_article_copies_source_guid", "source_id", "guid"),
)

# Entries whose page failed: retried on later polls up to a limit, with the reason shown.
entry_failures = Table(
    "entry_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("url", String(2048), nullable=False),
    Column("reason", Text, nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    Column("last_at", UTCDateTime, nullable=False),
    UniqueConstraint("source_id", "url", name="uq_entry_failures_source_url"),
)

# API tokens for writes through /api/v1: only a SHA-256 of each token is kept (see
# services/tokens.py); a revoked token keeps its row, so `token list` still shows it.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
)
