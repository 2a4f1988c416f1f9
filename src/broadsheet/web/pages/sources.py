"""The sources admin page: list, add by URL, import and export OPML, pause, poll now."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from broadsheet.errors import BroadsheetError
from broadsheet.fetch import Fetcher
from broadsheet.services import sources as service
from broadsheet.services.views import sources_page
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.lane import in_lane
from broadsheet.web.render import respond

router = APIRouter()

MAX_OPML_BYTES = 2 * 1024 * 1024


@router.get("/sources")
@in_lane
def show(request: Request, repo: Repository = Depends(deps.repo)) -> Response:
    return respond(request, "sources.html", {"page": sources_page(repo), "message": ""})


@router.get("/sources.opml")
@in_lane
def export(repo: Repository = Depends(deps.repo)) -> Response:
    return Response(
        service.opml_document(repo),
        media_type="text/x-opml",
        headers={"Content-Disposition": 'attachment; filename="broadsheet.opml"'},
    )


@router.post("/sources", dependencies=[Depends(deps.admin)])
def add(
    request: Request,
    url: str = Form(..., max_length=2048),
    repo: Repository = Depends(deps.repo),
    fetcher: Fetcher = Depends(deps.fetcher),
) -> Response:
    try:
        source = service.add_source(repo, fetcher, url)
    except BroadsheetError as exc:
        message = f"Could not add {url}: {exc}"
        return respond(
            request, "sources.html", {"page": sources_page(repo), "message": message}, status=422
        )
    return RedirectResponse(f"/sources/{source.id}", status_code=303)


@router.post("/sources/import", dependencies=[Depends(deps.admin)])
async def import_file(
    request: Request, file: UploadFile = File(...), repo: Repository = Depends(deps.repo)
) -> Response:
    body = await file.read(MAX_OPML_BYTES + 1)
    try:
        if len(body) > MAX_OPML_BYTES:
            raise BroadsheetError("the OPML file is larger than 2 MB")
        report = service.import_opml(repo, body)
    except BroadsheetError as exc:
        message = f"Import failed: {exc}"
        return respond(
            request, "sources.html", {"page": sources_page(repo), "message": message}, status=422
        )
    message = f"Imported {len(report.added)} sources ({len(report.already)} already present)."
    if report.errors:
        message += " " + " ".join(report.errors)
    return respond(request, "sources.html", {"page": sources_page(repo), "message": message})


@router.post("/sources/{source_id}/{action}", dependencies=[Depends(deps.admin)])
def act(source_id: int, action: str, repo: Repository = Depends(deps.repo)) -> Response:
    if action == "pause":
        service.set_paused(repo, source_id, True)
    elif action == "resume":
        service.set_paused(repo, source_id, False)
    elif action == "refresh":
        service.poll_now(repo, source_id)
    else:
        return Response(f"unknown action {action!r}", status_code=404)
    return RedirectResponse(f"/sources/{source_id}", status_code=303)
