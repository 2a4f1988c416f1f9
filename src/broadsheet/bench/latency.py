"""Page latency under load: N stored articles, `broadsheet serve --no-worker` in its own process,
and a local asyncio load generator at a fixed concurrency. Prints p50/p95/p99 per page, the
server's peak memory and what the stored related lists take on disk."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from broadsheet.bench.latency_related import (
    cpu_seconds,
    forget_related,
    peak_rss_mb,
    related_rows,
    related_store,
)
from broadsheet.bench.latency_search import add_headline_vectors, search_paths
from broadsheet.bench.load import load
from broadsheet.bench.table import print_results
from broadsheet.demo import load_corpus
from broadsheet.model import ArticleDraft, DateOrigin
from broadsheet.normalize.fingerprint import fingerprint
from broadsheet.storage import open_repository
from broadsheet.worker.index_upkeep import IndexUpkeepThread

BATCH = 2000
WARM_UP = 20  # requests per page type sent before measuring


def populate(database_url: str, articles: int, sources: int = 50) -> int:
    """Fill a database with `articles` distinct articles (demo texts, varied) unless it already
    holds that many; returns the count."""
    repo = open_repository(database_url)
    try:
        have = repo.count_articles()
        if have >= articles:
            return have
        ids = [repo.add_source(f"https://outlet{i}.example/feed", title=f"Outlet {i}").id
               for i in range(sources)]  # fmt: skip
        corpus = load_corpus()
        start = datetime(2025, 1, 1, tzinfo=UTC)
        for first in range(have, articles, BATCH):
            batch = [_draft(n, corpus[n % len(corpus)], ids[n % sources], start)
                     for n in range(first, min(first + BATCH, articles))]  # fmt: skip
            repo.save_articles(batch)
        return repo.count_articles()
    finally:
        repo.close()


def merge_index(database_url: str) -> None:
    """Leave the full-text index as the worker's upkeep would on a running site: merged into one
    segment when batches of writes left it in more than `MAX_SEGMENTS`."""
    repo = open_repository(database_url)
    try:
        upkeep = IndexUpkeepThread(repo)
        while upkeep.step():
            pass
    finally:
        repo.close()


def _draft(n: int, doc: Any, source_id: int, start: datetime) -> ArticleDraft:
    text = f"{doc.text}\n\nReport number {n}."
    url = f"https://outlet{source_id}.example/{n}.html"
    when = start + timedelta(minutes=7 * n)
    return ArticleDraft(
        source_id=source_id, url=url, canonical_url=url, guid=url, title=f"{doc.title} ({n})",
        text=text, fingerprint=fingerprint(text), published_at=when, date_origin=DateOrigin.FEED,
        fetched_at=when,
    )  # fmt: skip


def run(
    database_url: str,
    articles: int,
    requests: int,
    concurrency: int,
    port: int,
    *,
    processes: int = 1,
) -> dict[str, Any]:
    stored = populate(database_url, articles)
    add_headline_vectors(database_url)  # search by meaning needs them; once per database
    merge_index(database_url)
    forget_related(database_url)
    env = {**os.environ, "BROADSHEET_DATABASE_URL": database_url, "BROADSHEET_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli.main", "serve", "--no-worker", "--port", str(port),
         "--processes", str(processes)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base)

        def timed(make: Any) -> dict[str, float]:
            before, client = cpu_seconds(server.pid), time.process_time()
            row = asyncio.run(load(base, make, requests, concurrency, warm_up=WARM_UP))
            after, sent = cpu_seconds(server.pid), requests + WARM_UP
            if before is not None and after is not None:  # the server's CPU per request sent
                row["server_cpu_ms"] = (after - before) * 1000 / sent
            row["client_cpu_ms"] = (time.process_time() - client) * 1000 / sent  # same cores
            return row

        # Random articles' pages: none has a stored related list yet (no worker runs).
        rows = {"article": timed(lambda: f"/articles/{random.randint(1, stored)}")}
        rows |= related_rows(timed, database_url, stored, requests + WARM_UP)
        rows["front"] = timed(lambda: f"/?page={random.randint(1, 5)}")
        rows |= {name: timed(make) for name, make in search_paths().items()}
        rss_mb = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    db_path = Path(database_url.removeprefix("sqlite:///"))
    db_mb = db_path.stat().st_size / 2**20 if db_path.exists() else None
    related = related_store(db_path) if db_path.exists() else None
    return {"articles": stored, "concurrency": concurrency, "processes": processes, "db_mb": db_mb,
            "server_peak_rss_mb": rss_mb, "related_store": related, "pages": rows}  # fmt: skip


def wait_ready(base: str, timeout: float = 30.0) -> None:
    """Until the server answers, and then until it has loaded the search model and vectors,
    which it does in a thread at start: measuring before that timed the loading, not pages."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                httpx.get(base + "/search", params={"q": "news", "mode": "meaning"}, timeout=120)
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not come up in {timeout:.0f} s")


def print_table(result: dict[str, Any]) -> None:
    note = (f"{result['articles']:,} articles, concurrency {result['concurrency']}, "
            f"database {result['db_mb']:.0f} MB; server: {_processes(result)}, SQLite, "
            f"peak RSS {_mb(result.get('server_peak_rss_mb'))}")  # fmt: skip
    store = result.get("related_store")
    if store and store["lists"]:
        note += (f"; {store['lists']:,} related lists stored, {_mb(store['mb'])} on disk "
                 f"({store['bytes_per_list'] or 0:,.0f} bytes each)")  # fmt: skip
    columns = ("requests", "errors", "req_per_s", "p50_ms", "p95_ms", "p99_ms", "server_cpu_ms",
               "client_cpu_ms")  # fmt: skip
    print_results("Page latency under load", result["pages"], columns, note=note)


def _processes(result: dict[str, Any]) -> str:
    n = result.get("processes", 1)
    return "one uvicorn process" if n == 1 else f"{n} uvicorn processes (RSS added up)"


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f} MB"
