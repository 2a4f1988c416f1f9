"""The in-memory vector index over a real database: cursor, growth, filters, the sign prefilter."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from broadsheet.services.vector_index import IndexTooLarge, VectorIndex
from tests.contract.test_repository import NOW, draft

MODEL = "test-model/headline"


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def _store(repo, source_id: int, n: int, vector: np.ndarray) -> int:
    article_id = repo.save_article(draft(source_id, n)).article_id
    repo.save_vectors(MODEL, {article_id: vector.tobytes()})
    return article_id


def test_nearest_first_and_only_above_the_floor(repo):
    source = repo.add_source("https://a.example/feed").id
    close = _store(repo, source, 1, _unit(1, 0.1, 0))
    exact = _store(repo, source, 2, _unit(1, 0, 0))
    _store(repo, source, 3, _unit(0, 0, 1))
    index = VectorIndex(MODEL)
    assert index.refresh(repo) == 3 and len(index) == 3
    found = index.nearest(_unit(1, 0, 0), 5, min_score=0.5)
    assert [i for i, _ in found] == [exact, close]
    assert found[0][1] == pytest.approx(1.0) and found[1][1] < 1.0


def test_new_vectors_are_appended_after_the_cursor_as_the_index_grows(repo):
    source = repo.add_source("https://a.example/feed").id
    first = _store(repo, source, 0, _unit(0, 1))
    index = VectorIndex(MODEL)
    index.refresh(repo)
    assert index.cursor == first
    rows = {
        repo.save_article(draft(source, n)).article_id: _unit(n, 1).tobytes()
        for n in range(1, 1500)  # past the first allocation: the arrays are copied once
    }
    repo.save_vectors(MODEL, rows)
    stranger = repo.save_article(draft(source, 9999)).article_id  # another model's: not read
    repo.save_vectors("other-model/headline", {stranger: _unit(1, 0).tobytes()})
    assert index.refresh(repo) == 1499 and index.refresh(repo) == 0
    assert len(index) == 1500 and index.cursor == max(rows)
    assert index.nearest(_unit(1, 0), 1)[0][0] == max(rows)  # (1499, 1) is nearest (1, 0)


def test_outlet_and_time_filters_apply_to_the_vectors(repo):
    alpha = repo.add_source("https://a.example/feed").id
    beta = repo.add_source("https://b.example/feed").id
    early = _store(repo, alpha, 1, _unit(1, 0))  # published NOW + 1 minute
    late = _store(repo, alpha, 100, _unit(1, 0.2))  # NOW + 100 minutes
    other = _store(repo, beta, 2, _unit(1, 0.1))
    index = VectorIndex(MODEL)
    index.refresh(repo)
    query = _unit(1, 0)
    assert [i for i, _ in index.nearest(query, 5)] == [early, other, late]
    assert [i for i, _ in index.nearest(query, 5, sources={alpha})] == [early, late]
    after = NOW + timedelta(minutes=50)
    assert [i for i, _ in index.nearest(query, 5, after=after)] == [late]
    assert [i for i, _ in index.nearest(query, 5, before=after, sources={beta})] == [other]
    assert index.nearest(query, 5, sources=set()) == []


def test_a_large_index_scores_the_rows_whose_signs_are_nearest(repo):
    """Past `exact_rows`, candidates come from sign agreement; results are still exact cosines
    and the filters still hold."""
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(400, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sources = [repo.add_source(f"https://{n}.example/feed").id for n in range(2)]
    ids = [repo.save_article(draft(sources[n % 2], n)).article_id for n in range(400)]
    repo.save_vectors(MODEL, {i: v.tobytes() for i, v in zip(ids, vectors, strict=True)})
    exact, prefiltered = VectorIndex(MODEL), VectorIndex(MODEL, exact_rows=0, candidates=100)
    exact.refresh(repo)
    prefiltered.refresh(repo)
    recall = []
    for query in vectors[:40]:
        truth = exact.nearest(query, 5)
        found = prefiltered.nearest(query, 5)
        assert found[0] == pytest.approx(truth[0])  # the vector itself, cosine 1
        recall.append(len({i for i, _ in truth} & {i for i, _ in found}) / 5)
    assert np.mean(recall) >= 0.8
    only = prefiltered.nearest(vectors[0], 5, sources={sources[1]})
    assert only and all(ids.index(i) % 2 == 1 for i, _ in only)


def test_vectors_without_negative_components_are_always_scored_in_full(repo):
    """Hashed word counts (the lexical fallback) are all ≥ 0: their signs tell nothing apart."""
    rng = np.random.default_rng(5)
    vectors = np.abs(rng.normal(size=(300, 16))).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    source = repo.add_source("https://a.example/feed").id
    ids = [repo.save_article(draft(source, n)).article_id for n in range(300)]
    repo.save_vectors(MODEL, {i: v.tobytes() for i, v in zip(ids, vectors, strict=True)})
    exact, unsigned = VectorIndex(MODEL), VectorIndex(MODEL, exact_rows=0, candidates=10)
    exact.refresh(repo)
    unsigned.refresh(repo)
    for query in vectors[:10]:
        assert unsigned.nearest(query, 5) == exact.nearest(query, 5)


def test_an_index_past_its_memory_budget_refuses_to_grow(repo):
    source = repo.add_source("https://a.example/feed").id
    for n in range(3):
        _store(repo, source, n, _unit(1, n))
    with pytest.raises(IndexTooLarge, match="3 vectors of 2 dimensions would take"):
        VectorIndex(MODEL, max_bytes=64).refresh(repo)
    assert VectorIndex(MODEL, max_bytes=10_000).refresh(repo) == 3


def test_the_sign_prefilter_keeps_exactly_the_nearest_rows_in_row_order():
    from broadsheet.services.vector_index import _nearest_rows

    rng = np.random.default_rng(7)
    distance = rng.integers(0, 385, size=50_000).astype(np.int32)
    distance[rng.integers(0, 50_000, size=2_000)] = 385  # masked rows: farther than any
    chosen = _nearest_rows(distance, 3_000)
    assert len(chosen) == 3_000 and np.all(np.diff(chosen) > 0)
    assert distance[chosen].max() == np.sort(distance)[2_999]  # no farther row got in
    assert np.sort(distance[chosen]).tolist() == np.sort(distance)[:3_000].tolist()
