"""What story clustering knows about one article: its terms, its embedding and its time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from broadsheet.cluster.terms import TermVector, term_vector

__all__ = ["EMBED_WORDS", "ArticleFeatures", "embedding_text", "features_of", "top_terms"]

EMBED_WORDS = 150  # the model reads 256 word pieces: the headline and the start of the body


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """`vector` is the unit-length text embedding, or None when clustering runs lexical-only."""

    article_id: int
    terms: TermVector
    published_at: datetime
    vector: np.ndarray | None = None
    outlet: str = ""

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
    outlet: str = "",
) -> ArticleFeatures:
    return ArticleFeatures(article_id, term_vector(title, text), published_at, vector, outlet)


def top_terms(terms: TermVector, k: int) -> list[str]:
    """The k heaviest terms, heaviest first (ties by term, so the order is deterministic)."""
    return [t for t, _ in sorted(terms.items(), key=lambda tw: (-tw[1], tw[0]))[:k]]


def embedding_text(title: str, text: str) -> str:
    """What is embedded for clustering: the headline and the start of the body."""
    lead = " ".join(text.split()[:EMBED_WORDS])
    return f"{title}. {lead}".strip() if lead else title
