"""ingest(source): one poll of one source, as a linear script with one log line per step.

Failure of one entry never stops the others; failure of the source is recorded against it with a
readable reason. Articles are saved a few per transaction (`pipeline.saving`), and the source's
validators (ETag, Last-Modified) are saved only at the end, so a process killed mid-ingest leaves
no half-written article and the next poll fetches again what was missed.

`extract` parses the feed and extracts each page: in this thread by default, or wherever the
caller's `Extraction` runs them, such as a pool of worker processes (`pipeline.extraction`)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from broadsheet.config import Settings
from broadsheet.errors import ExtractError, FetchError, HttpStatusError
from broadsheet.fetch import Fetcher, retry_after_of
from broadsheet.model import (
    ArticleDraft,
    FeedEntry,
    Fetched,
    FetchEvent,
    IngestReport,
    ParsedFeed,
    Source,
    SourceKind,
    SourceStatus,
)
from broadsheet.normalize.urls import canonical_url
from broadsheet.pipeline.article import draft_entry
from broadsheet.pipeline.extraction import IN_PROCESS, Extraction
from broadsheet.pipeline.saving import ArticleBatch
from broadsheet.pipeline.schedule import plan_next_poll
from broadsheet.storage import Repository

log = logging.getLogger(__name__)

MAX_ENTRY_ATTEMPTS = 3  # an entry whose page keeps failing is given up after this many polls


def ingest(
    source: Source,
    *,
    fetcher: Fetcher,
    repo: Repository,
    settings: Settings,
    extract: Extraction = IN_PROCESS,
) -> IngestReport:
    report = IngestReport(source_id=source.id)
    if source.kind is SourceKind.PAGE:
        return _ingest_page(source, fetcher, repo, settings, report, extract)
    try:
        fetched = fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified)
    except FetchError as exc:
        return _source_failed(source, repo, settings, report, exc)
    log.info("feed fetched source_id=%s url=%s status=%s", source.id, source.url, fetched.status)
    if fetched.not_modified:
        report.not_modified = True
        return _finish(source, repo, settings, report, fetched, None)
    try:
        feed = extract.feed(fetched.body, fetched.final_url, fetched.content_type)
    except ExtractError as exc:
        return _source_failed(source, repo, settings, report, exc)
    report.entries = len(feed.entries)
    new = _new_entries(feed, source, repo, settings)
    report.new_entries = len(new)
    log.info("feed parsed source_id=%s entries=%s new=%s", source.id, report.entries, len(new))
    _ingest_entries(new, source, fetcher, repo, report, extract)
    return _finish(source, repo, settings, report, fetched, feed)


def _new_entries(
    feed: ParsedFeed, source: Source, repo: Repository, settings: Settings
) -> list[FeedEntry]:
    entries = list(feed.entries[: settings.max_entries_per_poll])
    urls = [canonical_url(e.url) for e in entries]
    seen = repo.seen_entries(
        source.id, urls + [e.url for e in entries], [e.guid for e in entries], MAX_ENTRY_ATTEMPTS
    )
    return [
        e
        for e, url in zip(entries, urls, strict=True)
        if url not in seen and e.url not in seen and not (e.guid and e.guid in seen)
    ]


def _ingest_entries(
    entries: list[FeedEntry],
    source: Source,
    fetcher: Fetcher,
    repo: Repository,
    report: IngestReport,
    extract: Extraction,
) -> None:
    """Each entry fetched and extracted in turn; the articles saved in batches."""
    batch = ArticleBatch(repo, report)
    try:
        for entry in entries:
            draft = _draft_one(entry, source, fetcher, repo, report, extract)
            if draft is not None:
                batch.add(draft)
    finally:
        batch.flush()


def _draft_one(
    entry: FeedEntry,
    source: Source,
    fetcher: Fetcher,
    repo: Repository,
    report: IngestReport,
    extract: Extraction,
) -> ArticleDraft | None:
    """The entry's article, or None when it failed (the failure is recorded)."""
    try:
        draft = draft_entry(entry, source, fetcher, extract)
    except (FetchError, ExtractError) as exc:
        report.errors.append(f"{entry.url}: {exc}")
        repo.record_entry_failure(source.id, entry.url, str(exc), datetime.now(UTC))
        log.warning("entry failed source_id=%s url=%s reason=%s", source.id, entry.url, exc)
        return None
    report.fetched += 1
    report.extracted += 1
    return draft


