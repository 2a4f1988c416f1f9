"""Follows and mutes, and the personal front page (For you).

Every page here is the signed-in reader's own: no URL names another reader, so one reader's
follows cannot be read by another (no account id is ever taken from the request)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from jinja2 import Environment

from broadsheet.community import Account, FollowKind
from broadsheet.services.follows import change_follow, follow_states, follows_page
from broadsheet.services.for_you import for_you
from broadsheet.storage import Repository
from broadsheet.web import auth, deps
from broadsheet.web.render import respond, wants_json

__all__ = ["follow_state", "install", "router"]

router = APIRouter()


@router.post("/follows", dependencies=[Depends(auth.csrf)])
def change(
    request: Request,
    kind: str = Form(""),
    key: str = Form(""),
    action: str = Form("follow"),
    next: str = Form(""),  # the page the button was on
    account: Account = Depends(auth.signed_in),
    repo: Repository = Depends(deps.repo),
) -> Response:
    """Follow, unfollow, mute or unmute one thing, then go back to the page the button was on
    (a path on this site only)."""
    held = change_follow(repo, account.id, kind, key, action, datetime.now(UTC))
    if wants_json(request):
        state = {"kind": kind, "key": key, "following": False, "muted": False}
        if held is not None:
            state |= {"kind": held.kind.value, "key": held.key, "following": not held.muted,
                      "muted": held.muted}  # fmt: skip
        return JSONResponse(state)
    back = auth.safe_next(next) if next else "/account/follows"
    return RedirectResponse(back, status_code=303)


@router.get("/for-you")
def show_for_you(
    request: Request,
    account: Account = Depends(auth.signed_in),
    repo: Repository = Depends(deps.repo),
) -> Response:
    return respond(request, "for_you.html", for_you(repo, account.id, datetime.now(UTC)))


@router.get("/account/follows")
def show_follows(
    request: Request,
    account: Account = Depends(auth.signed_in),
    repo: Repository = Depends(deps.repo),
) -> Response:
    return respond(request, "follows.html", follows_page(repo, account.id))


def follow_state(request: Request, kind: str, key: object) -> str | None:
    """For the follow buttons: None for a visitor not signed in, else "following", "muted" or
    "" (neither). The reader's follows are read once per request."""
    account = auth.viewer(request)
    if account is None:
        return None
    states = getattr(request.state, "bs_follows", None)
    if states is None:
        states = request.state.bs_follows = follow_states(deps.repo(request), account.id)
    muted = states.get((FollowKind(kind), str(key)))
    return "" if muted is None else "muted" if muted else "following"


def install(env: Environment) -> None:
    """Template global: follow_state(request, kind, key)."""
    env.globals["follow_state"] = follow_state
