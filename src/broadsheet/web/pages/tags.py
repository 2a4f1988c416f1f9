"""Hashtag pages: `/tags` (the most used lately) and `/tags/<slug>` (its stories and articles)."""

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from broadsheet.config import Settings
from broadsheet.services.tags import tag_page, tags_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.lane import in_lane
from broadsheet.web.render import respond

router = APIRouter()


@router.get("/tags")
@in_lane
def index(request: Request, repo: Repository = Depends(deps.repo)) -> Response:
    return respond(request, "tags.html", tags_page(repo))


@router.get("/tags/{slug}")
@in_lane
def show(
    request: Request,
    slug: str,
    page: int = Query(1, ge=1, le=10_000),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    return respond(request, "tag.html", tag_page(repo, slug, page, settings.page_size))
