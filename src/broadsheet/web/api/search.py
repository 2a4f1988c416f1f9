"""GET /api/v1/search: keyword search over titles and bodies."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.errors import ApiRoute
from broadsheet.web.api.schemas import ArticlePage, ErrorOut, SearchPage

router = APIRouter(route_class=ApiRoute, tags=["search"])


@router.get(
    "/search",
    summary="Search articles by keywords",
    response_model=SearchPage,
    responses={422: {"model": ErrorOut}},
)
def search(
    q: str = Query(
        ...,
        min_length=1,
        max_length=500,
        description='Words (all must match), "a phrase", or prefix* ; title matches rank first.',
    ),
    page: int = Query(1, ge=1, le=1_000),
    per_page: int = Query(20, ge=1, le=100),
    repo: Repository = Depends(deps.repo),
) -> SearchPage:
    found = ArticlePage.build(repo.search(q, page, per_page))
    return SearchPage(query=q, **found.model_dump())
