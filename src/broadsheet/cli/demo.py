"""`broadsheet demo`: the bundled Wikinews corpus served by a local site, ingested through the
real fetch → extract path, then the site served — a full front page with no internet."""

from __future__ import annotations

from dataclasses import replace

import typer

from broadsheet.cli.common import console, load_settings, opened, run_site
from broadsheet.cli.sources import run_refresh
from broadsheet.config import Settings
from broadsheet.demo import DemoSite
from broadsheet.errors import BroadsheetError
from broadsheet.services import sources as service
from broadsheet.web import create_app

DEMO_HOST = "127.0.0.1"


def demo(
    port: int = typer.Option(None, help="Port of Broadsheet's own site (BROADSHEET_PORT)."),
    demo_port: int = typer.Option(8081, help="Port of the local demo news site."),
    serve: bool = typer.Option(True, help="Serve the site after loading (--no-serve: load only)."),
) -> None:
    """Load the bundled demo corpus from a local news site, then serve Broadsheet."""
    settings = _demo_settings(load_settings(port=port))
    with DemoSite.from_bundle(host=DEMO_HOST, port=demo_port) as site:
        outlets = ", ".join(outlet.name for outlet in site.outlets)
        console.print(
            f"Demo news sites on {site.home_url}: {outlets} "
            f"({len(site.feed_urls())} feeds, {len(site.article_urls())} article pages)"
        )
        with opened(settings) as (repo, fetcher):
            for url in site.feed_urls():
                try:
                    service.add_source(repo, fetcher, url)
                except BroadsheetError as exc:
                    console.print(f"[red]Could not add {url}:[/] {exc}")
            run_refresh(settings, repo, fetcher, None)
            if not serve:
                return
            run_site(create_app(settings, repo=repo, fetcher=fetcher, warm=True), settings)


def _demo_settings(settings: Settings) -> Settings:
    """The demo site lives on loopback, which the SSRF guard refuses unless allowed; it is ours,
    so no politeness delay is needed either."""
    allowed = ",".join(filter(None, [settings.allow_hosts, DEMO_HOST]))
    return replace(settings, allow_hosts=allowed, host_delay=0.0)
