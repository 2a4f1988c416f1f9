"""Moderation: the queue with hide/restore/dismiss/ban, the audit log, and the blocked-word list.

Moderators (and admins) only; the word list is for admins. Every action is a POST with this
browser's CSRF token and answers with a redirect back to the page it came from."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from broadsheet.community import Account
from broadsheet.model import Page
from broadsheet.services import moderation
from broadsheet.services.moderation import LogEntry, QueueItem
from broadsheet.storage import Repository
from broadsheet.web import auth, deps
from broadsheet.web.api.schemas import ID_MAX
from broadsheet.web.render import respond

router = APIRouter()

PER_PAGE = 20
_JUDGEMENTS = {"hide": moderation.hide, "restore": moderation.restore}


@dataclass(frozen=True, slots=True)
class QueuePage:
    items: Page[QueueItem]
    is_admin: bool


@dataclass(frozen=True, slots=True)
class LogPage:
    entries: Page[LogEntry]


@dataclass(frozen=True, slots=True)
class WordsPage:
    words: tuple[str, ...]


@router.get("/moderation")
def queue(
    request: Request,
    page: int = Query(1, ge=1, le=10_000),
    account: Account = Depends(auth.moderator),
    repo: Repository = Depends(deps.repo),
) -> Response:
    waiting = moderation.queue(repo, account, page, PER_PAGE)
    return respond(request, "moderation.html", QueuePage(waiting, account.is_admin))


@router.post("/moderation/comments/{comment_id}/{action}", dependencies=[Depends(auth.csrf)])
def judge(
    action: str = Path(pattern="^(hide|restore|dismiss)$"),
    comment_id: int = Path(ge=1, le=ID_MAX),
    reason: str = Form(""),
    next: str = Form("/moderation"),
    account: Account = Depends(auth.moderator),
    repo: Repository = Depends(deps.repo),
) -> Response:
    if action == "dismiss":
        moderation.dismiss(repo, account, comment_id, reason)
    else:
        _JUDGEMENTS[action](repo, account, comment_id, reason)
    return RedirectResponse(auth.safe_next(next), status_code=303)


@router.post("/moderation/accounts/{account_id}/{action}", dependencies=[Depends(auth.csrf)])
def ban(
    action: str = Path(pattern="^(ban|unban)$"),
    account_id: int = Path(ge=1, le=ID_MAX),
    reason: str = Form(""),
    next: str = Form("/moderation"),
    account: Account = Depends(auth.moderator),
    repo: Repository = Depends(deps.repo),
) -> Response:
    act = moderation.ban if action == "ban" else moderation.unban
    act(repo, account, account_id, reason)
    return RedirectResponse(auth.safe_next(next), status_code=303)


@router.get("/moderation/log")
def audit_log(
    request: Request,
    page: int = Query(1, ge=1, le=10_000),
    account: Account = Depends(auth.moderator),
    repo: Repository = Depends(deps.repo),
) -> Response:
    entries = moderation.moderation_log(repo, account, page, PER_PAGE)
    return respond(request, "moderation_log.html", LogPage(entries))


@router.get("/moderation/words")
def words(
    request: Request,
    account: Account = Depends(auth.administrator),
    repo: Repository = Depends(deps.repo),
) -> Response:
    listed = tuple(moderation.blocked_words(repo, account))
    return respond(request, "moderation_words.html", WordsPage(listed))


@router.post("/moderation/words", dependencies=[Depends(auth.csrf)])
def add_word(
    word: str = Form(""),
    account: Account = Depends(auth.administrator),
    repo: Repository = Depends(deps.repo),
) -> Response:
    moderation.add_word(repo, account, word)
    return RedirectResponse("/moderation/words", status_code=303)


@router.post("/moderation/words/remove", dependencies=[Depends(auth.csrf)])
def remove_word(
    word: str = Form(""),
    account: Account = Depends(auth.administrator),
    repo: Repository = Depends(deps.repo),
) -> Response:
    moderation.remove_word(repo, account, word)
    return RedirectResponse("/moderation/words", status_code=303)
