"""A story: its headline, who reported it first, its timeline, and every report by outlet."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from broadsheet.services.stories import story_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.render import respond, wants_json

router = APIRouter()


@router.get("/stories/{story_id}")
def show(request: Request, story_id: int, repo: Repository = Depends(deps.repo)) -> Response:
    view = story_page(repo, story_id)
    if view.story.id != story_id:  # merged by a repair pass: the old URL stays valid
        suffix = ".json" if wants_json(request) else ""
        return RedirectResponse(f"/stories/{view.story.id}{suffix}", status_code=301)
    return respond(request, "story.html", view)
