"""Keeps the full-text index in few segments.

FTS5 writes each batch of new articles as a new segment and merges segments only in groups of
a level (22 segments at 100,000 articles built in batches), and every term lookup visits each
segment: a related list's twelve term walks took 0.88 ms of CPU on 22 segments and 0.35 ms on
one, a keyword search 4.6 against 4.4 ms. When the index has more than `MAX_SEGMENTS`, this
thread merges it into one, a step of about `MERGE_PAGES` pages at a time (~30 ms, its own
transaction through the single writer, so ingest's writes go on in between; 64 steps at
100,000 articles). It looks every `CHECK_SECONDS`: a merge rewrites the whole index, so it is
not worth doing for the few small segments a busy hour adds. PostgreSQL needs none of this.
"""

from __future__ import annotations

import logging

from broadsheet.storage import Repository
from broadsheet.worker.ticking import TickThread

__all__ = ["CHECK_SECONDS", "MAX_SEGMENTS", "MERGE_PAGES", "IndexUpkeepThread"]

log = logging.getLogger(__name__)

MAX_SEGMENTS = 8
MERGE_PAGES = 500
CHECK_SECONDS = 3600.0


class IndexUpkeepThread(TickThread):
    def __init__(self, repo: Repository, interval: float = CHECK_SECONDS) -> None:
        super().__init__("index-upkeep", interval)
        self._repo = repo
        self._merging = False

    def step(self) -> bool:
        """A merge step while a merge is under way (True: more to do), else a look at how many
        segments there are, starting a merge when there are too many."""
        if not self._merging:
            segments = self._repo.search_index_segments()
            if segments <= MAX_SEGMENTS:
                return False
            log.info("search index merge started segments=%s", segments)
        self._merging = self._repo.merge_search_index(MERGE_PAGES)
        if not self._merging:
            log.info("search index merged")
        return self._merging
