"""/api/v1/sources: list, one source's state, and (with an API token) add, pause, resume."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse

from broadsheet.errors import BroadsheetError, ExtractError, FetchError
from broadsheet.fetch import Fetcher
from broadsheet.model import ApiToken
from broadsheet.services import sources as service
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.auth import api_token
from broadsheet.web.api.errors import ApiError, ApiRoute
from broadsheet.web.api.schemas import (
    ID_MAX,
    ErrorOut,
    FetchOut,
    NewSource,
    SourceDetail,
    SourceList,
    SourceOut,
)
from broadsheet.web.lane import in_lane

router = APIRouter(route_class=ApiRoute, tags=["sources"])

HISTORY = 10
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut},
    422: {"model": ErrorOut},
}
SourceId = Path(ge=1, le=ID_MAX)


@router.get("/sources", summary="Every source and its status", response_model=SourceList)
@in_lane
def index(repo: Repository = Depends(deps.repo)) -> SourceList:
    items = [SourceOut.model_validate(s) for s in repo.list_sources()]
    return SourceList(items=items, total=len(items))


@router.get(
    "/sources/{source_id}",
    name="api_source",
    summary="One source: status, last fetch, error count",
    response_model=SourceDetail,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
@in_lane
def show(source_id: int = SourceId, repo: Repository = Depends(deps.repo)) -> SourceDetail:
    source = SourceOut.model_validate(repo.get_source(source_id))
    fetches = [FetchOut.model_validate(e) for e in repo.fetch_history(source_id, limit=HISTORY)]
    last = fetches[0] if fetches else None
    return SourceDetail(**source.model_dump(), last_fetch=last, recent_fetches=fetches)


@router.post(
    "/sources",
    summary="Add a source by URL (needs an API token)",
    status_code=201,
    response_model=SourceOut,
    responses={
        200: {"model": SourceOut, "description": "It was a source already."},
        201: {"description": "Added; Location names it."},
        400: {"model": ErrorOut},
        **_WRITE_ERRORS,
    },
)
def add(
    request: Request,
    body: NewSource,
    repo: Repository = Depends(deps.repo),
    fetcher: Fetcher = Depends(deps.fetcher),
    _token: ApiToken = Depends(api_token),
) -> JSONResponse:
    """A feed is added as it is; a site's home page by the feed it advertises (or a common feed
    path); an article page as a single-page source. The URL is fetched once to tell which."""
    started = datetime.now(UTC)
    try:
        source = service.add_source(repo, fetcher, body.url)
    except BroadsheetError as exc:
        raise ApiError(422, _add_error_code(exc), str(exc)) from exc
    out = SourceOut.model_validate(source).model_dump(mode="json")
    if source.created_at is not None and source.created_at < started:
        return JSONResponse(out, status_code=200)
    location = request.app.url_path_for("api_source", source_id=source.id)
    return JSONResponse(out, status_code=201, headers={"Location": location})


def _add_error_code(exc: BroadsheetError) -> str:
    if isinstance(exc, FetchError):
        return "fetch_failed"
    if isinstance(exc, ExtractError):
        return "no_feed"
    return "not_added"


@router.post(
    "/sources/{source_id}/pause",
    summary="Stop polling a source (needs an API token)",
    response_model=SourceOut,
    responses={404: {"model": ErrorOut}, **_WRITE_ERRORS},
)
def pause(
    source_id: int = SourceId,
    repo: Repository = Depends(deps.repo),
    _token: ApiToken = Depends(api_token),
) -> SourceOut:
    return SourceOut.model_validate(service.set_paused(repo, source_id, True))


@router.post(
    "/sources/{source_id}/resume",
    summary="Poll a paused source again, starting now (needs an API token)",
    response_model=SourceOut,
    responses={404: {"model": ErrorOut}, **_WRITE_ERRORS},
)
def resume(
    source_id: int = SourceId,
    repo: Repository = Depends(deps.repo),
    _token: ApiToken = Depends(api_token),
) -> SourceOut:
    return SourceOut.model_validate(service.set_paused(repo, source_id, False))
