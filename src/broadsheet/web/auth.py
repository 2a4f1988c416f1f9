"""Who is asking, and may they: the session cookie, CSRF tokens, role checks and the pages
shown when a request is refused. Every page handler uses these; none reads a cookie itself.

- `bs_session` holds a random session token (storage keeps its SHA-256). HttpOnly, so page
  scripts cannot read it; SameSite=Lax, so other sites' forms do not carry it; Secure when the
  site is served over https.
- CSRF: a form carries HMAC(site key, session token), or for a visitor not signed in the HMAC
  of a random `bs_pre` cookie set when a form is first shown. A state-changing request must
  carry the token of its own browser and come from this site (Origin, else Referer).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import UTC, datetime
from typing import Any, NoReturn
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from jinja2 import Environment
from markupsafe import Markup
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from broadsheet.community import Account
from broadsheet.errors import Forbidden, RateLimited, Refused
from broadsheet.services import accounts
from broadsheet.storage import Repository
from broadsheet.web.render import templates, wants_json

log = logging.getLogger(__name__)

SESSION_COOKIE = "bs_session"
PRE_COOKIE = "bs_pre"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
_HOLDER = "bs_auth"  # per-request dict in scope["state"], shared with PreSessionCookie
_NO_VIEWER = object()
CSRF_REFUSED = (
    "This form has expired or did not come from this site's own pages. Reload the page and "
    "try again (cookies must be on to sign in or post)."
)


class SignInNeeded(Exception):
    """Raised by `signed_in` for an anonymous request; turned into a redirect or a 401."""


def _now() -> datetime:
    return datetime.now(UTC)


def _repo(request: Request) -> Repository:
    return request.app.state.repo  # type: ignore[no-any-return]


def _site_key(request: Request, name: str) -> bytes:
    """A secret every process of the site shares, kept in storage and cached per process."""
    state = request.app.state
    cache: dict[str, bytes] | None = getattr(state, "site_keys", None)
    if cache is None:
        cache = state.site_keys = {}
    if name not in cache:
        cache[name] = _repo(request).site_key(name, lambda: secrets.token_hex(32)).encode()
    return cache[name]


# --- who is asking


def client_ip(request: Request) -> str:
    """The client's address (uvicorn puts a trusted proxy's X-Forwarded-For here)."""
    return request.client.host if request.client else "unknown"


def ip_hash(request: Request) -> str:
    """A keyed hash of the client's address: limits per address without storing addresses."""
    key = _site_key(request, "ip")
    return hmac.new(key, client_ip(request).encode(), hashlib.sha256).hexdigest()[:32]


def viewer(request: Request) -> Account | None:
    """The signed-in account, unless it is banned; None for anyone else."""
    cached = getattr(request.state, "bs_viewer", _NO_VIEWER)
    if cached is not _NO_VIEWER:
        return cached  # type: ignore[return-value]
    token = request.cookies.get(SESSION_COOKIE, "")
    account = accounts.session_account(_repo(request), token, _now()) if token else None
    if account is not None and account.banned_at is not None:
        account = None
    request.state.bs_viewer = account
    return account


def signed_in(request: Request, account: Account | None = Depends(viewer)) -> Account:
    if account is None:
        raise SignInNeeded
    return account


def moderator(account: Account = Depends(signed_in)) -> Account:
    if not account.can_moderate:
        raise Forbidden("Only moderators can do this.")
    return account


def administrator(account: Account = Depends(signed_in)) -> Account:
    if not account.is_admin:
        raise Forbidden("Only administrators can do this.")
    return account


# --- CSRF


def csrf_token(request: Request) -> str:
    """This browser's CSRF token. A visitor with no cookie to tie it to gets a `bs_pre` cookie
    with this response (PreSessionCookie sets it)."""
    basis = request.cookies.get(SESSION_COOKIE) or request.cookies.get(PRE_COOKIE)
    holder = _holder(request)
    if not basis:
        if "pre" not in holder:
            holder["pre"] = secrets.token_urlsafe(24)
            holder["secure"] = is_secure(request)
        basis = holder["pre"]
    return _sign(request, basis)


def csrf_field(request: Request) -> Markup:
    return Markup('<input type="hidden" name="csrf" value="{}">').format(csrf_token(request))


def _sign(request: Request, basis: str) -> str:
    key = _site_key(request, "csrf")
    return hmac.new(key, b"csrf:" + basis.encode(), hashlib.sha256).hexdigest()


