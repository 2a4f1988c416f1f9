"""Related articles: the ranking of an article's candidates, from values only (no storage).

Three tiers, in this order:

1. **same story**: other reports of the article's own story (other outlets' takes);
2. **same topic**: articles sharing its heavy terms (names, rare words: tf × idf² term cosine)
   whose headline embedding agrees;
3. **similar**: articles whose headline embedding is close to its own.

Syndicated copies of the article's text (same fingerprint, or flagged) and the article itself
are never related. Within a tier the more relevant comes first, and the more recent when the
relevance ties (same-story reports all tie: they are about the one event); relevance is
compared in steps of `tie_step`, so a hair's difference in cosine does not outrank a day of
recency. Last, outlets are spread: no outlet appears twice in the first `diverse_slots` items
while another outlet's item is left, and the article's own outlet counts as already shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from broadsheet.cluster.features import ArticleFeatures
from broadsheet.cluster.terms import cosine

__all__ = ["Reason", "Related", "RelatedFeatures", "RelatedParams", "diversify", "rank_related"]


class Reason(StrEnum):
    SAME_STORY = "same story"
    SAME_TOPIC = "same topic"
    SIMILAR = "similar"


_TIER = {Reason.SAME_STORY: 0, Reason.SAME_TOPIC: 1, Reason.SIMILAR: 2}


@dataclass(frozen=True, slots=True)
class RelatedFeatures:
    """An article as the related ranking sees it: its clustering features and its place."""

    features: ArticleFeatures
    story_id: int | None
    source_id: int
    fingerprint: str = ""
    is_copy: bool = False  # known to carry the article's own text

    @property
    def article_id(self) -> int:
        return self.features.article_id


@dataclass(frozen=True, slots=True)
class RelatedParams:
    shared_min: float = 0.1  # term cosine from which two articles share heavy terms …
    topic_min: float = 0.25  # … and the closeness from which they are on the same topic
    similar_min: float = 0.5  # headline-embedding cosine from which it is similar
    diverse_slots: int = 5  # the first items, where no outlet appears twice
    tie_step: float = 0.05  # relevance closer than this ties, and recency decides


@dataclass(frozen=True, slots=True)
class Related:
    """One related article: why it is related, and how strongly within that reason."""

    article_id: int
    source_id: int
    reason: Reason
    score: float
    timestamp: float


def rank_related(
    article: RelatedFeatures,
    candidates: Iterable[RelatedFeatures],
    k: int,
    params: RelatedParams | None = None,
) -> list[Related]:
    """The top `k` related articles, ranked by tier, relevance and recency, outlets spread."""
    params = params or RelatedParams()
    found: dict[int, Related] = {}
    for candidate in candidates:
        if candidate.article_id in found or _excluded(article, candidate):
            continue
        related = _judge(article, candidate, params)
        if related is not None:
            found[candidate.article_id] = related
    ranked = sorted(found.values(), key=lambda r: _order(r, params))
    return diversify(ranked, article.source_id, params.diverse_slots)[:k]


def _excluded(article: RelatedFeatures, candidate: RelatedFeatures) -> bool:
    """The article itself and copies of its text are never related to it."""
    same_text = bool(article.fingerprint) and candidate.fingerprint == article.fingerprint
    return candidate.article_id == article.article_id or candidate.is_copy or same_text


def _judge(
    article: RelatedFeatures, candidate: RelatedFeatures, params: RelatedParams
) -> Related | None:
    terms = cosine(article.features.terms, candidate.features.terms)
    semantic = _vector_cosine(article.features, candidate.features)
    closeness = _closeness(terms, semantic)
    if article.story_id is not None and candidate.story_id == article.story_id:
        # The takes on the same development first: a long story holds several.
        reason, score = Reason.SAME_STORY, terms if semantic is None else semantic
    elif terms >= params.shared_min and closeness >= params.topic_min:
        reason, score = Reason.SAME_TOPIC, closeness
    elif semantic is not None and semantic >= params.similar_min:
        reason, score = Reason.SIMILAR, semantic
    else:
        return None
    stamp = candidate.features.timestamp
    return Related(candidate.article_id, candidate.source_id, reason, score, stamp)


def _closeness(terms: float, semantic: float | None) -> float:
    """How alike two reports are: shared names and a close headline, as a geometric mean (as
    in story assignment: one strong signal alone does not carry an unrelated article, so a
    shared "unveils" does not make Boeing's new jet an iPod story)."""
    if semantic is None:
        return terms
    return math.sqrt(terms * max(semantic, 0.0))


def _vector_cosine(a: ArticleFeatures, b: ArticleFeatures) -> float | None:
    if a.vector is None or b.vector is None:
        return None
    return float(a.vector @ b.vector)


def _order(related: Related, params: RelatedParams) -> tuple[int, int, float, int]:
    relevance = math.floor(related.score / params.tie_step + 1e-9)
    return (_TIER[related.reason], -relevance, -related.timestamp, -related.article_id)


def diversify(ranked: Sequence[Related], own_source: int, slots: int) -> list[Related]:
    """The first `slots` items from distinct outlets (not the article's own) while any is
    left; the order is otherwise kept."""
    rest = list(ranked)
    head: list[Related] = []
    shown = {own_source}
    while rest and len(head) < slots:
        pick = next((i for i, r in enumerate(rest) if r.source_id not in shown), 0)
        chosen = rest.pop(pick)
        shown.add(chosen.source_id)
        head.append(chosen)
    return head + rest
