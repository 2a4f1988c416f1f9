"""Every article, newest first."""

from dataclasses import replace

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from broadsheet.community import CommentTarget
from broadsheet.config import Settings
from broadsheet.services.comments import comment_counts
from broadsheet.services.views import latest_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.lane import in_lane
from broadsheet.web.render import respond

router = APIRouter()


@router.get("/latest")
@in_lane
def show(
    request: Request,
    page: int = Query(1, ge=1, le=10_000),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    view = latest_page(repo, page, settings.page_size)
    ids = [a.id for a in view.articles.items]
    counts = comment_counts(repo, CommentTarget.ARTICLE, ids)
    return respond(request, "latest.html", replace(view, comment_counts=counts))
