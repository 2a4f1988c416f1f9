"""The rows behind search hits and the stored vectors search by meaning reads, on every backend."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from tests.contract.test_repository import NOW, draft


def _vector(*values: float) -> bytes:
    return np.array(values, dtype=np.float32).tobytes()


def test_hits_and_articles_come_back_in_the_order_asked_without_unknown_ids(repo):
    source = repo.add_source("https://a.example/feed", title="Alpha News").id
    ids = [repo.save_article(draft(source, n)).article_id for n in range(3)]
    asked = [ids[2], 999_999, ids[0]]
    hits = repo.hits_for(asked)
    assert [h.article_id for h in hits] == [ids[2], ids[0]]
    assert hits[0].outlet == "Alpha News" and hits[0].title == "Headline number 2"
    assert hits[0].snippet == "" and hits[0].published_at == NOW + timedelta(minutes=2)
    assert [a.id for a in repo.get_articles(asked)] == [ids[2], ids[0]]
    assert repo.hits_for([]) == [] and repo.get_articles([]) == []


def test_leads_are_cut_and_fall_back_to_the_description(repo):
    source = repo.add_source("https://a.example/feed").id
    long = repo.save_article(draft(source, 1, text="x" * 50)).article_id
    empty = repo.save_article(
        draft(source, 2, text="", description="Only a description.")
    ).article_id
    assert repo.article_leads([long, empty], 10) == {long: "x" * 10, empty: "Only a description."}


def test_stories_by_id_and_sources_by_outlet_name(repo):
    alpha = repo.add_source("https://a.example/feed", title="Alpha News").id
    beta = repo.add_source("https://b.example/feed", title="Beta 100%_Post").id
    first = repo.save_article(draft(alpha, 1)).article_id
    story = repo.start_story(first)
    assert repo.get_stories([story.id, 12345]) == {story.id: repo.get_story(story.id)}
    assert repo.outlet_source_ids("ALPHA") == [alpha]
    assert repo.outlet_source_ids("100%_") == [beta]  # LIKE wildcards are plain characters
    assert repo.outlet_source_ids("a_n") == []  # would match "Alpha News" as a pattern


def test_vectors_are_read_after_a_cursor_in_id_order_with_their_filters(repo):
    source = repo.add_source("https://a.example/feed").id
    ids = [repo.save_article(draft(source, n)).article_id for n in range(4)]
    assert repo.newest_vector_model("/headline") is None
    repo.save_vectors("old/headline", {ids[0]: _vector(1, 0)})
    repo.save_vectors("new/headline", {i: _vector(0, 1) for i in ids[1:]})
    assert repo.newest_vector_model("/headline") == "new/headline"
    assert repo.newest_vector_model("/body") is None
    first = repo.vectors_after("new/headline", 0, 2)
    assert [v.article_id for v in first] == ids[1:3]
    assert first[0].source_id == source and first[0].published_at == NOW + timedelta(minutes=1)
    assert np.frombuffer(first[0].vector, dtype=np.float32).tolist() == [0.0, 1.0]
    rest = repo.vectors_after("new/headline", first[-1].article_id, 2)
    assert [v.article_id for v in rest] == [ids[3]]
    assert repo.vectors_after("new/headline", ids[3], 2) == []
