"""Comment posting and listing latency with many stored comments: articles from the latency
bench, readers and `comments` comments bulk-stored (a third of them replies, busy articles
holding most, as on a real site), then `broadsheet serve --no-worker` in its own process and
a local load generator: signed-in readers posting through the real form (session cookie and
CSRF token), and the comments read as the article page and as the API list."""

from __future__ import annotations

import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, insert, select

from broadsheet.bench.latency import populate, wait_ready
from broadsheet.bench.latency_related import cpu_seconds, peak_rss_mb
from broadsheet.bench.table import print_results
from broadsheet.community import CommentStatus, CommentTarget, Role
from broadsheet.services.passwords import hash_password
from broadsheet.storage import open_repository
from broadsheet.storage.schema_readers import accounts, comments

BATCH = 20_000
PASSWORD = "bench password 1"
WARM_UP = 20
CSRF_HEADER = "X-CSRF-Token"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
# The load generator is a few readers at one address posting fast: lift the limits that stop
# exactly that (they are what the attack suite tests, not what this bench measures).
LIFTED = {
    "BROADSHEET_LOG_LEVEL": "WARNING",
    "BROADSHEET_COMMENT_LIMIT": "1000000",
    "BROADSHEET_COMMENT_IP_LIMIT": "1000000",
}


def populate_comments(database_url: str, articles: int, total: int, readers: int = 2000) -> int:
    """Store `readers` accounts and `total` comments on the first `articles` articles unless
    the database holds that many already; returns the comment count."""
    repo = open_repository(database_url)
    engine = repo.engine  # type: ignore[attr-defined]
    try:
        with engine.begin() as conn:
            have = conn.execute(select(func.count()).select_from(comments)).scalar_one()
            if have >= total:
                return int(have)
            if not conn.execute(select(func.count()).select_from(accounts)).scalar_one():
                conn.execute(insert(accounts), _readers(readers))
        rng = random.Random(7)
        last: dict[int, int] = {}
        for first in range(have, total, BATCH):
            rows = [_comment(n, articles, readers, rng, last)
                    for n in range(first + 1, min(first + BATCH, total) + 1)]  # fmt: skip
            with engine.begin() as conn:
                conn.execute(insert(comments), rows)
        return total
    finally:
        repo.close()


def _readers(count: int) -> list[dict[str, Any]]:
    hashed = hash_password(PASSWORD)  # one hash for all: argon2 is slow on purpose
    joined = datetime(2024, 1, 1, tzinfo=UTC)
    return [{"id": n, "email": f"reader{n}@bench.example", "display_name": f"Reader {n}",
             "password_hash": hashed, "role": Role.READER.value, "created_at": joined,
             "digest": "off"} for n in range(1, count + 1)]  # fmt: skip


def _comment(
    n: int, articles: int, readers: int, rng: random.Random, last: dict[int, int]
) -> dict[str, Any]:
    """Comment `n`: on a skewed article (busy ones get most), a reply to that article's
    previous comment one time in three."""
    article = 1 + int(articles * rng.random() ** 3)
    parent = last.get(article) if rng.random() < 1 / 3 else None
    last[article] = n
    body = f"Comment {n}: the council vote on article {article} matters, reader says."
    when = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=n)
    return {"id": n, "account_id": 1 + n % readers, "target": CommentTarget.ARTICLE.value,
            "target_id": article, "parent_id": parent, "depth": 0 if parent is None else 1,
            "body": body, "html": f"<p>{body}</p>", "status": CommentStatus.VISIBLE.value,
            "hold_reason": "", "ip_hash": "", "created_at": when}  # fmt: skip


