"""`broadsheet bench clustering`: online story clustering on a labelled stream.

Reads the stories format of the evaluation data (one JSON article per line in stream order:
id, title, text, published, source, url, story), clusters it in order with the shipped
`cluster` code and defaults without reading `story`, and scores the result with pairwise
precision, recall and F1 over all article pairs (Miranda et al. 2018). Embedding time is
measured apart from assignment time.
"""

from __future__ import annotations

import json
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from broadsheet.bench.table import print_results
from broadsheet.cluster.assign import ClusterParams, assign
from broadsheet.cluster.features import ArticleFeatures, embedding_text, features_of
from broadsheet.cluster.repair import find_merges
from broadsheet.cluster.story_index import StoryIndex

__all__ = ["LabelledArticle", "load_stream", "pairwise_scores", "print_table", "run"]

Embed = Callable[[Sequence[str]], np.ndarray]

REPAIR_EVERY = 100  # articles between repair passes (the server runs one per scheduler tick)


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    id: str
    title: str
    text: str
    published_at: datetime
    outlet: str
    story: str  # the gold label: only the scorer reads it


def load_stream(path: Path) -> list[LabelledArticle]:
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            published = datetime.fromisoformat(record["published"] or "1970-01-01T00:00:00")
            if published.tzinfo is None:
                published = published.replace(tzinfo=UTC)
            articles.append(
                LabelledArticle(
                    str(record["id"]), record["title"], record.get("text") or "", published,
                    record.get("source") or "", str(record["story"]),
                )
            )  # fmt: skip
    return articles


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(gold: Sequence[str], predicted: Sequence[int]) -> dict[str, float]:
    """Pairwise precision, recall and F1: a pair is positive when both share a story."""
    both = sum(_pairs(n) for n in Counter(zip(gold, predicted, strict=True)).values())
    in_gold = sum(_pairs(n) for n in Counter(gold).values())
    in_predicted = sum(_pairs(n) for n in Counter(predicted).values())
    precision = both / in_predicted if in_predicted else 1.0
    recall = both / in_gold if in_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def cluster_stream(
    articles: Sequence[LabelledArticle],
    vectors: np.ndarray | None,
    params: ClusterParams,
) -> tuple[list[int], list[float]]:
    """Story ids in stream order and each assignment's seconds."""
    index = StoryIndex()
    predicted: list[int] = []
    seconds: list[float] = []
    merged_into: dict[int, int] = {}
    changed: set[int] = set()
    for i, article in enumerate(articles):
        start = time.perf_counter()
        features = features_of(
            i, article.title, article.text, article.published_at,
            vector=None if vectors is None else vectors[i],
        )  # fmt: skip
        story_id = _place(index, features, params, next_id=len(predicted))
        changed.add(story_id)
        if (i + 1) % REPAIR_EVERY == 0:
            _repair(index, changed, params, merged_into)
            changed.clear()
        seconds.append(time.perf_counter() - start)
        predicted.append(story_id)
    _repair(index, changed, params, merged_into)
    return [_final(s, merged_into) for s in predicted], seconds


def _repair(
    index: StoryIndex, changed: set[int], params: ClusterParams, merged_into: dict[int, int]
) -> None:
    for merge in find_merges(index, changed, params):
        index.merge(merge.absorbed, merge.into)
        merged_into[merge.absorbed] = merge.into


def _final(story_id: int, merged_into: dict[int, int]) -> int:
    while story_id in merged_into:
        story_id = merged_into[story_id]
    return story_id


def _place(
    index: StoryIndex, features: ArticleFeatures, params: ClusterParams, next_id: int
) -> int:
    chosen = assign(index, features, params).story_id
    story_id = next_id if chosen is None else chosen
    index.add(story_id, features)
    return story_id


def run(
    path: Path,
    *,
    params: ClusterParams | None = None,
    embed: Embed | None = None,
    embedder_name: str = "none",
) -> dict[str, Any]:
    articles = load_stream(path)
    params = params or ClusterParams()
    vectors, embed_seconds = None, 0.0
    if embed is not None:
        start = time.perf_counter()
        vectors = embed([embedding_text(a.title, a.text) for a in articles])
        embed_seconds = time.perf_counter() - start
    predicted, seconds = cluster_stream(articles, vectors, params)
    scores = pairwise_scores([a.story for a in articles], predicted)
    total = sum(seconds)
    return {
        "data": path.name,
        "articles": len(articles),
        "embedder": embedder_name,
        **scores,
        "clusters": len(set(predicted)),
        "gold_clusters": len({a.story for a in articles}),
        "articles_per_second": len(articles) / total if total else 0.0,
        "median_assign_ms": 1000 * float(np.median(seconds)) if seconds else 0.0,
        "embed_seconds": embed_seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def print_table(results: Iterable[Mapping[str, Any]], console: Console | None = None) -> None:
    rows = {f"{Path(r['data']).stem} {r['embedder'].split('/')[0]}": r for r in results}
    columns = (
        "articles", "precision", "recall", "f1", "clusters", "gold_clusters",
        "articles_per_second", "median_assign_ms", "embed_seconds", "peak_rss_mb",
    )  # fmt: skip
    print_results("Story clustering (pairwise)", rows, columns, console=console)


def scaling(
    path: Path,
    total: int,
    *,
    embed: Embed | None = None,
    checkpoints: Sequence[int] = (1_000, 10_000, 50_000, 100_000),
    window: int = 1_000,
) -> list[dict[str, Any]]:
    """Assignment time as the archive grows: the stream is replayed (each pass three days
    after the last) up to `total` articles; at each checkpoint, the median and p95 of the
    `window` assignments before it and the number of active stories. Embeddings are computed
    once per distinct headline and excluded from the times."""
    base = load_stream(path)
    vectors = embed([embedding_text(a.title, a.text) for a in base]) if embed else None
    index, params = StoryIndex(), ClusterParams()
    seconds: list[float] = []
    rows = []
    for n in range(total):
        article, shift = base[n % len(base)], timedelta(days=3 * (n // len(base)))
        features = features_of(
            n, article.title, article.text, article.published_at + shift,
            vector=None if vectors is None else vectors[n % len(base)],
        )  # fmt: skip
        start = time.perf_counter()
        _place(index, features, params, next_id=n)
        seconds.append(time.perf_counter() - start)
        if n + 1 in checkpoints:
            recent = np.array(seconds[-window:]) * 1000
            rows.append({
                "stored": n + 1, "median_ms": float(np.median(recent)),
                "p95_ms": float(np.percentile(recent, 95)), "active_stories": len(index),
            })  # fmt: skip
    return rows


def print_scaling(rows: Sequence[Mapping[str, Any]], console: Console | None = None) -> None:
    table = {f"{r['stored']:,} stored": r for r in rows}
    columns = ("median_ms", "p95_ms", "active_stories")
    print_results("Assignment time as the archive grows", table, columns, console=console)
