"""Online story assignment: each new article joins the best-matching active story or starts one.

The match score is the weighted geometric mean of two cosines: the article's terms against the
story's term centroid (names, numbers, rare words: what tells two earthquakes apart) and the
article's headline embedding against the story's embedding centroid (what joins "Stocks tumble"
to "Markets slide"). A geometric mean needs both to agree; a sum let one strong cosine carry an
unrelated story. Without embeddings the score is the term cosine alone.

A story that has gone quiet asks for a closer match: the bar rises by `gap_penalty` for every
doubling of the articles the stream has carried since the story's last report (per
`stream_scale`). Silence is counted in the stream's own articles, not in hours: on a busy stream
an hour of silence means an event is over, on a stream of a few sources a week may not. After
`quiet_days`, or after so many articles that not even a perfect match would reach the bar, the
story leaves the index, so the cost of an assignment follows the active stories, not the
archive. The defaults are one set for full-text and headline-only streams (docs/benchmarks.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from broadsheet.cluster.features import ArticleFeatures
from broadsheet.cluster.story_index import StoryIndex, StoryState

__all__ = [
    "Assignment",
    "ClusterParams",
    "assign",
    "match_score",
    "max_silence",
    "mix",
    "silence_penalty",
]

EXPIRE_EVERY = 64  # articles between sweeps for quiet stories
_DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class ClusterParams:
    threshold: float = 0.26  # the score a report must reach to join an active story
    merge_threshold: float = 0.4  # the score two stories must reach to be merged by repair
    embedding_weight: float = 0.8  # the embedding cosine's exponent in the geometric mean
    gap_penalty: float = 0.1  # added to the bar per doubling of the silence …
    stream_scale: float = 10.0  # … counted in units of this many articles of the stream
    quiet_days: float = 90.0  # a story this long without a report is over


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
    return mix(lexical, semantic, params)


def mix(lexical: float, semantic: float, params: ClusterParams) -> float:
    w = params.embedding_weight
    return max(lexical, 0.0) ** (1 - w) * max(semantic, 0.0) ** w


def required_score(
    article: ArticleFeatures, story: StoryState, params: ClusterParams, index_seen: int = 0
) -> float:
    return params.threshold + silence_penalty(index_seen - story.last_seen, params)


def _expire(index: StoryIndex, article: ArticleFeatures, params: ClusterParams) -> None:
    """Stories quiet past the window, or for so many articles that no score could reach the
    bar, leave the index: the active set is bounded whatever the size of the archive."""
    now = max(index.latest_at, article.timestamp)
    index.expire(now - params.quiet_days * _DAY, index.seen - max_silence(params))
    index.swept_at = index.seen


def max_silence(params: ClusterParams) -> int:
    """Articles of silence after which even a perfect match (score 1) is refused."""
    if not params.gap_penalty:
        return 2**62
    return math.ceil(params.stream_scale * (2 ** ((1 - params.threshold) / params.gap_penalty) - 1))


def silence_penalty(articles_since: int, params: ClusterParams) -> float:
    return params.gap_penalty * math.log2(1 + max(0, articles_since) / params.stream_scale)


def assign(index: StoryIndex, article: ArticleFeatures, params: ClusterParams) -> Assignment:
    """Pick the story for an article from the index's candidates; the caller records it."""
    if index.seen - index.swept_at >= EXPIRE_EVERY:
        _expire(index, article, params)
    best: StoryState | None = None
    best_margin = 0.0
    best_score = 0.0
    oldest = article.timestamp - params.quiet_days * _DAY
    for story in index.candidates(article):
        if story.last_at < oldest:  # quiet past the window, not yet swept out
            continue
        score = match_score(article, story, params)
        margin = score - required_score(article, story, params, index.seen)
        if margin >= 0 and (best is None or margin > best_margin):
            best, best_margin, best_score = story, margin, score
    return Assignment(best.id if best else None, best_score)
