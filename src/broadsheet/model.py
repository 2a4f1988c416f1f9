"""The domain's values: frozen dataclasses that every layer passes around.

Glossary: a *Source* is what we poll (a feed, or a single page); an *Entry* is one item of a feed;
an *Article* is one extracted page as stored; a *Story* groups articles about one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class SourceKind(StrEnum):
    FEED = "feed"
    PAGE = "page"


class SourceStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    RETIRED = "retired"  # the server said 410 Gone, or an admin retired it


class DateOrigin(StrEnum):
    """Where an article's publication time came from, best first."""

    FEED = "feed"
    PAGE = "page"
    FETCHED = "fetched"


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    url: str
    kind: SourceKind = SourceKind.FEED
    title: str = ""
    site_url: str = ""
    status: SourceStatus = SourceStatus.ACTIVE
    etag: str | None = None
    last_modified: str | None = None
    poll_interval: int = 1800
    next_poll_at: datetime | None = None
    last_polled_at: datetime | None = None
    last_status: str = ""
    error_count: int = 0
    created_at: datetime | None = None

    @property
    def name(self) -> str:
        return self.title or self.site_url or self.url


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP response as the fetcher hands it on: final URL, status, the size-capped body."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed, before its page is fetched."""

    url: str
    guid: str = ""
    title: str = ""
    summary: str = ""
    content_html: str = ""
    author: str = ""
    published: datetime | None = None
    image_url: str = ""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    site_url: str
    entries: tuple[FeedEntry, ...]
    format: str  # "rss20", "atom10", "rss10", "json1" …
    ttl_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What extraction finds on an article page; `text` holds paragraphs split by blank lines."""

    title: str
    text: str
    author: str = ""
    published: datetime | None = None
    image_url: str = ""
    language: str = ""
    canonical_url: str = ""
    description: str = ""
    site_name: str = ""


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """An article ready to store: extracted, cleaned and fingerprinted, without an id yet."""

    source_id: int
    url: str
    canonical_url: str
    guid: str
    title: str
    text: str
    fingerprint: str
    published_at: datetime
    date_origin: DateOrigin
    fetched_at: datetime
    author: str = ""
    image_url: str = ""
    language: str = ""
    description: str = ""
    wire: str = ""  # the news agency whose text this is ("Reuters"), when it can be told
    copy_keys: tuple[int, ...] = ()  # LSH band keys of the text, to find its near-copies later
    copy_of: int | None = None  # a stored article carrying the same wire text


@dataclass(frozen=True, slots=True)
class Article:
    id: int
    source_id: int
    outlet: str
    url: str
    canonical_url: str
    guid: str
    title: str
    text: str
    fingerprint: str
    published_at: datetime
    date_origin: DateOrigin
    fetched_at: datetime
    author: str = ""
    image_url: str = ""
    language: str = ""
    description: str = ""
    wire: str = ""
    story_id: int | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Story:
    """Articles from one or more outlets about one event. `merged_into` is set when a repair
    pass folded this story into another: its URL then redirects there."""

    id: int
    title: str
    lead_article_id: int | None
    article_count: int
    outlet_count: int
    first_at: datetime
    last_at: datetime
    merged_into: int | None = None


@dataclass(frozen=True, slots=True)
class FetchEvent:
    """One poll of a source as recorded in its history: what happened and why."""

    source_id: int
    at: datetime
    ok: bool
    message: str
    http_status: int | None = None
    new_articles: int = 0
    url: str = ""


@dataclass(slots=True)
class IngestReport:
    """What one ingest of one source did: counts per stage and every error, in words."""

    source_id: int
    entries: int = 0
    new_entries: int = 0
    fetched: int = 0
    extracted: int = 0
    stored: int = 0
    duplicates: int = 0
    not_modified: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A named API token as stored: its hash is kept, the token itself never is."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


# --- enrichment (issue: AI features). Every citation points at a sentence of a stored article:
# `sentence` indexes `enrich.sentences.split_sentences(article.text)`.


class EntityKind(StrEnum):
    PERSON = "person"
    ORG = "org"
    PLACE = "place"


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place named in a text, under its canonical name
    ("Volodymyr Zelenskyy" for Zelenskiy, Zelensky …); `mentions` counts its occurrences."""

    name: str
    kind: EntityKind
    mentions: int = 1


@dataclass(frozen=True, slots=True)
class Tag:
    """A hashtag: `slug` is the stable URL key ("zelenskyy"), `label` what a reader sees
    ("Zelenskyy"); `kind` says where it came from: "entity", "keyphrase" or "topic"."""

    slug: str
    label: str
    kind: str


@dataclass(frozen=True, slots=True)
class Document:
    """An article as the enrichers read it: only what they need, so they can run on any text
    (a stored article, an evaluation set). `text` holds paragraphs split by blank lines."""

    article_id: int
    title: str
    text: str
    outlet: str = ""
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SentenceRef:
    article_id: int
    sentence: int


@dataclass(frozen=True, slots=True)
class CitedSentence:
    """A sentence shown to a reader with the source sentences that support it."""

    text: str
    sources: tuple[SentenceRef, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote and who said it, as found in one sentence of one article."""

    text: str
    speaker: str
    source: SentenceRef


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer to a reader's question: empty `sentences` means nothing in the sources
    supports one. `producer` names the implementation ("extractive-bm25/1", "llm:…")."""

    question: str
    sentences: tuple[CitedSentence, ...]
    producer: str

    @property
    def supported(self) -> bool:
        return bool(self.sentences)


# --- saved searches and their webhooks (issue: the news going out)


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its first or next attempt
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"  # every attempt failed; it is not tried again


class WebhookEvent(StrEnum):
    """What a saved search's webhook is told: each new matching article, and each story the
    first time one of its articles matches (services.webhook_matches has the rule)."""

    MATCH = "match"
    STORY = "story"

    @property
    def sent_as(self) -> str:
        """Its name in the payload's `event` and the X-Broadsheet-Event header."""
        return f"saved_search.{self.value}"


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A named query in the search syntax (services.search): its matches are a feed and, with a
    webhook, are POSTed as they arrive. `owner_id` None means the operator's (accounts come
    later); `matched_through` is the newest article id already matched for the webhook, and
    `events` what the webhook is sent."""

    id: int
    name: str
    query: str
    created_at: datetime
    webhook_url: str = ""
    webhook_secret: str = field(default="", repr=False)  # signs deliveries; never logged
    owner_id: int | None = None
    matched_through: int = 0
    events: frozenset[WebhookEvent] = frozenset(WebhookEvent)

    @property
    def has_webhook(self) -> bool:
        return bool(self.webhook_url)


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One event POSTed to one saved search's webhook, with its retry state: a matching article,
    or a story (`story_id`) that `article_id` is the first match of. `payload` is the JSON body,
    fixed when the match was found, so that every attempt sends the same bytes."""

    id: int
    saved_search_id: int
    article_id: int
    payload: str
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    last_http_status: int | None = None
    last_error: str = ""
    event: WebhookEvent = WebhookEvent.MATCH
    story_id: int | None = None  # the story a story event announces; None for a match event
