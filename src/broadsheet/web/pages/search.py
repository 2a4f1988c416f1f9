"""Search: keyword query syntax with filters, results grouped by story or flat, outlet counts."""

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from broadsheet.config import Settings
from broadsheet.services.search import search_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.render import respond

router = APIRouter()


@router.get("/search")
def show(
    request: Request,
    q: str = Query("", max_length=500),
    page: int = Query(1, ge=1, le=1_000),
    view: str = Query("stories", pattern="^(stories|articles)$"),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    grouped = view == "stories"
    result = search_page(repo, q, page, settings.page_size, grouped=grouped)
    return respond(request, "search.html", result)
