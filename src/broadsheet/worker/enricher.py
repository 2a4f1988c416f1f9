"""Runs enrichment beside ingest and the story desk: entities, hashtags, summaries and quotes
for new articles, and a summary across outlets for each story that gained an article.

Like the desk, it reads what needs doing from storage (`pipeline.enrichment`), so pages show
a result as pending until this thread has made it, and a request never waits on a model.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from broadsheet.config import Settings
from broadsheet.storage import Repository
from broadsheet.worker.ticking import TickThread

# The enrichers are imported where they run: importing them costs about a second (word lists,
# the LLM client), which every CLI command and extraction process would otherwise pay.
if TYPE_CHECKING:
    from broadsheet.enrich.bundle import Enrichers

__all__ = ["EnrichThread", "enrich_all"]

log = logging.getLogger(__name__)


def enrich_all(repo: Repository, settings: Settings, enrichers: Enrichers | None = None) -> int:
    """Enrich every article and story that needs it now; returns how many articles."""
    from broadsheet.enrich.bundle import default_enrichers
    from broadsheet.pipeline.enrichment import enrich_pending, enrich_stories

    enrichers = enrichers or default_enrichers(settings)
    done = enrich_pending(repo, enrichers)
    while enrich_stories(repo, enrichers):
        pass
    return done


class EnrichThread(TickThread):
    """Enriches what is pending every scheduler tick until stopped; models load on the first
    step, in this thread, so starting the server does not wait for them."""

    def __init__(self, repo: Repository, settings: Settings) -> None:
        super().__init__("enricher", settings.scheduler_tick)
        self._repo, self._settings = repo, settings
        self._enrichers: Enrichers | None = None

    def step(self) -> bool:
        from broadsheet.enrich.bundle import default_enrichers
        from broadsheet.pipeline.enrichment import enrich_pending, enrich_stories

        self._enrichers = self._enrichers or default_enrichers(self._settings)
        # One batch at a time, so stop() is honoured between batches.
        done = enrich_pending(self._repo, self._enrichers, limit=32)
        return bool(done + enrich_stories(self._repo, self._enrichers, limit=8))
