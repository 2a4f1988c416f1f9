"""What handlers take from the app: the repository, fetcher, settings, and the origin check."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from broadsheet.config import Settings
from broadsheet.fetch import Fetcher
from broadsheet.storage import Repository


def repo(request: Request) -> Repository:
    return request.app.state.repo  # type: ignore[no-any-return]


def fetcher(request: Request) -> Fetcher:
    return request.app.state.fetcher  # type: ignore[no-any-return]


def settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def same_origin(request: Request) -> None:
    """Refuse a state-changing request sent by another site's page (CSRF): browsers send
    Origin (or at least Referer) on form posts, and it must name this host."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if claimed is None or urlsplit(claimed).netloc != request.headers.get("host"):
        raise HTTPException(403, "refused: this form must be sent from this site's own pages")
