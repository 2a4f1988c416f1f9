"""A story: its headline, who reported it first, its timeline, and every report by outlet."""

from dataclasses import replace

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from broadsheet.community import Account, CommentTarget
from broadsheet.config import Settings
from broadsheet.services.comments import comment_section
from broadsheet.services.stories import story_page
from broadsheet.storage import Repository
from broadsheet.web import auth, deps
from broadsheet.web.lane import in_lane
from broadsheet.web.render import respond, wants_json

router = APIRouter()


@router.get("/stories/{story_id}")
@in_lane
def show(
    request: Request,
    story_id: int,
    comments_page: int = Query(1, alias="comments", ge=1, le=100_000),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
    viewer: Account | None = Depends(auth.viewer),
) -> Response:
    view = story_page(repo, story_id)
    if view.story.id != story_id:  # merged by a repair pass: the old URL stays valid
        suffix = ".json" if wants_json(request) else ""
        return RedirectResponse(f"/stories/{view.story.id}{suffix}", status_code=301)
    comments = comment_section(
        repo, settings, CommentTarget.STORY, story_id, viewer, page=comments_page
    )
    return respond(request, "story.html", replace(view, comments=comments))
