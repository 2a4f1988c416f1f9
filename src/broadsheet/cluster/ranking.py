"""How stories are ranked on the front page: by size, outlet diversity and recency, in one number.

    hot = log2(1 + outlets) + 0.5 · log2(1 + articles) + hours(last report) / 12

Doubling the outlets that carry a story is worth as much as being 12 hours more recent; doubling
its articles (copies and follow-ups from outlets already counted) is worth 6 hours. Because time
only ever adds to the score, a story's `hot` never has to be recomputed as it ages: it is set
when the story changes and the front page is an ordinary index scan (the "hot" sort of link
aggregators).
"""

from __future__ import annotations

import math
from datetime import datetime

__all__ = ["HALF_DAY_HOURS", "hotness"]

HALF_DAY_HOURS = 12.0
ARTICLE_WEIGHT = 0.5


def hotness(article_count: int, outlet_count: int, last_at: datetime) -> float:
    hours = last_at.timestamp() / 3600.0
    size = math.log2(1 + outlet_count) + ARTICLE_WEIGHT * math.log2(1 + article_count)
    return size + hours / HALF_DAY_HOURS
