"""What each page shows, as plain values: the HTML template and the JSON view read the same one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from broadsheet.demo.corpus import attribution_for
from broadsheet.enrich.sentences import paragraph_sentences
from broadsheet.model import Article, FetchEvent, Page, Source, Story
from broadsheet.services.comment_threads import CommentSection
from broadsheet.services.insights import ArticleInsights, article_insights
from broadsheet.services.related import RelatedItem
from broadsheet.services.related_lists import Remake, shown_related
from broadsheet.storage import Copy, EntryFailure, Repository


@dataclass(frozen=True, slots=True)
class Attribution:
    """Credit a licence requires on the page (bundled demo articles)."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class LatestPage:
    articles: Page[Article]
    comment_counts: dict[int, int] = field(default_factory=dict)  # article id → visible comments


@dataclass(frozen=True, slots=True)
class ArticlePage:
    article: Article
    source: Source
    copies: tuple[Copy, ...]
    attribution: Attribution | None
    story: Story | None  # shown when other articles share it
    insights: ArticleInsights  # hashtags, entities, summary, quotes (pending until enriched)
    # Same story, then same topic, then similar, from the stored list; None while no list made
    # under the article's story key now is stored: the page then loads it from
    # /articles/<id>/related.html (ranked there).
    related: tuple[RelatedItem, ...] | None = ()
    related_remake: Remake | None = None  # the list shown is old: to be made again after
    comments: CommentSection | None = None  # the viewer's view of the comments, set by the page

    @property
    def body(self) -> list[list[tuple[int, str]]]:
        """The paragraphs as numbered sentences: citations link to sentence `#s-<n>`."""
        return numbered_sentences(self.article.text)


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


def article_page(repo: Repository, article_id: int, related_ttl: float) -> ArticlePage:
    """Never ranks related articles: a list is shown only when one is stored (an old one with
    its `related_remake`)."""
    article = repo.get_article(article_id)
    related, remake = shown_related(repo, article_id, ttl=related_ttl, now=datetime.now(UTC))
    demo = attribution_for(article.url)
    credit = Attribution(demo.attribution, demo.source_url) if demo is not None else None
    return ArticlePage(
        article=article,
        source=repo.get_source(article.source_id),
        copies=tuple(repo.article_copies(article_id)),
        attribution=credit,
        story=_shared_story(repo, article),
        related=related,
        related_remake=remake,
        insights=article_insights(repo, article),
    )


def numbered_sentences(text: str) -> list[list[tuple[int, str]]]:
    """Each paragraph's sentences with their index in `split_sentences(text)`."""
    numbered, n = [], 0
    for paragraph in paragraph_sentences(text):
        numbered.append(list(enumerate(paragraph, start=n)))
        n += len(paragraph)
    return numbered


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
