"""An article's related articles as JSON: same story first, then same topic, then similar.

The stored list is served when fresh; otherwise the list is ranked now and stored after the
answer is sent (services/related_lists.py)."""

from datetime import UTC, datetime

from fastapi import APIRouter, BackgroundTasks, Depends, Query
from fastapi.responses import JSONResponse

from broadsheet.config import Settings
from broadsheet.errors import NotFound
from broadsheet.services.related_lists import related_now
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.render import jsonable

router = APIRouter()


@router.get("/articles/{article_id}/related")
def show(
    article_id: int,
    background: BackgroundTasks,
    k: int = Query(8, ge=1, le=20, description="How many related articles, at most."),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> JSONResponse:
    """Each item: article id, outlet, time, headline, snippet and the reason it is related."""
    now = datetime.now(UTC)
    try:
        items, save = related_now(repo, article_id, k=k, ttl=settings.related_ttl, now=now)
    except NotFound as exc:  # a JSON resource answers its 404 in JSON too
        return JSONResponse({"error": "not_found", "message": str(exc)}, status_code=404)
    if save is not None:
        background.add_task(save)
    return JSONResponse({"article_id": article_id, "items": jsonable(items)})
