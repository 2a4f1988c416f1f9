"""Sending queued webhook deliveries: one signed POST per attempt through the fetcher (the SSRF
guard, timeouts and a capped answer apply), retried with exponential backoff until delivered or
out of attempts, every attempt recorded in the delivery log.

Any answer but a 2xx, and any network failure, counts as a failed attempt. The queue lives in
storage, so a restart loses nothing; a worker that dies mid-attempt leaves its delivery leased,
and it is tried again when the lease ends (at least once, never silently dropped).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from broadsheet.config import Settings
from broadsheet.errors import FetchError, NotFound
from broadsheet.fetch import Fetcher
from broadsheet.model import DeliveryStatus, WebhookDelivery
from broadsheet.services.webhook_payload import signed_headers
from broadsheet.storage import Repository

__all__ = ["DeliveryPolicy", "claim_due", "deliver"]

log = logging.getLogger(__name__)

MAX_ERROR_CHARS = 1000
_OUTCOME = {
    DeliveryStatus.DELIVERED: "delivered",
    DeliveryStatus.PENDING: "attempt failed, will retry",
    DeliveryStatus.FAILED: "failed, no attempts left",
}


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    max_attempts: int
    backoff: float  # seconds before the second attempt; doubled for each one after
    lease_seconds: int  # how long a claimed delivery is left alone: longer than one attempt

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryPolicy:
        lease = int(settings.fetch_deadline * 2) + 60
        return cls(max(1, settings.webhook_max_attempts), settings.webhook_backoff, lease)

    def retry_at(self, attempts: int, now: datetime) -> datetime | None:
        """When to try again after `attempts` failed attempts; None to give up."""
        if attempts >= self.max_attempts:
            return None
        return now + timedelta(seconds=self.backoff * 2.0 ** (attempts - 1))


def claim_due(repo: Repository, policy: DeliveryPolicy, limit: int) -> list[WebhookDelivery]:
    """Up to `limit` deliveries whose attempt is due, leased to the caller."""
    return repo.claim_deliveries(datetime.now(UTC), limit, policy.lease_seconds)


def deliver(
    repo: Repository, fetcher: Fetcher, delivery: WebhookDelivery, policy: DeliveryPolicy
) -> WebhookDelivery | None:
    """One attempt at `delivery`, recorded; the delivery as it now stands (None when its saved
    search was removed meanwhile)."""
    try:
        saved = repo.get_saved_search(delivery.saved_search_id)
    except NotFound:
        return None
    body = delivery.payload.encode()
    now = datetime.now(UTC)
    headers = signed_headers(saved.webhook_secret, body, delivery.id, now, event=delivery.event)
    http_status: int | None
    try:
        http_status, error = fetcher.post(saved.webhook_url, body, headers).status, ""
    except FetchError as exc:
        http_status, error = exc.status, str(exc)[:MAX_ERROR_CHARS]
    return _record(repo, delivery, policy, http_status, error)


def _record(
    repo: Repository,
    delivery: WebhookDelivery,
    policy: DeliveryPolicy,
    http_status: int | None,
    error: str,
) -> WebhookDelivery | None:
    at = datetime.now(UTC)
    attempts = delivery.attempts + 1
    retry_at = None if not error else policy.retry_at(attempts, at)
    if not error:
        status = DeliveryStatus.DELIVERED
    else:
        status = DeliveryStatus.PENDING if retry_at is not None else DeliveryStatus.FAILED
    fields = {"delivery_id": delivery.id, "saved_search_id": delivery.saved_search_id}
    log.log(
        logging.INFO if status is DeliveryStatus.DELIVERED else logging.WARNING,
        "webhook %s delivery_id=%s saved_search_id=%s attempt=%s%s",
        _OUTCOME[status],
        delivery.id,
        delivery.saved_search_id,
        attempts,
        f" error={error}" if error else "",
        extra=fields,
    )
    return repo.record_delivery_attempt(
        delivery.id,
        at=at,
        status=status,
        http_status=http_status,
        error=error,
        next_attempt_at=retry_at,
    )