def _holder(request: Request) -> dict[str, Any]:
    holder = request.scope.setdefault("state", {}).get(_HOLDER)
    if holder is None:  # without the middleware (never in the site): a throwaway holder
        holder = request.scope["state"][_HOLDER] = {}
    return holder  # type: ignore[no-any-return]


async def csrf(request: Request) -> None:
    """Refuse a state-changing request sent from another site, or without this browser's
    token (form field `csrf` or header X-CSRF-Token)."""
    if not same_site(request):
        _refuse_csrf(request, "the request did not come from this site")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and _is_form(request):
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    basis = request.cookies.get(SESSION_COOKIE) or request.cookies.get(PRE_COOKIE)
    expected = _sign(request, basis).encode() if basis else b""
    if not sent or not expected or not hmac.compare_digest(sent.encode(), expected):
        _refuse_csrf(request, "missing or wrong CSRF token")


def same_site(request: Request) -> bool:
    """Origin (else Referer) names this host: browsers send one of them with every form post."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed or claimed == "null":
        return False
    netloc = urlsplit(claimed).netloc
    public = urlsplit(request.app.state.settings.public_url).netloc
    return netloc == request.headers.get("host") or (bool(public) and netloc == public)


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def _refuse_csrf(request: Request, why: str) -> NoReturn:
    log.warning(
        "CSRF check refused %s %s: %s",
        request.method,
        request.url.path,
        why,
        extra={"ip_hash": ip_hash(request)},
    )
    raise Forbidden(CSRF_REFUSED)


# --- cookies


def is_secure(request: Request) -> bool:
    """Served over TLS: directly, or behind a proxy whose public address is https."""
    public = request.app.state.settings.public_url
    return request.url.scheme == "https" or public.startswith("https://")


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    days = request.app.state.settings.session_days
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=days * 86400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_secure(request),
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_secure(request)
    )


class PreSessionCookie:
    """Sets the `bs_pre` cookie on a response whose page showed a form to a visitor who had
    no cookie yet. Plain ASGI: the holder dict travels in the request's state."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        holder: dict[str, Any] = {}
        scope = {**scope, "state": {**scope.get("state", {}), _HOLDER: holder}}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and "pre" in holder:
                cookie = Response()
                cookie.set_cookie(
                    PRE_COOKIE, holder["pre"], path="/", httponly=True, samesite="lax",
                    secure=holder["secure"],
                )  # fmt: skip
                MutableHeaders(scope=message).append("set-cookie", cookie.headers["set-cookie"])
            await send(message)

        await self.app(scope, receive, sending)


# --- wiring into the app


def current_account(request: Request) -> Account | None:
    return viewer(request)


def install(env: Environment) -> None:
    """Template globals: csrf_field(request), csrf_token(request), current_account(request)."""
    env.globals["csrf_field"] = csrf_field
    env.globals["csrf_token"] = csrf_token
    env.globals["current_account"] = current_account


def protect(app: FastAPI) -> None:
    """The pre-session cookie and the answers to refused requests and anonymous ones."""
    app.add_middleware(PreSessionCookie)
    app.exception_handler(Refused)(refused)
    app.exception_handler(SignInNeeded)(sign_in_first)


async def refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refused)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else {}
    log.info("refused %s %s (%d): %s", request.method, request.url.path, exc.status, exc)
    if wants_json(request):
        return JSONResponse({"detail": str(exc)}, status_code=exc.status, headers=headers)
    view = {"status": exc.status, "message": str(exc), "title": _TITLES.get(exc.status, "Refused")}
    return templates.TemplateResponse(
        request, "refused.html", {"view": view}, status_code=exc.status, headers=headers
    )


_TITLES = {400: "Not accepted", 403: "Not allowed", 429: "Please slow down"}


async def sign_in_first(request: Request, exc: Exception) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": "Please sign in first."}, status_code=401)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":  # come back to the page the form was on, not to the POST
        referer = urlsplit(request.headers.get("referer", ""))
        here = referer.path if same_site(request) and referer.path else "/"
    return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303)


def safe_next(target: str | None) -> str:
    """`target` when it is a path on this site, else "/": no open redirects (`//evil`,
    `/\\evil`, `https://evil`, control characters)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(ord(c) < 0x20 or c == "\\" for c in target) or len(target) > 2000:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith(_NOT_AFTER_SIGN_IN):
        return "/"
    return target


_NOT_AFTER_SIGN_IN = ("/login", "/signup", "/logout", "/reset")
