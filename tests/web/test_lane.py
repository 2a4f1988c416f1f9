"""The lanes: reading pages made one at a time per process and searches two at a time, other
handlers beside them; a served process hands Python over between its threads in short turns."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import Depends, FastAPI, Query
from fastapi.testclient import TestClient

from broadsheet.config import Settings
from broadsheet.web.api import articles as api_articles
from broadsheet.web.api import insights as api_insights
from broadsheet.web.api import search as api_search
from broadsheet.web.api import sources as api_sources
from broadsheet.web.app import create_app
from broadsheet.web.lane import SWITCH_SECONDS, in_lane, in_search_lane, open_lanes
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


def _app(probe: Probe, kind: str, width: int) -> FastAPI:
    """`/lane/{n}` waits in the `kind` lane ("pages" or "searches"), `width` wide; the other
    lane is 1 wide and `/other` waits in it."""
    lanes = {"pages": in_lane, "searches": in_search_lane}
    other = next(k for k in lanes if k != kind)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        open_lanes(width if kind == "pages" else 1, width if kind == "searches" else 1)
        yield

    app = FastAPI(lifespan=lifespan)

    def prefix() -> str:
        return "got"

    @app.get("/lane/{n}")
    @lanes[kind]
    def lane(n: int, pause: float = Query(0.05), said: str = Depends(prefix)) -> dict[str, str]:
        with probe.lock:
            probe.running += 1
            probe.most = max(probe.most, probe.running)
        probe.free_ran.wait(pause)  # a pause that /free or /other can end early
        with probe.lock:
            probe.running -= 1
        return {"said": f"{said} {n}"}

    @app.get("/free")
    def free() -> dict[str, bool]:
        probe.free_ran.set()
        return {"ok": True}

    @app.get("/other")
    @lanes[other]
    def in_other_lane() -> dict[str, bool]:
        probe.free_ran.set()
        return {"ok": True}

    return app


@pytest.fixture(
    params=[("pages", 1), ("pages", 2), ("searches", 1), ("searches", 2)],
    ids=["pages 1", "pages 2", "searches 1", "searches 2"],
)
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Probe, LiveServer, int]]:
    probe, (kind, width) = Probe(), request.param
    server = LiveServer(_app(probe, kind, width)).start()
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


@pytest.mark.parametrize("beside", ["/free", "/other"], ids=["outside the lanes", "other lane"])
def test_a_handler_outside_the_lane_runs_while_a_page_holds_it(served, beside: str) -> None:
    probe, server, _ = served
    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(httpx.get, server.base + "/lane/1?pause=15", timeout=20)
        deadline = time.monotonic() + 10
        while not probe.running and time.monotonic() < deadline:
            time.sleep(0.01)
        assert probe.running, "the page never entered the lane"
        assert httpx.get(server.base + beside, timeout=5).json() == {"ok": True}
        assert held.result().json() == {"said": "got 1"}  # the other handler ended its pause


def test_reading_pages_and_searches_are_in_their_lanes_and_handlers_that_may_wait_are_not() -> None:
    pages = [
        article.show, front.show, latest.show, story.show, related.show, related_html.show,
        feeds.top_stories, feeds.story, api_articles.show, api_insights.related, api_sources.show,
    ]  # fmt: skip
    searches = [search.show, api_search.search_articles, feeds.saved_search]
    may_wait = [  # on another server (the LLM, a source's feed, mail) or hashing a password
        insights.ask_article, insights.ask_story, api_insights.ask_article, api_sources.add,
        sources.add, account.ask_reset, account.login,
    ]  # fmt: skip
    assert [getattr(handler, "lane", None) for handler in pages] == ["pages"] * len(pages)
    assert [getattr(handler, "lane", None) for handler in searches] == ["searches"] * 3
    assert not any(hasattr(handler, "lane") for handler in may_wait)


@pytest.mark.parametrize("served_site", [True, False], ids=["served", "not served"])
def test_only_a_served_process_takes_short_turns(tmp_path, served_site: bool) -> None:
    before = sys.getswitchinterval()  # restored after the test (conftest)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'lane.db'}", embeddings="none")
    with TestClient(create_app(settings, run_worker=False, warm=served_site)) as client:
        assert client.get("/").status_code == 200
        expected = SWITCH_SECONDS if served_site else before
        assert sys.getswitchinterval() == pytest.approx(expected)
