"""Reading pages made one at a time per server process, in the order they were asked for.

A page is mostly Python, and a process runs one Python thread at a time. Pages made at once in
one process take turns: the one that lets go for a short SQLite call waits up to the other's
switch interval (5 ms) to run again, at every call, and each handover costs CPU. So the pages
that only read and compute wait in this lane, one at a time per process and first come, first
served (anyio's limiter), while the handlers that may wait on another server (adding a source
fetches its feed, a question may ask the LLM, sign-in hashes a password, mail) stay in the
shared thread pool, where a slow one holds up nothing else. One process, 4 requests in flight,
back to back with and without the lane: a related list's first request 5.2–6.2 ms of CPU and
p99 24.5–31.3 ms, against 7.9–8.2 and 49.5–49.6; keyword search 8.3 ms and p95 34–36 against
10.1–10.9 and 42–45; hybrid search 11.6–12.5 ms against 13.3–13.9, p95 52–53 against 50–51
(its p50 rises: each search now waits for the ones before it, 44–49 ms against 33–35).

`BROADSHEET_PAGE_THREADS` widens the lane: pages that wait on a slow disk then overlap.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar

__all__ = ["one_at_a_time", "open_lane"]

P = ParamSpec("P")
R = TypeVar("R")

_LANE: RunVar[CapacityLimiter] = RunVar("page_lane")  # one per event loop (per process)


def open_lane(width: int) -> None:
    """Let `width` (at least 1) pages be made at once in this event loop; call it from the
    app's lifespan, in the loop that serves."""
    _LANE.set(CapacityLimiter(max(1, width)))


def one_at_a_time(handler: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """A sync page handler run in a worker thread once the lane lets it in. FastAPI reads the
    handler's own parameters through the wrapper."""

    @functools.wraps(handler)
    async def in_lane(*args: P.args, **kwargs: P.kwargs) -> R:
        return await to_thread.run_sync(
            functools.partial(handler, *args, **kwargs), limiter=_lane()
        )

    return in_lane


def _lane() -> CapacityLimiter:
    try:
        return _LANE.get()
    except LookupError:  # an app served without its lifespan: the default width
        _LANE.set(limiter := CapacityLimiter(1))
        return limiter
