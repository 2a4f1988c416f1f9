"""Writes handed to one background thread and run in batches.

What a request makes for later (a related list ranked on demand) is stored after the answer,
but not in the request's own cycle: there the write waited for SQLite's lock while the
connection's next request waited for it (a cold related list's p99 went from 33 to 55 ms at
concurrency 4 on two processes), and every list was its own transaction. Here the request only
queues the value; the thread takes whatever has queued up, up to `BATCH`, and writes it in one
call. A failed write is logged and dropped: it is an optimisation, remade at its next request.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["BATCH", "BatchWriter"]

log = logging.getLogger(__name__)

BATCH = 64
T = TypeVar("T")
_STOP = object()


class BatchWriter(Generic[T]):
    """`put` values; `write` gets them in batches, in order, on one thread. `close` writes what
    is queued and stops."""

    def __init__(self, write: Callable[[Sequence[T]], None], *, name: str, batch: int = BATCH):
        self._write = write
        self._batch = batch
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def put(self, value: T) -> None:
        self._queue.put(value)

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]  # waits for the first, then takes what has queued up
            while len(batch) < self._batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = any(item is _STOP for item in batch)
            self._flush([item for item in batch if item is not _STOP])  # type: ignore[misc]
            if stop:
                return

    def _flush(self, batch: list[T]) -> None:
        if not batch:
            return
        try:
            self._write(batch)
        except Exception:  # the thread outlives a failed batch; the next is written
            log.exception("%s: a batch of %d writes failed", self._thread.name, len(batch))
