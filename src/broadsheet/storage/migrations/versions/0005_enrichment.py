"""What the enrichers made: per-article results, tags and entities, per-story results.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from broadsheet.storage.types import UTCDateTime

revision = "0005"
down_revision = "0004"


def _article_id() -> sa.Column:
    return sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    )


def upgrade() -> None:
    op.create_table(
        "article_enrichments",
        _article_id(),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("producer", sa.String(128), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("made_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "article_tags",
        _article_id(),
        sa.Column("slug", sa.String(128), primary_key=True),
        sa.Column("label", sa.String(256), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("published_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_article_tags_slug", "article_tags", ["slug", "published_at"])
    op.create_table(
        "article_entities",
        _article_id(),
        sa.Column("name", sa.String(256), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_index("ix_article_entities_name", "article_entities", ["name"])
    op.create_table(
        "story_enrichments",
        sa.Column(
            "story_id",
            sa.Integer,
            sa.ForeignKey("stories.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("producer", sa.String(128), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("made_at", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("story_enrichments", "article_entities", "article_tags", "article_enrichments"):
        op.drop_table(table)
