"""What handlers take from the app: the repository, fetcher, settings, and the origin check."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from broadsheet.config import Settings
from broadsheet.enrich.answer import Answerer
from broadsheet.enrich.bundle import default_answerer
from broadsheet.fetch import Fetcher
from broadsheet.storage import Repository


def repo(request: Request) -> Repository:
    return request.app.state.repo  # type: ignore[no-any-return]


def fetcher(request: Request) -> Fetcher:
    return request.app.state.fetcher  # type: ignore[no-any-return]


def settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def answerer(request: Request) -> Answerer:
    """The site's answerer for Ask, made on first use (an LLM one when an endpoint is set)."""
    state = request.app.state
    if getattr(state, "answerer", None) is None:
        state.answerer = default_answerer(state.settings)
    return state.answerer  # type: ignore[no-any-return]


def same_origin(request: Request) -> None:
    """Refuse a state-changing request sent by another site's page (CSRF): browsers send
    Origin (or at least Referer) on form posts, and it must name this host."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if claimed is None or urlsplit(claimed).netloc != request.headers.get("host"):
        raise HTTPException(403, "refused: this form must be sent from this site's own pages")


_basic = HTTPBasic(realm="Broadsheet admin", auto_error=False)


def admin(request: Request, credentials: HTTPBasicCredentials | None = Depends(_basic)) -> None:
    """Changing sources needs the admin password (HTTP Basic, user `admin`), and the form must
    come from this site's own pages."""
    expected = request.app.state.admin_password.encode()
    given = credentials.password.encode() if credentials else b""
    user_ok = credentials is not None and secrets.compare_digest(credentials.username, "admin")
    if not (user_ok and secrets.compare_digest(given, expected)):
        raise HTTPException(
            401,
            "changing sources needs the admin password (user admin; BROADSHEET_ADMIN_PASSWORD)",
            headers={"WWW-Authenticate": 'Basic realm="Broadsheet admin"'},
        )
    same_origin(request)
