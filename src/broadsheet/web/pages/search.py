"""Search: the query syntax with filters, by words, meaning or both, grouped by story or flat."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from broadsheet.config import Settings
from broadsheet.services.meaning import MeaningSearch
from broadsheet.services.search import SearchMode, search_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.lane import in_search_lane
from broadsheet.web.meaning import meaning
from broadsheet.web.render import respond

router = APIRouter()


@router.get("/search")
@in_search_lane
def show(
    request: Request,
    q: str = Query("", max_length=500),
    page: int = Query(1, ge=1, le=1_000),
    view: str = Query("stories", pattern="^(stories|articles)$"),
    mode: SearchMode = Query("hybrid"),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
    semantic: MeaningSearch = Depends(meaning),
) -> Response:
    grouped = view == "stories"
    result = search_page(
        repo, q, page, settings.page_size, grouped=grouped, mode=mode, meaning=semantic
    )
    return respond(request, "search.html", result)
