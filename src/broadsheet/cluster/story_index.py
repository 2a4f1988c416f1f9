"""The active stories, indexed so that finding an article's candidate stories never scans them all.

Two indexes answer "which stories might this article belong to?": an inverted index from each
story's heaviest terms to the story, and a matrix of story embedding centroids searched by one
matrix product (numpy does 100k×384 in ~11 ms; the active set is far smaller). Stories leave the
index when they have been quiet longer than the window, so the cost of a lookup follows the
number of active stories, not the size of the archive.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from broadsheet.cluster.features import ArticleFeatures, top_terms
from broadsheet.cluster.terms import TermVector

__all__ = ["StoryIndex", "StoryState"]

INDEXED_TERMS = 24  # a story's heaviest terms that point at it in the inverted index
QUERY_TERMS = 12  # an article's heaviest terms looked up there
VECTOR_CANDIDATES = 8


@dataclass(slots=True)
class StoryState:
    """A story as clustering sees it: the sums of its members' vectors and its time span."""

    id: int
    term_sum: dict[str, float] = field(default_factory=dict)
    vector_sum: np.ndarray | None = None
    size: int = 0
    first_at: float = 0.0
    last_at: float = 0.0
    first_seen: int = 0  # the index's article count when this story started …
    last_seen: int = 0  # … and when it last grew
    indexed: frozenset[str] = frozenset()
    _norm: float = 0.0

    def add(self, article: ArticleFeatures) -> None:
        for term, weight in article.terms.items():
            self.term_sum[term] = self.term_sum.get(term, 0.0) + weight
        self._norm = sum(w * w for w in self.term_sum.values()) ** 0.5
        if article.vector is not None:
            vec = article.vector.astype(np.float32)
            self.vector_sum = vec.copy() if self.vector_sum is None else self.vector_sum + vec
        stamp = article.timestamp
        self.first_at = stamp if self.size == 0 else min(self.first_at, stamp)
        self.last_at = stamp if self.size == 0 else max(self.last_at, stamp)
        self.size += 1

    def absorb(self, other: StoryState) -> None:
        """Take in every member of another story (a merge)."""
        for term, weight in other.term_sum.items():
            self.term_sum[term] = self.term_sum.get(term, 0.0) + weight
        self._norm = sum(w * w for w in self.term_sum.values()) ** 0.5
        if other.vector_sum is not None:
            mine = self.vector_sum
            self.vector_sum = other.vector_sum.copy() if mine is None else mine + other.vector_sum
        self.first_at = min(self.first_at, other.first_at)
        self.last_at = max(self.last_at, other.last_at)
        self.first_seen = min(self.first_seen, other.first_seen)
        self.last_seen = max(self.last_seen, other.last_seen)
        self.size += other.size

    def term_similarity(self, terms: TermVector) -> float:
        """Cosine between an article's unit term vector and this story's centroid."""
        if not self._norm:
            return 0.0
        dot = sum(w * self.term_sum.get(t, 0.0) for t, w in terms.items())
        return dot / self._norm

    def centroid(self) -> np.ndarray | None:
        if self.vector_sum is None:
            return None
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else None

    def heaviest_terms(self, k: int = INDEXED_TERMS) -> list[str]:
        pairs = heapq.nlargest(k, self.term_sum.items(), key=lambda tw: (tw[1], tw[0]))
        return [t for t, _ in pairs]


