"""GET /api/v1/sources.opml: every feed as OPML 2.0, to take the subscriptions to a reader."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from broadsheet.services import sources as service
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.errors import ApiRoute
from broadsheet.web.lane import in_lane

router = APIRouter(route_class=ApiRoute, tags=["sources"])

MEDIA_TYPE = "text/x-opml"


@router.get(
    "/sources.opml",
    summary="Every feed as OPML 2.0",
    response_class=Response,
    responses={
        200: {
            "description": "An OPML 2.0 document: one outline per feed.",
            "content": {MEDIA_TYPE: {"schema": {"type": "string"}}},
        }
    },
)
@in_lane
def export(repo: Repository = Depends(deps.repo)) -> Response:
    """The same document as the site's /sources.opml (and `broadsheet export-opml`)."""
    return Response(
        service.opml_document(repo),
        media_type=MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="broadsheet.opml"'},
    )
