"""`broadsheet create-admin` and `broadsheet set-role`: the site's staff, made by its operator.

The password is read from a hidden prompt (typed twice) or from a file, never from the command
line, where it would stay in the shell history and show in the process list."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from broadsheet.cli.common import console, load_settings, opened
from broadsheet.community import Role
from broadsheet.errors import BroadsheetError
from broadsheet.services import accounts


def create_admin(
    email: str = typer.Option(..., "--email", help="The administrator's email address."),
    name: str = typer.Option(..., "--name", help="The display name shown on their comments."),
    password_file: Path | None = typer.Option(
        None,
        "--password-file",
        help="Read the password from this file's first line (else a hidden prompt asks).",
        exists=True,
        dir_okay=False,
        readable=True,
    ),
) -> None:
    """Make an administrator account (admins moderate, edit the word list and set roles)."""
    settings = load_settings()
    password = _password(password_file)
    with opened(settings) as (repo, _):
        try:
            made = accounts.create_account(
                repo, email, name, password, Role.ADMIN, datetime.now(UTC)
            )
        except BroadsheetError as exc:
            console.print(f"[red]Could not create the administrator:[/] {exc}")
            raise typer.Exit(1) from exc
    console.print(f"Administrator {made.display_name!r} <{made.email}> created; sign in at /login.")


def set_role(
    email: str = typer.Argument(..., help="The account's email address."),
    role: Role = typer.Argument(..., help="reader, moderator or admin."),
) -> None:
    """Give an account a role: reader, moderator (hides and restores comments, bans) or admin."""
    settings = load_settings()
    with opened(settings) as (repo, _):
        try:
            changed = accounts.set_role(repo, email, role)
        except BroadsheetError as exc:
            console.print(f"[red]Could not set the role:[/] {exc}")
            raise typer.Exit(1) from exc
    console.print(f"{changed.display_name!r} <{changed.email}> is now {changed.role.value}.")


def _password(password_file: Path | None) -> str:
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    return str(
        typer.prompt("Password (at least 10 characters)", hide_input=True, confirmation_prompt=True)
    )
