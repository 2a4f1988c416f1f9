"""A source's page: its articles, its last fetch and its error history."""

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from broadsheet.config import Settings
from broadsheet.services.views import source_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.lane import in_lane
from broadsheet.web.render import respond

router = APIRouter()


@router.get("/sources/{source_id}")
@in_lane
def show(
    request: Request,
    source_id: int,
    page: int = Query(1, ge=1, le=10_000),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    return respond(request, "source.html", source_page(repo, source_id, page, settings.page_size))
