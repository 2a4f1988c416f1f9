"""The article page: headline, outlet, time, full body, who else published it."""

from dataclasses import replace

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from broadsheet.community import Account, CommentTarget
from broadsheet.config import Settings
from broadsheet.services.comments import comment_section
from broadsheet.services.views import article_page
from broadsheet.storage import Repository
from broadsheet.web import auth, deps
from broadsheet.web.lane import in_lane
from broadsheet.web.related_lists import queue_work
from broadsheet.web.render import respond

router = APIRouter()


@router.get("/articles/{article_id}")
@in_lane
def show(
    request: Request,
    article_id: int,
    comments_page: int = Query(1, alias="comments", ge=1, le=100_000),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
    viewer: Account | None = Depends(auth.viewer),
) -> Response:
    view = article_page(repo, article_id, settings.related_ttl)
    queue_work(request, view.related_remake)
    comments = comment_section(
        repo, settings, CommentTarget.ARTICLE, article_id, viewer, page=comments_page
    )
    return respond(request, "article.html", replace(view, comments=comments))
