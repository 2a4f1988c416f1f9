"""Extraction in worker processes, so that ingest uses every core.

Parsing feeds and extracting pages is CPU-bound Python (feedparser, trafilatura, lxml): ingest
threads that do it in-process take turns on one interpreter lock, and more threads only add
switching. An `ExtractionPool` is an `Extraction` (the pipeline cannot tell it from
`IN_PROCESS`) that runs `parse_feed` and `extract_article` in a few worker processes instead:
bytes go in, small frozen records come out, and the threads keep the I/O (fetching, saving).

Each process has its own pipe and serves one ingest thread at a time, so a job's cost is one
send and one receive in the calling thread (no broker threads), and a process that dies takes
only its own job with it: that page fails with ArticleError (the feed with FeedError), recorded
like any page without text, and a fresh process takes the dead one's place. A job that takes
longer than `timeout` is stopped the same way, so a pathological page cannot hold an ingest
thread forever.

Processes start from a fork server that has imported the extractors once (spawn where the
platform has no fork server), when first needed, and live as long as the pool.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from types import TracebackType
from typing import Any

from broadsheet.errors import ArticleError, ExtractError, FeedError
from broadsheet.extract.article import extract_article
from broadsheet.extract.feed import parse_feed
from broadsheet.model import ArticleText, ParsedFeed
from broadsheet.pipeline.extraction import ArticleExtractor, FeedParser
from broadsheet.worker.extractor_process import ExtractorProcess, ProcessLost

__all__ = ["EXTRACTION_TIMEOUT", "ExtractionPool", "available_cores"]

log = logging.getLogger(__name__)

EXTRACTION_TIMEOUT = 60.0  # seconds; the slowest of the 990 evaluation pages takes about 3.5
_PRELOAD = ["broadsheet.extract.article", "broadsheet.extract.feed"]


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform reports it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class ExtractionPool:
    """`processes` extraction processes shared by every ingest thread; thread-safe.

    `article` and `feed` are what the processes run: `extract_article` and `parse_feed`, or
    stand-ins in tests (module-level functions, so that they can be sent to a process)."""

    def __init__(
        self,
        processes: int,
        *,
        article: ArticleExtractor = extract_article,
        feed: FeedParser = parse_feed,
        timeout: float = EXTRACTION_TIMEOUT,
    ) -> None:
        if processes < 1:
            raise ValueError(f"an extraction pool needs at least one process, not {processes}")
        self.processes, self.timeout = processes, timeout
        self._article, self._feed = article, feed
        self._context = _start_context()
        # LIFO: a running process is reused before an empty slot (None) starts a new one
        self._idle: queue.LifoQueue[ExtractorProcess | None] = queue.LifoQueue()
        for _ in range(processes):
            self._idle.put(None)
        self._lock = threading.Lock()
        self._closed = False

    def feed(self, body: bytes, url: str, content_type: str = "") -> ParsedFeed:
        job = _Job(self._feed, (body, url, content_type), {}, url, FeedError, "feed")
        parsed: ParsedFeed = self._run(job)
        return parsed

    def article(
        self, body: bytes, url: str, content_type: str = "", *, find_date: bool = True
    ) -> ArticleText:
        args, kwargs = (body, url, content_type), {"find_date": find_date}
        text: ArticleText = self._run(_Job(self._article, args, kwargs, url, ArticleError, "page"))
        return text

    def start(self) -> None:
        """Start every process now rather than when first needed (a warm pool, for benches)."""
        started = [self._checkout() for _ in range(self.processes)]
        try:
            for process in started:
                process.wait_ready()
        finally:
            for process in started:
                self._checkin(process)

    def close(self) -> None:
        """Stop the idle processes now, the busy ones as their job ends. Idempotent."""
        with self._lock:
            self._closed = True
        while True:
            try:
                process = self._idle.get_nowait()
            except queue.Empty:
                break
            if process is not None:
                process.stop()
        for _ in range(self.processes):  # wakes anyone still waiting, to be told it is closed
            self._idle.put(None)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _run(self, job: _Job) -> Any:
        process = self._checkout()
        try:
            ok, value = process.run(job.function, job.args, job.kwargs, self.timeout)
        except ProcessLost as lost:
            self._retire(process)
            log.warning("extraction process lost url=%s pid=%s: %s", job.url, process.pid, lost)
            raise job.lost(lost) from None
        except BaseException:  # interrupted mid-job: its late answer must not reach another
            self._retire(process)
            raise
        self._checkin(process)
        if not ok:
            raise value
        return value

    def _checkout(self) -> ExtractorProcess:
        process = self._idle.get()
        if self._closed:
            self._checkin(process)
            raise RuntimeError("the extraction pool is closed")
        if process is not None and process.is_alive():
            return process
        if process is not None:  # died while idle (the OOM killer): not this job's fault
            process.kill()
        try:
            return ExtractorProcess(self._context)
        except BaseException:
            self._idle.put(None)
            raise

    def _checkin(self, process: ExtractorProcess | None) -> None:
        with self._lock:
            closed = self._closed
        if closed and process is not None:
            process.stop()
        self._idle.put(None if closed else process)

    def _retire(self, process: ExtractorProcess) -> None:
        process.kill()
        self._idle.put(None)


@dataclass(frozen=True, slots=True)
class _Job:
    function: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]
    url: str
    error: type[ExtractError]  # raised when the process is lost: ArticleError, FeedError
    what: str  # "page", "feed"

    def lost(self, why: ProcessLost) -> ExtractError:
        return self.error(f"the {self.what}'s extraction process {why}")


def _start_context() -> BaseContext:
    """A fork server with the extractors imported, where the platform has one: a new process
    is then a cheap fork of a clean, single-threaded parent."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")
