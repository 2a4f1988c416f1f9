"""GET /api/v1/articles/{id}/comments and /api/v1/stories/{id}/comments: what anyone sees of
a page's comments, as a flat list in thread order (replies name their parent)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import Field

from broadsheet.community import CommentTarget
from broadsheet.config import Settings
from broadsheet.services.comment_threads import CommentSection, CommentView
from broadsheet.services.comments import public_comments
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.errors import ApiRoute
from broadsheet.web.api.schemas import ID_MAX, ErrorOut, Model

router = APIRouter(route_class=ApiRoute, tags=["comments"])
PageNumber = Query(1, ge=1, le=100_000, description="Page of threads; 1 is the newest.")


class CommentOut(Model):
    id: int
    parent_id: int | None = Field(description="The comment this one replies to.")
    depth: int = Field(ge=0, description="0 for a comment, 1 for a reply, and so on.")
    author: str = Field(description="The author's display name; empty when removed.")
    html: str = Field(description="The comment as sanitised HTML; empty when removed.")
    state: Literal["visible", "removed"] = Field(
        description="removed: hidden or deleted, kept as a gap because replies hang from it."
    )
    created_at: datetime
    edited_at: datetime | None


class CommentList(Model):
    count: int = Field(ge=0, description="Visible comments on the target, on every page.")
    page: int = Field(ge=1, description="Page 1 holds the newest threads.")
    pages: int = Field(ge=1)
    items: list[CommentOut] = Field(
        description="This page's threads (up to 50 top-level comments with all their replies), "
        "oldest first."
    )

    @classmethod
    def build(cls, section: CommentSection) -> CommentList:
        items: list[CommentOut] = []

        def add(views: tuple[CommentView, ...]) -> None:
            for view in views:
                items.append(CommentOut.model_validate(view))
                add(view.replies)

        add(section.threads)
        return cls(count=section.count, page=section.page, pages=section.pages, items=items)


@router.get(
    "/articles/{article_id}/comments",
    summary="An article's comments",
    response_model=CommentList,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
def article_comments(
    article_id: int = Path(ge=1, le=ID_MAX),
    page: int = PageNumber,
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> CommentList:
    """Visible comments, and removed ones that have replies (with no author and no text)."""
    return CommentList.build(
        public_comments(repo, settings, CommentTarget.ARTICLE, article_id, page)
    )


@router.get(
    "/stories/{story_id}/comments",
    summary="A story's comments",
    response_model=CommentList,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
def story_comments(
    story_id: int = Path(ge=1, le=ID_MAX),
    page: int = PageNumber,
    repo: Repository = Depends(deps.repo),
    settings: Settings = Depends(deps.settings),
) -> CommentList:
    """As for an article; a story merged into another answers with the other's comments."""
    return CommentList.build(public_comments(repo, settings, CommentTarget.STORY, story_id, page))
