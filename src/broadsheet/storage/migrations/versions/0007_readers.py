"""Readers: accounts, sessions, password resets, rate-limit events, site keys, comments,
reports, the moderation log, the blocked-word list and follows.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from broadsheet.storage.types import UTCDateTime

revision = "0007"
down_revision = "0006"


def _account_fk(nullable: bool = False, cascade: bool = False) -> sa.Column:
    ondelete = "CASCADE" if cascade else None
    return sa.Column(
        "account_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("display_name", sa.String(50), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("banned_at", UTCDateTime),
        sa.Column("digest", sa.String(8), nullable=False),
        sa.Column("digest_sent_at", UTCDateTime),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _account_fk(cascade=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_sessions_account", "sessions", ["account_id"])
    op.create_table(
        "password_resets",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _account_fk(cascade=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
        sa.Column("used_at", UTCDateTime),
    )
    op.create_table(
        "rate_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(160), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_rate_events_key_at", "rate_events", ["key", "at"])
    op.create_table(
        "site_keys",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.String(128), nullable=False),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        _account_fk(),
        sa.Column("target", sa.String(8), nullable=False),
        sa.Column("target_id", sa.Integer, nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("comments.id")),
        sa.Column("depth", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("hold_reason", sa.String(200), nullable=False),
        sa.Column("ip_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("edited_at", UTCDateTime),
    )
    op.create_index("ix_comments_target", "comments", ["target", "target_id", "parent_id", "id"])
    op.create_index("ix_comments_target_status", "comments", ["target", "target_id", "status"])
    op.create_index("ix_comments_account", "comments", ["account_id", "created_at"])
    op.create_index("ix_comments_ip", "comments", ["ip_hash", "created_at"])
    op.create_index("ix_comments_status", "comments", ["status", "id"])
    op.create_index("ix_comments_parent", "comments", ["parent_id"])
    op.create_table(
        "comment_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("comment_id", sa.Integer, sa.ForeignKey("comments.id"), nullable=False),
        sa.Column("reporter_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("resolved_at", UTCDateTime),
        sa.UniqueConstraint("comment_id", "reporter_id", name="uq_comment_reports_once"),
    )
    op.create_index("ix_comment_reports_open", "comment_reports", ["resolved_at", "comment_id"])
    op.create_table(
        "moderation_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("accounts.id")),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("comment_id", sa.Integer, sa.ForeignKey("comments.id")),
        _account_fk(nullable=True),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_moderation_log_comment", "moderation_log", ["comment_id"])
    op.create_table(
        "blocked_words",
        sa.Column("word", sa.String(100), primary_key=True),
        sa.Column("added_by", sa.Integer, sa.ForeignKey("accounts.id")),
        sa.Column("added_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "follows",
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("muted", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "follows",
        "blocked_words",
        "moderation_log",
        "comment_reports",
        "comments",
        "site_keys",
        "rate_events",
        "password_resets",
        "sessions",
        "accounts",
    ):
        op.drop_table(table)
