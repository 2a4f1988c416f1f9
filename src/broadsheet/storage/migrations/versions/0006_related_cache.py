"""Stored related lists: each article's related articles as its page shows them.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from broadsheet.storage.types import UTCDateTime

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "related_lists",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("story_id", sa.Integer),
        sa.Column("story_count", sa.Integer),
        sa.Column("computed_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "related_items",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("related_lists.article_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("related_id", sa.Integer, nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("related_items")
    op.drop_table("related_lists")
