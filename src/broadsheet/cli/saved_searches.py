"""`broadsheet saved-search add | list | remove`: saved queries, their feeds and webhooks."""

from __future__ import annotations

from urllib.parse import urlsplit

import typer

from broadsheet.cli.common import console, load_settings, opened
from broadsheet.errors import BroadsheetError
from broadsheet.model import WebhookEvent
from broadsheet.services import saved_searches as service

app = typer.Typer(
    help="Saved searches: a query whose matches are a feed, and optionally POSTed to a webhook.",
    no_args_is_help=True,
)


@app.command()
def add(
    name: str = typer.Argument(..., help="What to call it."),
    query: str = typer.Argument(..., help='In the search syntax: words, "phrases", source: …'),
    webhook: str = typer.Option("", "--webhook", help="POST each new matching article here."),
    secret: str = typer.Option(
        "", "--secret", help="Sign deliveries with this (16+ characters); default: a random one."
    ),
    events: list[WebhookEvent] = typer.Option(
        [],
        "--event",
        help="Send the webhook only this event (repeat for both): match, each new matching "
        "article; story, each story once, at its first matching article. Default: both.",
    ),
) -> None:
    """Save a search. With --webhook, the signing secret is printed once, alone on stdout."""
    settings = load_settings()
    with opened(settings) as (repo, fetcher):
        try:
            saved = service.create_saved_search(
                repo, fetcher, name, query, webhook_url=webhook, webhook_secret=secret,
                events=events or None,
            )  # fmt: skip
        except BroadsheetError as exc:
            console.print(f"[red]Could not save the search:[/] {exc}")
            raise typer.Exit(1) from exc
    feed = f"{settings.site_url}/saved/{saved.id}/feed.xml"
    console.print(f"Saved search {saved.id} {saved.name!r}: its feed is {feed}")
    if saved.has_webhook:
        console.print("Webhook secret (shown once; receivers check signatures with it):")
        print(saved.webhook_secret)


@app.command("list")
def list_() -> None:
    """Every saved search: id, name, webhook host, query (never a webhook's URL or secret)."""
    settings = load_settings()
    with opened(settings) as (repo, _):
        saved_searches = repo.list_saved_searches()
    if not saved_searches:
        console.print("No saved searches yet: `broadsheet saved-search add NAME QUERY` makes one.")
        return
    print(f"{'id':>4}  {'name':<24} {'webhook':<24} query")
    for saved in saved_searches:
        host = urlsplit(saved.webhook_url).hostname or "-" if saved.has_webhook else "-"
        print(f"{saved.id:>4}  {saved.name[:24]:<24} {host[:24]:<24} {saved.query}")


@app.command()
def remove(saved_search_id: int = typer.Argument(..., help="The saved search's id.")) -> None:
    """Delete a saved search, its webhook and its delivery log."""
    settings = load_settings()
    with opened(settings) as (repo, _):
        try:
            repo.remove_saved_search(saved_search_id)
        except BroadsheetError as exc:
            console.print(f"[red]Could not remove:[/] {exc}")
            raise typer.Exit(1) from exc
    console.print(f"Saved search {saved_search_id} removed.")
