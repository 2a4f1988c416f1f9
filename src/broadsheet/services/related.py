"""An article's related articles, computed per request from bounded index queries.

The repository hands over a bounded set of candidates (its story's members, matches of the
article's heaviest terms near it in time, members of the stories those matches belong to, and
its neighbours in time: see storage/sql_related.py) and the stored headline vectors of those made
by the article's own embedder; `cluster.related` ranks them. Nothing scans the archive, so the
cost follows the candidate bound, not the number of stored articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np

from broadsheet.cluster.features import ArticleFeatures, top_terms
from broadsheet.cluster.related import RelatedFeatures, RelatedParams, rank_related
from broadsheet.cluster.terms import TermVector, term_vector
from broadsheet.model import Article
from broadsheet.storage import Repository

__all__ = ["QUERY_TERMS", "RelatedItem", "headline_terms", "item_of", "related_articles"]

QUERY_TERMS = 6  # the article's heaviest terms looked up in the full-text index
PER_QUERY = 8  # rows each bounded candidate query may return
SNIPPET_CHARS = 240
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """One related article as a page lists it; `reason`: "same story", "same topic", "similar"."""

    article_id: int
    source_id: int
    outlet: str
    title: str
    snippet: str
    published_at: datetime
    reason: str


def related_articles(
    repo: Repository, article: Article, k: int = 8, params: RelatedParams | None = None
) -> list[RelatedItem]:
    """Up to `k` related articles, best first: same story, then same topic, then similar."""
    terms = term_vector(article.title, article.text)
    query = top_terms(terms, QUERY_TERMS)
    candidates = repo.related_candidates(article.id, query, PER_QUERY)
    vectors = _vectors(repo.comparable_vectors(article.id, [c.id for c in candidates]))
    subject = _features(article, vectors.get(article.id), terms)
    words = frozenset(_WORD.findall(" ".join(query)))
    pool = [_candidate(c, article, words, vectors.get(c.id)) for c in candidates]
    ranked = rank_related(subject, pool, k, params)
    by_id = {c.id: c for c in candidates}
    return [item_of(by_id[r.article_id], r.reason) for r in ranked]


def _features(
    article: Article, vector: np.ndarray | None, terms: TermVector | None = None
) -> RelatedFeatures:
    features = ArticleFeatures(article.id, terms or {}, article.published_at, vector)
    return RelatedFeatures(features, article.story_id, article.source_id, article.fingerprint)


def _candidate(
    article: Article, subject: Article, words: frozenset[str], vector: np.ndarray | None
) -> RelatedFeatures:
    """A candidate is weighed by its headline's terms alone: the names and rare words that make
    two reports one topic are there, and a headline costs an eighth of a lead to weigh. Weighing
    is still the largest part of a list's time, so it is skipped where it hardly matters: a
    headline without one of the article's heaviest words seldom reaches the topic bar, and
    members of the same story are ordered by their headline vectors when there are some."""
    if subject.story_id is not None and article.story_id == subject.story_id:
        weigh = vector is None
    else:
        weigh = not words.isdisjoint(_WORD.findall(article.title.lower()))
    return _features(article, vector, headline_terms(article.title) if weigh else None)


@lru_cache(maxsize=16_384)
def headline_terms(title: str) -> TermVector:
    """Cached: the same headlines come up as candidates of one article after another."""
    return term_vector(title, "")


def _vectors(stored: dict[int, bytes]) -> dict[int, np.ndarray]:
    return {i: np.frombuffer(v, dtype=np.float32) for i, v in stored.items()}


def item_of(article: Article, reason: str) -> RelatedItem:
    """The item a page lists for a related article (its text cut to the lead, or whole)."""
    return RelatedItem(
        article_id=article.id,
        source_id=article.source_id,
        outlet=article.outlet,
        title=article.title,
        snippet=_snippet(article.description or article.text),
        published_at=article.published_at,
        reason=str(reason),
    )


def _snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The text's first `limit` characters or so, cut at a word, with an ellipsis if cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—-") + "…"
