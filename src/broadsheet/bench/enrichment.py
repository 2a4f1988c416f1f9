"""Whole enrichment with every default (entities, hashtags, summary, quotes): articles/s on one
and two processes, cold start and peak memory.

Each measurement runs in fresh (spawned) processes so that imports, model loads and memory are
their own. Cold start is imports + `default_enrichers` + enriching one article; throughput is
`enrich_articles` over the first `articles` BBC 2005 articles after that, in batches as the
worker runs them; with two processes each takes half (the sum of both rates: two cores).

    from broadsheet.bench import enrichment
    enrichment.print_table(enrichment.run(enrichment.default_data_dir()))
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from broadsheet.bench.corpus import default_data_dir
from broadsheet.bench.table import print_results
from broadsheet.model import Article, DateOrigin

__all__ = ["BBC", "default_data_dir", "print_table", "run"]

BBC = "bbc-news-2005/bbc_fulltext.jsonl"
BATCH = 32  # as worker/enricher.py takes them


def run(root: Path, articles: int = 400) -> dict[str, Any]:
    texts = _texts(root / BBC, articles)
    rows = {f"{n} process{'es' if n > 1 else ''}": _speed(texts, n) for n in (1, 2)}
    return {"articles": len(texts), "rows": rows}


def print_table(result: dict[str, Any], console: Console | None = None) -> None:
    print_results(
        f"Enrichment with every default, {result['articles']} BBC 2005 articles",
        result["rows"],
        ("articles_per_second", "cold_start_s", "peak_rss_mb"),
        note="entities (spaCy + gazetteer), hashtags, extractive summary, quotes; "
        "cold start = imports + models + one article; RSS per process",
        console=console,
    )


def _texts(path: Path, limit: int) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for _, line in zip(range(limit), lines, strict=False)]
    return [(row["title"], row["text"]) for row in rows]


def _speed(texts: list[tuple[str, str]], processes: int) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    share = [texts[i::processes] for i in range(processes)]
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        parts = list(pool.map(_measure, share))
    return {
        "articles_per_second": sum(p["articles_per_second"] for p in parts),
        "cold_start_s": max(p["cold_start_s"] for p in parts),
        "peak_rss_mb": max(p["peak_rss_mb"] for p in parts),
    }


def _measure(texts: list[tuple[str, str]]) -> dict[str, float]:
    """In a fresh process: cold start, then the rate over `texts`."""
    started = time.perf_counter()
    from broadsheet.config import Settings
    from broadsheet.enrich.bundle import default_enrichers
    from broadsheet.pipeline.enrichment import enrich_articles

    enrichers = default_enrichers(Settings())
    enrich_articles([_article(0, *texts[0])], enrichers)
    cold = time.perf_counter() - started
    articles = [_article(n, title, text) for n, (title, text) in enumerate(texts, start=1)]
    started = time.perf_counter()
    for first in range(0, len(articles), BATCH):
        enrich_articles(articles[first : first + BATCH], enrichers)
    rate = len(articles) / (time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles_per_second": rate, "cold_start_s": cold, "peak_rss_mb": peak}


def _article(n: int, title: str, text: str) -> Article:
    when = datetime(2005, 1, 1, tzinfo=UTC)
    url = f"https://bench.example/{n}"
    return Article(
        id=n, source_id=1, outlet="Bench", url=url, canonical_url=url, guid=url, title=title,
        text=text, fingerprint=str(n), published_at=when, date_origin=DateOrigin.FEED,
        fetched_at=when,
    )  # fmt: skip
