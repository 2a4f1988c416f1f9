"""GET /api/v1/articles and /api/v1/articles/{id}: the latest articles; one with its copies."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query

from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.errors import ApiRoute
from broadsheet.web.api.schemas import ID_MAX, ArticleDetail, ArticlePage, ErrorOut
from broadsheet.web.lane import in_lane

router = APIRouter(route_class=ApiRoute, tags=["articles"])


@router.get(
    "/articles",
    summary="The latest articles",
    response_model=ArticlePage,
    responses={422: {"model": ErrorOut}},
)
@in_lane
def latest(
    page: int = Query(1, ge=1, le=10_000),
    per_page: int = Query(20, ge=1, le=100),
    repo: Repository = Depends(deps.repo),
) -> ArticlePage:
    """Every article, newest first, without bodies."""
    return ArticlePage.build(repo.latest_articles(page, per_page))


@router.get(
    "/articles/{article_id}",
    summary="One article, its full text and who else published it",
    response_model=ArticleDetail,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
@in_lane
def show(
    article_id: int = Path(ge=1, le=ID_MAX), repo: Repository = Depends(deps.repo)
) -> ArticleDetail:
    """The article with its body, its story id and its copies (the same text published by
    other outlets, kept as one article)."""
    article = repo.get_article(article_id)
    return ArticleDetail.build(article, repo.article_copies(article_id))
