"""The app's one `MeaningSearch`: made on the first search that needs it and shared after, so
its in-memory vectors are loaded once per process (within BROADSHEET_SEARCH_MEMORY_MB)."""

from __future__ import annotations

import threading

from fastapi import Request

from broadsheet.services.meaning import MeaningSearch

_LOCK = threading.Lock()


def meaning(request: Request) -> MeaningSearch:
    state = request.app.state
    with _LOCK:
        current: MeaningSearch | None = getattr(state, "meaning", None)
        if current is None or current.repo is not state.repo:
            budget = state.settings.search_memory_mb * 2**20
            current = state.meaning = MeaningSearch(state.repo, max_bytes=budget)
        return current
