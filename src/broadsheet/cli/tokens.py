"""`broadsheet token create | list | revoke`: API tokens for writes through /api/v1."""

from __future__ import annotations

from datetime import datetime

import typer

from broadsheet.cli.common import console, load_settings, opened
from broadsheet.errors import BroadsheetError
from broadsheet.services import tokens as service

app = typer.Typer(
    help="API tokens: `Authorization: Bearer <token>` on /api/v1 writes.", no_args_is_help=True
)


@app.command()
def create(
    name: str = typer.Option(..., "--name", help="What the token is for (e.g. the client's name)."),
) -> None:
    """Make a token and print it once: only its hash is stored, so it can't be shown again."""
    settings = load_settings()
    with opened(settings) as (repo, _):
        try:
            made = service.create_token(repo, name)
        except BroadsheetError as exc:
            console.print(f"[red]Could not create the token:[/] {exc}")
            raise typer.Exit(1) from exc
    console.print(
        f"Token {name!r} created. Copy it now: only its hash is kept, so it won't be shown again."
    )
    print(made.secret)  # alone on stdout, so `TOKEN=$(broadsheet token create …)` works


@app.command("list")
def list_() -> None:
    """Every token: name, created, last used, revoked (never the token itself)."""
    settings = load_settings()
    with opened(settings) as (repo, _):
        tokens = service.list_tokens(repo)
    if not tokens:
        console.print("No API tokens yet: `broadsheet token create --name NAME` makes one.")
        return
    print(f"{'name':<24} {'created (UTC)':<17} {'last used':<17} revoked")
    for token in tokens:
        when = (_when(token.created_at), _when(token.last_used_at), _when(token.revoked_at))
        print(f"{token.name:<24} {when[0]:<17} {when[1]:<17} {when[2]}")


@app.command()
def revoke(name: str = typer.Argument(..., help="The token's name.")) -> None:
    """Revoke a token: requests that send it are refused from now on."""
    settings = load_settings()
    with opened(settings) as (repo, _):
        try:
            service.revoke_token(repo, name)
        except BroadsheetError as exc:
            console.print(f"[red]Could not revoke:[/] {exc}")
            raise typer.Exit(1) from exc
    console.print(f"Token {name!r} revoked.")


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at is not None else "-"
