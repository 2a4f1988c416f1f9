"""What each page shows, as plain values: the HTML template and the JSON view read the same one."""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.demo.corpus import attribution_for
from broadsheet.model import Article, FetchEvent, Page, Source, Story
from broadsheet.services.related import RelatedItem, related_articles
from broadsheet.storage import Copy, EntryFailure, Repository


@dataclass(frozen=True, slots=True)
class Attribution:
    """Credit a licence requires on the page (bundled demo articles)."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class LatestPage:
    articles: Page[Article]


@dataclass(frozen=True, slots=True)
class ArticlePage:
    article: Article
    source: Source
    copies: tuple[Copy, ...]
    attribution: Attribution | None
    story: Story | None  # shown when other articles share it
    related: tuple[RelatedItem, ...] = ()  # same story, then same topic, then similar


@dataclass(frozen=True, slots=True)
class SourcePage:
    source: Source
    articles: Page[Article]
    history: tuple[FetchEvent, ...]
    failures: tuple[EntryFailure, ...]


@dataclass(frozen=True, slots=True)
class SourcesPage:
    sources: tuple[Source, ...]


def latest_page(repo: Repository, page: int, per_page: int) -> LatestPage:
    return LatestPage(articles=repo.latest_articles(page, per_page))


def article_page(repo: Repository, article_id: int) -> ArticlePage:
    article = repo.get_article(article_id)
    demo = attribution_for(article.url)
    credit = Attribution(demo.attribution, demo.source_url) if demo is not None else None
    return ArticlePage(
        article=article,
        source=repo.get_source(article.source_id),
        copies=tuple(repo.article_copies(article_id)),
        attribution=credit,
        story=_shared_story(repo, article),
        related=tuple(related_articles(repo, article)),
    )


def _shared_story(repo: Repository, article: Article) -> Story | None:
    if article.story_id is None:
        return None
    story = repo.get_story(article.story_id)
    return story if story.article_count > 1 else None


def source_page(repo: Repository, source_id: int, page: int, per_page: int) -> SourcePage:
    return SourcePage(
        source=repo.get_source(source_id),
        articles=repo.source_articles(source_id, page, per_page),
        history=tuple(repo.fetch_history(source_id, limit=20)),
        failures=tuple(repo.entry_failures(source_id, limit=20)),
    )


def sources_page(repo: Repository) -> SourcesPage:
    return SourcesPage(sources=tuple(repo.list_sources()))