def _ingest_page(
    source: Source,
    fetcher: Fetcher,
    repo: Repository,
    settings: Settings,
    report: IngestReport,
    extract: Extraction,
) -> IngestReport:
    """A single-article source: its one page is the one entry."""
    entry = FeedEntry(url=source.url, guid=source.url)
    report.entries = 1
    if repo.seen_entries(source.id, [canonical_url(source.url)], [source.url], 1):
        return _finish(source, repo, settings, report, None, None)
    report.new_entries = 1
    _ingest_entries([entry], source, fetcher, repo, report, extract)
    if report.errors:
        return _source_failed(source, repo, settings, report, None)
    return _finish(source, repo, settings, report, None, None)


def _source_failed(
    source: Source,
    repo: Repository,
    settings: Settings,
    report: IngestReport,
    exc: Exception | None,
) -> IngestReport:
    message = str(exc) if exc is not None else report.errors[-1]
    if exc is not None:
        report.errors.append(message)
    status = exc.status if isinstance(exc, FetchError) else None
    errors = source.error_count + 1
    now = datetime.now(UTC)
    interval = plan_next_poll(
        source, settings, now, errors=errors, fetched=None, feed=None,
        retry_after=retry_after_of(exc) if isinstance(exc, FetchError) else None,
    )  # fmt: skip
    changes: dict[str, object] = {
        "last_polled_at": now,
        "last_status": message[:1000],
        "error_count": errors,
        "next_poll_at": now + timedelta(seconds=interval),
    }
    if isinstance(exc, HttpStatusError) and exc.status == 410:
        changes["status"] = SourceStatus.RETIRED
        message = f"retired: the server says the feed is gone (410). {message}"
        changes["last_status"] = message[:1000]
    repo.record_fetch(
        FetchEvent(source.id, now, False, message, http_status=status, url=source.url), **changes
    )
    log.warning("source failed source_id=%s url=%s reason=%s", source.id, source.url, message)
    return report


def _finish(
    source: Source,
    repo: Repository,
    settings: Settings,
    report: IngestReport,
    fetched: Fetched | None,
    feed: ParsedFeed | None,
) -> IngestReport:
    now = datetime.now(UTC)
    interval = plan_next_poll(source, settings, now, errors=0, fetched=fetched, feed=feed)
    message = _summary(report)
    changes: dict[str, object] = {
        "last_polled_at": now,
        "last_status": message,
        "error_count": 0,
        "poll_interval": interval,
        "next_poll_at": now + timedelta(seconds=interval),
    }
    if fetched is not None and not fetched.not_modified:
        changes["etag"] = fetched.etag
        changes["last_modified"] = fetched.last_modified
    if feed is not None:
        changes["title"] = source.title or feed.title
        changes["site_url"] = source.site_url or feed.site_url
    event = FetchEvent(
        source.id, now, True, message, http_status=fetched.status if fetched else None,
        new_articles=report.stored, url=source.url,
    )  # fmt: skip
    repo.record_fetch(event, **changes)
    log.info("ingest done source_id=%s url=%s %s", source.id, source.url, message)
    return report


def _summary(report: IngestReport) -> str:
    if report.not_modified:
        return "not modified since the last poll"
    parts = [f"{report.entries} entries", f"{report.new_entries} new", f"{report.stored} stored"]
    if report.duplicates:
        parts.append(f"{report.duplicates} duplicates")
    if report.errors:
        parts.append(f"{len(report.errors)} failed (first: {report.errors[0][:200]})")
    return ", ".join(parts)
