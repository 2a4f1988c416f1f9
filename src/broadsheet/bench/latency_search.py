"""The search part of `broadsheet bench latency`: headline vectors for the synthetic archive (so
search by meaning has something to search), and the search page in each mode.

The archive repeats the demo corpus with a number after each headline ("… (4711)"), so each
distinct headline is embedded once and its vector stored for every copy: the vectors' values do
not change what a search costs, only their count does.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Callable
from urllib.parse import quote

import numpy as np

from broadsheet.enrich.embedding import default_embedder
from broadsheet.services.meaning import HEADLINE
from broadsheet.storage import open_repository

__all__ = ["QUERIES", "add_headline_vectors", "search_paths"]

QUERIES = ("apple", "boeing", "stock", "election")
BATCH = 5_000
_COPY_NUMBER = re.compile(r"\s*\(\d+\)$")


def search_paths() -> dict[str, Callable[[], str]]:
    """The search page by mode; "search" is what a reader gets by default (hybrid)."""

    def page(mode: str) -> Callable[[], str]:
        suffix = "" if mode == "hybrid" else f"&mode={mode}"
        return lambda: f"/search?q={random.choice(QUERIES)}{suffix}"

    def filtered() -> str:
        """A word narrowed to an outlet ("Outlet 1" also names Outlet 10–19: `latency.populate`
        makes 50) or to the archive's last two months at 100k articles, as a click on an outlet
        in the search page's facets or a typed `after:` would."""
        outlet = f'source:"Outlet {random.randrange(50)}"'
        narrowing = random.choice((outlet, "after:2026-03-01"))
        return f"/search?q={quote(f'{random.choice(QUERIES)} {narrowing}')}"

    return {
        "search": page("hybrid"),
        "search keyword": page("keyword"),
        "search meaning": page("meaning"),
        "search, filtered": filtered,
    }


def add_headline_vectors(database_url: str) -> int:
    """Store a headline vector (the default embedder's) for every article of an archive above
    the last one that has one, as the story desk would (so an archive grown after its vectors
    were added gets the rest); returns how many were stored. Assumes the ids 1..count that
    `latency.populate` makes."""
    repo = open_repository(database_url)
    try:
        embedder = default_embedder()
        model = embedder.name + HEADLINE
        start = _last_embedded(database_url, model) + 1
        known: dict[str, bytes] = {}
        stored = 0
        for first in range(start, repo.count_articles() + 1, BATCH):
            hits = repo.hits_for(range(first, first + BATCH))
            titles = {h.article_id: _COPY_NUMBER.sub("", h.title) for h in hits}
            new = sorted(set(titles.values()) - known.keys())
            if new:
                rows = embedder.embed(new).astype(np.float32)
                known |= {t: row.tobytes() for t, row in zip(new, rows, strict=True)}
            repo.save_vectors(model, {i: known[t] for i, t in titles.items()})
            stored += len(titles)
        return stored
    finally:
        repo.close()


def _last_embedded(database_url: str, model: str) -> int:
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
        query = "SELECT max(article_id) FROM article_vectors WHERE model = ?"
        return int(conn.execute(query, (model,)).fetchone()[0] or 0)
