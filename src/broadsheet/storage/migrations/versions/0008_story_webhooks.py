"""Story events for saved-search webhooks: which events a webhook wants, and a delivery's event
and the story it announces, unique per saved search and story.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"

_STORY_ONLY = sa.text("event = 'story'")


def upgrade() -> None:
    # Existing webhooks get both events, like a new one that names none.
    with op.batch_alter_table("saved_searches") as batch:
        batch.add_column(
            sa.Column("webhook_events", sa.String(32), nullable=False, server_default="match,story")
        )
    # A story event and a match event can name the same article: the event joins the key.
    with op.batch_alter_table("webhook_deliveries") as batch:
        batch.add_column(sa.Column("event", sa.String(16), nullable=False, server_default="match"))
        batch.add_column(sa.Column("story_id", sa.Integer))
        batch.drop_constraint("uq_webhook_deliveries_match", type_="unique")
        batch.create_unique_constraint(
            "uq_webhook_deliveries_event", ["saved_search_id", "article_id", "event"]
        )
    op.create_index(
        "uq_webhook_deliveries_story",
        "webhook_deliveries",
        ["saved_search_id", "story_id"],
        unique=True,
        sqlite_where=_STORY_ONLY,
        postgresql_where=_STORY_ONLY,
    )


def downgrade() -> None:
    op.drop_index("uq_webhook_deliveries_story", table_name="webhook_deliveries")
    op.execute("DELETE FROM webhook_deliveries WHERE event <> 'match'")
    with op.batch_alter_table("webhook_deliveries") as batch:
        batch.drop_constraint("uq_webhook_deliveries_event", type_="unique")
        batch.create_unique_constraint(
            "uq_webhook_deliveries_match", ["saved_search_id", "article_id"]
        )
        batch.drop_column("story_id")
        batch.drop_column("event")
    with op.batch_alter_table("saved_searches") as batch:
        batch.drop_column("webhook_events")
