"""One writer thread: SQLite allows one writer at a time, so every write goes through here
in order instead of racing for the lock (the Datasette pattern)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Connection, Engine

T = TypeVar("T")


class Writer:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-writer")

    def run(self, fn: Callable[[Connection], T]) -> T:
        """Run `fn` in one transaction on the writer thread and wait for its result."""
        return self._pool.submit(self._transaction, fn).result()

    def _transaction(self, fn: Callable[[Connection], T]) -> T:
        with self._engine.begin() as conn:
            return fn(conn)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