class StoryIndex:
    """Active stories by id, with the inverted term index and the centroid matrix kept in step."""

    def __init__(self, dim: int | None = None) -> None:
        self._stories: dict[int, StoryState] = {}
        self.seen = 0  # articles added so far: the stream's own clock
        self.latest_at = 0.0  # the newest publication time seen (articles may come late)
        self.swept_at = 0  # `seen` at the last sweep for quiet stories
        self._postings: dict[str, set[int]] = {}
        self._rows: dict[int, int] = {}
        self._free: list[int] = []
        self._matrix = np.zeros((0, dim or 0), dtype=np.float32)
        self._row_ids = np.full(0, -1, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, story_id: int) -> bool:
        return story_id in self._stories

    def __iter__(self) -> Iterator[StoryState]:
        return iter(list(self._stories.values()))

    def get(self, story_id: int) -> StoryState:
        return self._stories[story_id]

    def candidates(self, article: ArticleFeatures) -> list[StoryState]:
        """Stories sharing a heavy term with the article, or nearest to it by embedding."""
        ids: set[int] = set()
        for term in top_terms(article.terms, QUERY_TERMS):
            ids.update(self._postings.get(term, ()))
        ids.update(self._nearest(article.vector))
        return [self._stories[i] for i in sorted(ids)]

    def add(self, story_id: int, article: ArticleFeatures) -> StoryState:
        """Add an article to a story, creating the story when it is not in the index."""
        story = self._stories.get(story_id)
        if story is None:
            story = self._stories[story_id] = StoryState(story_id)
        story.add(article)
        self.latest_at = max(self.latest_at, article.timestamp)
        self.seen += 1
        story.first_seen = story.first_seen or self.seen
        story.last_seen = self.seen
        self._reindex(story)
        return story

    def merge(self, absorbed: int, into: int) -> StoryState:
        """Fold one story into another; the absorbed one leaves the index."""
        gone = self.remove(absorbed)
        survivor = self._stories[into]
        if gone is not None:
            survivor.absorb(gone)
            self._reindex(survivor)
        return survivor

    def remove(self, story_id: int) -> StoryState | None:
        story = self._stories.pop(story_id, None)
        if story is None:
            return None
        for term in story.indexed:
            self._unpost(term, story_id)
        row = self._rows.pop(story_id, None)
        if row is not None:
            self._matrix[row] = 0.0
            self._row_ids[row] = -1
            self._free.append(row)
        return story

    def expire(self, before: float, before_seen: int = 0) -> list[int]:
        """Drop the stories whose last report is older than `before` (a timestamp) or came
        before the `before_seen`-th article of the stream; returns their ids."""
        quiet = [
            s.id for s in self._stories.values() if s.last_at < before or s.last_seen < before_seen
        ]
        for story_id in quiet:
            self.remove(story_id)
        return quiet

    def _reindex(self, story: StoryState) -> None:
        heavy = frozenset(story.heaviest_terms())
        for term in story.indexed - heavy:
            self._unpost(term, story.id)
        for term in heavy - story.indexed:
            self._postings.setdefault(term, set()).add(story.id)
        story.indexed = heavy
        centroid = story.centroid()
        if centroid is not None:
            row = self._row_for(story.id, centroid.shape[0])  # may grow the matrix: first
            self._matrix[row] = centroid

    def _unpost(self, term: str, story_id: int) -> None:
        holders = self._postings.get(term)
        if holders is not None:
            holders.discard(story_id)
            if not holders:
                del self._postings[term]

    def _row_for(self, story_id: int, dim: int) -> int:
        row = self._rows.get(story_id)
        if row is not None:
            return row
        if not self._free:
            self._grow(dim)
        row = self._free.pop()
        self._rows[story_id] = row
        self._row_ids[row] = story_id
        return row

    def _grow(self, dim: int) -> None:
        old = self._matrix.shape[0]
        size = max(64, old * 2)
        matrix = np.zeros((size, dim), dtype=np.float32)
        if old:
            matrix[:old] = self._matrix
        ids = np.full(size, -1, dtype=np.int64)
        ids[:old] = self._row_ids
        self._matrix, self._row_ids = matrix, ids
        self._free.extend(range(size - 1, old - 1, -1))

    def _nearest(self, vector: np.ndarray | None) -> list[int]:
        if vector is None or not self._rows:
            return []
        scores = self._matrix @ vector.astype(np.float32)
        k = min(VECTOR_CANDIDATES, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        return [int(self._row_ids[i]) for i in best if self._row_ids[i] >= 0]
