"""add, import-opml, export-opml, refresh."""

from __future__ import annotations

from pathlib import Path

import typer

from broadsheet.cli.common import console, load_settings, opened, progress
from broadsheet.config import Settings
from broadsheet.errors import BroadsheetError
from broadsheet.fetch import Fetcher
from broadsheet.model import IngestReport, SourceStatus
from broadsheet.services import sources as service
from broadsheet.storage import Repository
from broadsheet.worker import refresh as refresh_sources
from broadsheet.worker.enricher import enrich_all


def add(
    url: str = typer.Argument(..., help="A feed, a site's home page, or an article URL."),
) -> None:
    """Add a source: feeds are used as they are, sites by their advertised feed."""
    settings = load_settings()
    with opened(settings) as (repo, fetcher):
        try:
            source = service.add_source(repo, fetcher, url)
        except BroadsheetError as exc:
            console.print(f"[red]Could not add {url}:[/] {exc}")
            raise typer.Exit(1) from exc
        console.print(f"Source {source.id}: {source.name} ({source.kind.value}) {source.url}")


def import_opml(path: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Add every feed of an OPML file (nothing is fetched until the first poll)."""
    settings = load_settings()
    with opened(settings) as (repo, _):
        try:
            report = service.import_opml(repo, path.read_bytes())
        except BroadsheetError as exc:
            console.print(f"[red]Import failed:[/] {exc}")
            raise typer.Exit(1) from exc
    console.print(f"Added {len(report.added)} sources, {len(report.already)} already present.")
    for error in report.errors:
        console.print(f"[yellow]{error}[/]")


def export_opml() -> None:
    """Print every feed as OPML 2.0."""
    settings = load_settings()
    with opened(settings) as (repo, _):
        print(service.opml_document(repo))


def refresh(
    source: list[int] = typer.Option(None, "--source", "-s", help="Only these source ids."),
) -> None:
    """Poll sources now (all active ones, or those given) and report what each did."""
    settings = load_settings()
    with opened(settings) as (repo, fetcher):
        failed = run_refresh(settings, repo, fetcher, source)
    if failed:
        raise typer.Exit(1)


def run_refresh(
    settings: Settings, repo: Repository, fetcher: Fetcher, ids: list[int] | None
) -> int:
    """Refresh with a progress bar; returns how many sources failed outright."""
    chosen = (
        [repo.get_source(i) for i in ids]
        if ids
        else [s for s in repo.list_sources() if s.status is SourceStatus.ACTIVE]
    )
    failed = 0
    with progress() as bar:
        task = bar.add_task("Refreshing sources", total=len(chosen))

        def done(report: IngestReport) -> None:
            nonlocal failed
            bar.advance(task)
            failed += int(bool(report.errors) and report.entries == 0)
            if report.errors:
                bar.console.print(f"source {report.source_id}: {report.errors[0]}")

        reports = refresh_sources(
            chosen, fetcher=fetcher, repo=repo, settings=settings, on_done=done
        )
    stored = sum(r.stored for r in reports)
    console.print(f"{len(reports)} sources polled, {stored} new articles, {failed} sources failed.")
    if settings.enrich:
        with console.status("Enriching articles (entities, hashtags, summaries, quotes)"):
            enriched = enrich_all(repo, settings)
        console.print(f"{enriched} articles enriched.")
    return failed
