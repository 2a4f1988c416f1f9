"""An article's related articles as HTML, for an article page that had no fresh stored list.

The page's script asks with `X-Fragment: 1` and gets the section alone (nothing when no article
is related), which replaces the placeholder; a reader without scripts follows the placeholder's
link and gets a page. Like the JSON form, a list ranked here is stored after the answer."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from broadsheet.services.related_lists import STORED_K
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.lane import in_lane
from broadsheet.web.related_lists import related_for
from broadsheet.web.render import templates

router = APIRouter()


@router.get("/articles/{article_id}/related.html", include_in_schema=False)
@in_lane
def show(
    request: Request,
    article_id: int,
    repo: Repository = Depends(deps.repo),
) -> Response:
    items = related_for(request, article_id, STORED_K)
    fragment = request.headers.get("x-fragment") == "1"
    view = {"article": None if fragment else repo.get_article(article_id), "related": items}
    template = "_related_section.html" if fragment else "related.html"
    return templates.TemplateResponse(request, template, {"view": view})
