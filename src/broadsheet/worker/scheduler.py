"""The scheduler: every tick, claim the sources that are due and hand them to the pool; the
story desk runs beside it and places what ingest stored, and the enricher enriches it.

The ingest threads share one `ExtractionPool` of worker processes for the scheduler's lifetime;
`stop()` shuts both down."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from broadsheet.config import Settings
from broadsheet.fetch import Fetcher
from broadsheet.model import IngestReport
from broadsheet.services.mailer import mailer_for
from broadsheet.storage import Repository
from broadsheet.worker.desk import DeskThread
from broadsheet.worker.digests import DigestThread
from broadsheet.worker.enricher import EnrichThread
from broadsheet.worker.index_upkeep import IndexUpkeepThread
from broadsheet.worker.pool import extraction_pool, ingest_safely
from broadsheet.worker.webhooks import WebhookThread

log = logging.getLogger(__name__)

LEASE_SECONDS = 900  # a claimed source is not claimed again for this long, even if we crash


class Scheduler:
    def __init__(self, repo: Repository, fetcher: Fetcher, settings: Settings) -> None:
        self.repo, self.fetcher, self.settings = repo, fetcher, settings
        self._pool = ThreadPoolExecutor(settings.worker_threads, thread_name_prefix="ingest")
        self._extraction = extraction_pool(settings)
        self._running: set[Future[IngestReport]] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
        self._desk = DeskThread(repo, settings)
        self._webhooks = WebhookThread(repo, fetcher, settings)
        self._upkeep = IndexUpkeepThread(repo)
        self._enricher = EnrichThread(repo, settings) if settings.enrich else None
        mailer = mailer_for(settings)  # digests go out only when a mail server is set
        self._digests = DigestThread(repo, settings, mailer) if mailer is not None else None

    def start(self) -> None:
        log.info(
            "scheduler started threads=%s extract_processes=%s",
            self.settings.worker_threads,
            self._extraction.processes,
        )
        self._thread.start()
        self._desk.start()
        self._webhooks.start()
        self._upkeep.start()
        if self._enricher is not None:
            self._enricher.start()
        if self._digests is not None:
            self._digests.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self._desk.stop()
        self._webhooks.stop()
        self._upkeep.stop()
        if self._enricher is not None:
            self._enricher.stop()
        if self._digests is not None:
            self._digests.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._extraction.close()

    def tick(self) -> int:
        """Claim as many due sources as there are free threads; returns how many started."""
        self._running = {f for f in self._running if not f.done()}
        free = self.settings.worker_threads - len(self._running)
        if free <= 0:
            return 0
        due = self.repo.claim_due_sources(datetime.now(UTC), free, LEASE_SECONDS)
        for source in due:
            future = self._pool.submit(
                ingest_safely, source, self.fetcher, self.repo, self.settings, self._extraction
            )
            self._running.add(future)
        return len(due)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("scheduler tick failed")
            self._stop.wait(self.settings.scheduler_tick)
