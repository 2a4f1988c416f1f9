"""A background thread that does one step of work every tick until stopped: the story desk,
the enricher and the webhook sender are each one."""

from __future__ import annotations

import logging
import threading

__all__ = ["TickThread"]

log = logging.getLogger(__name__)


class TickThread:
    """Calls `step()` until `stop()`; waits `interval` seconds after a step that found nothing
    to do (a busy step runs again at once). A failing step is logged and the next one runs, so
    one bad article or delivery never stops the thread."""

    def __init__(self, name: str, interval: float) -> None:
        self.name, self.interval = name, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def step(self) -> bool:
        """One step of work; True when there may be more to do right away."""
        raise NotImplementedError

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.step()
            except Exception:
                log.exception("%s failed", self.name)
                busy = False
            if not busy:
                self._stop.wait(self.interval)
