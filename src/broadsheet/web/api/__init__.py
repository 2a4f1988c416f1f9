"""The versioned JSON API under /api/v1, described by /api/v1/openapi.json.

Unlike the pages' `.json` forms (which follow whatever a page shows), these shapes are a
contract: a change that breaks a client needs /api/v2."""

from __future__ import annotations

import functools
from typing import Any

from fastapi import APIRouter
from fastapi.openapi.utils import get_openapi

from broadsheet.web.api import (
    articles,
    comments,
    insights,
    opml,
    saved_searches,
    search,
    sources,
    stories,
)
from broadsheet.web.api.errors import ApiRoute, unmatched

PREFIX = "/api/v1"
VERSION = "1.0.0"
TAGS = [
    {"name": "articles", "description": "Extracted articles, newest first; one with its copies."},
    {"name": "stories", "description": "Articles about one event, ranked as the front page."},
    {"name": "sources", "description": "What is polled; adding and pausing need an API token."},
    {"name": "search", "description": "Keyword search over titles and bodies."},
    {"name": "tags", "description": "Hashtags: the most used lately; one with its articles."},
    {"name": "comments", "description": "Readers' comments on an article or a story."},
    {
        "name": "saved searches",
        "description": "Saved queries: their feeds, and webhooks POSTed each new match.",
    },
]
DESCRIPTION = (
    "Broadsheet's read API is open; writes need `Authorization: Bearer <token>` with a token "
    'from `broadsheet token create --name NAME`. Errors are `{"error": code, "message": '
    "words}` with the HTTP status."
)

RESOURCES = (
    articles.router,
    insights.router,
    stories.router,
    opml.router,
    sources.router,
    search.router,
    saved_searches.router,
    comments.router,
)

router = APIRouter(prefix=PREFIX)
for resource in RESOURCES:
    router.include_router(resource)


@router.get("/openapi.json", include_in_schema=False)
@functools.cache
def openapi() -> dict[str, Any]:
    """The description of the v1 operations alone (the whole app's is /openapi.json)."""
    return get_openapi(
        title="Broadsheet API",
        version=VERSION,
        description=DESCRIPTION,
        routes=router.routes,
        tags=TAGS,
    )


# Last, so that it only answers what no operation above matched (a JSON 404 or 405).
router.add_api_route(
    "/{path:path}",
    unmatched(PREFIX, RESOURCES),
    methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    include_in_schema=False,
    response_model=None,
    route_class_override=ApiRoute,
)

__all__ = ["PREFIX", "TAGS", "router"]
