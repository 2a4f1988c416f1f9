"""GET /api/v1/stories and /api/v1/stories/{id}: top stories as the front page ranks them; one
story with its articles and timeline."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from broadsheet.services.stories import front_page, story_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.errors import ApiRoute
from broadsheet.web.api.schemas import ID_MAX, ErrorOut, Paging, StoryCard, StoryDetail, StoryList
from broadsheet.web.lane import in_lane

router = APIRouter(route_class=ApiRoute, tags=["stories"])


@router.get(
    "/stories",
    summary="Top stories, ranked as on the front page",
    response_model=StoryList,
    responses={422: {"model": ErrorOut}},
)
@in_lane
def top(
    page: int = Query(1, ge=1, le=10_000),
    per_page: int = Query(20, ge=1, le=100),
    repo: Repository = Depends(deps.repo),
) -> StoryList:
    """Stories reported more than once, hottest first (more outlets, more articles, more recent);
    a site too young to have any lists its single-article stories. Each story carries a few of
    its reports, from different outlets."""
    stories = front_page(repo, page, per_page).stories
    cards = [StoryCard.build(card.story, card.articles) for card in stories.items]
    return StoryList(items=cards, **Paging.of(stories))


@router.get(
    "/stories/{story_id}",
    name="api_story",
    summary="One story: its articles and its timeline",
    response_model=StoryDetail,
    responses={
        301: {"description": "The story was merged into another; Location names it."},
        404: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
)
@in_lane
def show(
    request: Request,
    story_id: int = Path(ge=1, le=ID_MAX),
    repo: Repository = Depends(deps.repo),
) -> StoryDetail | Response:
    """Every report, first reported first, and a timeline of what each report added that no
    earlier one had (changed figures included). A story merged into another answers 301."""
    view = story_page(repo, story_id)
    if view.story.id != story_id:  # merged by a repair pass: the old id stays valid
        survivor = request.app.url_path_for("api_story", story_id=view.story.id)
        return RedirectResponse(survivor, status_code=301)
    articles = [a for outlet in view.outlets for a in outlet.articles]
    articles.sort(key=lambda a: (a.published_at, a.id))
    return StoryDetail.build(view.story, articles, view.timeline)
