"""The readers' tables (migration 0007): accounts, sessions, password resets, rate-limit
events, site keys, comments, reports, the moderation log, the blocked-word list and follows.
They share `schema.metadata` with the news tables; the query modules import them from here."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from broadsheet.storage.schema import metadata
from broadsheet.storage.types import UTCDateTime

# Emails are stored lower-cased and trimmed, so the unique constraint is case-insensitive.
accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(50), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False, default="reader"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("banned_at", UTCDateTime),
    Column("digest", String(8), nullable=False, default="off"),
    Column("digest_sent_at", UTCDateTime),
)

# A session is known by the SHA-256 of its cookie value; the value itself is never stored.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_sessions_account", "account_id"),
)

password_resets = Table(
    "password_resets",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
)

# Counted attempts for rate limits shared by every process: `key` names what is limited
# ("login-ip:<hash>", "login-email:<email>", "signup-ip:<hash>" …).
rate_events = Table(
    "rate_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(160), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_rate_events_key_at", "key", "at"),
)

# Secrets every process must agree on (the CSRF and address-hash key), made once.
site_keys = Table(
    "site_keys",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", String(128), nullable=False),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("target", String(8), nullable=False),
    Column("target_id", Integer, nullable=False),
    Column("parent_id", Integer, ForeignKey("comments.id")),
    Column("depth", Integer, nullable=False, default=0),
    Column("body", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("status", String(8), nullable=False),
    Column("hold_reason", String(200), nullable=False, default=""),
    Column("ip_hash", String(64), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("edited_at", UTCDateTime),
    # Threads of a target, newest first (parent_id NULL = top level), and their count; the
    # visible comments' count from the index alone (a busy article holds tens of thousands).
    Index("ix_comments_target", "target", "target_id", "parent_id", "id"),
    Index("ix_comments_target_status", "target", "target_id", "status"),
    Index("ix_comments_account", "account_id", "created_at"),
    Index("ix_comments_ip", "ip_hash", "created_at"),
    Index("ix_comments_status", "status", "id"),
    Index("ix_comments_parent", "parent_id"),
)

comment_reports = Table(
    "comment_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("comment_id", Integer, ForeignKey("comments.id"), nullable=False),
    Column("reporter_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("reason", String(500), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("resolved_at", UTCDateTime),
    UniqueConstraint("comment_id", "reporter_id", name="uq_comment_reports_once"),
    Index("ix_comment_reports_open", "resolved_at", "comment_id"),
)

moderation_log = Table(
    "moderation_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", Integer, ForeignKey("accounts.id")),
    Column("action", String(32), nullable=False),
    Column("comment_id", Integer, ForeignKey("comments.id")),
    Column("account_id", Integer, ForeignKey("accounts.id")),
    Column("reason", String(500), nullable=False, default=""),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_moderation_log_comment", "comment_id"),
)

# The abuse word list admins edit; a comment containing one is held for a moderator.
blocked_words = Table(
    "blocked_words",
    metadata,
    Column("word", String(100), primary_key=True),
    Column("added_by", Integer, ForeignKey("accounts.id")),
    Column("added_at", UTCDateTime, nullable=False),
)

follows = Table(
    "follows",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("muted", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
)
