"""Online story assignment: each new article joins the best-matching active story or starts one.

The match score mixes the cosine of the article's terms with the story's term centroid and, when
embeddings are available, the cosine of the two embeddings. A story that has been quiet for a
while asks for a closer match, so a later report joins only when it continues the same event;
after `quiet_days` without a report the story leaves the index and a new report starts a new
story. One set of defaults serves full-text and headline-only streams (see docs/benchmarks.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from broadsheet.cluster.features import ArticleFeatures
from broadsheet.cluster.story_index import StoryIndex, StoryState

__all__ = ["Assignment", "ClusterParams", "assign", "match_score"]

_HOUR = 3_600.0
_DAY = 24 * _HOUR


@dataclass(frozen=True, slots=True)
class ClusterParams:
    threshold: float = 0.1
    merge_threshold: float = 0.4
    embedding_weight: float = 0.5
    quiet_days: float = 90.0
    gap_penalty: float = 0.04  # added to the threshold per doubling of the silence / rhythm ratio
    prior_rhythm_hours: float = 24.0


@dataclass(frozen=True, slots=True)
class Assignment:
    """The story the article joins (None: it starts a new one) and the winning score."""

    story_id: int | None
    score: float


def match_score(article: ArticleFeatures, story: StoryState, params: ClusterParams) -> float:
    lexical = story.term_similarity(article.terms)
    centroid = story.centroid()
    if article.vector is None or centroid is None:
        return lexical
    semantic = float(centroid @ article.vector)
    w = params.embedding_weight
    return (1 - w) * lexical + w * semantic


def required_score(article: ArticleFeatures, story: StoryState, params: ClusterParams) -> float:
    silence = max(0.0, article.timestamp - story.last_at)
    rhythm = (story.last_at - story.first_at + params.prior_rhythm_hours * _HOUR) / story.size
    return params.threshold + params.gap_penalty * math.log2(1 + silence / rhythm)


def assign(index: StoryIndex, article: ArticleFeatures, params: ClusterParams) -> Assignment:
    """Pick the story for an article from the index's candidates; the caller records it."""
    index.expire(article.timestamp - params.quiet_days * _DAY)
    best: StoryState | None = None
    best_margin = 0.0
    best_score = 0.0
    for story in index.candidates(article):
        score = match_score(article, story, params)
        margin = score - required_score(article, story, params)
        if margin >= 0 and (best is None or margin > best_margin):
            best, best_margin, best_score = story, margin, score
    return Assignment(best.id if best else None, best_score)
