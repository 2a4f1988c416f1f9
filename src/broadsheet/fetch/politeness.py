"""Per-host politeness: at most `concurrency` requests in flight to one host, and request starts
to one host at least `delay` seconds apart. Shared by every worker thread of a Fetcher."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class _Host:
    slots: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0


class HostGate:
    """`with gate.slot(host):` waits for a free slot and the host's spacing, then holds the slot.

    Each request reserves its start time under the host's lock (the last reservation plus
    `delay`) and sleeps outside it, so waiting threads are served in arrival order.
    """

    def __init__(
        self,
        concurrency: int,
        delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._concurrency = max(1, concurrency)
        self._delay = max(0.0, delay)
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        state = self._host(host.lower())
        with state.slots:
            wait = self._reserve(state)
            if wait > 0:
                self._sleep(wait)
            yield

    def _reserve(self, state: _Host) -> float:
        with state.lock:
            now = self._clock()
            start = max(now, state.next_start)
            state.next_start = start + self._delay
            return start - now

    def _host(self, host: str) -> _Host:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = _Host(threading.BoundedSemaphore(self._concurrency))
                self._hosts[host] = state
            return state
