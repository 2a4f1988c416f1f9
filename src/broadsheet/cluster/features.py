"""What story clustering knows about one article: its terms, its embedding and its time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from broadsheet.cluster.terms import TermVector, term_vector

__all__ = ["ArticleFeatures", "embedding_text", "features_of", "top_terms"]


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """`vector` is the unit-length text embedding, or None when clustering runs lexical-only."""

    article_id: int
    terms: TermVector
    published_at: datetime
    vector: np.ndarray | None = None

    @property
    def timestamp(self) -> float:
        return self.published_at.timestamp()


def features_of(
    article_id: int,
    title: str,
    text: str,
    published_at: datetime,
    *,
    vector: np.ndarray | None = None,
) -> ArticleFeatures:
    return ArticleFeatures(article_id, term_vector(title, text), published_at, vector)


def top_terms(terms: TermVector, k: int) -> list[str]:
    """The k heaviest terms, heaviest first (ties by term, so the order is deterministic)."""
    return [t for t, _ in sorted(terms.items(), key=lambda tw: (-tw[1], tw[0]))[:k]]


def embedding_text(title: str, text: str) -> str:
    """What is embedded for clustering: the headline. It states the event more crisply than
    the body's first sentences (pairwise F1 on giveme5w1h 0.929 against 0.907 with the lead
    added), is what headline-only streams have anyway, and embeds ten times faster. The body
    is used when there is no headline."""
    return title.strip() or " ".join(text.split()[:60])
