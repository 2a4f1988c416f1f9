"""The FastAPI application: settings → repository, fetcher and (optionally) the scheduler."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from broadsheet.config import Settings
from broadsheet.errors import NotFound
from broadsheet.fetch import Fetcher
from broadsheet.storage import Repository, open_repository
from broadsheet.web import api, auth
from broadsheet.web.heap import freeze_startup
from broadsheet.web.highlight import marked
from broadsheet.web.lane import open_lanes, take_short_turns
from broadsheet.web.meaning import warm_in_background
from broadsheet.web.pages import (
    account,
    article,
    comments,
    feeds,
    follows,
    front,
    insights,
    latest,
    moderation,
    related,
    related_html,
    saved,
    search,
    source,
    sources,
    story,
    tags,
)
from broadsheet.web.related_lists import open_writes
from broadsheet.web.render import respond, templates
from broadsheet.web.timefmt import ago, exact, short
from broadsheet.worker import Scheduler

log = logging.getLogger(__name__)


def app_from_env() -> FastAPI:
    """The app as each process of `broadsheet serve --processes N` makes it: settings from the
    environment, pages only (polling runs in `broadsheet worker`)."""
    return create_app(Settings.from_env(), run_worker=False, warm=True)


def create_app(
    settings: Settings,
    *,
    repo: Repository | None = None,
    fetcher: Fetcher | None = None,
    run_worker: bool = True,
    warm: bool = False,
) -> FastAPI:
    """Pass `repo`/`fetcher` to share them with a caller (tests, the demo); else they are opened
    here and closed at shutdown. `warm` loads the search model at start (the served site)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_repo, own_fetcher = repo is None, fetcher is None
        open_lanes(settings.page_threads, settings.search_threads)
        app.state.repo = repo or open_repository(settings.database_url)
        app.state.fetcher = fetcher or Fetcher(settings)
        app.state.related_writes = open_writes(app.state.repo)
        scheduler = Scheduler(app.state.repo, app.state.fetcher, settings) if run_worker else None
        if scheduler is not None:
            scheduler.start()
        if warm:  # the served site
            take_short_turns()
            if settings.embeddings != "none":
                warm_in_background(app, then=freeze_startup)
            else:
                freeze_startup()
        yield
        if scheduler is not None:
            scheduler.stop()
        app.state.related_writes.close()
        if own_fetcher:
            app.state.fetcher.close()
        if own_repo:
            app.state.repo.close()

    app = FastAPI(title="Broadsheet", lifespan=lifespan, docs_url="/api/docs", redoc_url=None)
    app.state.settings = settings
    app.state.admin_password = settings.admin_password or secrets.token_urlsafe(12)
    templates.env.filters["ago"] = ago
    templates.env.filters["exact"] = exact
    templates.env.filters["short"] = short
    templates.env.filters["marked"] = marked
    auth.install(templates.env)
    follows.install(templates.env)  # follow_state(request, kind, key) for the follow buttons
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    pages = (feeds, front, latest, story, article, insights, related, source, sources, search, tags)
    for module in pages:
        app.include_router(module.router)
    app.include_router(saved.router)
    app.include_router(related_html.router)
    for module in (account, comments, moderation, follows):
        app.include_router(module.router)
    app.include_router(api.router)
    app.add_middleware(JsonSuffix)
    auth.protect(app)  # the pre-session cookie; Refused/Forbidden/RateLimited → error pages
    app.exception_handler(NotFound)(not_found)
    return app


class JsonSuffix:
    """`/articles/3.json` is `/articles/3` as JSON; `/index.json` is the front page. Paths under
    /api/ and /openapi.json are left alone: they name JSON documents themselves.

    Plain ASGI rather than BaseHTTPMiddleware, which costs a few milliseconds a request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.endswith(".json") and not _names_json(path):
            stripped = path.removesuffix(".json")
            scope = {
                **scope,
                "path": "/" if stripped in ("", "/index") else stripped,
                "state": {**scope.get("state", {}), "json_suffix": True},
            }
        await self.app(scope, receive, send)


def _names_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/openapi.json"


async def not_found(request: Request, exc: Exception) -> Response:
    return respond(request, "error.html", {"status": 404, "message": str(exc)}, status=404)
