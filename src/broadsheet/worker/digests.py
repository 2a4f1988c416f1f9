"""The digest thread: every few minutes, mail each reader whose hourly or daily digest is due
the news in what they follow (services/digests.py). Started only when a mail server is set."""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.config import Settings
from broadsheet.services.digests import send_due_digests
from broadsheet.services.mailer import Mailer
from broadsheet.storage import Repository
from broadsheet.worker.ticking import TickThread

__all__ = ["DIGEST_TICK", "DigestThread"]

# Digests are due hourly at the most often; looking every minute keeps them on time without
# querying the accounts table on every scheduler tick.
DIGEST_TICK = 60.0


class DigestThread(TickThread):
    def __init__(
        self, repo: Repository, settings: Settings, mailer: Mailer, interval: float = DIGEST_TICK
    ) -> None:
        super().__init__("digests", interval)
        self._repo, self._settings, self._mailer = repo, settings, mailer

    def step(self) -> bool:
        send_due_digests(self._repo, self._mailer, self._settings.site_url, datetime.now(UTC))
        return False
