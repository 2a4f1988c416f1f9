"""Ingest several sources at once on a thread pool; one source's failure never stops another."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed

from broadsheet.config import Settings
from broadsheet.fetch import Fetcher
from broadsheet.model import IngestReport, Source
from broadsheet.pipeline import ingest
from broadsheet.storage import Repository

log = logging.getLogger(__name__)


def ingest_safely(
    source: Source, fetcher: Fetcher, repo: Repository, settings: Settings
) -> IngestReport:
    """ingest() records expected failures itself; this catches the unexpected, so that a bug
    hit by one source is logged against it and the worker carries on."""
    try:
        return ingest(source, fetcher=fetcher, repo=repo, settings=settings)
    except Exception as exc:
        log.exception("ingest crashed source_id=%s url=%s", source.id, source.url)
        report = IngestReport(source_id=source.id)
        report.errors.append(f"internal error: {type(exc).__name__}: {exc}")
        return report


def refresh(
    sources: Sequence[Source],
    *,
    fetcher: Fetcher,
    repo: Repository,
    settings: Settings,
    on_done: Callable[[IngestReport], None] | None = None,
) -> list[IngestReport]:
    """Ingest every source now, `worker_threads` at a time; reports in completion order."""
    reports: list[IngestReport] = []
    with ThreadPoolExecutor(settings.worker_threads, thread_name_prefix="ingest") as pool:
        futures = [pool.submit(ingest_safely, s, fetcher, repo, settings) for s in sources]
        for future in as_completed(futures):
            report = future.result()
            reports.append(report)
            if on_done is not None:
                on_done(report)
    return reports
