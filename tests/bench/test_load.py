"""The latency bench's load generator against a real server: every answer read whole (sized,
chunked, or closing the connection), errors counted, users reconnecting as they go."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, StreamingResponse

from broadsheet.bench.load import PER_CONNECTION, load
from tests.live_server import LiveServer


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[LiveServer, list[int]]]:
    ports: list[int] = []  # the client port of each request: one per connection
    app = FastAPI()

    @app.get("/sized")
    def sized(request: Request) -> PlainTextResponse:
        ports.append(request.client.port if request.client else 0)
        return PlainTextResponse("x" * 100_000)

    @app.get("/chunked")
    def chunked() -> StreamingResponse:
        return StreamingResponse(iter([b"a" * 10, b"b" * 70_000, b"c"]))

    @app.get("/closing")
    def closing() -> PlainTextResponse:
        return PlainTextResponse("bye", headers={"Connection": "close"})

    live = LiveServer(app).start()
    try:
        yield live, ports
    finally:
        live.stop()


def _run(base: str, paths: list[str], total: int, concurrency: int) -> dict[str, float]:
    """In a thread of its own: the browser tests leave an event loop running in this one."""
    run = load(base, itertools.cycle(paths).__next__, total, concurrency)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run).result()


def test_every_request_is_answered_and_timed(server) -> None:
    live, ports = server
    ports.clear()
    result = _run(live.base, ["/sized", "/chunked", "/closing"], 90, 3)
    assert result["requests"] == 90 and result["errors"] == 0
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]
    assert result["req_per_s"] > 0


def test_a_user_reconnects_every_so_many_requests(server) -> None:
    live, ports = server
    ports.clear()
    _run(live.base, ["/sized"], PER_CONNECTION * 3, 1)
    assert len(ports) == PER_CONNECTION * 3
    assert len(set(ports)) == 3  # one user, on three connections in turn


def test_answers_other_than_200_are_counted_as_errors(server) -> None:
    live, _ = server
    result = _run(live.base, ["/sized", "/missing"], 40, 2)
    assert result["requests"] == 40 and result["errors"] == 20
