"""GET /api/v1/search: articles by words, by meaning, or both (the default)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from broadsheet.model import Page
from broadsheet.services.meaning import MeaningSearch
from broadsheet.services.search import SearchMode, search
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.errors import ApiRoute
from broadsheet.web.api.schemas import ArticlePage, ErrorOut, SearchPage
from broadsheet.web.lane import in_search_lane
from broadsheet.web.meaning import meaning

router = APIRouter(route_class=ApiRoute, tags=["search"])


@router.get(
    "/search",
    summary="Search articles by words, by meaning, or both",
    response_model=SearchPage,
    responses={422: {"model": ErrorOut}},
)
@in_search_lane
def search_articles(
    q: str = Query(
        ...,
        min_length=1,
        max_length=500,
        description='Words (all must match), "a phrase", or prefix* (at least 4 letters before '
        "the *); title matches rank first. Filters: source:NAME, tag:SLUG, entity:NAME, "
        "language:CODE, after:YYYY-MM-DD, before:YYYY-MM-DD.",
    ),
    mode: SearchMode = Query(
        "hybrid",
        description="keyword: the words, ranked by bm25; meaning: the headlines nearest in "
        "meaning (stored embeddings); hybrid: both, merged by reciprocal rank fusion.",
    ),
    page: int = Query(1, ge=1, le=1_000),
    per_page: int = Query(20, ge=1, le=100),
    repo: Repository = Depends(deps.repo),
    semantic: MeaningSearch = Depends(meaning),
) -> SearchPage:
    found = search(repo, q, mode=mode, meaning=semantic)
    shown = found.hits[(page - 1) * per_page : page * per_page]
    articles = repo.get_articles([h.article_id for h in shown])
    listed = ArticlePage.build(Page(tuple(articles), page, per_page, len(found.hits)))
    return SearchPage(
        query=q, mode=mode, ran=found.mode, notice=found.fallback,
        problems=list(found.problems), **listed.model_dump(),
    )  # fmt: skip
