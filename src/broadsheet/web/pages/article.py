"""The article page: headline, outlet, time, full body, who else published it."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from broadsheet.config import Settings
from broadsheet.services.views import article_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.render import respond

router = APIRouter()


@router.get("/articles/{article_id}")
def show(
    request: Request,
    article_id: int,
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    return respond(request, "article.html", article_page(repo, article_id, settings.related_ttl))
