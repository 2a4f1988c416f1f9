"""What every command shares: settings from env + flags, logging, opening the repository."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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
