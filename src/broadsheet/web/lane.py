"""Reading pages made one at a time per server process, searches two at a time, in the order
they were asked for.

A process runs one Python thread at a time. An article page, a related list, a front page are
mostly Python: two made at once only take turns, and each handover costs CPU. A search spends
most of its time in SQLite's bm25 and snippets and in numpy's dot products, which run without
Python's lock: two searches overlap there, on two cores. So each kind waits in its own lane,
first come, first served (anyio's limiter), `BROADSHEET_PAGE_THREADS` (1) pages and
`BROADSHEET_SEARCH_THREADS` (2) searches at a time per process, while the handlers that may wait
on another server (adding a source fetches its feed, a question may ask the LLM, sign-in hashes
a password, mail) stay in the shared thread pool, where a slow one holds up nothing else.

A thread back from SQLite waits for the one holding Python to hand it over, by default every
5 ms: at each SQLite call, a search made beside another page waited up to that. A served process
hands over every 0.2 ms (`take_short_turns`).

One process, 4 requests in flight at 100k articles, ms (docs/benchmarks.md):

| at once, turns | hybrid search p95 (alone) | article p99 | related list's first request p99 |
| --- | --- | --- | --- |
| 1, 5 ms | 55.9–56.7 | 12.6–14.4 | 23.8–30.0 |
| 1, 0.2 ms | 49.2–50.9 | 14.1–15.4 | 25.6–31.7 |
| 2, 5 ms | 46.9–49.1 | | |
| 2, 0.2 ms | 40.1–43.8 | 24.1–25.8 | 29.6–34.6 |
| 3 or 4, 0.2 ms | 48.5–53.9 | | |
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar

__all__ = ["SWITCH_SECONDS", "in_lane", "in_search_lane", "open_lanes", "take_short_turns"]

P = ParamSpec("P")
R = TypeVar("R")

SWITCH_SECONDS = 0.0002  # how often a thread holding Python hands it over (Python's default 0.005)

_PAGES: RunVar[CapacityLimiter] = RunVar("page_lane")  # one per event loop (per process)
_SEARCHES: RunVar[CapacityLimiter] = RunVar("search_lane")


def open_lanes(pages: int, searches: int) -> None:
    """Let `pages` pages and `searches` searches (each at least 1) be made at once in this
    event loop; call it from the app's lifespan, in the loop that serves."""
    _PAGES.set(CapacityLimiter(max(1, pages)))
    _SEARCHES.set(CapacityLimiter(max(1, searches)))


def in_lane(handler: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """A sync page handler run in a worker thread once the page lane lets it in. FastAPI reads
    the handler's own parameters through the wrapper."""
    return _queued(handler, _PAGES, "pages")


def in_search_lane(handler: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """As `in_lane`, for a handler that searches."""
    return _queued(handler, _SEARCHES, "searches")


def _queued(
    handler: Callable[P, R], lane: RunVar[CapacityLimiter], name: str
) -> Callable[P, Awaitable[R]]:
    @functools.wraps(handler)
    async def queued(*args: P.args, **kwargs: P.kwargs) -> R:
        return await to_thread.run_sync(
            functools.partial(handler, *args, **kwargs), limiter=_limiter(lane)
        )

    queued.__dict__["lane"] = name  # which lane a route waits in, for whoever asks
    return queued


def take_short_turns() -> None:
    """Make the threads of this process hand Python over every `SWITCH_SECONDS`: for a served
    process, whose pages, event loop and writer share it (the whole process, so not in tests)."""
    sys.setswitchinterval(SWITCH_SECONDS)


def _limiter(lane: RunVar[CapacityLimiter]) -> CapacityLimiter:
    try:
        return lane.get()
    except LookupError:  # an app served without its lifespan: one at a time
        lane.set(limiter := CapacityLimiter(1))
        return limiter
