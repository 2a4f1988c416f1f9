"""The Fetcher: Broadsheet's only HTTP client. One GET, made safe and polite.

Per URL asked for, each redirect hop is checked by the SSRF guard, then against robots.txt,
then tried (with retries) inside the host's politeness slot and under the response deadline.
The body comes back as capped, decompressed bytes, never decoded to text.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

import httpx

from broadsheet.config import Settings
from broadsheet.errors import (
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    RobotsDisallowed,
    TooManyRedirects,
)
from broadsheet.fetch.body import ACCEPT_ENCODING, check_declared_length, decoder_for, read_capped
from broadsheet.fetch.failures import status_error, translate
from broadsheet.fetch.guard import AddressGuard, Resolver
from broadsheet.fetch.politeness import HostGate
from broadsheet.fetch.post import post_once
from broadsheet.fetch.retry import RETRYABLE_STATUSES, RetryPolicy
from broadsheet.fetch.robots import MAX_ROBOTS_BYTES, RobotsPolicy
from broadsheet.fetch.transport import GuardedTransport, response_deadline
from broadsheet.model import Fetched
from broadsheet.sources.schedule import parse_retry_after

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class _Ask:
    """One call of `get` (or the robots.txt lookup it makes): what applies to every hop."""

    url: str
    headers: dict[str, str]
    max_bytes: int
    retries: bool = True
    robots: bool = True


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes = b""
    location: str | None = None


class Fetcher:
    """Thread-safe: one Fetcher is shared by all worker threads (connection pool, host gates and
    the robots.txt cache are shared). `resolver` replaces DNS, for tests."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self._settings = settings
        self._guard = AddressGuard(settings.allowed_hosts, resolver)
        self._gate = HostGate(settings.host_concurrency, settings.host_delay)
        self._retry = RetryPolicy.from_settings(settings)
        self._robots = RobotsPolicy(self._fetch_robots_txt)
        self._client = httpx.Client(
            transport=transport or GuardedTransport(self._guard),
            timeout=httpx.Timeout(
                settings.read_timeout,
                connect=settings.connect_timeout,
                pool=settings.fetch_deadline,
            ),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> Fetched:
        """GET `url`. 304 gives Fetched(status=304, body=b"") carrying the validators still valid.

        Raises a FetchError subclass: BlockedAddress, RobotsDisallowed, TooLarge, FetchTimeout,
        TooManyRedirects, HttpStatusError (after retries), ConnectionFailed.
        """
        headers = {"Accept": accept} if accept else {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit, robots = self._settings.max_response_bytes, self._settings.respect_robots
        final_url, answer = self._follow(_Ask(url, headers, limit, robots=robots))
        logger.info(
            "fetched url=%s status=%d bytes=%d",
            url,
            answer.status,
            len(answer.body),
            extra={"url": url, "status": answer.status, "final_url": final_url},
        )
        kept = answer.status == 304  # validators a 304 does not repeat are the ones sent
        return Fetched(
            url=url,
            final_url=final_url,
            status=answer.status,
            headers=answer.headers,
            body=answer.body,
            fetched_at=datetime.now(UTC),
            etag=answer.headers.get("etag") or (etag if kept else None),
            last_modified=answer.headers.get("last-modified") or (last_modified if kept else None),
        )

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Fetched:
        """POST `body` once (webhooks): guarded like a GET, no redirects, no robots.txt, a small
        capped answer; HttpStatusError unless 2xx (see fetch/post.py)."""
        deadline = self._settings.fetch_deadline
        return post_once(self._client, self._guard, self._gate, deadline, url, body, headers)

    def check_url(self, url: str) -> None:
        """Raise BlockedAddress when the SSRF guard refuses `url` (ConnectionFailed when its host
        does not resolve), without sending anything: for URLs stored now and used later."""
        self._guard.check_url(url)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _follow(self, ask: _Ask) -> tuple[str, _Answer]:
        """Follow redirects by hand, so every hop passes the guard and robots.txt."""
        current, seen = ask.url, {ask.url}
        for _ in range(self._settings.max_redirects + 1):
            answer = self._hop(ask, current)
            if answer.location is None:
                return current, answer
            if answer.location in seen:
                raise TooManyRedirects(
                    f"redirect loop: {current} sends back to {answer.location} "
                    f"(asked for {ask.url})",
                    url=ask.url,
                )
            seen.add(answer.location)
            current = answer.location
        raise TooManyRedirects(
            f"{ask.url} redirects more than {self._settings.max_redirects} times "
            f"(BROADSHEET_MAX_REDIRECTS); the last hop was {current}",
            url=ask.url,
        )

    def _hop(self, ask: _Ask, current: str) -> _Answer:
        where = _where(ask, current)
        try:
            self._guard.check_url(current)
        except FetchError as exc:
            raise type(exc)(str(exc) + _redirected(ask, current), url=ask.url) from exc
        if ask.robots and not self._robots.allowed(current):
            raise RobotsDisallowed(
                f"robots.txt of {httpx.URL(current).host} disallows {where} for Broadsheet "
                "(set BROADSHEET_RESPECT_ROBOTS=false to ignore robots.txt)",
                url=ask.url,
            )
        answer = self._tries(ask, current)
        if answer.location is None and answer.status >= 300 and answer.status != 304:
            raise status_error(ask.url, where, answer.status)
        return answer

    def _tries(self, ask: _Ask, current: str) -> _Answer:
        """One hop, tried again on 429/5xx and network failures while the policy allows."""
        failed = 0
        while True:
            started = time.monotonic()
            try:
                answer = self._attempt(ask, current)
            except (FetchTimeout, ConnectionFailed) as exc:
                failed += 1
                used_deadline = time.monotonic() - started >= self._settings.fetch_deadline * 0.99
                delay = None if used_deadline or not ask.retries else self._retry.delay(failed)
                if delay is None:
                    raise
                self._log_retry(current, str(exc), failed, delay)
            else:
                if answer.status not in RETRYABLE_STATUSES:
                    return answer
                failed += 1
                retry_after = parse_retry_after(answer.headers.get("retry-after"))
                delay = self._retry.delay(failed, retry_after) if ask.retries else None
                if delay is None:
                    where = _where(ask, current)
                    raise status_error(
                        ask.url, where, answer.status, tries=failed, retry_after=retry_after
                    )
                self._log_retry(current, f"status {answer.status}", failed, delay)
            time.sleep(delay)

    def _attempt(self, ask: _Ask, current: str) -> _Answer:
        """One request inside the host's politeness slot and the response deadline."""
        where = _where(ask, current)
        with (
            self._gate.slot(httpx.URL(current).host),
            response_deadline(self._settings.fetch_deadline) as deadline_at,
        ):
            try:
                response = self._client.send(
                    self._client.build_request("GET", current, headers=ask.headers), stream=True
                )
                try:
                    return self._answer(response, ask, where, deadline_at)
                finally:
                    response.close()
            except httpx.HTTPError as exc:
                raise translate(exc, ask.url, where, deadline_at) from exc
            except FetchError as exc:
                if exc.url == ask.url:
                    raise
                # raised at connect time by the guarded transport, which knows only the host
                raise type(exc)(f"{exc} (fetching {where})", url=ask.url) from exc

    def _answer(
        self, response: httpx.Response, ask: _Ask, where: str, deadline_at: float
    ) -> _Answer:
        status = response.status_code
        headers = {name.lower(): value for name, value in response.headers.items()}
        if status >= 300:
            _drain(response)
            if status in REDIRECT_STATUSES and "location" in headers:
                return _Answer(status, headers, location=_location(response, ask.url, where))
            return _Answer(status, headers)
        names = {"url": ask.url, "where": where}
        check_declared_length(headers.get("content-length"), ask.max_bytes, **names)
        decoder = decoder_for(headers.get("content-encoding", ""), **names)
        chunks = response.iter_raw()
        body = read_capped(chunks, decoder, limit=ask.max_bytes, deadline_at=deadline_at, **names)
        return _Answer(status, headers, body)

    def _fetch_robots_txt(self, robots_url: str) -> bytes:
        headers = {"Accept": "text/plain"}
        ask = _Ask(robots_url, headers, MAX_ROBOTS_BYTES, retries=False, robots=False)
        return self._follow(ask)[1].body

    def _log_retry(self, url: str, why: str, failed: int, delay: float) -> None:
        logger.warning(
            "retrying url=%s after=%s try=%d delay=%.2f",
            url,
            why,
            failed + 1,
            delay,
            extra={"url": url, "attempt": failed + 1},
        )


def _where(ask: _Ask, current: str) -> str:
    return current + _redirected(ask, current)


def _redirected(ask: _Ask, current: str) -> str:
    return "" if current == ask.url else f" (redirected from {ask.url})"


def _drain(response: httpx.Response, limit: int = 64 * 1024) -> None:
    """Read a small redirect or error body, so the connection can be reused (not reset)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) <= limit:
        with contextlib.suppress(httpx.HTTPError):
            for _ in response.iter_raw():
                pass


def _location(response: httpx.Response, url: str, where: str) -> str:
    """The absolute URL a redirect points to (Location may be relative)."""
    location = response.headers["location"]
    try:
        return str(response.url.join(location.strip()))
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"{where} redirects to an invalid URL {location!r}", url=url) from exc
