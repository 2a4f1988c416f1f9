"""Runs the story desk next to ingest: it places every stored article into a story.

The desk reads what ingest stored (articles that no story holds yet) rather than being called
by ingest, so ingest threads never wait on clustering, a crash between the two loses nothing,
and articles are placed in time order across sources.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from broadsheet.config import Settings
from broadsheet.enrich.embedding import Embedder, default_embedder
from broadsheet.errors import ConfigError
from broadsheet.pipeline.stories import StoryDesk
from broadsheet.services.related_lists import refresh_due
from broadsheet.storage import Repository

__all__ = ["DeskThread", "place_stories"]

log = logging.getLogger(__name__)


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


class DeskThread:
    """Loads the desk, then places new articles every scheduler tick until stopped; after
    placing, it makes a bounded batch of the related lists that new reports made stale."""

    def __init__(self, repo: Repository, settings: Settings) -> None:
        self._repo = repo
        self._desk = make_desk(repo, settings)
        self._tick = settings.scheduler_tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="story-desk", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        try:
            self._desk.load(datetime.now(UTC))
        except Exception:
            log.exception("story desk failed to load")
        while not self._stop.wait(self._tick):
            try:
                self._desk.catch_up()
            except Exception:
                log.exception("story desk failed")
            try:
                refresh_due(self._repo, datetime.now(UTC))
            except Exception:
                log.exception("related lists failed")
