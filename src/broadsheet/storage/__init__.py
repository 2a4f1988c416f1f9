"""Storage: the Repository interface and its backends."""

from __future__ import annotations

from broadsheet.errors import ConfigError
from broadsheet.storage.repository import Copy, EntryFailure, Repository, SaveResult


def open_repository(database_url: str) -> Repository:
    """Open (and migrate) the database a URL names."""
    if database_url.startswith("sqlite:"):
        from broadsheet.storage.sqlite import SqliteRepository

        return SqliteRepository(database_url)
    if database_url.startswith(("postgresql:", "postgresql+psycopg:", "postgres:")):
        from broadsheet.storage.postgres import PostgresRepository

        return PostgresRepository(database_url)
    raise ConfigError(
        f"unsupported database URL {database_url!r}: use sqlite:///PATH or "
        "postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
    )


__all__ = ["Copy", "EntryFailure", "Repository", "SaveResult", "open_repository"]
