"""The front page: stories ranked by size, outlet diversity and recency, and the latest articles."""

from dataclasses import replace

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from broadsheet.community import CommentTarget
from broadsheet.config import Settings
from broadsheet.services.comments import comment_counts
from broadsheet.services.stories import front_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.lane import in_lane
from broadsheet.web.render import respond

router = APIRouter()


@router.get("/")
@in_lane
def show(
    request: Request,
    page: int = Query(1, ge=1, le=10_000),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    view = front_page(repo, page, settings.page_size)
    ids = [card.story.id for card in view.stories.items]
    counts = comment_counts(repo, CommentTarget.STORY, ids)
    return respond(request, "front.html", replace(view, comment_counts=counts))
