"""The story views: the front page of stories and a story's own page with its timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from broadsheet.cluster.timeline import Development, Report, timeline
from broadsheet.model import Article, Page, Story
from broadsheet.services.comment_threads import CommentSection
from broadsheet.services.insights import StoryInsights, story_insights
from broadsheet.storage import Repository

__all__ = [
    "FrontPage",
    "OutletReports",
    "StoryCard",
    "StoryPage",
    "front_page",
    "story_page",
]

CARD_ARTICLES = 4
TOP_STORY_ARTICLES = 2
FRONT_LATEST = 8


@dataclass(frozen=True, slots=True)
class StoryCard:
    """A story on the front page: its headline and a few reports from different outlets."""

    story: Story
    articles: tuple[Article, ...]

    @property
    def lead(self) -> Article | None:
        return next((a for a in self.articles if a.id == self.story.lead_article_id), None)


@dataclass(frozen=True, slots=True)
class FrontPage:
    stories: Page[StoryCard]
    latest: tuple[Article, ...]
    comment_counts: dict[int, int] = field(default_factory=dict)  # story id → visible comments


@dataclass(frozen=True, slots=True)
class OutletReports:
    outlet: str
    source_id: int
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class StoryPage:
    story: Story
    first: Article
    outlets: tuple[OutletReports, ...]
    timeline: tuple[Development, ...]
    insights: StoryInsights
    comments: CommentSection | None = None  # the viewer's view of the comments, set by the page


def front_page(repo: Repository, page: int, per_page: int) -> FrontPage:
    """Stories reported more than once, hottest first (`cluster.ranking`); a site too young
    to have any shows its single-article stories instead, so the page is never empty."""
    stories = repo.front_stories(page, per_page, min_articles=TOP_STORY_ARTICLES)
    if not stories.items and page == 1:
        stories = repo.front_stories(page, per_page)
    members = repo.stories_articles([s.id for s in stories.items], CARD_ARTICLES)
    cards = tuple(StoryCard(s, tuple(members.get(s.id, ()))) for s in stories.items)
    # Not latest_articles: its page count would count every stored article on each request.
    latest = tuple(repo.newest_articles(FRONT_LATEST)) if page == 1 else ()
    return FrontPage(
        stories=Page(cards, stories.page, stories.per_page, stories.total), latest=latest
    )


def survivor(repo: Repository, story_id: int) -> Story:
    """The story, or the one a repair pass merged it into (its page, feed, comments and
    answers are that one's); NotFound when there is no such story."""
    story = repo.get_story(story_id)
    return story if story.merged_into is None else repo.get_story(story.merged_into)


def story_insights_for(repo: Repository, story_id: int) -> tuple[Story, StoryInsights]:
    """The (surviving) story and its insights, without its timeline: what the insights block
    and API need, at a fraction of the page's cost."""
    story = survivor(repo, story_id)
    return story, story_insights(repo, story, repo.story_articles(story.id))


def story_page(repo: Repository, story_id: int) -> StoryPage:
    """A story with its members by outlet and its timeline; a merged story's page is its
    survivor's (the web layer redirects when `story.id` differs from the id asked for)."""
    story = survivor(repo, story_id)
    articles = repo.story_articles(story.id)
    return StoryPage(
        story=story,
        first=articles[0],
        outlets=_by_outlet(articles),
        timeline=tuple(timeline([_report(a) for a in articles])),
        insights=story_insights(repo, story, articles),
    )


def _report(article: Article) -> Report:
    return Report(article.id, article.outlet, article.title, article.published_at, article.text)


def _by_outlet(articles: Sequence[Article]) -> tuple[OutletReports, ...]:
    """Outlets in the order they first reported; each outlet's articles in time order."""
    groups: dict[int, list[Article]] = {}
    for article in articles:
        groups.setdefault(article.source_id, []).append(article)
    return tuple(OutletReports(g[0].outlet, g[0].source_id, tuple(g)) for g in groups.values())
