"""An article's related articles as JSON: same story first, then same topic, then similar.

The stored list is served when there is one (an aged one is made again after the answer);
otherwise the list is ranked now and stored after the answer is sent (web/related_lists.py)."""

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from broadsheet.errors import NotFound
from broadsheet.web.lane import in_lane
from broadsheet.web.related_lists import related_for
from broadsheet.web.render import jsonable

router = APIRouter()


@router.get("/articles/{article_id}/related")
@in_lane
def show(
    request: Request,
    article_id: int,
    k: int = Query(8, ge=1, le=20, description="How many related articles, at most."),
) -> JSONResponse:
    """Each item: article id, outlet, time, headline, snippet and the reason it is related."""
    try:
        items = related_for(request, article_id, k)
    except NotFound as exc:  # a JSON resource answers its 404 in JSON too
        return JSONResponse({"error": "not_found", "message": str(exc)}, status_code=404)
    return JSONResponse({"article_id": article_id, "items": jsonable(items)})
