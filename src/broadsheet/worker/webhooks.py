"""The webhook thread: every tick, queue the saved searches' new matches, then send the due
deliveries on a few threads of their own.

Deliveries run beside ingest and the story desk, never inside them, so a slow or dead receiver
holds at most one delivery thread (for one response deadline) and delays nothing else: other
receivers' deliveries go on in the other threads, and its own retries wait in the queue.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from broadsheet.config import Settings
from broadsheet.fetch import Fetcher
from broadsheet.model import WebhookDelivery
from broadsheet.services.webhook_deliveries import DeliveryPolicy, claim_due, deliver
from broadsheet.services.webhook_matches import queue_matches
from broadsheet.storage import Repository
from broadsheet.worker.ticking import TickThread

__all__ = ["DELIVERY_THREADS", "WebhookThread"]

log = logging.getLogger(__name__)

DELIVERY_THREADS = 4


class WebhookThread(TickThread):
    def __init__(self, repo: Repository, fetcher: Fetcher, settings: Settings) -> None:
        self._repo, self._fetcher, self._settings = repo, fetcher, settings
        self._policy = DeliveryPolicy.from_settings(settings)
        self._pool = ThreadPoolExecutor(DELIVERY_THREADS, thread_name_prefix="webhook")
        self._running: set[Future[WebhookDelivery | None]] = set()
        super().__init__("webhooks", settings.scheduler_tick)

    def stop(self) -> None:
        super().stop()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def step(self) -> bool:
        self.tick()
        return False

    def tick(self) -> int:
        """Queue new matches, then start as many due deliveries as there are free threads;
        returns how many started."""
        queue_matches(self._repo, self._settings.site_url)
        self._running = {f for f in self._running if not f.done()}
        free = DELIVERY_THREADS - len(self._running)
        if free <= 0:
            return 0
        due = claim_due(self._repo, self._policy, free)
        for delivery in due:
            self._running.add(self._pool.submit(self._deliver, delivery))
        return len(due)

    def _deliver(self, delivery: WebhookDelivery) -> WebhookDelivery | None:
        try:
            return deliver(self._repo, self._fetcher, delivery, self._policy)
        except Exception:  # a bug or a storage failure: the lease ends and it is tried again
            log.exception("webhook delivery crashed delivery_id=%s", delivery.id)
            return None
