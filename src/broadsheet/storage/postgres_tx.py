"""Transactions on PostgreSQL: short, concurrent, retried when the server says so.

There is no writer thread: PostgreSQL serialises conflicting writers itself. Each write is one
READ COMMITTED transaction on a pooled connection. A transaction that loses a race is retried
whole, from a fresh snapshot: a deadlock, a serialization failure, or a unique violation (two
processes that both checked, found nothing and inserted: on the retry the check finds the row).
Every transaction body is pure database work, so running it again is safe.

Reads are REPEATABLE READ, READ ONLY: the statements of one read (a page and its count, "the
first unplaced article, else the newest") see one snapshot.

A write started while another runs on the same thread joins that transaction: a backend takes a
lock first and then calls the shared query, whose own `_write` lands in the same transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from sqlalchemy import Connection
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

__all__ = ["ATTEMPTS", "Transactions", "holding"]

T = TypeVar("T")

ATTEMPTS = 5
# serialization_failure, deadlock_detected, unique_violation
_RETRYABLE = frozenset({"40001", "40P01", "23505"})
_current: ContextVar[Connection | None] = ContextVar("broadsheet_pg_transaction", default=None)


class Transactions:
    """`_read(fn)` and `_write(fn)` for the shared query mixins, over a pooled engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._reader = engine.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )

    def _read(self, fn: Callable[[Connection], T]) -> T:
        current = _current.get()
        if current is not None:
            return fn(current)
        with self._reader.connect() as conn:
            return fn(conn)

    def _write(self, fn: Callable[[Connection], T]) -> T:
        current = _current.get()
        if current is not None:
            return fn(current)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self._transaction(fn)
            except DBAPIError as error:
                if attempt == ATTEMPTS or _sqlstate(error) not in _RETRYABLE:
                    raise
                time.sleep(0.005 * 2**attempt)  # let the winner commit
        raise AssertionError("unreachable")

    def _transaction(self, fn: Callable[[Connection], T]) -> T:
        with self.engine.begin() as conn:
            token = _current.set(conn)
            try:
                return fn(conn)
            finally:
                _current.reset(token)


def holding(
    lock: Callable[[Connection], object], call: Callable[[], T]
) -> Callable[[Connection], T]:
    """A transaction body that takes `lock` and then runs `call`, whose writes join it."""

    def run(conn: Connection) -> T:
        lock(conn)
        return call()

    return run


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None)
