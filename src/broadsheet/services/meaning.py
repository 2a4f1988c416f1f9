"""Search by meaning: the query embedded by the embedder that made the stored vectors, and the
stored headlines nearest to it (`services.vector_index`).

The story desk stores one headline vector per article under "<embedder name>/headline". The
vectors of different embedders are not comparable, so the query must be embedded by the very
embedder named there; when this installation lacks it (MiniLM's package not installed), or no
vector is stored yet (`BROADSHEET_EMBEDDINGS=none`, or the desk has not run), search by meaning
is unavailable and says why (`MeaningUnavailable`), and the search page falls back to keywords.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import NoReturn

import numpy as np

from broadsheet.enrich.embedding import Embedder, LexicalEmbedder
from broadsheet.errors import BroadsheetError, ModelUnavailable
from broadsheet.services.vector_index import IndexTooLarge, VectorIndex
from broadsheet.storage import Repository
from broadsheet.storage.repository import SearchQuery

__all__ = ["HEADLINE", "MeaningSearch", "MeaningUnavailable", "embedder_named", "min_score_for"]

log = logging.getLogger(__name__)

HEADLINE = "/headline"  # the kind of stored vector searched: the story desk's headline vectors
REFRESH_SECONDS = 2.0  # how stale the index may be: new vectors are looked for at most this often
QUERY_CACHE = 1_024  # query embeddings remembered (a query is embedded once, ~5 ms with MiniLM)
_MINILM = re.compile(r"all-MiniLM-L6-v2/onnx-(int8|fp32)")
_LEXICAL = re.compile(r"lexical-crc32-(\d+)")
_SYNTAX = re.compile(r'["*]')

CONTENT_OVERFETCH = 10  # neighbours taken per result wanted when a hashtag/entity filter applies
CONTENT_MIN = 500


class MeaningUnavailable(BroadsheetError):
    """Search by meaning can't run here; the message says why, in a reader's words."""


def embedder_named(name: str) -> Embedder:
    """The embedder whose `name` is `name`; ModelUnavailable when it is not installed here."""
    if minilm := _MINILM.fullmatch(name):
        from broadsheet.enrich.minilm import MiniLMEmbedder

        return MiniLMEmbedder("int8" if minilm.group(1) == "int8" else "fp32")
    if lexical := _LEXICAL.fullmatch(name):
        return LexicalEmbedder(int(lexical.group(1)))
    raise ModelUnavailable(f"no embedder named {name!r} is known to this installation")


def min_score_for(name: str) -> float:
    """The cosine below which a stored headline is not counted as a match. Sentence embeddings
    put unrelated headlines near 0.1 and a query's topic above 0.3; hashed words share few
    buckets, so any shared word counts."""
    return 0.3 if _MINILM.fullmatch(name) else 0.1


class MeaningSearch:
    """Nearest stored headlines to a query; one per repository, shared by every request."""

    def __init__(
        self,
        repo: Repository,
        *,
        embedder_for: Callable[[str], Embedder] = embedder_named,
        refresh_seconds: float = REFRESH_SECONDS,
        max_bytes: int | None = None,
    ) -> None:
        self._repo = repo
        self._embedder_for = embedder_for
        self._refresh_seconds = refresh_seconds
        self._max_bytes = max_bytes
        self._index: VectorIndex | None = None
        self._embedder: Embedder | None = None
        self._checked_at = -float("inf")
        self._refused: dict[str, str] = {}  # stored model → why it can't be searched, for good
        self._lock = threading.Lock()
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()  # an LRU cache
        self._vectors_lock = threading.Lock()

    def nearest(
        self, query: SearchQuery, k: int, *, min_score: float | None = None
    ) -> list[tuple[int, float]]:
        """Up to `k` (article id, cosine) pairs for the query's words, closest first, within its
        outlet and time filters; MeaningUnavailable when there is nothing to search with."""
        index, embedder = self._current()
        text = " ".join(_SYNTAX.sub(" ", query.text).split())
        if not text:
            return []
        sources = self._repo.outlet_source_ids(query.outlet) if query.outlet else None
        floor = min_score_for(embedder.name) if min_score is None else min_score
        vector = self._query_vector(embedder, text)
        content = bool(query.tag or query.entity or query.language)
        # Hashtag, entity and language live in storage, not in the index: take more neighbours
        # and keep those that pass, as the keyword side does with its own candidates.
        wanted = max(k * CONTENT_OVERFETCH, CONTENT_MIN) if content else k
        found = index.nearest(
            vector, wanted, min_score=floor, sources=sources, after=query.after, before=query.before
        )
        if not content:
            return found
        passing = self._repo.passing_filters(query, [i for i, _ in found])
        return [(i, score) for i, score in found if i in passing][:k]

    @property
    def repo(self) -> Repository:
        return self._repo

    def _current(self) -> tuple[VectorIndex, Embedder]:
        """The index of the newest stored model, with what has been stored since last time."""
        with self._lock:
            now = time.monotonic()
            if self._index is None or now - self._checked_at >= self._refresh_seconds:
                self._checked_at = now
                self._switch(self._repo.newest_vector_model(HEADLINE))
                self._grow()
            if self._index is None or self._embedder is None:
                raise MeaningUnavailable(
                    "no article embeddings are stored yet (BROADSHEET_EMBEDDINGS=none, or the "
                    "story desk has not run)"
                )
            return self._index, self._embedder

    def _switch(self, model: str | None) -> None:
        """Follow the model the newest vectors were made by (it changes with the settings)."""
        if model is not None and model in self._refused:
            raise MeaningUnavailable(self._refused[model])
        if model is None or self._index is None or self._index.model != model:
            self._index = self._embedder = None
        if model is None or self._index is not None:
            return
        name = model.removesuffix(HEADLINE)
        try:
            self._embedder = self._embedder_for(name)
        except ModelUnavailable as exc:
            self._refuse(
                model, f"the stored articles were embedded by {name}, which is not installed "
                f"here ({exc})"
            )  # fmt: skip
        self._index = VectorIndex(model, max_bytes=self._max_bytes)
        log.info("meaning index loading model=%s", model)

    def _grow(self) -> None:
        if self._index is None:
            return
        try:
            added = self._index.refresh(self._repo)
        except IndexTooLarge as exc:
            self._refuse(self._index.model, str(exc))
        log.debug("meaning index model=%s added=%s", self._index.model, added)

    def _refuse(self, model: str, reason: str) -> NoReturn:
        """Give up on a model until restart (its memory freed), and say why from now on."""
        self._index = self._embedder = None
        self._refused[model] = reason
        log.warning("search by meaning unavailable: %s", reason)
        raise MeaningUnavailable(reason)

    def _query_vector(self, embedder: Embedder, text: str) -> np.ndarray:
        """The query's vector, remembered: readers repeat queries, and paging re-asks one."""
        key = (embedder.name, text)
        with self._vectors_lock:
            if (known := self._vectors.get(key)) is not None:
                self._vectors.move_to_end(key)
                return known
        vector = embedder.embed([text])[0]
        vector.setflags(write=False)  # shared by every request that asks the same
        with self._vectors_lock:
            self._vectors[key] = vector
            if len(self._vectors) > QUERY_CACHE:
                self._vectors.popitem(last=False)
        return vector
