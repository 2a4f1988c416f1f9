"""What the enrichers made, through /api/v1: an article's or a story's hashtags, entities,
cited summary and quotes; answers to questions; related articles; hashtags."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request

from broadsheet.enrich.answer import Answerer
from broadsheet.services.insights import article_insights, ask, ask_sources
from broadsheet.services.stories import story_insights_for, survivor
from broadsheet.services.tags import tag_page, tags_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.errors import ApiRoute
from broadsheet.web.api.insight_schemas import (
    AnswerOut,
    ArticleInsightsOut,
    RelatedList,
    StoryInsightsOut,
    TagDetail,
    TagList,
)
from broadsheet.web.api.schemas import ID_MAX, ErrorOut
from broadsheet.web.lane import in_lane
from broadsheet.web.related_lists import related_for

router = APIRouter(route_class=ApiRoute)

NOT_FOUND = {404: {"model": ErrorOut}, 422: {"model": ErrorOut}}
QUESTION = Query(min_length=1, max_length=300, description="The question, in words.")
SLUG = Path(min_length=1, max_length=128, pattern=r"^[a-z0-9][a-z0-9-]*$")


@router.get(
    "/articles/{article_id}/insights",
    tags=["articles"],
    summary="An article's hashtags, entities, cited summary and quotes",
    response_model=ArticleInsightsOut,
    responses=NOT_FOUND,
)
@in_lane
def article(
    article_id: int = Path(ge=1, le=ID_MAX), repo: Repository = Depends(deps.repo)
) -> ArticleInsightsOut:
    """`pending` until the worker has enriched the article; every summary sentence cites the
    sentence it was taken from."""
    return ArticleInsightsOut.build(article_insights(repo, repo.get_article(article_id)))


@router.get(
    "/articles/{article_id}/related",
    tags=["articles"],
    summary="Related articles: same story first, then same topic, then similar",
    response_model=RelatedList,
    responses=NOT_FOUND,
)
@in_lane
def related(
    request: Request,
    article_id: int = Path(ge=1, le=ID_MAX),
    k: int = Query(8, ge=1, le=20, description="How many, at most."),
) -> RelatedList:
    """The stored list when there is one (made again after the answer once it is older than
    the site's TTL); else ranked now and stored after the answer is sent."""
    return RelatedList.build(article_id, related_for(request, article_id, k))


@router.get(
    "/articles/{article_id}/ask",
    tags=["articles"],
    summary="Answer a question from the article's story, with citations",
    response_model=AnswerOut,
    responses=NOT_FOUND,
)
def ask_article(
    article_id: int = Path(ge=1, le=ID_MAX),
    q: str = QUESTION,
    repo: Repository = Depends(deps.repo),
    answerer: Answerer = Depends(deps.answerer),
) -> AnswerOut:
    """`supported` is false when nothing in the reports answers the question."""
    sources = ask_sources(repo, repo.get_article(article_id))
    return AnswerOut.build(ask(answerer, q, sources))


@router.get(
    "/stories/{story_id}/insights",
    tags=["stories"],
    summary="A story's summary across outlets, its quotes by speaker and its hashtags",
    response_model=StoryInsightsOut,
    responses=NOT_FOUND,
)
@in_lane
def story(
    story_id: int = Path(ge=1, le=ID_MAX), repo: Repository = Depends(deps.repo)
) -> StoryInsightsOut:
    return StoryInsightsOut.build(story_insights_for(repo, story_id)[1])


@router.get(
    "/stories/{story_id}/ask",
    tags=["stories"],
    summary="Answer a question from the story's reports, with citations",
    response_model=AnswerOut,
    responses=NOT_FOUND,
)
def ask_story(
    story_id: int = Path(ge=1, le=ID_MAX),
    q: str = QUESTION,
    repo: Repository = Depends(deps.repo),
    answerer: Answerer = Depends(deps.answerer),
) -> AnswerOut:
    story = survivor(repo, story_id)  # not the whole page: its timeline is not needed here
    return AnswerOut.build(ask(answerer, q, repo.story_articles(story.id)))


@router.get("/tags", tags=["tags"], summary="The most used hashtags lately", response_model=TagList)
@in_lane
def tags(repo: Repository = Depends(deps.repo)) -> TagList:
    return TagList.build(tags_page(repo))


@router.get(
    "/tags/{slug}",
    tags=["tags"],
    summary="A hashtag: its stories and its articles, newest first",
    response_model=TagDetail,
    responses=NOT_FOUND,
)
@in_lane
def tag(
    slug: str = SLUG,
    page: int = Query(1, ge=1, le=10_000),
    per_page: int = Query(20, ge=1, le=100),
    repo: Repository = Depends(deps.repo),
) -> TagDetail:
    return TagDetail.build(tag_page(repo, slug, page, per_page))
