"""Stories, near-copy keys, article embeddings; the wire agency and story of each article.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from broadsheet.storage.types import UTCDateTime

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("lead_article_id", sa.Integer),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("outlet_count", sa.Integer, nullable=False),
        sa.Column("first_at", UTCDateTime, nullable=False),
        sa.Column("last_at", UTCDateTime, nullable=False),
        sa.Column("hot", sa.Float, nullable=False),
        sa.Column("merged_into", sa.Integer, sa.ForeignKey("stories.id")),
    )
    op.create_index("ix_stories_hot", "stories", ["merged_into", "hot"])
    op.create_index("ix_stories_last", "stories", ["last_at"])
    op.add_column("articles", sa.Column("wire", sa.String(64), nullable=False, server_default=""))
    _add_story_column()
    op.create_index("ix_articles_story", "articles", ["story_id", "published_at"])
    op.create_table(
        "copy_keys",
        sa.Column("key", sa.BigInteger, nullable=False),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index("ix_copy_keys_key", "copy_keys", ["key"])
    op.create_index("ix_copy_keys_article", "copy_keys", ["article_id"])
    op.create_table(
        "article_vectors",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("model", sa.String(128), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )


def _add_story_column() -> None:
    # SQLite can add a column with a REFERENCES clause but not a constraint afterwards, and a
    # batch (copy-and-rename) migration would drop the full-text triggers on `articles`.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE articles ADD COLUMN story_id INTEGER "
            "REFERENCES stories (id) ON DELETE SET NULL"
        )
        return
    op.add_column("articles", sa.Column("story_id", sa.Integer))
    op.create_foreign_key(
        "fk_articles_story", "articles", "stories", ["story_id"], ["id"], ondelete="SET NULL"
    )


def downgrade() -> None:
    op.drop_table("article_vectors")
    op.drop_table("copy_keys")
    op.drop_index("ix_articles_story", "articles")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_articles_story", "articles", type_="foreignkey")
    op.drop_column("articles", "story_id")
    op.drop_column("articles", "wire")
    op.drop_table("stories")
