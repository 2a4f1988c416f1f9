"""Hashtags and entities: coverage, topic accuracy, throughput, memory and cold start.

**Coverage**: the share of articles of at least `MIN_WORDS` words that get at least three tags,
with the default entity extractor and tagger, on BBC 2005 (`bbc-news-2005`, 2,225 articles) and
giveme5w1h (370). **Topic accuracy**: the tagger's topic against the BBC's five categories,
through `BBC_CATEGORY` (conflict counts as politics, science as tech; crime, health and
environment match no BBC category and count as wrong, as does no topic); `topic_precision` is
the accuracy over the articles given a topic.

**Speed** runs in fresh (spawned) processes, so that the model load and the memory are their
own: cold start is imports + model load + entities and tags of one short text; throughput is
entities + tags of the first `speed_articles` BBC articles after that, in one process, and in
two processes splitting them (the sum of both rates: two cores); peak RSS is the process's.

    from broadsheet.bench import tags
    tags.print_table(tags.run(tags.default_data_dir()))
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from broadsheet.bench.corpus import default_data_dir
from broadsheet.bench.table import print_results
from broadsheet.enrich.entities import EntityExtractor, default_entity_extractor, document
from broadsheet.enrich.tags import KeyphraseTagger, Tagger

__all__ = [
    "BBC",
    "BBC_CATEGORY",
    "GIVEME",
    "Article",
    "coverage",
    "default_data_dir",
    "load_articles",
    "print_table",
    "run",
    "topic_accuracy",
]

BBC = "bbc-news-2005/bbc_fulltext.jsonl"
GIVEME = "stories/giveme5w1h.jsonl"
MIN_WORDS = 150
BBC_CATEGORY = {
    "politics": "politics",
    "conflict": "politics",
    "business": "business",
    "sport": "sport",
    "technology": "tech",
    "science": "tech",
    "entertainment": "entertainment",
}


@dataclass(frozen=True, slots=True)
class Article:
    title: str
    text: str
    category: str | None = None

    @property
    def words(self) -> int:
        return len(self.text.split())


def load_articles(path: Path, *, limit: int | None = None, every: int = 1) -> list[Article]:
    """Every `every`-th article of a JSONL file with title and text (and a BBC category)."""
    articles = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number % every == 0:
                row = json.loads(line)
                articles.append(Article(row["title"], row["text"], row.get("category")))
    return articles[:limit]


def coverage(
    articles: Sequence[Article],
    extractor: EntityExtractor,
    tagger: Tagger,
    *,
    min_words: int = MIN_WORDS,
    on_article: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """How many of the articles of at least `min_words` words get three tags or more."""
    long = [a for a in articles if a.words >= min_words]
    counts = []
    for start in range(0, len(long), 32):
        batch = long[start : start + 32]
        found = extractor.extract([document(a.title, a.text) for a in batch])
        for article, entities in zip(batch, found, strict=True):
            counts.append(len(tagger.tag(article.title, article.text, entities)))
            if on_article:
                on_article()
    enough = sum(count >= 3 for count in counts)
    return {
        "long_articles": len(long),
        "with_3_tags": enough,
        "coverage": enough / len(long) if long else 0.0,
        "mean_tags": sum(counts) / len(counts) if counts else 0.0,
        "fewest_tags": min(counts, default=0),
        "most_tags": max(counts, default=0),
    }


def topic_accuracy(articles: Sequence[Article], tagger: KeyphraseTagger) -> dict[str, Any]:
    """The tagger's topic against the BBC categories (see the module docstring)."""
    right = given = 0
    for article in articles:
        topic = tagger.lexicon.topic(article.title, article.text)
        given += topic is not None
        right += topic is not None and BBC_CATEGORY.get(topic) == article.category
    return {
        "articles": len(articles),
        "topic_accuracy": right / len(articles) if articles else 0.0,
        "topic_precision": right / given if given else 0.0,
        "no_topic": len(articles) - given,
    }


def run(
    data: Path,
    *,
    limit: int | None = None,
    speed_articles: int = 300,
    on_article: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Every measurement on the evaluation data under `data` (`limit`: first N of each set)."""
    bbc = load_articles(data / BBC, limit=limit)
    giveme = load_articles(data / GIVEME, limit=limit)
    extractor, tagger = default_entity_extractor(), KeyphraseTagger()
    rows: dict[str, dict[str, Any]] = {}
    for name, articles in (("bbc-news-2005", bbc), ("giveme5w1h", giveme)):
        rows[name] = coverage(articles, extractor, tagger, on_article=on_article)
    rows["bbc-news-2005"].update(topic_accuracy(bbc, tagger))
    texts = [(a.title, a.text) for a in bbc[:speed_articles]]
    return {
        "benchmark": "tags",
        "min_words": MIN_WORDS,
        "extractor": extractor.name,
        "tagger": tagger.name,
        "quality": rows,
        "speed": {"1 process": _speed(texts, 1), "2 processes": _speed(texts, 2)},
        "speed_articles": len(texts),
    }


def print_table(result: dict[str, Any], console: Console | None = None) -> None:
    quality = result["quality"]
    print_results(
        f"Hashtags: articles of ≥ {result['min_words']} words with ≥ 3 tags",
        quality,
        ("long_articles", "coverage", "mean_tags", "fewest_tags", "most_tags"),
        note=f"{result['extractor']}; {result['tagger']}",
        console=console,
    )
    print_results(
        "Topic tag against the BBC categories",
        {"bbc-news-2005": quality["bbc-news-2005"]},
        ("articles", "topic_accuracy", "topic_precision", "no_topic"),
        console=console,
    )
    print_results(
        f"Entities + tags: {result['speed_articles']} BBC articles",
        result["speed"],
        ("articles_per_second", "articles_per_cpu_second", "cold_start_s", "peak_rss_mb"),
        note="cold start: imports + model load + one short text; 2 processes: sum of rates",
        console=console,
    )


def _speed(texts: list[tuple[str, str]], processes: int) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    parts = [texts[i::processes] for i in range(processes)]
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        rows = list(pool.map(_measure, parts))
    return {
        "articles_per_second": sum(r["articles_per_second"] for r in rows),
        "articles_per_cpu_second": sum(r["articles_per_cpu_second"] for r in rows) / processes,
        "cold_start_s": max(r["cold_start_s"] for r in rows),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in rows),
    }


def _measure(texts: list[tuple[str, str]]) -> dict[str, float]:
    """Runs in the fresh process: everything from the first import of the enrichers is timed."""
    start = time.perf_counter()
    from broadsheet.enrich.entities import default_entity_extractor as extractor_for
    from broadsheet.enrich.tags import KeyphraseTagger as Tags

    extractor, tagger = extractor_for(), Tags()
    (found,) = extractor.extract([document("Kyiv talks", "Zelenskyy met Putin in Sumy.")])
    tagger.tag("Kyiv talks", "Zelenskyy met Putin in Sumy.", found)
    cold = time.perf_counter() - start
    wall, cpu = time.perf_counter(), time.process_time()
    for first in range(0, len(texts), 32):
        batch = texts[first : first + 32]
        found_all = extractor.extract([document(title, text) for title, text in batch])
        for (title, text), entities in zip(batch, found_all, strict=True):
            tagger.tag(title, text, entities)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "cold_start_s": cold,
        "articles_per_second": len(texts) / wall,
        "articles_per_cpu_second": len(texts) / cpu,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: `ru_maxrss` would carry over a forking parent's peak)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    (line,) = (line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
