"""robots.txt, fetched once per origin through the guarded fetcher and cached.

As RFC 9309 says: a robots.txt answering 4xx means no rules (allow all, cached like a file).
Unlike the RFC (which says disallow all), a 5xx, a timeout or any other failure also allows
all, but is cached briefly so the file is asked for again soon.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from broadsheet.errors import FetchError

logger = logging.getLogger(__name__)

USER_AGENT_TOKEN = "Broadsheet"
CACHE_SECONDS = 24 * 3600.0
UNAVAILABLE_CACHE_SECONDS = 300.0
MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB

RobotsFetch = Callable[[str], bytes]
"""Fetch a robots.txt URL: its body, or a FetchError (with `status` for an HTTP error)."""


@dataclass(frozen=True, slots=True)
class _Rules:
    parser: RobotFileParser | None  # None: everything allowed
    expires_at: float


class RobotsPolicy:
    """`allowed(url)` for user-agent token `agent`. Thread-safe: one fetch per origin at a time."""

    def __init__(
        self,
        fetch: RobotsFetch,
        *,
        agent: str = USER_AGENT_TOKEN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._agent = agent
        self._clock = clock
        self._rules: dict[str, _Rules] = {}
        self._origin_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        parser = self._rules_for(_origin(url)).parser
        return parser is None or parser.can_fetch(self._agent, url)

    def _rules_for(self, origin: str) -> _Rules:
        with self._origin_lock(origin):
            rules = self._rules.get(origin)
            if rules is None or rules.expires_at <= self._clock():
                rules = self._load(origin)
                self._rules[origin] = rules
            return rules

    def _load(self, origin: str) -> _Rules:
        robots_url = origin + "/robots.txt"
        try:
            body = self._fetch(robots_url)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                return _Rules(None, self._clock() + CACHE_SECONDS)
            logger.info(
                "robots.txt unavailable, allowing url=%s error=%s",
                robots_url,
                exc,
                extra={"url": robots_url},
            )
            return _Rules(None, self._clock() + UNAVAILABLE_CACHE_SECONDS)
        parser = RobotFileParser(robots_url)
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return _Rules(parser, self._clock() + CACHE_SECONDS)

    def _origin_lock(self, origin: str) -> threading.Lock:
        with self._lock:
            return self._origin_locks.setdefault(origin, threading.Lock())


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}".lower()
