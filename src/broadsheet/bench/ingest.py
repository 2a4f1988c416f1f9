"""End-to-end ingest benchmark: the bundled demo site over real HTTP → stored, indexed articles.

Each round starts a fresh SQLite file, adds the demo feeds and refreshes them with the worker
pool, exactly as `broadsheet demo` does. The same pages are then run through plain
`trafilatura.extract` alone, so the pipeline's cost can be read against extraction's: each
round runs both, back to back, and the ratio is the median of the rounds' ratios (this machine's
speed drifts; two measurements far apart in time are not comparable).

Extraction runs in a pool of `processes` worker processes, started once before the rounds (as
`broadsheet serve` keeps one for its lifetime; its start-up time is reported on its own), or in
the ingest threads with `processes=0`. Peak memory is that of the whole process tree (this
process and the extraction processes; the demo site's process is left out)."""

from __future__ import annotations

import multiprocessing
import os
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

from broadsheet.bench.memory import PeakTreeMemory
from broadsheet.bench.table import print_results
from broadsheet.config import Settings
from broadsheet.demo import DemoSite
from broadsheet.fetch import Fetcher
from broadsheet.pipeline import IN_PROCESS, Extraction
from broadsheet.storage import open_repository
from broadsheet.worker import ExtractionPool, refresh
from broadsheet.worker.desk import place_stories
from broadsheet.worker.extraction import available_cores


def run(rounds: int = 3, threads: int = 4, processes: int | None = None) -> dict[str, Any]:
    """`processes`: extraction processes (None: one per core; 0: in the ingest threads), no
    more than there are threads to keep them busy (as `broadsheet serve` and `refresh` do)."""
    processes = min(available_cores() if processes is None else processes, threads)
    settings = Settings(allow_hosts="127.0.0.1", host_delay=0.0, host_concurrency=threads,
                        worker_threads=threads)  # fmt: skip
    pipeline: list[float] = []
    placing: list[float] = []
    plain: list[float] = []
    with _site_in_another_process() as site:
        pages = _pages(site.article_urls, settings)
        with PeakTreeMemory(exclude=frozenset({site.pid})) as peak, _extractor(processes) as pool:
            extract, start_s = pool
            for _ in range(rounds):  # back to back, so that both see the same machine
                stored, seconds, story_seconds = _one_round(site, settings, extract)
                pipeline.append(seconds)
                placing.append(story_seconds)
                plain.append(_plain_trafilatura(pages))
    pipeline_s, plain_s = statistics.median(pipeline), statistics.median(plain)
    return {
        "pipeline": {
            "articles": stored,
            "seconds": pipeline_s,
            "articles_per_s": stored / pipeline_s,
            "threads": threads,
            "processes": processes,
            "pool_start_s": start_s,
            "peak_rss_mb": peak.rss_mb,
            "peak_pss_mb": peak.pss_mb,
        },
        "stories": {
            "articles": stored,
            "seconds": statistics.median(placing),
            "articles_per_s": stored / statistics.median(placing),
        },
        "trafilatura_only": {
            "articles": len(pages),
            "seconds": plain_s,
            "articles_per_s": len(pages) / plain_s,
            "threads": 1,
        },
        "ratio_pipeline_to_trafilatura": statistics.median(
            p / q for p, q in zip(pipeline, plain, strict=True)
        ),
        "rounds": rounds,
    }


@contextmanager
def _extractor(processes: int) -> Iterator[tuple[Extraction, float]]:
    """(extraction, seconds its processes took to start)."""
    if processes == 0:
        yield IN_PROCESS, 0.0
        return
    with ExtractionPool(processes) as pool:
        started = time.perf_counter()
        pool.start()
        yield pool, time.perf_counter() - started


@dataclass(frozen=True)
class _SiteUrls:
    feed_urls: list[str]
    article_urls: list[str]
    pid: int


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
        answers.put(_SiteUrls(site.feed_urls(), site.article_urls(), os.getpid()))
        stop.wait()


def _one_round(
    site: _SiteUrls, settings: Settings, extract: Extraction
) -> tuple[int, float, float]:
    """(articles stored, ingest seconds, seconds to place them into stories)."""
    with tempfile.TemporaryDirectory() as tmp:
        local = replace(settings, database_url=f"sqlite:///{Path(tmp) / 'bench.db'}")
        repo = open_repository(local.database_url)
        fetcher = Fetcher(local)
        try:
            sources = [repo.add_source(url) for url in site.feed_urls]
            started = time.perf_counter()
            reports = refresh(
                sources, fetcher=fetcher, repo=repo, settings=local, extract=extract, place=False
            )
            elapsed = time.perf_counter() - started
            started = time.perf_counter()
            place_stories(repo, local)
            placing = time.perf_counter() - started
        finally:
            fetcher.close()
            repo.close()
    return sum(r.stored for r in reports), elapsed, placing


def _pages(urls: list[str], settings: Settings) -> list[bytes]:
    with Fetcher(settings) as fetcher:
        return [fetcher.get(u).body for u in urls]


def _plain_trafilatura(pages: list[bytes]) -> float:
    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page, include_comments=False)
    return time.perf_counter() - started


def print_table(result: dict[str, Any]) -> None:
    rows = {k: result[k] for k in ("pipeline", "stories", "trafilatura_only")}
    note = (
        f"median of {result['rounds']} rounds; pipeline = fetch + extract + clean + copies + "
        "store + index; stories = embed headlines + place + repair (model loaded once); "
        f"pipeline / trafilatura-only time = {result['ratio_pipeline_to_trafilatura']:.2f} "
        "(median of per-round ratios); memory: the process tree, without the demo site"
    )
    columns = (
        *("articles", "seconds", "articles_per_s", "threads", "processes"),
        *("pool_start_s", "peak_rss_mb", "peak_pss_mb"),
    )
    print_results("Ingest: demo site → stored articles", rows, columns, note=note)
