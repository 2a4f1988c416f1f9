"""The schema, once, in SQLAlchemy Core: both backends read it from here. The news side is
here (sources, articles, stories, enrichment, saved searches); the readers' tables (accounts,
comments, moderation, follows) are in schema_readers.py, on the same `metadata`."""

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
    func,
    text,
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

# Each article's related list as its page shows it (services/related_lists.py), so a page reads
# it with one query instead of ranking candidates. `story_id` and `story_count` are the
# article's story and that story's article_count when the list was made: a new report in the
# story changes the count, and the list is stale.
related_lists = Table(
    "related_lists",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", Integer),
    Column("story_count", Integer),
    Column("computed_at", UTCDateTime, nullable=False),
)

# A list's items in order. `related_id` has no foreign key: a vanished article is skipped when
# read, and deleting an article does not have to search every list for it.
related_items = Table(
    "related_items",
    metadata,
    Column(
        "article_id",
        Integer,
        ForeignKey("related_lists.article_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True),
    Column("related_id", Integer, nullable=False),
    Column("reason", String(16), nullable=False),
    sqlite_with_rowid=False,  # the primary key is the table: one B-tree, not two
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

# What the enrichers made of each article, one row per kind ("entities", "tags", "summary",
# "quotes"): `producer` names the implementation and version, so changing one re-processes what
# it made; `payload` is the result as JSON (enrich/codec.py).
article_enrichments = Table(
    "article_enrichments",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("producer", String(128), nullable=False),
    Column("payload", Text, nullable=False),
    Column("made_at", UTCDateTime, nullable=False),
)

# The tags and entities again, one row each, so tag and entity pages and filters use an index.
article_tags = Table(
    "article_tags",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("slug", String(128), primary_key=True),
    Column("label", String(256), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("position", Integer, nullable=False),
    Column("published_at", UTCDateTime, nullable=False),  # copied, to list a tag newest first
    Index("ix_article_tags_slug", "slug", "published_at"),
)

article_entities = Table(
    "article_entities",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(256), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("mentions", Integer, nullable=False),
    Index("ix_article_entities_name", "name"),
)
# Search's `entity:` filter compares names without case (migration 0009).
Index("ix_article_entities_lower_name", func.lower(article_entities.c.name))

# A story's summary and quotes across outlets, remade when `article_count` no longer matches.
story_enrichments = Table(
    "story_enrichments",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("producer", String(128), nullable=False),
    Column("payload", Text, nullable=False),
    Column("article_count", Integer, nullable=False),
    Column("made_at", UTCDateTime, nullable=False),
)

# A name and a query in the search syntax; `owner_id` is NULL (the operator's) until accounts
# exist. `matched_through` is the webhook matcher's cursor: the newest article id matched;
# `webhook_events` the events its webhook is sent, comma-separated (migration 0008).
saved_searches = Table(
    "saved_searches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("query", String(500), nullable=False),
    Column("owner_id", Integer),
    Column("webhook_url", String(2048), nullable=False, default=""),
    Column("webhook_secret", String(128), nullable=False, default=""),
    Column("matched_through", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False),
    Column("webhook_events", String(32), nullable=False, server_default="match,story"),
    Index("ix_saved_searches_owner", "owner_id"),
)

# The durable webhook queue and its log: one row per event (a matching article, or a story's
# first match), tried until delivered or out of attempts. The JSON body is fixed when queued, so
# every attempt sends the same. `story_id` is the story a story event announces, kept without a
# foreign key: it records what was sent, and its unique index is what makes a story event once
# per saved search and story, whichever worker queues it (migration 0008).
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "saved_search_id",
        Integer,
        ForeignKey("saved_searches.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", UTCDateTime, nullable=False),
    Column("next_attempt_at", UTCDateTime),
    Column("last_attempt_at", UTCDateTime),
    Column("delivered_at", UTCDateTime),
    Column("last_http_status", Integer),
    Column("last_error", Text, nullable=False, default=""),
    Column("event", String(16), nullable=False, server_default="match"),
    Column("story_id", Integer),
    UniqueConstraint("saved_search_id", "article_id", "event", name="uq_webhook_deliveries_event"),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    Index("ix_webhook_deliveries_search", "saved_search_id", "id"),
    Index(
        "uq_webhook_deliveries_story",
        "saved_search_id",
        "story_id",
        unique=True,
        sqlite_where=text("event = 'story'"),
        postgresql_where=text("event = 'story'"),
    ),
)
