"""One extraction process: a child that runs the extract functions it is sent, one job at a
time, over its own pipe.

The child answers each `(function, args, kwargs)` job with its value or its exception (a bug's
traceback rides along as a note), and with the log records the job made, which the parent
replays to its own handlers (as if the job had run in the parent). The parent kills a child
that takes longer than the job's time limit, and notices one that dies (a crash in a C parser,
the out-of-memory killer): either way only the job in hand is lost, and `ProcessLost` says why.
"""

from __future__ import annotations

import logging
import pickle
import signal
import traceback
from collections.abc import Callable, Mapping
from logging.handlers import QueueHandler
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

from broadsheet.errors import BroadsheetError

__all__ = ["ExtractorProcess", "ProcessLost"]

Outcome = tuple[bool, Any]  # (True, value) or (False, exception)

START_TIMEOUT = 60.0  # seconds for a new child to import what it needs and say it is ready


class ProcessLost(Exception):
    """The child died or was killed for taking too long; the message says which."""


class ExtractorProcess:
    def __init__(self, context: BaseContext) -> None:
        self._conn, child = context.Pipe()
        level = logging.getLogger().getEffectiveLevel()
        self._process = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, level), name="broadsheet-extract", daemon=True
        )
        self._process.start()
        child.close()
        self._ready = False

    def wait_ready(self) -> None:
        """Wait for the child to finish starting (its imports), so that a job's time limit
        is the job's alone; ProcessLost if it does not."""
        if self._ready:
            return
        try:
            if not self._conn.poll(START_TIMEOUT):
                self.kill()
                raise ProcessLost(f"did not start within {START_TIMEOUT:g} s")
            self._conn.recv()
        except (EOFError, OSError) as exc:
            raise ProcessLost(f"could not start: it {self._death()}") from exc
        self._ready = True

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def is_alive(self) -> bool:
        return self._process.is_alive()

    def run(
        self,
        function: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        timeout: float,
    ) -> Outcome:
        """`function(*args, **kwargs)` in the child; raises ProcessLost if the child dies or
        takes longer than `timeout` seconds (it is killed then)."""
        self.wait_ready()
        try:
            self._conn.send((function, args, kwargs))
            if not self._conn.poll(timeout):
                self.kill()
                raise ProcessLost(f"took longer than {timeout:g} s and was stopped")
            ok, value, records = self._conn.recv()
        except (EOFError, OSError) as exc:  # the pipe broke: the child is gone
            raise ProcessLost(self._death()) from exc
        for record in records:
            logging.getLogger(record.name).handle(record)
        return ok, value

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the child to finish (its pipe closes), and kill it if it does not."""
        self._conn.close()
        self._process.join(timeout)
        if self._process.is_alive():
            self.kill()

    def kill(self) -> None:
        self._process.kill()
        self._process.join()
        self._conn.close()

    def _death(self) -> str:
        self._process.join(5)
        code = self._process.exitcode
        if code is None:
            self.kill()
            return "stopped answering"
        if code < 0:
            try:
                return f"died of {signal.Signals(-code).name}"
            except ValueError:
                return f"died of signal {-code}"
        return f"exited with status {code}"


def _serve(conn: Connection, level: int) -> None:
    """The child's loop: answer jobs until the parent closes the pipe."""
    for stop in (signal.SIGINT, signal.SIGTERM):  # the parent decides; it closes the pipe
        signal.signal(stop, signal.SIG_IGN)
    records = _Records()
    root = logging.getLogger()
    root.handlers = [QueueHandler(records)]  # made picklable: message formatted, no exc_info
    root.setLevel(level)
    conn.send("ready")
    while True:
        try:
            function, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        ok, value = _answer(function, args, kwargs)
        conn.send((ok, value, records.taken()))


class _Records(list[logging.LogRecord]):
    """The queue a QueueHandler writes to: the job's records, handed over once."""

    def put_nowait(self, record: logging.LogRecord) -> None:
        self.append(record)

    def taken(self) -> list[logging.LogRecord]:
        records = list(self)
        self.clear()
        return records


def _answer(function: Callable[..., Any], args: tuple[Any, ...], kwargs: Any) -> Outcome:
    try:
        return True, function(*args, **kwargs)
    except Exception as exc:
        if not isinstance(exc, BroadsheetError):  # a bug: keep where it happened
            exc.add_note(f"in the extraction process:\n{traceback.format_exc()}")
        return False, _sendable(exc)


def _sendable(exc: Exception) -> Exception:
    try:
        pickle.dumps(exc)
    except Exception:
        plain = RuntimeError(f"{type(exc).__name__}: {exc}")
        for note in getattr(exc, "__notes__", ()):
            plain.add_note(note)
        return plain
    return exc
