"""/saved/<id>: a saved search's page is the search it saves (its feeds link here)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse

from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.schemas import ID_MAX
from broadsheet.web.lane import in_lane

router = APIRouter()


@router.get("/saved/{saved_search_id}")
@in_lane
def show(
    request: Request,
    saved_search_id: int = Path(ge=1, le=ID_MAX),
    repo: Repository = Depends(deps.repo),
) -> RedirectResponse:
    """A temporary redirect: the saved search may be removed, its query is what lasts."""
    saved = repo.get_saved_search(saved_search_id)
    page = "/search.json" if getattr(request.state, "json_suffix", False) else "/search"
    return RedirectResponse(f"{page}?{urlencode({'q': saved.query})}", status_code=302)
