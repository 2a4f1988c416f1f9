"""What goes out as a feed: top stories, the latest articles, a story's or a source's articles.

Plain values with site-relative paths; the web layer makes the URLs absolute and writes the
values as RSS, Atom or JSON Feed. Items carry snippets, never the whole text of another outlet's
article."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from broadsheet.model import Article, Source
from broadsheet.services.search import parse_query
from broadsheet.services.stories import StoryCard, front_page, survivor
from broadsheet.storage import Repository

__all__ = [
    "Feed",
    "FeedItem",
    "latest_feed",
    "saved_search_feed",
    "snippet",
    "source_feed",
    "story_feed",
    "tag_feed",
    "top_stories_feed",
]

FEED_ITEMS = 30
SNIPPET_CHARS = 280
SITE_NAME = "Broadsheet"
# An empty feed has changed "never": a fixed time keeps its Last-Modified stable between polls.
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry: `path` is its page (also its permanent id); `paragraphs` are plain text."""

    path: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime
    updated: datetime
    author: str = ""  # the outlet, for an article; a story has many and names none
    author_url: str = ""


@dataclass(frozen=True, slots=True)
class Feed:
    """`path` is the page the feed follows; `updated` is when its content last changed as far as
    storage can tell (the newest item time or store time), so it can serve as Last-Modified."""

    title: str
    description: str
    path: str
    items: tuple[FeedItem, ...]
    updated: datetime

    @property
    def feed_path(self) -> str:
        """`/stories/3` → `/stories/3/feed`, `/` → `/feed`: the format adds its extension."""
        return self.path.rstrip("/") + "/feed"


def top_stories_feed(repo: Repository, limit: int = FEED_ITEMS) -> Feed:
    """The front page's first page of stories, in its order."""
    cards = front_page(repo, 1, limit).stories.items
    stored = (a.fetched_at for card in cards for a in card.articles)
    return Feed(
        title=f"{SITE_NAME}: top stories",
        description="Stories reported by several outlets, ranked by coverage and recency.",
        path="/",
        items=tuple(_story_item(card) for card in cards),
        updated=_newest([c.story.last_at for c in cards], stored),
    )


def latest_feed(repo: Repository, limit: int = FEED_ITEMS) -> Feed:
    articles = repo.latest_articles(1, limit).items
    return _articles_feed(
        repo,
        title=f"{SITE_NAME}: latest articles",
        description="Every article from every source, newest first.",
        path="/latest",
        articles=articles,
    )


def story_feed(repo: Repository, story_id: int, limit: int = FEED_ITEMS) -> Feed:
    """A story's articles, newest first. A merged story's feed is its survivor's: the web layer
    redirects when `path` names another story than the one asked for."""
    story = survivor(repo, story_id)
    articles = repo.story_articles(story.id)[::-1][:limit]
    feed = _articles_feed(
        repo,
        title=story.title,
        description=f"{SITE_NAME}: every report of this story, newest first.",
        path=f"/stories/{story.id}",
        articles=articles,
    )
    return replace(feed, updated=max(feed.updated, story.last_at))


def source_feed(repo: Repository, source_id: int, limit: int = FEED_ITEMS) -> Feed:
    source = repo.get_source(source_id)
    feed = _articles_feed(
        repo,
        title=f"{source.name} on {SITE_NAME}",
        description=f"Articles from {source.name}, newest first.",
        path=f"/sources/{source.id}",
        articles=repo.source_articles(source_id, 1, limit).items,
    )
    return feed if feed.items else replace(feed, updated=source.created_at or NEVER)


def saved_search_feed(repo: Repository, saved_search_id: int, limit: int = FEED_ITEMS) -> Feed:
    """The articles a saved search matches, most recently stored first (never ranked: a feed
    must show what is new, not what matches best)."""
    saved = repo.get_saved_search(saved_search_id)
    query, _ = parse_query(saved.query)
    feed = _articles_feed(
        repo,
        title=f"{saved.name} on {SITE_NAME}",
        description=f"Articles matching “{saved.query}”, newest first.",
        path=f"/saved/{saved.id}",
        articles=repo.newest_matches(query, limit),
    )
    return feed if feed.items else replace(feed, updated=saved.created_at)


def tag_feed(repo: Repository, slug: str, limit: int = FEED_ITEMS) -> Feed:
    tag = repo.get_tag(slug)
    return _articles_feed(
        repo,
        title=f"#{tag.label} on {SITE_NAME}",
        description=f"Articles tagged #{tag.label}, newest first.",
        path=f"/tags/{tag.slug}",
        articles=repo.tag_articles(slug, 1, limit).items,
    )


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The first paragraph, cut at a word boundary to at most `limit` characters plus "…"."""
    first = next((p.strip() for p in text.split("\n\n") if p.strip()), "")
    flat = " ".join(first.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def _story_item(card: StoryCard) -> FeedItem:
    story = card.story
    s_a = "s" if story.article_count != 1 else ""
    s_o = "s" if story.outlet_count != 1 else ""
    line = f"{story.article_count} article{s_a} from {story.outlet_count} outlet{s_o}"
    lead = card.lead or (card.articles[0] if card.articles else None)
    lead_text = snippet(lead.description or lead.text) if lead is not None else ""
    return FeedItem(
        path=f"/stories/{story.id}",
        title=story.title,
        paragraphs=(line, lead_text) if lead_text else (line,),
        published=story.first_at,
        updated=story.last_at,
    )


def _articles_feed(
    repo: Repository, *, title: str, description: str, path: str, articles: Sequence[Article]
) -> Feed:
    sources = _sources(repo, {a.source_id for a in articles})
    return Feed(
        title=title,
        description=description,
        path=path,
        items=tuple(_article_item(a, sources.get(a.source_id)) for a in articles),
        updated=_newest([a.published_at for a in articles], (a.fetched_at for a in articles)),
    )


def _article_item(article: Article, source: Source | None) -> FeedItem:
    text = snippet(article.description or article.text)
    return FeedItem(
        path=f"/articles/{article.id}",
        title=article.title,
        paragraphs=(text,) if text else (),
        published=article.published_at,
        updated=article.published_at,
        author=article.outlet,
        author_url=(source.site_url if source is not None else ""),
    )


def _sources(repo: Repository, source_ids: Iterable[int]) -> dict[int, Source]:
    return {source_id: repo.get_source(source_id) for source_id in source_ids}


def _newest(times: Sequence[datetime], stored: Iterable[datetime]) -> datetime:
    """An article stored late with an early publication time still changes the feed."""
    return max([*times, *stored], default=NEVER)
