"""The repair pass: merge active stories that online assignment kept apart.

Online assignment sees each article once; two stories can start for one event when its first
reports are worded differently, and later reports then show that they are the same. The pass
compares each recently changed story with its index candidates, centroid to centroid, and
merges pairs above `ClusterParams.merge_threshold` (stricter than joining, since a merge moves
many articles at once). The larger story survives, so the better-known URL stays canonical.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from broadsheet.cluster.assign import ClusterParams, mix, silence_penalty
from broadsheet.cluster.features import ArticleFeatures
from broadsheet.cluster.story_index import StoryIndex, StoryState

__all__ = ["Merge", "find_merges", "story_similarity"]


@dataclass(frozen=True, slots=True)
class Merge:
    absorbed: int
    into: int
    score: float


def story_similarity(a: StoryState, b: StoryState, params: ClusterParams) -> float:
    """Centroid cosine of two stories, terms and (when both have them) embeddings mixed."""
    lexical = b.term_similarity(_unit(a.term_sum))
    ca, cb = a.centroid(), b.centroid()
    if ca is None or cb is None:
        return lexical
    return mix(lexical, float(ca @ cb), params)


def find_merges(index: StoryIndex, changed: Iterable[int], params: ClusterParams) -> list[Merge]:
    """Merges for the changed stories, each story in at most one merge per pass."""
    merges: list[Merge] = []
    touched: set[int] = set()
    for story_id in sorted(set(changed)):
        if story_id in touched or story_id not in index:
            continue
        story = index.get(story_id)
        best = _best_partner(index, story, params, touched)
        if best is not None:
            other, score = best
            small, large = sorted((story, other), key=lambda s: (s.size, -s.id))
            merges.append(Merge(small.id, large.id, score))
            touched |= {story.id, other.id}
    return merges


def _best_partner(
    index: StoryIndex, story: StoryState, params: ClusterParams, touched: set[int]
) -> tuple[StoryState, float] | None:
    probe = ArticleFeatures(-1, _unit(story.term_sum), _when(story), story.centroid())
    best: tuple[StoryState, float] | None = None
    for other in index.candidates(probe):
        if other.id == story.id or other.id in touched:
            continue
        score = story_similarity(story, other, params)
        if score >= _required(story, other, params) and (best is None or score > best[1]):
            best = (other, score)
    return best


def _required(a: StoryState, b: StoryState, params: ClusterParams) -> float:
    """Stories apart in the stream (one went quiet before the other began) merge only on a
    closer match, as a late report joins only on a closer match."""
    earlier, later = sorted((a, b), key=lambda s: s.first_seen)
    gap = max(0, later.first_seen - earlier.last_seen)
    return params.merge_threshold + silence_penalty(gap, params)


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = float(np.sqrt(sum(w * w for w in weights.values())))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def _when(story: StoryState) -> datetime:
    return datetime.fromtimestamp(story.last_at, UTC)
