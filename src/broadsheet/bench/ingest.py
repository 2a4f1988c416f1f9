"""End-to-end ingest benchmark: the bundled demo site over real HTTP → stored, indexed articles.

Each round starts a fresh SQLite file, adds the demo feeds and refreshes them with the worker
pool, exactly as `broadsheet demo` does. The same pages are then run through plain
`trafilatura.extract` alone, so the pipeline's cost can be read against extraction's."""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import trafilatura

from broadsheet.bench.table import print_results
from broadsheet.config import Settings
from broadsheet.demo import DemoSite
from broadsheet.fetch import Fetcher
from broadsheet.storage import open_repository
from broadsheet.worker import refresh


def run(rounds: int = 3, threads: int = 4) -> dict[str, Any]:
    settings = Settings(allow_hosts="127.0.0.1", host_delay=0.0, host_concurrency=threads,
                        worker_threads=threads)  # fmt: skip
    with _site_in_another_process() as site:
        timings = [_one_round(site, settings) for _ in range(rounds)]
        plain = _plain_trafilatura(site.article_urls, settings)
    stored = timings[0][0]
    pipeline_s = statistics.median(t for _, t in timings)
    return {
        "pipeline": {
            "articles": stored,
            "seconds": pipeline_s,
            "articles_per_s": stored / pipeline_s,
            "threads": threads,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        },
        "trafilatura_only": {
            "articles": plain["pages"],
            "seconds": plain["seconds"],
            "articles_per_s": plain["pages"] / plain["seconds"],
            "threads": 1,
        },
        "ratio_pipeline_to_trafilatura": pipeline_s / plain["seconds"],
        "rounds": rounds,
    }


@dataclass(frozen=True)
class _SiteUrls:
    feed_urls: list[str]
    article_urls: list[str]


@contextmanager
def _site_in_another_process() -> Iterator[_SiteUrls]:
    """The demo site runs in its own process, as a real outlet would: its serving must not
    share this process's interpreter lock with the pipeline being measured."""
    context = multiprocessing.get_context("spawn")
    answers: Queue[_SiteUrls] = context.Queue()
    stop = context.Event()
    process = context.Process(target=_serve_site, args=(answers, stop), daemon=True)
    process.start()
    try:
        yield answers.get(timeout=60)
    finally:
        stop.set()
        process.join(10)


def _serve_site(answers: Queue[_SiteUrls], stop: Event) -> None:
    with DemoSite.from_bundle() as site:
        answers.put(_SiteUrls(site.feed_urls(), site.article_urls()))
        stop.wait()


def _one_round(site: _SiteUrls, settings: Settings) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        local = replace(settings, database_url=f"sqlite:///{Path(tmp) / 'bench.db'}")
        repo = open_repository(local.database_url)
        fetcher = Fetcher(local)
        try:
            sources = [repo.add_source(url) for url in site.feed_urls]
            started = time.perf_counter()
            reports = refresh(sources, fetcher=fetcher, repo=repo, settings=local)
            elapsed = time.perf_counter() - started
        finally:
            fetcher.close()
            repo.close()
    return sum(r.stored for r in reports), elapsed


def _plain_trafilatura(urls: list[str], settings: Settings) -> dict[str, float]:
    with Fetcher(settings) as fetcher:
        pages = [fetcher.get(u).body for u in urls]
    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page, include_comments=False)
    return {"pages": len(pages), "seconds": time.perf_counter() - started}


def print_table(result: dict[str, Any]) -> None:
    rows = {k: result[k] for k in ("pipeline", "trafilatura_only")}
    note = (
        f"median of {result['rounds']} rounds; pipeline = fetch + extract + clean + store + index; "
        f"pipeline / trafilatura-only time = {result['ratio_pipeline_to_trafilatura']:.2f}"
    )
    columns = ("articles", "seconds", "articles_per_s", "threads", "peak_rss_mb")
    print_results("Ingest: demo site → stored articles", rows, columns, note=note)
