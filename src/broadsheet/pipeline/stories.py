"""The story desk: places each newly stored article into a story, as it arrives.

Assignment is sequential by nature (the second report of an event must see the story the first
one started), so the desk holds one lock around a short in-memory step: candidates from the
`cluster.StoryIndex` of active stories, a score, a decision; then the decision is written. After
each batch a repair pass merges stories that turned out to be one event (`cluster.repair`). On
start the index is rebuilt from the stories active within the quiet window, and articles that
no story holds yet (stored before stories existed, or while the desk was down) are placed, so
nothing is left out. One process runs the desk for a database (the embedded default).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from broadsheet.cluster.assign import ClusterParams, assign
from broadsheet.cluster.features import ArticleFeatures, embedding_text, features_of
from broadsheet.cluster.repair import Merge, find_merges
from broadsheet.cluster.story_index import StoryIndex
from broadsheet.enrich.embedding import Embedder
from broadsheet.model import Article
from broadsheet.storage import Repository

__all__ = ["Placed", "StoryDesk"]

log = logging.getLogger(__name__)

CATCH_UP_BATCH = 256


@dataclass(frozen=True, slots=True)
class Placed:
    article_id: int
    story_id: int
    new_story: bool


class StoryDesk:
    def __init__(
        self,
        repo: Repository,
        *,
        params: ClusterParams | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self._repo = repo
        self._params = params or ClusterParams()
        self._embedder = embedder
        # Stored vectors say what they embed: other features may embed whole bodies.
        self._vector_kind = f"{embedder.name}/headline" if embedder else ""
        self._index = StoryIndex()
        self._leads: dict[int, tuple[int, ArticleFeatures]] = {}
        self._changed: set[int] = set()  # stories touched since the last repair pass
        self._lock = threading.Lock()

    def load(self, now: datetime) -> int:
        """Rebuild the index from storage, then place unassigned articles; returns how many."""
        with self._lock:
            since = now - timedelta(days=self._params.quiet_days)
            members = self._repo.active_story_articles(since)
            for article, features in zip(members, self._features(members), strict=True):
                assert article.story_id is not None
                self._index.add(article.story_id, features)
                self._update_lead(article.story_id, features)
        return self.catch_up()

    def catch_up(self) -> int:
        """Place every article no story holds yet, then repair the stories that changed."""
        placed = 0
        while batch := self._repo.unassigned_articles(CATCH_UP_BATCH):
            placed += len(self.place(batch))
        if placed:
            self.repair()
        return placed

    def repair(self) -> list[Merge]:
        """Merge the changed stories that turned out to be one; the absorbed ids redirect."""
        with self._lock:
            merges = find_merges(self._index, self._changed, self._params)
            self._changed.clear()
            for merge in merges:
                survivor = self._index.merge(merge.absorbed, merge.into)
                absorbed_lead = self._leads.pop(merge.absorbed, None)
                if absorbed_lead is not None:
                    self._update_lead(survivor.id, absorbed_lead[1])
                self._repo.merge_stories(merge.absorbed, merge.into, self._leads[merge.into][0])
                log.info("stories merged story_id=%s into=%s", merge.absorbed, merge.into)
            return merges

    def place(self, articles: Sequence[Article]) -> list[Placed]:
        """Assign each article (in time order) to a story and record it."""
        ordered = sorted(articles, key=lambda a: (a.published_at, a.id))
        with self._lock:
            features = self._features(ordered)
            self._save_vectors(ordered, features)
            return [self._place_one(f) for f in features]

    def _place_one(self, features: ArticleFeatures) -> Placed:
        chosen = assign(self._index, features, self._params).story_id
        if chosen is None:
            story = self._repo.start_story(features.article_id)
            self._index.add(story.id, features)
            self._leads[story.id] = (features.article_id, features)
            self._changed.add(story.id)
            log.debug("story started story_id=%s article_id=%s", story.id, features.article_id)
            return Placed(features.article_id, story.id, True)
        self._index.add(chosen, features)
        self._changed.add(chosen)
        lead = self._update_lead(chosen, features)
        self._repo.join_story(chosen, [features.article_id], lead)
        return Placed(features.article_id, chosen, False)

    def _update_lead(self, story_id: int, features: ArticleFeatures) -> int:
        """The member closest to the story's centroid gives the story its headline."""
        story = self._index.get(story_id)
        current = self._leads.get(story_id)
        if current is None or story.term_similarity(features.terms) > story.term_similarity(
            current[1].terms
        ):
            self._leads[story_id] = (features.article_id, features)
        return self._leads[story_id][0]

    def _features(self, articles: Sequence[Article]) -> list[ArticleFeatures]:
        vectors = self._vectors(articles)
        return [
            features_of(
                a.id, a.title, a.text, a.published_at,
                vector=None if vectors is None else vectors[i],
            )
            for i, a in enumerate(articles)
        ]  # fmt: skip

    def _vectors(self, articles: Sequence[Article]) -> np.ndarray | None:
        if self._embedder is None or not articles:
            return None
        stored = self._repo.article_vectors(self._vector_kind, [a.id for a in articles])
        missing = [a for a in articles if a.id not in stored]
        fresh = self._embedder.embed([embedding_text(a.title, a.text) for a in missing])
        known = {a.id: row for a, row in zip(missing, fresh, strict=True)}
        known |= {i: np.frombuffer(v, dtype=np.float32) for i, v in stored.items()}
        return np.stack([known[a.id] for a in articles])

    def _save_vectors(self, articles: Sequence[Article], features: list[ArticleFeatures]) -> None:
        if self._embedder is None:
            return
        rows = {f.article_id: _bytes(f.vector) for f in features if f.vector is not None}
        have = self._repo.article_vectors(self._vector_kind, list(rows))
        fresh = {i: v for i, v in rows.items() if i not in have}
        self._repo.save_vectors(self._vector_kind, fresh)


def _bytes(vector: np.ndarray) -> bytes:
    return vector.astype(np.float32).tobytes()
