"""Related-article ranking: same story, then same topic, then similar; no copies, outlets spread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from broadsheet.cluster.features import ArticleFeatures, features_of
from broadsheet.cluster.related import (
    Reason,
    Related,
    RelatedFeatures,
    RelatedParams,
    diversify,
    rank_related,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
STORY = 7


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def _doc(
    article_id: int,
    *,
    story: int | None = None,
    source: int | None = None,
    hours: float = 0.0,
    terms: dict[str, float] | None = None,
    vector: np.ndarray | None = None,
    fingerprint: str = "",
    is_copy: bool = False,
) -> RelatedFeatures:
    features = ArticleFeatures(article_id, terms or {}, T0 + timedelta(hours=hours), vector)
    source_id = article_id if source is None else source
    return RelatedFeatures(features, story, source_id, fingerprint or f"fp-{article_id}", is_copy)


ARTICLE = _doc(
    1, story=STORY, source=100, terms={"elazig": 0.8, "earthquake": 0.6}, vector=_unit(1, 0, 0)
)


def _ids(ranked: list[Related]) -> list[int]:
    return [r.article_id for r in ranked]


def test_same_story_then_same_topic_then_similar_and_unrelated_left_out():
    candidates = [
        _doc(2, vector=_unit(0.9, 0.1, 0)),  # similar headline, nothing shared
        _doc(3, terms={"elazig": 1.0}, vector=_unit(0.5, 0.5, 0)),  # the same place
        _doc(4, story=STORY, vector=_unit(0.2, 1, 0)),  # another outlet's take
        _doc(5, terms={"budget": 1.0}, vector=_unit(0, 0, 1)),  # unrelated
    ]
    ranked = rank_related(ARTICLE, candidates, k=8)
    assert _ids(ranked) == [4, 3, 2]
    assert [r.reason for r in ranked] == [Reason.SAME_STORY, Reason.SAME_TOPIC, Reason.SIMILAR]


def test_never_the_article_itself_nor_a_copy_of_its_text():
    candidates = [
        _doc(1, story=STORY, source=100),  # itself
        _doc(2, story=STORY, fingerprint="fp-1"),  # same text elsewhere
        _doc(3, story=STORY, is_copy=True),
        _doc(4, story=STORY),
    ]
    assert _ids(rank_related(ARTICLE, candidates, k=8)) == [4]


def test_within_a_story_the_closer_take_first_and_ties_go_to_the_newer():
    place = {"elazig": 1.0}
    candidates = [
        _doc(2, story=STORY, hours=1, terms=place, vector=_unit(1, 0.05, 0)),
        _doc(3, story=STORY, hours=5, terms=place, vector=_unit(1, 0.06, 0)),  # ties with 2
        _doc(4, story=STORY, hours=9, terms=place, vector=_unit(0.3, 1, 0)),  # another angle
    ]
    assert _ids(rank_related(ARTICLE, candidates, k=8)) == [3, 2, 4]


def test_no_outlet_twice_in_the_first_five_while_another_is_left():
    same_outlet = [_doc(10 + n, story=STORY, source=200, hours=n) for n in range(4)]
    others = [_doc(20 + n, terms={"elazig": 1.0}, source=300 + n) for n in range(4)]
    ranked = rank_related(ARTICLE, same_outlet + others, k=8)
    outlets = [r.source_id for r in ranked[:5]]
    assert len(set(outlets)) == 5
    assert ranked[0].article_id == 13  # the story's newest take still leads
    assert [r.source_id for r in ranked[5:]] == [200, 200, 200]


def test_the_articles_own_outlet_comes_after_other_outlets_takes():
    own = _doc(2, story=STORY, source=100, hours=5)
    other = _doc(3, story=STORY, source=300, hours=1)
    assert _ids(rank_related(ARTICLE, [own, other], k=8)) == [3, 2]


def test_one_outlet_repeats_when_nothing_else_exists():
    alone = [_doc(10 + n, story=STORY, source=200, hours=n) for n in range(3)]
    assert _ids(rank_related(ARTICLE, alone, k=8)) == [12, 11, 10]


def test_k_limits_the_list():
    many = [_doc(10 + n, story=STORY, hours=n) for n in range(12)]
    assert len(rank_related(ARTICLE, many, k=8)) == 8


def test_without_embeddings_topic_still_works_and_nothing_is_similar():
    article = RelatedFeatures(
        features_of(1, "Earthquake strikes Elazig in eastern Turkey", "", T0), None, 100
    )
    near = RelatedFeatures(
        features_of(2, "Elazig earthquake death toll rises", "", T0 + timedelta(hours=2)), None, 2
    )
    far = RelatedFeatures(features_of(3, "Parliament passes budget", "", T0), None, 3)
    ranked = rank_related(article, [near, far], k=8)
    assert _ids(ranked) == [2] and ranked[0].reason is Reason.SAME_TOPIC


def test_thresholds_are_parameters():
    weak = _doc(2, terms={"earthquake": 1.0})  # cosine 0.6 with the article's terms
    assert _ids(rank_related(ARTICLE, [weak], k=8)) == [2]
    strict = RelatedParams(topic_min=0.7)
    assert rank_related(ARTICLE, [weak], k=8, params=strict) == []


def test_diversify_keeps_the_order_past_the_diverse_slots():
    ranked = [Related(n, source, Reason.SAME_STORY, 1.0, 0.0) for n, source in
              enumerate([1, 1, 2, 3])]  # fmt: skip
    assert [r.article_id for r in diversify(ranked, own_source=9, slots=2)] == [0, 2, 1, 3]


def test_a_shared_word_under_an_unrelated_headline_is_not_the_same_topic():
    # "Apple unveils iPod nano" and "Boeing unveils long-range 777" share a word, not a topic.
    coincidence = _doc(2, terms={"elazig": 1.0}, vector=_unit(0, 1, 0))
    assert rank_related(ARTICLE, [coincidence], k=8) == []
