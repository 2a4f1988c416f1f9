"""Naming what went wrong: every failure becomes a FetchError subclass whose message a
self-hoster can act on, naming the URL (and the redirect hop) and the setting involved."""

from __future__ import annotations

import time
from http import HTTPStatus

import httpx

from broadsheet.errors import ConnectionFailed, FetchError, FetchTimeout, HttpStatusError


def status_error(
    url: str, where: str, status: int, *, tries: int = 1, retry_after: float | None = None
) -> HttpStatusError:
    """HttpStatusError with a readable message and the server's Retry-After (seconds)."""
    message = f"{where} answered {status} {_phrase(status)}"
    if tries > 1:
        message += f" after {tries} tries"
    if retry_after is not None:
        message += f"; it asks to retry after {retry_after:.0f} s"
    return HttpStatusError(message, url=url, status=status, retry_after=retry_after)


def retry_after_of(error: FetchError) -> float | None:
    """The Retry-After (seconds) a 429/503 carried, for the scheduler (sources.schedule)."""
    return error.retry_after if isinstance(error, HttpStatusError) else None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def translate(exc: httpx.HTTPError, url: str, where: str, deadline_at: float) -> FetchError:
    """An httpx error as the FetchError a self-hoster can read."""
    if isinstance(exc, httpx.TimeoutException):
        if time.monotonic() >= deadline_at - 0.01:
            return FetchTimeout(
                f"{where} did not answer in full within the response deadline "
                "(BROADSHEET_FETCH_DEADLINE)",
                url=url,
            )
        kind = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for data"
        return FetchTimeout(
            f"{where} timed out while {kind} ({exc or type(exc).__name__})", url=url
        )
    if isinstance(exc, httpx.ConnectError):
        return ConnectionFailed(f"could not connect to {where}: {exc}", url=url)
    return ConnectionFailed(
        f"the connection to {where} failed: {exc or type(exc).__name__}", url=url
    )
