"""The app's one `MeaningSearch`: made on the first search that needs it and shared after, so
its in-memory vectors are loaded once per process (within BROADSHEET_SEARCH_MEMORY_MB)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from fastapi import FastAPI, Request

from broadsheet.services.meaning import MeaningSearch, MeaningUnavailable
from broadsheet.storage.repository import SearchQuery

_LOCK = threading.Lock()

log = logging.getLogger(__name__)


def meaning(request: Request) -> MeaningSearch:
    return _shared(request.app)


def warm_in_background(app: FastAPI, then: Callable[[], None]) -> None:
    """Load the embedding model and the stored vectors now, in a thread, so that the first
    reader to search (hybrid is the default) does not wait seconds for them; then call `then`."""

    def warm() -> None:
        try:
            _shared(app).nearest(SearchQuery("news"), 1)
        except MeaningUnavailable as exc:
            log.info("search by meaning not warmed: %s", exc)
        except Exception:
            log.exception("warming search by meaning failed")
        then()

    threading.Thread(target=warm, name="warm-meaning", daemon=True).start()


def _shared(app: FastAPI) -> MeaningSearch:
    state = app.state
    with _LOCK:
        current: MeaningSearch | None = getattr(state, "meaning", None)
        if current is None or current.repo is not state.repo:
            budget = state.settings.search_memory_mb * 2**20
            current = state.meaning = MeaningSearch(state.repo, max_bytes=budget)
        return current
