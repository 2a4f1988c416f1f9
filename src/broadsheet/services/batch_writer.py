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
    is queued and stops; `flush` waits until everything put so far is written."""

    def __init__(self, write: Callable[[Sequence[T]], None], *, name: str, batch: int = BATCH):
        self._write = write
        self._batch = batch
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def put(self, value: T) -> None:
        self._queue.put(value)

    def flush(self, timeout: float = 30.0) -> None:
        done = threading.Event()
        self._queue.put(done)
        if not done.wait(timeout):
            raise TimeoutError(f"{self._thread.name}: queued writes not done in {timeout:.0f} s")

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()

    def _run(self) -> None:
        while True:
            batch: list[T] = []
            item = self._queue.get()
            while True:
                if item is _STOP:
                    self._flush(batch)
                    return
                if isinstance(item, threading.Event):  # a flush: write what came before it
                    self._flush(batch)
                    batch = []
                    item.set()
                else:
                    batch.append(item)  # type: ignore[arg-type]
                if len(batch) >= self._batch:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            self._flush(batch)

    def _flush(self, batch: list[T]) -> None:
        if not batch:
            return
        try:
            self._write(batch)
        except Exception:
            log.exception("%s: a batch of %d writes failed", self._thread.name, len(batch))
