"""Feeds of the top stories, the latest articles, a story and a source, each as RSS 2.0
(`feed.xml`), Atom 1.0 (`feed.atom`) and JSON Feed 1.1 (`feed.json`), with the validators and
the 304s that polling feed readers rely on."""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.utils import parsedate_to_datetime

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response

from broadsheet.errors import NotFound
from broadsheet.services import feeds
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.schemas import ID_MAX
from broadsheet.web.feedformat import ATOM, JSON_FEED, RSS, FeedFormat
from broadsheet.web.feedformat.fields import rfc822, utc
from broadsheet.web.lane import in_lane, in_search_lane

router = APIRouter()

MAX_AGE = 300  # seconds: readers poll every few minutes at most; new stories form slower
_BY_EXTENSION = {"xml": RSS, "atom": ATOM, "json": JSON_FEED}

# `/feed.json` reaches these routes as `/feed` with `json_suffix` set (app.JsonSuffix), hence
# the second, extension-less path on each handler (which serves nothing else).


@router.get("/feed.{ext}")
@router.get("/feed", include_in_schema=False)
@in_lane
def top_stories(request: Request, repo: Repository = Depends(deps.repo)) -> Response:
    fmt = _format(request)
    return _serve(request, fmt, feeds.top_stories_feed(repo))


@router.get("/latest/feed.{ext}")
@router.get("/latest/feed", include_in_schema=False)
@in_lane
def latest(request: Request, repo: Repository = Depends(deps.repo)) -> Response:
    fmt = _format(request)
    return _serve(request, fmt, feeds.latest_feed(repo))


@router.get("/stories/{story_id}/feed.{ext}")
@router.get("/stories/{story_id}/feed", include_in_schema=False)
@in_lane
def story(request: Request, story_id: int, repo: Repository = Depends(deps.repo)) -> Response:
    fmt = _format(request)
    feed = feeds.story_feed(repo, story_id)
    if feed.path != f"/stories/{story_id}":  # merged by a repair pass, like the story's page
        return RedirectResponse(feed.feed_path + fmt.extension, status_code=301)
    return _serve(request, fmt, feed)


@router.get("/sources/{source_id}/feed.{ext}")
@router.get("/sources/{source_id}/feed", include_in_schema=False)
@in_lane
def source(request: Request, source_id: int, repo: Repository = Depends(deps.repo)) -> Response:
    fmt = _format(request)
    return _serve(request, fmt, feeds.source_feed(repo, source_id))


@router.get("/saved/{saved_search_id}/feed.{ext}")
@router.get("/saved/{saved_search_id}/feed", include_in_schema=False)
@in_search_lane
def saved_search(
    request: Request,
    saved_search_id: int = Path(ge=1, le=ID_MAX),
    repo: Repository = Depends(deps.repo),
) -> Response:
    fmt = _format(request)
    return _serve(request, fmt, feeds.saved_search_feed(repo, saved_search_id))


@router.get("/tags/{slug}/feed.{ext}")
@router.get("/tags/{slug}/feed", include_in_schema=False)
@in_lane
def tag(request: Request, slug: str, repo: Repository = Depends(deps.repo)) -> Response:
    fmt = _format(request)
    return _serve(request, fmt, feeds.tag_feed(repo, slug))


def _format(request: Request) -> FeedFormat:
    ext = request.path_params.get("ext")
    if ext is None and getattr(request.state, "json_suffix", False):
        return JSON_FEED
    if ext not in _BY_EXTENSION:
        raise NotFound(f"no such feed: {request.url.path} (feeds end in .xml, .atom or .json)")
    return _BY_EXTENSION[ext]


def _serve(request: Request, fmt: FeedFormat, feed: feeds.Feed) -> Response:
    body = fmt.render(feed, str(request.base_url))
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {
        "ETag": etag,
        "Last-Modified": rfc822(feed.updated),
        "Cache-Control": f"public, max-age={MAX_AGE}",
        "X-Content-Type-Options": "nosniff",
    }
    if _not_modified(request, etag, feed.updated):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=f"{fmt.media_type}; charset=utf-8", headers=headers)


def _not_modified(request: Request, etag: str, updated: datetime) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since only without it."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = _http_date(request.headers.get("if-modified-since"))
    return since is not None and utc(updated).replace(microsecond=0) <= since


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return utc(parsedate_to_datetime(value))
    except (TypeError, ValueError):  # a malformed date is ignored, as RFC 9110 says
        return None
