"""The page lane: reading pages made one at a time per process, other handlers beside them."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import Depends, FastAPI, Query

from broadsheet.web.api import articles as api_articles
from broadsheet.web.api import insights as api_insights
from broadsheet.web.api import search as api_search
from broadsheet.web.api import sources as api_sources
from broadsheet.web.lane import one_at_a_time, open_lane
from broadsheet.web.pages import (
    account,
    article,
    feeds,
    front,
    insights,
    latest,
    related,
    related_html,
    search,
    sources,
    story,
)
from tests.live_server import LiveServer


class Probe:
    """How many lane handlers run at once, at most."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = self.most = 0
        self.free_ran = threading.Event()


def _app(probe: Probe, width: int) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        open_lane(width)
        yield

    app = FastAPI(lifespan=lifespan)

    def prefix() -> str:
        return "got"

    @app.get("/lane/{n}")
    @one_at_a_time
    def lane(n: int, pause: float = Query(0.05), said: str = Depends(prefix)) -> dict[str, str]:
        with probe.lock:
            probe.running += 1
            probe.most = max(probe.most, probe.running)
        probe.free_ran.wait(pause)  # a pause that the free handler can end early
        with probe.lock:
            probe.running -= 1
        return {"said": f"{said} {n}"}

    @app.get("/free")
    def free() -> dict[str, bool]:
        probe.free_ran.set()
        return {"ok": True}

    return app


@pytest.fixture(params=[1, 2], ids=["width 1", "width 2"])
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Probe, LiveServer, int]]:
    probe, width = Probe(), request.param
    server = LiveServer(_app(probe, width)).start()
    try:
        yield probe, server, width
    finally:
        server.stop()


def _get_all(base: str, paths: list[str]) -> list[httpx.Response]:
    with ThreadPoolExecutor(len(paths)) as pool:
        return list(pool.map(lambda p: httpx.get(base + p, timeout=20), paths))


def test_lane_lets_in_as_many_as_its_width_with_their_parameters(served) -> None:
    probe, server, width = served
    answers = _get_all(server.base, [f"/lane/{n}?pause=0.3" for n in range(6)])
    assert [a.json() for a in answers] == [{"said": f"got {n}"} for n in range(6)]
    assert probe.most == width  # six asked at once: never more than the width, and that many
    assert httpx.get(server.base + "/lane/x").status_code == 422  # validated as before


def test_a_handler_outside_the_lane_runs_while_a_page_holds_it(served) -> None:
    probe, server, _ = served
    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(httpx.get, server.base + "/lane/1?pause=15", timeout=20)
        deadline = time.monotonic() + 10
        while not probe.running and time.monotonic() < deadline:
            time.sleep(0.01)
        assert probe.running, "the page never entered the lane"
        assert httpx.get(server.base + "/free", timeout=5).json() == {"ok": True}
        assert held.result().json() == {"said": "got 1"}  # the free handler ended its pause


def test_reading_pages_are_in_the_lane_and_handlers_that_may_wait_are_not() -> None:
    reading = [
        article.show, front.show, latest.show, story.show, search.show, related.show,
        related_html.show, feeds.top_stories, feeds.story, api_search.search_articles,
        api_articles.show, api_insights.related, api_sources.show,
    ]  # fmt: skip
    may_wait = [  # on another server (the LLM, a source's feed, mail) or hashing a password
        insights.ask_article, insights.ask_story, api_insights.ask_article, api_sources.add,
        sources.add, account.ask_reset, account.login,
    ]  # fmt: skip
    assert all(hasattr(handler, "__wrapped__") for handler in reading)
    assert not any(hasattr(handler, "__wrapped__") for handler in may_wait)
