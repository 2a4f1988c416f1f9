"""The index of active stories: candidates by term and by vector, merges, expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from broadsheet.cluster.features import features_of
from broadsheet.cluster.story_index import StoryIndex

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _vec(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_candidates_share_a_heavy_term_or_a_near_vector():
    index = StoryIndex()
    index.add(1, features_of(1, "Harambe the gorilla shot at Cincinnati zoo", "", T0))
    index.add(2, features_of(2, "Bitcoin price hits record", "", T0, vector=_vec(1, 0, 0)))
    probe = features_of(3, "Cincinnati zoo director defends gorilla decision", "", T0)
    assert [s.id for s in index.candidates(probe)] == [1]
    by_vector = features_of(4, "Unrelated words entirely", "", T0, vector=_vec(1, 0.1, 0))
    assert 2 in [s.id for s in index.candidates(by_vector)]


def test_merge_folds_members_and_moves_postings():
    index = StoryIndex()
    index.add(1, features_of(1, "Gorilla shot at Cincinnati zoo", "", T0, vector=_vec(1, 0)))
    index.add(
        2, features_of(2, "Harambe outrage grows", "", T0 + timedelta(hours=2), vector=_vec(0, 1))
    )
    survivor = index.merge(2, 1)
    assert survivor.size == 2 and 2 not in index and len(index) == 1
    assert survivor.last_at == (T0 + timedelta(hours=2)).timestamp()
    probe = features_of(3, "Harambe", "", T0)
    assert [s.id for s in index.candidates(probe)] == [1]


def test_expire_drops_quiet_stories_and_frees_their_rows():
    index = StoryIndex()
    for n in range(100):
        index.add(n, features_of(n, f"Story number{n} event", "", T0, vector=_vec(n + 1, 1)))
    assert len(index.expire(T0.timestamp() + 1)) == 100
    assert len(index) == 0
    index.add(7, features_of(7, "Fresh story", "", T0, vector=_vec(1, 2)))
    assert [s.id for s in index.candidates(features_of(8, "Fresh", "", T0))] == [7]
