"""Runs the story desk next to ingest: it places every stored article into a story.

The desk reads what ingest stored (articles that no story holds yet) rather than being called
by ingest, so ingest threads never wait on clustering, a crash between the two loses nothing,
and articles are placed in time order across sources.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from broadsheet.config import Settings
from broadsheet.enrich.embedding import Embedder, default_embedder
from broadsheet.errors import ConfigError
from broadsheet.pipeline.stories import StoryDesk
from broadsheet.services.related_lists import REFRESH_BATCH, backfill_related, refresh_due
from broadsheet.storage import Repository
from broadsheet.worker.ticking import TickThread

__all__ = ["DeskThread", "place_stories"]

log = logging.getLogger(__name__)

# After a look for missing lists found none left (it reads the newest articles' ids: ~20 ms at
# 20,000), the next waits this long: lists go missing only when they are cleared or when
# articles with old dates are stored.
BACKFILL_PAUSE = timedelta(minutes=10)


def make_desk(repo: Repository, settings: Settings) -> StoryDesk:
    return StoryDesk(repo, embedder=embedder_for(settings))


def embedder_for(settings: Settings) -> Embedder | None:
    if settings.embeddings == "none":
        return None
    if settings.embeddings != "minilm":
        raise ConfigError(f"unknown embeddings {settings.embeddings!r}: use minilm or none")
    return default_embedder()


def place_stories(repo: Repository, settings: Settings) -> int:
    """Place every unassigned article now; returns how many were placed."""
    placed = make_desk(repo, settings).load(datetime.now(UTC))
    log.info("stories placed articles=%s", placed)
    return placed


class DeskThread(TickThread):
    """Loads the desk, then places new articles every scheduler tick until stopped; after
    placing, it makes a bounded batch of the related lists that new reports made stale, or, when
    there are none, of the lists missing among the newest articles."""

    def __init__(self, repo: Repository, settings: Settings) -> None:
        super().__init__("story-desk", settings.scheduler_tick)
        self._repo = repo
        self._desk = make_desk(repo, settings)
        self._loaded = False
        self._backfill_after = datetime.min.replace(tzinfo=UTC)

    def step(self) -> bool:
        if not self._loaded:  # the first step loads the active stories (and places the backlog)
            self._loaded = True
            self._desk.load(datetime.now(UTC))
            return False
        try:
            self._desk.catch_up()
        finally:  # related lists are remade even when placing failed
            self._make_related()
        return False

    def _make_related(self) -> None:
        now = datetime.now(UTC)
        if refresh_due(self._repo, now) or now < self._backfill_after:
            return
        if backfill_related(self._repo, now) < REFRESH_BATCH:  # none left for now
            self._backfill_after = now + BACKFILL_PAUSE
