"""When a failed try is worth another: which statuses, how long to wait, when to give up."""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.config import Settings
from broadsheet.sources.schedule import parse_retry_after

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy", "parse_retry_after"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    retries: int
    backoff_base: float
    retry_after_max: float

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(settings.retries, settings.backoff_base, settings.retry_after_max)

    def delay(self, failed_tries: int, retry_after: float | None = None) -> float | None:
        """Seconds to wait before the next try, or None to give up.

        Exponential backoff (`backoff_base`, doubled per failed try) unless the server sent a
        Retry-After, which is obeyed up to `retry_after_max`; a longer one means giving up now.
        """
        if failed_tries > self.retries:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.retry_after_max else None
        return self.backoff_base * 2.0 ** (failed_tries - 1)
