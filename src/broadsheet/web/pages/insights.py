"""The enrichment blocks on their own: fragments that a pending block polls, and Ask.

Ask answers from the article's story (or the article alone) with every sentence cited. A
script sends `X-Fragment: 1` and gets the answer block; a reader without scripts gets a page.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from broadsheet.enrich.answer import Answerer
from broadsheet.services.insights import AskResult, article_insights, ask, ask_sources
from broadsheet.services.stories import story_insights_for, survivor
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.lane import in_lane
from broadsheet.web.render import respond, templates, wants_json

router = APIRouter()

QUESTION = Query("", max_length=2000, description="The reader's question.")


@router.get("/articles/{article_id}/insights", include_in_schema=False)
@in_lane
def article_block(
    request: Request, article_id: int, repo: Repository = Depends(deps.repo)
) -> Response:
    article = repo.get_article(article_id)
    view = {"insights": article_insights(repo, article), "article_id": article_id}
    return _fragment(request, "_article_insights.html", view)


@router.get("/stories/{story_id}/insights", include_in_schema=False)
@in_lane
def story_block(request: Request, story_id: int, repo: Repository = Depends(deps.repo)) -> Response:
    story, insights = story_insights_for(repo, story_id)
    view = {"insights": insights, "story_id": story.id}
    return _fragment(request, "_story_insights.html", view)


@router.get("/articles/{article_id}/ask")
def ask_article(
    request: Request,
    article_id: int,
    q: str = QUESTION,
    repo: Repository = Depends(deps.repo),
    answerer: Answerer = Depends(deps.answerer),
) -> Response:
    """Answer a question from the article and the other reports of its story, with citations."""
    article = repo.get_article(article_id)
    result = ask(answerer, q, ask_sources(repo, article))
    return _answer(request, result, article.title, f"/articles/{article_id}")


@router.get("/stories/{story_id}/ask")
def ask_story(
    request: Request,
    story_id: int,
    q: str = QUESTION,
    repo: Repository = Depends(deps.repo),
    answerer: Answerer = Depends(deps.answerer),
) -> Response:
    """Answer a question from the story's reports, with citations."""
    story = survivor(repo, story_id)
    result = ask(answerer, q, repo.story_articles(story.id))
    return _answer(request, result, story.title, f"/stories/{story.id}")


def _answer(request: Request, result: AskResult, title: str, back: str) -> Response:
    if wants_json(request):
        return respond(request, "ask.html", result)
    view = {"result": result, "title": title, "back": back}
    if request.headers.get("x-fragment") == "1":
        return templates.TemplateResponse(request, "_answer.html", {"view": view})
    return templates.TemplateResponse(request, "ask.html", {"view": view})


def _fragment(request: Request, template: str, view: dict[str, object]) -> Response:
    if wants_json(request):
        return respond(request, template, view["insights"])
    return templates.TemplateResponse(request, template, {"view": view})
