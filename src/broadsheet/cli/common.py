"""What every command shares: settings from env + flags, logging, opening the repository."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from broadsheet.config import Settings
from broadsheet.fetch import Fetcher
from broadsheet.storage import Repository, open_repository

console = Console(stderr=True)


def load_settings(**overrides: Any) -> Settings:
    settings = Settings.from_env(**overrides)
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(name)s: %(message)s",
        handlers=[RichHandler(console=console, show_path=False)],
    )
    return settings


@contextmanager
def opened(settings: Settings) -> Iterator[tuple[Repository, Fetcher]]:
    repo = open_repository(settings.database_url)
    fetcher = Fetcher(settings)
    try:
        yield repo, fetcher
    finally:
        fetcher.close()
        repo.close()


def progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def run_site(web: FastAPI, settings: Settings) -> None:
    """Serve until Ctrl-C, saying where, and how to sign in to change sources."""
    console.print(f"Broadsheet on http://{settings.host}:{settings.port}  (Ctrl-C stops)")
    if not settings.admin_password:
        console.print(
            f"Sources admin: user [bold]admin[/], password [bold]{web.state.admin_password}[/] "
            "(made for this run; set BROADSHEET_ADMIN_PASSWORD to choose one)"
        )
    uvicorn.run(web, host=settings.host, port=settings.port, log_level="warning")


def run_processes(settings: Settings, processes: int) -> None:
    """Serve from `processes` processes sharing the port (pages only): one Python process runs
    one request at a time on one core, so a machine with N cores serves with N. Each process
    opens the database itself; they share the admin password through the environment."""
    if not settings.admin_password:
        password = secrets.token_urlsafe(12)
        os.environ["BROADSHEET_ADMIN_PASSWORD"] = password
        console.print(f"Sources admin: user [bold]admin[/], password [bold]{password}[/]")
    console.print(
        f"Broadsheet on http://{settings.host}:{settings.port} with {processes} processes "
        "(Ctrl-C stops)"
    )
    uvicorn.run(
        "broadsheet.web.app:app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=processes,
        log_level="warning",
    )