def run(
    database_url: str, articles: int, total: int, requests: int, concurrency: int, port: int
) -> dict[str, Any]:
    populate(database_url, articles)
    stored = populate_comments(database_url, articles, total)
    env = {**os.environ, **LIFTED, "BROADSHEET_DATABASE_URL": database_url}
    server = subprocess.Popen(
        [sys.executable, "-m", "broadsheet.cli.main", "serve", "--no-worker", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base)
        busy, typical = 1, 1 + articles // 2  # most and median-ish comment counts

        def timed(name: str, job: Callable[[httpx.AsyncClient, int], Awaitable[int]]) -> Any:
            before = cpu_seconds(server.pid)
            row = asyncio.run(_load(base, job, requests, concurrency))
            after = cpu_seconds(server.pid)
            if before is not None and after is not None:
                row["server_cpu_ms"] = (after - before) * 1000 / (requests + WARM_UP)
            return name, row

        rows = dict([
            timed("post a comment", _posting(articles)),
            timed("article page, busiest", _getting(f"/articles/{busy}")),
            timed("article page, typical", _getting(f"/articles/{typical}")),
            timed("API list, busiest", _getting(f"/api/v1/articles/{busy}/comments")),
            timed("API list, typical", _getting(f"/api/v1/articles/{typical}/comments")),
        ])  # fmt: skip
        rss_mb = peak_rss_mb(server.pid)
        shown = {a: _count_on(base, a) for a in (busy, typical)}
    finally:
        server.terminate()
        server.wait(10)
    db_path = Path(database_url.removeprefix("sqlite:///"))
    return {"comments": stored, "articles": articles, "concurrency": concurrency,
            "db_mb": db_path.stat().st_size / 2**20, "server_peak_rss_mb": rss_mb,
            "comments_on_busiest": shown[busy], "comments_on_typical": shown[typical],
            "rows": rows}  # fmt: skip


def _count_on(base: str, article: int) -> int:
    listed = httpx.get(f"{base}/api/v1/articles/{article}/comments", timeout=30).json()
    return int(listed["count"])


def _getting(path: str) -> Callable[[httpx.AsyncClient, int], Awaitable[int]]:
    async def get(client: httpx.AsyncClient, n: int) -> int:
        return (await client.get(path)).status_code

    return get


def _posting(articles: int) -> Callable[[httpx.AsyncClient, int], Awaitable[int]]:
    async def post(client: httpx.AsyncClient, n: int) -> int:
        body = f"Bench comment {n} ({time.perf_counter_ns()}) on the council vote."
        form = {"target": "article", "target_id": str(1 + n % articles), "body": body,
                "csrf": client.headers[CSRF_HEADER]}  # fmt: skip
        answer = await client.post("/comments", data=form)
        return 200 if answer.status_code == 303 else answer.status_code

    return post


async def _signed_in(base: str, reader: int) -> httpx.AsyncClient:
    """A client signed in as bench reader `reader`, holding its CSRF token."""
    client = httpx.AsyncClient(base_url=base, timeout=30, headers={"Origin": base})
    page = await client.get("/login")
    token = _CSRF.search(page.text)
    form = {"email": f"reader{reader}@bench.example", "password": PASSWORD,
            "csrf": token.group(1) if token else ""}  # fmt: skip
    signed = await client.post("/login", data=form)
    if signed.status_code != 303:
        raise RuntimeError(f"bench sign-in failed: {signed.status_code} {signed.text[:200]}")
    found = _CSRF.search((await client.get("/account")).text)
    client.headers[CSRF_HEADER] = found.group(1) if found else ""  # also accepted as a header
    return client


async def _load(
    base: str,
    job: Callable[[httpx.AsyncClient, int], Awaitable[int]],
    total: int,
    concurrency: int,
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    queue = iter(range(total))
    clients = [await _signed_in(base, reader) for reader in range(1, concurrency + 1)]

    async def user(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for n in queue:
            started = time.perf_counter()
            status = await job(client, n)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += status != 200

    try:
        for n in range(WARM_UP):
            await job(clients[0], total + n)
        started = time.perf_counter()
        await asyncio.gather(*(user(c) for c in clients))
        elapsed = time.perf_counter() - started
    finally:
        for client in clients:
            await client.aclose()
    q = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": errors, "req_per_s": len(latencies) / elapsed,
            "p50_ms": q[49], "p95_ms": q[94], "p99_ms": q[98]}  # fmt: skip


def print_table(result: dict[str, Any]) -> None:
    note = (f"{result['comments']:,} comments on {result['articles']:,} articles "
            f"(busiest article {result['comments_on_busiest']:,} comments, a typical one "
            f"{result['comments_on_typical']:,}), concurrency {result['concurrency']}, database "
            f"{result['db_mb']:,.0f} MB; one uvicorn process, SQLite, peak RSS "
            f"{result['server_peak_rss_mb'] or 0:,.0f} MB")  # fmt: skip
    columns = ("requests", "errors", "req_per_s", "p50_ms", "p95_ms", "p99_ms", "server_cpu_ms")
    print_results("Comments with many stored", result["rows"], columns, note=note)
