"""Comments on articles and stories: post, reply, edit, delete, report.

Every POST needs a signed-in reader and this browser's CSRF token, and answers with a redirect
(303) back to the comment on its page. A refused comment (empty, too long, too fast …) comes
back as its form, with the reason and the words the reader typed, so nothing is lost."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from broadsheet.community import Account, Comment, CommentTarget
from broadsheet.config import Settings
from broadsheet.errors import RateLimited, Refused
from broadsheet.services import comments, moderation
from broadsheet.services.comment_markup import MAX_BODY
from broadsheet.storage import Repository
from broadsheet.web import auth, deps
from broadsheet.web.api.schemas import ID_MAX
from broadsheet.web.render import jsonable, respond, wants_json

router = APIRouter()

_PLACES = {CommentTarget.ARTICLE: "articles", CommentTarget.STORY: "stories"}


@dataclass(frozen=True, slots=True)
class CommentForm:
    """The form to write (`comment_id` None) or edit a comment, with why it was refused."""

    action: str
    back: str
    body: str
    error: str = ""
    comment_id: int | None = None
    target: str = ""
    target_id: int = 0
    parent_id: int | None = None
    edit_minutes: int = 0


def comment_url(comment: Comment, query: str = "") -> str:
    """The comment on its page (`query` added to the page's address)."""
    return f"{page_url(comment)}{query}#c-{comment.id}"


def page_url(comment: Comment) -> str:
    return f"/{_PLACES[comment.target]}/{comment.target_id}"


def _desk(request: Request) -> comments.Desk:
    state = request.app.state
    return comments.Desk(state.repo, state.settings, state.fetcher)


def _refused_form(request: Request, form: CommentForm, error: Refused) -> Response:
    """The form again with the reason (the status of the refusal, Retry-After when limited)."""
    kept = replace(form, body=form.body[: 2 * MAX_BODY], error=str(error))
    response = respond(request, "comment_edit.html", kept, status=error.status)
    if isinstance(error, RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _parse_target(target: str) -> CommentTarget:
    try:
        return CommentTarget(target)
    except ValueError:
        raise Refused("Comments go on an article or a story.") from None


@router.post("/comments", dependencies=[Depends(auth.csrf)])
def create(
    request: Request,
    target: str = Form(...),
    target_id: int = Form(..., ge=1, le=ID_MAX),
    parent_id: int | None = Form(None, ge=1, le=ID_MAX),
    body: str = Form(""),
    account: Account = Depends(auth.signed_in),
) -> Response:
    on = _parse_target(target)
    back = f"/{_PLACES[on]}/{target_id}#comments"
    form = CommentForm("/comments", back, body, target=on.value, target_id=target_id,
                       parent_id=parent_id)  # fmt: skip
    try:
        made = comments.post_comment(
            _desk(request), account, auth.ip_hash(request), on, target_id, body, parent_id
        )
    except Refused as refused:
        if wants_json(request):
            raise
        return _refused_form(request, form, refused)
    if wants_json(request):
        return JSONResponse(jsonable(made), status_code=201)
    return RedirectResponse(comment_url(made), status_code=303)


@router.get("/comments/{comment_id}/edit")
def edit_form(
    request: Request,
    comment_id: int = Path(ge=1, le=ID_MAX),
    account: Account = Depends(auth.signed_in),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    comment = comments.own_comment(repo, account, comment_id, "edit")
    form = _edit_form(comment, comment.body, settings)
    if not comments.editable(comment, settings, datetime.now(UTC)):
        minutes = settings.comment_edit_minutes
        return _refused_form(
            request, form, Refused(f"A comment can be edited for {minutes} minutes only.")
        )
    return respond(request, "comment_edit.html", form)


@router.post("/comments/{comment_id}/edit", dependencies=[Depends(auth.csrf)])
def edit(
    request: Request,
    comment_id: int = Path(ge=1, le=ID_MAX),
    body: str = Form(""),
    account: Account = Depends(auth.signed_in),
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> Response:
    comment = comments.own_comment(repo, account, comment_id, "edit")
    try:
        edited = comments.edit_comment(_desk(request), account, comment.id, body)
    except Refused as refused:
        if wants_json(request):
            raise
        return _refused_form(request, _edit_form(comment, body, settings), refused)
    return RedirectResponse(comment_url(edited), status_code=303)


@router.post("/comments/{comment_id}/delete", dependencies=[Depends(auth.csrf)])
def delete(
    comment_id: int = Path(ge=1, le=ID_MAX),
    account: Account = Depends(auth.signed_in),
    repo: Repository = Depends(deps.repo),
) -> Response:
    gone = comments.delete_comment(repo, account, comment_id)
    return RedirectResponse(f"{page_url(gone)}#comments", status_code=303)


@router.post("/comments/{comment_id}/report", dependencies=[Depends(auth.csrf)])
def report(
    comment_id: int = Path(ge=1, le=ID_MAX),
    reason: str = Form(""),
    account: Account = Depends(auth.signed_in),
    repo: Repository = Depends(deps.repo),
) -> Response:
    moderation.report(repo, account, comment_id, reason)
    reported = comments.find_comment(repo, comment_id)  # the page thanks them at the comment
    return RedirectResponse(comment_url(reported, f"?reported={comment_id}"), status_code=303)


def _edit_form(comment: Comment, body: str, settings: Settings) -> CommentForm:
    return CommentForm(
        action=f"/comments/{comment.id}/edit",
        back=comment_url(comment),
        body=body,
        comment_id=comment.id,
        edit_minutes=settings.comment_edit_minutes,
    )
