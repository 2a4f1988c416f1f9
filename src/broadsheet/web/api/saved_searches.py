"""/api/v1/saved-searches: saved queries, their feeds, and the log of their webhook deliveries.

Listing and reading one are open like every read (a webhook's URL and secret are never shown
after creation); creating, deleting and the delivery log need an API token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from broadsheet.errors import FetchError
from broadsheet.fetch import Fetcher
from broadsheet.model import ApiToken
from broadsheet.services import saved_searches as service
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.auth import api_token
from broadsheet.web.api.errors import ApiError, ApiRoute
from broadsheet.web.api.saved_schemas import (
    DeliveryPage,
    NewSavedSearch,
    SavedSearchCreated,
    SavedSearchList,
    SavedSearchOut,
)
from broadsheet.web.api.schemas import ID_MAX, ErrorOut

router = APIRouter(route_class=ApiRoute, tags=["saved searches"])

SavedSearchId = Path(ge=1, le=ID_MAX)
_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}, 422: {"model": ErrorOut}}
_TOKEN_ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorOut}, **_ERRORS}


@router.get(
    "/saved-searches",
    summary="Every saved search, with links to its feeds",
    response_model=SavedSearchList,
)
def index(request: Request, repo: Repository = Depends(deps.repo)) -> SavedSearchList:
    base = str(request.base_url)
    items = [SavedSearchOut.build(s, base) for s in repo.list_saved_searches()]
    return SavedSearchList(items=items, total=len(items))


@router.post(
    "/saved-searches",
    summary="Save a search, optionally with a webhook (needs an API token)",
    status_code=201,
    response_model=SavedSearchCreated,
    responses={
        201: {"description": "Saved; Location names it. The webhook secret is shown only here."},
        400: {"model": ErrorOut},
        401: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
)
def create(
    request: Request,
    body: NewSavedSearch,
    repo: Repository = Depends(deps.repo),
    fetcher: Fetcher = Depends(deps.fetcher),
    _token: ApiToken = Depends(api_token),
) -> JSONResponse:
    """New articles matching the query appear in its feeds; with a webhook URL, each is also
    POSTed there as JSON, and so is each story the first time one of its articles matches (as
    `events` chooses), signed with the secret (docs/api.md). A webhook at a private or
    loopback address is refused (422 `webhook_refused`) unless the server allows it."""
    try:
        saved = service.create_saved_search(
            repo,
            fetcher,
            body.name,
            body.query,
            webhook_url=body.webhook_url or "",
            webhook_secret=body.webhook_secret or "",
            events=body.events,
        )
    except service.SavedSearchError as exc:
        raise ApiError(422, "invalid_saved_search", str(exc)) from exc
    except FetchError as exc:
        raise ApiError(422, "webhook_refused", f"the webhook URL can't be used: {exc}") from exc
    out = SavedSearchCreated.build(saved, str(request.base_url)).model_dump(mode="json")
    location = request.app.url_path_for("api_saved_search", saved_search_id=saved.id)
    return JSONResponse(out, status_code=201, headers={"Location": location})


@router.get(
    "/saved-searches/{saved_search_id}",
    name="api_saved_search",
    summary="One saved search, with links to its feeds",
    response_model=SavedSearchOut,
    responses=_ERRORS,
)
def show(
    request: Request,
    saved_search_id: int = SavedSearchId,
    repo: Repository = Depends(deps.repo),
) -> SavedSearchOut:
    return SavedSearchOut.build(repo.get_saved_search(saved_search_id), str(request.base_url))


@router.delete(
    "/saved-searches/{saved_search_id}",
    summary="Delete a saved search and its delivery log (needs an API token)",
    status_code=204,
    response_class=Response,
    responses={204: {"description": "Deleted."}, **_TOKEN_ERRORS},
)
def remove(
    saved_search_id: int = SavedSearchId,
    repo: Repository = Depends(deps.repo),
    _token: ApiToken = Depends(api_token),
) -> Response:
    repo.remove_saved_search(saved_search_id)
    return Response(status_code=204)


@router.get(
    "/saved-searches/{saved_search_id}/deliveries",
    summary="A saved search's webhook deliveries, newest first (needs an API token)",
    response_model=DeliveryPage,
    responses=_TOKEN_ERRORS,
)
def deliveries(
    saved_search_id: int = SavedSearchId,
    page: int = Query(1, ge=1, le=10_000),
    per_page: int = Query(20, ge=1, le=100),
    repo: Repository = Depends(deps.repo),
    _token: ApiToken = Depends(api_token),
) -> DeliveryPage:
    """Each event sent to the webhook (a matching article, or a story's first match): pending
    (with its next attempt), delivered, or failed after the last attempt, with what the receiver
    last answered."""
    return DeliveryPage.build(service.deliveries(repo, saved_search_id, page, per_page))
