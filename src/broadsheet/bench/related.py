"""`broadsheet bench related`: are an article's related articles about the same event?

A labelled stream (the stories format: see `bench.clustering`) is clustered in stream order
with the shipped defaults and gold labels hidden, then stored whole in a fresh SQLite archive
the way the server holds it (outlets as sources, story ids, headline vectors under the story
desk's kind). For every article whose gold story has at least `min_story` members, the related
ranking the article page shows (`services.related`, over the whole archive minus the article
itself) is scored by precision@k: the share of its first k items in the article's gold story.
The baseline is what the seed aggregator shows: the k articles published just before it. The
time of each related call is measured as the page pays it (the article already loaded).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from broadsheet.bench.clustering import Embed, LabelledArticle, cluster_stream, load_stream
from broadsheet.bench.table import print_results
from broadsheet.cluster.assign import ClusterParams
from broadsheet.cluster.features import embedding_text
from broadsheet.cluster.related import RelatedParams
from broadsheet.model import ArticleDraft, DateOrigin
from broadsheet.normalize.fingerprint import fingerprint
from broadsheet.services.related import headline_terms, related_articles
from broadsheet.storage import Repository, open_repository

__all__ = ["build_archive", "print_scaling", "print_table", "run", "scaling"]

K = 5
MIN_STORY = 6
BATCH = 2_000  # drafts saved per write


def run(
    path: Path,
    *,
    embed: Embed | None = None,
    embedder_name: str = "none",
    params: RelatedParams | None = None,
    k: int = K,
    min_story: int = MIN_STORY,
) -> dict[str, Any]:
    articles = load_stream(path)
    vectors = embed([embedding_text(a.title, a.text) for a in articles]) if embed else None
    stories, _ = cluster_stream(articles, vectors, ClusterParams())
    with tempfile.TemporaryDirectory() as tmp:
        repo = open_repository(f"sqlite:///{Path(tmp) / 'related.db'}")
        try:
            ids = build_archive(repo, articles, stories, vectors, f"{embedder_name}/headline")
            scores = _score(repo, articles, ids, params, k, min_story)
        finally:
            repo.close()
    return {"data": path.name, "articles": len(articles), "embedder": embedder_name, **scores}


def build_archive(
    repo: Repository,
    articles: Sequence[LabelledArticle],
    stories: Sequence[int],
    vectors: np.ndarray | None,
    kind: str,
    *,
    period: int = 0,
) -> list[int]:
    """Store the stream in order with its predicted stories and headline vectors; returns the
    stored id of each article. `period`: the length of a replayed stream, whose passes repeat
    the same texts and are fingerprinted apart (else they would be stored as copies)."""
    outlets: dict[str, int] = {}
    for name in dict.fromkeys(a.outlet or "unknown" for a in articles):
        outlets[name] = repo.add_source(f"https://bench.invalid/{len(outlets)}", title=name).id
    ids: list[int] = []
    for first in range(0, len(articles), BATCH):
        batch = articles[first : first + BATCH]
        drafts = [
            _draft(n, a, outlets[a.outlet or "unknown"], n // period if period else 0)
            for n, a in enumerate(batch, start=first)
        ]
        ids.extend(r.article_id for r in repo.save_articles(drafts))
    _save_stories(repo, ids, stories)
    if vectors is not None:
        rows = {i: v.astype(np.float32).tobytes() for i, v in zip(ids, vectors, strict=True)}
        repo.save_vectors(kind, rows)
    return ids


def _save_stories(repo: Repository, ids: Sequence[int], stories: Sequence[int]) -> None:
    members: dict[int, list[int]] = {}
    for article_id, story in zip(ids, stories, strict=True):
        members.setdefault(story, []).append(article_id)
    for first, *rest in members.values():
        repo.join_story(repo.start_story(first).id, rest)


def _draft(n: int, article: LabelledArticle, source_id: int, replay: int) -> ArticleDraft:
    # Headline-only streams have no text to fingerprint: each report is its own article.
    mark = f"{fingerprint(article.text)}-{replay}" if article.text else f"headline-{n}"
    return ArticleDraft(
        source_id=source_id, url=f"https://bench.invalid/a/{n}",
        canonical_url=f"https://bench.invalid/a/{n}", guid=str(n), title=article.title,
        text=article.text, fingerprint=mark, published_at=article.published_at,
        date_origin=DateOrigin.FEED, fetched_at=datetime.now(UTC),
    )  # fmt: skip


def _score(
    repo: Repository,
    articles: Sequence[LabelledArticle],
    ids: Sequence[int],
    params: RelatedParams | None,
    k: int,
    min_story: int,
) -> dict[str, Any]:
    gold = {article_id: a.story for article_id, a in zip(ids, articles, strict=True)}
    sizes = Counter(a.story for a in articles)
    related: list[float] = []
    latest: list[float] = []
    seconds: list[float] = []
    for n, article_id in enumerate(ids):
        if sizes[gold[article_id]] < min_story:
            continue
        article = repo.get_article(article_id)
        start = time.perf_counter()
        items = related_articles(repo, article, k=k, params=params)
        seconds.append(time.perf_counter() - start)
        related.append(_precision([i.article_id for i in items], gold[article_id], gold, k))
        latest.append(_precision(list(ids[max(0, n - k) : n]), gold[article_id], gold, k))
    ms = np.array(seconds) * 1000
    return {
        "evaluated": len(related),
        "related_p_at_k": float(np.mean(related)) if related else 0.0,
        "latest_p_at_k": float(np.mean(latest)) if latest else 0.0,
        "k": k,
        "median_ms": float(np.median(ms)) if len(ms) else 0.0,
        "p99_ms": float(np.percentile(ms, 99)) if len(ms) else 0.0,
    }


def _precision(shown: Sequence[int], story: str, gold: Mapping[int, str], k: int) -> float:
    """Share of the k slots holding an article of the same gold story (an empty slot misses)."""
    return sum(gold[i] == story for i in shown[:k]) / k


def print_table(results: Iterable[Mapping[str, Any]], console: Console | None = None) -> None:
    rows = {f"{Path(r['data']).stem} {r['embedder'].split('/')[0]}": r for r in results}
    columns = ("articles", "evaluated", "related_p_at_k", "latest_p_at_k", "median_ms", "p99_ms")
    k = next(iter(rows.values()), {}).get("k", K)
    note = f"precision@k: share of the first k = {k} items in the article's gold story"
    print_results("Related articles", rows, columns, note=note, console=console)


def scaling(
    path: Path,
    total: int,
    *,
    embed: Embed | None = None,
    embedder_name: str = "none",
    requests: int = 1_000,
    seed: int = 7,
) -> dict[str, Any]:
    """Related time at `total` stored articles: the stream replayed (each pass after the last,
    with its own stories) up to `total`, then the related lists of `requests` random articles
    timed. Embeddings and stories are computed once, for the first pass."""
    base = load_stream(path)
    vectors = embed([embedding_text(a.title, a.text) for a in base]) if embed else None
    stories, _ = cluster_stream(base, vectors, ClusterParams())
    articles, story_ids, rows = _replay(base, stories, vectors, total)
    with tempfile.TemporaryDirectory() as tmp:
        repo = open_repository(f"sqlite:///{Path(tmp) / 'related-scale.db'}")
        try:
            kind = f"{embedder_name}/headline"
            ids = build_archive(repo, articles, story_ids, rows, kind, period=len(base))
            chosen = random.Random(seed).sample(ids, min(requests, len(ids)))
            ms = _related_ms(repo, chosen)
        finally:
            repo.close()
    return {
        "data": path.name, "embedder": embedder_name, "stored": len(ids), "requests": len(ms),
        "median_ms": float(np.median(ms)), "p95_ms": float(np.percentile(ms, 95)),
        "p99_ms": float(np.percentile(ms, 99)),
    }  # fmt: skip


def _replay(
    base: Sequence[LabelledArticle], stories: Sequence[int], vectors: np.ndarray | None, total: int
) -> tuple[list[LabelledArticle], list[int], np.ndarray | None]:
    span = base[-1].published_at - base[0].published_at + timedelta(days=1)
    passes = -(-total // len(base))
    offset = max(stories) + 1
    articles = [
        replace(a, published_at=a.published_at + p * span) for p in range(passes) for a in base
    ]
    story_ids = [s + p * offset for p in range(passes) for s in stories]
    rows = None if vectors is None else np.tile(vectors, (passes, 1))[:total]
    return articles[:total], story_ids[:total], rows


def _related_ms(repo: Repository, article_ids: Sequence[int]) -> np.ndarray:
    seconds = []
    for article_id in article_ids:
        article = repo.get_article(article_id)
        headline_terms.cache_clear()  # replayed headlines repeat: weigh every one as if new
        start = time.perf_counter()
        related_articles(repo, article)
        seconds.append(time.perf_counter() - start)
    return np.array(seconds) * 1000


def print_scaling(results: Iterable[Mapping[str, Any]], console: Console | None = None) -> None:
    rows = {f"{Path(r['data']).stem} at {r['stored']:,} stored": r for r in results}
    columns = ("requests", "median_ms", "p95_ms", "p99_ms")
    print_results("Related-articles time as the archive grows", rows, columns, console=console)
