"""An article's related articles as JSON: same story first, then same topic, then similar."""

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from broadsheet.errors import NotFound
from broadsheet.services.related import related_articles
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.render import jsonable

router = APIRouter()


@router.get("/articles/{article_id}/related")
def show(
    article_id: int,
    k: int = Query(8, ge=1, le=20, description="How many related articles, at most."),
    repo: Repository = Depends(deps.repo),
) -> JSONResponse:
    """Each item: article id, outlet, time, headline, snippet and the reason it is related."""
    try:
        article = repo.get_article(article_id)
    except NotFound as exc:  # a JSON resource answers its 404 in JSON too
        return JSONResponse({"error": "not_found", "message": str(exc)}, status_code=404)
    items = related_articles(repo, article, k=k)
    return JSONResponse({"article_id": article_id, "items": jsonable(items)})
