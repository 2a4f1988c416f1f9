"""Ingest several sources at once on a thread pool; one source's failure never stops another.

The threads fetch and save; the feeds and pages they fetch are parsed and extracted in an
`ExtractionPool` of worker processes (`worker.extraction`), so that ingest is not held to one
core."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager

from broadsheet.config import Settings
from broadsheet.fetch import Fetcher
from broadsheet.model import IngestReport, Source
from broadsheet.pipeline import Extraction, ingest
from broadsheet.storage import Repository
from broadsheet.worker.desk import place_stories
from broadsheet.worker.extraction import ExtractionPool, available_cores

log = logging.getLogger(__name__)


def ingest_safely(
    source: Source, fetcher: Fetcher, repo: Repository, settings: Settings, extract: Extraction
) -> IngestReport:
    """ingest() records expected failures itself; this catches the unexpected, so that a bug
    hit by one source is logged against it and the worker carries on."""
    try:
        return ingest(source, fetcher=fetcher, repo=repo, settings=settings, extract=extract)
    except Exception as exc:
        log.exception("ingest crashed source_id=%s url=%s", source.id, source.url)
        report = IngestReport(source_id=source.id)
        report.errors.append(f"internal error: {type(exc).__name__}: {exc}")
        return report


def extraction_pool(settings: Settings) -> ExtractionPool:
    """`extract_processes` processes (0: one per core), no more than there are ingest threads
    to keep them busy."""
    wanted = settings.extract_processes or available_cores()
    return ExtractionPool(max(1, min(wanted, settings.worker_threads)))


def refresh(
    sources: Sequence[Source],
    *,
    fetcher: Fetcher,
    repo: Repository,
    settings: Settings,
    on_done: Callable[[IngestReport], None] | None = None,
    extract: Extraction | None = None,
    place: bool = True,
) -> list[IngestReport]:
    """Ingest every source now, `worker_threads` at a time, then place the new articles into
    stories (unless `place` is False); reports in completion order.

    Feeds and pages are extracted by `extract` if given (a running pool, or `IN_PROCESS` to stay
    in this process), else by an `extraction_pool` made for this call."""
    reports: list[IngestReport] = []
    with (
        _extraction(settings, extract) as extraction,
        ThreadPoolExecutor(settings.worker_threads, thread_name_prefix="ingest") as pool,
    ):
        futures = [
            pool.submit(ingest_safely, s, fetcher, repo, settings, extraction) for s in sources
        ]
        for future in as_completed(futures):
            report = future.result()
            reports.append(report)
            if on_done is not None:
                on_done(report)
    if place:
        place_stories(repo, settings)
    return reports


@contextmanager
def _extraction(settings: Settings, given: Extraction | None) -> Iterator[Extraction]:
    if given is not None:
        yield given
        return
    with extraction_pool(settings) as made:
        yield made
