"""Accounts: sign up, sign in, sign out, password reset, account settings.

A refused form comes back with the reason and what the reader typed (never a password), with
the refusal's status (400, or 429 and Retry-After when rate limited)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.background import BackgroundTask

from broadsheet.community import Account
from broadsheet.config import Settings
from broadsheet.errors import RateLimited, Refused
from broadsheet.services import accounts, password_reset
from broadsheet.services.mailer import mailer_for
from broadsheet.storage import Repository
from broadsheet.web import auth, deps
from broadsheet.web.render import respond

log = logging.getLogger(__name__)
router = APIRouter()


@dataclass(frozen=True, slots=True)
class SignUpView:
    email: str = ""
    display_name: str = ""
    next: str = "/"
    error: str = ""


@dataclass(frozen=True, slots=True)
class SignInView:
    email: str = ""
    next: str = "/"
    error: str = ""


def _now() -> datetime:
    return datetime.now(UTC)


def form_page(
    request: Request, template: str, view: object, error: Refused | None = None
) -> Response:
    """The page, with a refusal's status (and Retry-After) when there is one."""
    if error is not None:
        log.info("refused %s %s (%d): %s", request.method, request.url.path, error.status, error)
    response = respond(request, template, view, status=error.status if error else 200)
    if isinstance(error, RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def signed_in_response(
    request: Request, repo: Repository, settings: Settings, account: Account, target: str
) -> Response:
    """Redirect to `target` with a brand-new session: the browser's old session token (or
    one planted in it) is ended, never promoted (session fixation)."""
    old = request.cookies.get(auth.SESSION_COOKIE)
    if old:
        accounts.end_session(repo, old)
    token = accounts.start_session(repo, account, settings, _now())
    response = RedirectResponse(auth.safe_next(target), status_code=303)
    auth.set_session_cookie(request, response, token)
    return response


# --- sign up


@router.get("/signup")
def signup_form(request: Request, next: str = "/") -> Response:
    if auth.viewer(request) is not None:
        return RedirectResponse(auth.safe_next(next), status_code=303)
    return respond(request, "signup.html", SignUpView(next=auth.safe_next(next)))


@router.post("/signup", dependencies=[Depends(auth.csrf)])
def signup(
    request: Request,
    email: str = Form(""),
    display_name: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    target = auth.safe_next(next)
    try:
        account = accounts.sign_up(
            repo, email, display_name, password, ip_hash=auth.ip_hash(request), now=_now()
        )
    except Refused as exc:
        view = SignUpView(email[:254], display_name[:100], target, str(exc))
        return form_page(request, "signup.html", view, exc)
    return signed_in_response(request, repo, settings, account, target)


# --- sign in and out


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return respond(request, "login.html", SignInView(next=auth.safe_next(next)))


@router.post("/login", dependencies=[Depends(auth.csrf)])
def login(
    request: Request,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    target = auth.safe_next(next)
    try:
        account = accounts.sign_in(
            repo, settings, email, password, ip_hash=auth.ip_hash(request), now=_now()
        )
    except Refused as exc:
        return form_page(request, "login.html", SignInView(email[:254], target, str(exc)), exc)
    return signed_in_response(request, repo, settings, account, target)


@router.post("/logout", dependencies=[Depends(auth.csrf)])
def logout(request: Request, repo: Repository = Depends(deps.repo)) -> Response:
    """End the session on the server too: a copied cookie stops working as well."""
    accounts.end_session(repo, request.cookies.get(auth.SESSION_COOKIE, ""))
    response = RedirectResponse("/", status_code=303)
    auth.clear_session_cookie(request, response)
    return response


# --- password reset


@dataclass(frozen=True, slots=True)
class ResetView:
    mail_on: bool
    sent: bool = False
    email: str = ""
    error: str = ""


@dataclass(frozen=True, slots=True)
class NewPasswordView:
    error: str = ""


@router.get("/reset")
def reset_form(request: Request, settings: Settings = Depends(deps.settings)) -> Response:
    return respond(request, "reset.html", ResetView(mail_on=bool(settings.smtp_host)))


@router.post("/reset", dependencies=[Depends(auth.csrf)])
def ask_reset(
    request: Request,
    email: str = Form(""),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    mailer = mailer_for(settings)
    if mailer is None:
        view = ResetView(mail_on=False, email=email[:254])
        return respond(request, "reset.html", view, status=503)
    try:
        mail = password_reset.request_reset(
            repo, settings, email, ip_hash=auth.ip_hash(request), now=_now()
        )
    except Refused as exc:
        view = ResetView(mail_on=True, email=email[:254], error=str(exc))
        return form_page(request, "reset.html", view, exc)
    # The same page either way, and the mail goes after it, so the answer does not tell
    # (by its words or its speed) whether the address has an account.
    response = respond(request, "reset.html", ResetView(mail_on=True, sent=True))
    if mail is not None:
        response.background = BackgroundTask(password_reset.send_quietly, mailer, mail)
    return response


@router.get("/reset/{token}")
def new_password_form(request: Request, token: str) -> Response:
    return respond(request, "new_password.html", NewPasswordView())


@router.post("/reset/{token}", dependencies=[Depends(auth.csrf)])
def new_password(
    request: Request,
    token: str,
    password: str = Form(""),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    try:
        account = password_reset.reset_password(repo, token, password, _now())
    except Refused as exc:
        return form_page(request, "new_password.html", NewPasswordView(str(exc)), exc)
    return signed_in_response(request, repo, settings, account, "/account?done=reset")


# --- account settings


@dataclass(frozen=True, slots=True)
class AccountView:
    email: str
    display_name: str
    role: str
    digest: str
    created_at: datetime
    notice: str = ""
    error: str = ""
    section: str = ""  # which form the error belongs to: name, password or digest
    mail_on: bool = True  # False: the site has no mail server, so no digest is sent


_NOTICES = {
    "name": "Your display name has been changed.",
    "password": "Your password has been changed; every other browser has been signed out.",
    "reset": "Your new password is set; every other browser has been signed out.",
    "digest": "Your digest setting has been saved.",
}


def account_page(
    request: Request, account: Account, *, done: str = "", error: Refused | None = None,
    section: str = "", name: str | None = None,
) -> Response:  # fmt: skip
    view = AccountView(
        email=account.email,
        display_name=account.display_name if name is None else name[:100],
        role=account.role.value,
        digest=account.digest.value,
        created_at=account.created_at,
        notice=_NOTICES.get(done, ""),
        error=str(error) if error else "",
        section=section,
        mail_on=mailer_for(request.app.state.settings) is not None,
    )
    return form_page(request, "account.html", view, error)


@router.get("/account")
def show_account(
    request: Request, done: str = "", account: Account = Depends(auth.signed_in)
) -> Response:
    return account_page(request, account, done=done)


@router.post("/account/name", dependencies=[Depends(auth.csrf)])
def change_name(
    request: Request,
    display_name: str = Form(""),
    account: Account = Depends(auth.signed_in),
    repo: Repository = Depends(deps.repo),
) -> Response:
    try:
        accounts.rename(repo, account, display_name)
    except Refused as exc:
        return account_page(request, account, error=exc, section="name", name=display_name)
    return RedirectResponse("/account?done=name", status_code=303)


@router.post("/account/password", dependencies=[Depends(auth.csrf)])
def change_password(
    request: Request,
    current_password: str = Form(""),
    new_password: str = Form(""),
    account: Account = Depends(auth.signed_in),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    try:
        changed = accounts.change_password(
            repo, settings, account, current_password, new_password, _now()
        )
    except Refused as exc:
        return account_page(request, account, error=exc, section="password")
    # Every session ended with the change; this browser goes on with a new one.
    return signed_in_response(request, repo, settings, changed, "/account?done=password")


@router.post("/account/digest", dependencies=[Depends(auth.csrf)])
def change_digest(
    request: Request,
    digest: str = Form(""),
    account: Account = Depends(auth.signed_in),
    repo: Repository = Depends(deps.repo),
) -> Response:
    try:
        accounts.set_digest(repo, account, digest)
    except Refused as exc:
        return account_page(request, account, error=exc, section="digest")
    return RedirectResponse("/account?done=digest", status_code=303)
