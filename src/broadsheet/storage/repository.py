"""The storage interface in domain words. Stages never see SQL; only pipeline/ and services/
call this. Every backend passes the contract tests in tests/contract/."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from broadsheet.model import (
    ApiToken,
    Article,
    ArticleDraft,
    DeliveryStatus,
    Entity,
    FetchEvent,
    Page,
    SavedSearch,
    Source,
    SourceKind,
    Story,
    Tag,
    WebhookDelivery,
    WebhookEvent,
)
from broadsheet.storage.account_store import AccountStore
from broadsheet.storage.comment_store import CommentStore, ModerationStore
from broadsheet.storage.follow_store import FollowStore


@dataclass(frozen=True, slots=True)
class SaveResult:
    """`stored` is False when the draft was a duplicate of `article_id` (same URL, GUID or text)."""

    article_id: int
    stored: bool


@dataclass(frozen=True, slots=True)
class Copy:
    """Another publisher's page carrying the very same text as a stored article."""

    article_id: int
    source_id: int
    outlet: str
    url: str
    title: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What a reader searches for: `text` in the search syntax of `storage.fts` (words,
    "phrases", prefix*), narrowed by outlet name, publication time, hashtag, entity and
    language."""

    text: str
    outlet: str = ""
    after: datetime | None = None
    before: datetime | None = None
    tag: str = ""  # a hashtag's slug
    entity: str = ""  # an entity's canonical name, any case
    language: str = ""  # a language code prefix: "en" keeps en, en-GB …

    @property
    def filtered(self) -> bool:
        """Whether any filter beyond the words applies."""
        filters = (self.outlet, self.after, self.before, self.tag, self.entity, self.language)
        return any(f for f in filters)


@dataclass(frozen=True, slots=True)
class StoryMatch:
    """A story event to queue for a saved search: `article_id` is the story's first article to
    match it, `payload` the JSON body announcing the story."""

    story_id: int
    article_id: int
    payload: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching article, best first; `snippet` (from `search_snippets`, for the hits a page
    shows) marks matched words with MARK_START/END."""

    article_id: int
    story_id: int | None
    source_id: int
    outlet: str
    title: str
    snippet: str
    published_at: datetime


MARK_START, MARK_END = "\x02", "\x03"  # never in cleaned text: the page turns them into <mark>


@dataclass(frozen=True, slots=True)
class StoredVector:
    """An article's stored embedding (float32 bytes) with what search filters it on."""

    article_id: int
    source_id: int
    published_at: datetime
    vector: bytes


@dataclass(frozen=True, slots=True)
class RelatedKey:
    """What a stored related list depends on that a new report changes: the article's story and
    that story's article count (None for an article no story holds yet)."""

    story_id: int | None
    story_count: int | None


@dataclass(frozen=True, slots=True)
class NewRelatedList:
    """A ranked list to store for `article_id`: related article ids with their reasons, best
    first, made under `key` at `computed_at`."""

    article_id: int
    key: RelatedKey
    items: tuple[tuple[int, str], ...]
    computed_at: datetime


@dataclass(frozen=True, slots=True)
class StoredRelated:
    """An article's stored related list (`related_lists`): each related article (text cut to
    its lead) with its reason, best first; `kept` is the key the list was made under, `current`
    the article's key now. `kept` and `computed_at` are None when no list is stored."""

    current: RelatedKey
    kept: RelatedKey | None
    computed_at: datetime | None
    items: tuple[tuple[Article, str], ...]


@dataclass(frozen=True, slots=True)
class EntryFailure:
    source_id: int
    url: str
    reason: str
    attempts: int
    last_at: datetime


@dataclass(frozen=True, slots=True)
class Enrichment:
    """One enricher's result for an article or a story: `kind` ("tags", "summary" …), the
    `producer` that made it (implementation and version) and the result as JSON."""

    kind: str
    producer: str
    payload: str


@dataclass(frozen=True, slots=True)
class ArticleEnrichment:
    """What to store for one article; `tags`/`entities` None leaves the stored ones alone."""

    article_id: int
    results: tuple[Enrichment, ...]
    tags: tuple[Tag, ...] | None = None
    entities: tuple[Entity, ...] | None = None


class Repository(AccountStore, CommentStore, ModerationStore, FollowStore, Protocol):
    """Everything a backend stores; the readers' side (accounts, comments, moderation,
    follows) is declared in account_store.py, comment_store.py and follow_store.py."""

    # --- sources
    def add_source(
        self, url: str, *, kind: SourceKind = SourceKind.FEED, title: str = "", site_url: str = ""
    ) -> Source: ...
    def get_source(self, source_id: int) -> Source: ...
    def find_source(self, url: str) -> Source | None: ...
    def list_sources(self) -> list[Source]: ...
    def update_source(self, source_id: int, **changes: Any) -> Source: ...
    def claim_due_sources(self, now: datetime, limit: int, lease_seconds: int) -> list[Source]: ...
    def record_fetch(self, event: FetchEvent, **source_changes: Any) -> None: ...
    def fetch_history(self, source_id: int, limit: int = 20) -> list[FetchEvent]: ...
    def entry_failures(self, source_id: int, limit: int = 20) -> list[EntryFailure]: ...

    # --- entries and articles
    def seen_entries(
        self, source_id: int, urls: Sequence[str], guids: Sequence[str], max_attempts: int
    ) -> set[str]: ...
    def save_article(self, draft: ArticleDraft) -> SaveResult: ...
    def save_articles(self, drafts: Iterable[ArticleDraft]) -> list[SaveResult]: ...
    def record_entry_failure(self, source_id: int, url: str, reason: str, at: datetime) -> None: ...
    def get_article(self, article_id: int) -> Article: ...
    def article_copies(self, article_id: int) -> list[Copy]: ...
    def latest_articles(self, page: int, per_page: int) -> Page[Article]: ...
    def newest_articles(self, limit: int) -> list[Article]: ...
    def source_articles(self, source_id: int, page: int, per_page: int) -> Page[Article]: ...
    def search(self, query: str, page: int, per_page: int) -> Page[Article]: ...
    def search_hits(self, query: SearchQuery, limit: int) -> list[SearchHit]: ...
    def search_ids(self, query: SearchQuery, limit: int) -> list[int]: ...
    def search_snippets(self, query: str, article_ids: Sequence[int]) -> dict[int, str]: ...
    # the full-text index's upkeep (worker/index_upkeep.py): segments a term lookup visits, and
    # a bounded step merging them (True while there is more); 1 and False where none is needed
    def search_index_segments(self) -> int: ...
    def merge_search_index(self, pages: int) -> bool: ...
    def passing_filters(self, query: SearchQuery, article_ids: Sequence[int]) -> set[int]: ...
    # search rows and vectors shared by every SQL backend (storage/sql_search.py)
    def hits_for(self, article_ids: Sequence[int]) -> list[SearchHit]: ...
    def article_leads(self, article_ids: Sequence[int], chars: int) -> dict[int, str]: ...
    def get_articles(self, article_ids: Sequence[int]) -> list[Article]: ...
    def get_stories(self, story_ids: Sequence[int]) -> dict[int, Story]: ...
    def outlet_source_ids(self, outlet: str) -> list[int]: ...
    def newest_vector_model(self, kind: str) -> str | None: ...
    def vectors_after(self, model: str, after_id: int, limit: int) -> list[StoredVector]: ...
    def count_articles(self) -> int: ...
    def copy_candidates(self, keys: Sequence[int], limit: int = 8) -> list[tuple[int, str]]: ...

    # --- stories
    def start_story(self, article_id: int) -> Story: ...
    def join_story(
        self, story_id: int, article_ids: Sequence[int], lead_article_id: int | None = None
    ) -> Story: ...
    def merge_stories(self, story_id: int, into_id: int, lead_article_id: int | None) -> Story: ...
    def get_story(self, story_id: int) -> Story: ...
    def story_articles(self, story_id: int) -> list[Article]: ...
    def front_stories(self, page: int, per_page: int, min_articles: int = 1) -> Page[Story]: ...
    def stories_articles(
        self, story_ids: Sequence[int], per_story: int
    ) -> dict[int, list[Article]]: ...
    def active_story_articles(self, since: datetime) -> list[Article]: ...
    def unassigned_articles(self, limit: int) -> list[Article]: ...
    def save_vectors(self, model: str, vectors: dict[int, bytes]) -> None: ...
    def article_vectors(self, model: str, article_ids: Sequence[int]) -> dict[int, bytes]: ...
    def close(self) -> None: ...

    # --- tokens (API write access; only hashes are stored, see services/tokens.py)
    def add_token(self, name: str, token_hash: str, at: datetime) -> ApiToken: ...
    def use_token(self, token_hash: str, at: datetime) -> ApiToken | None: ...
    def list_tokens(self) -> list[ApiToken]: ...
    def revoke_token(self, name: str, at: datetime) -> ApiToken: ...

    # --- saved searches and their webhook deliveries (see storage/sql_saved.py)
    def add_saved_search(
        self,
        name: str,
        query: str,
        *,
        at: datetime,
        webhook_url: str = "",
        webhook_secret: str = "",
        owner_id: int | None = None,
        events: Iterable[WebhookEvent] = tuple(WebhookEvent),
    ) -> SavedSearch: ...
    def get_saved_search(self, saved_search_id: int) -> SavedSearch: ...
    def list_saved_searches(self) -> list[SavedSearch]: ...
    def remove_saved_search(self, saved_search_id: int) -> None: ...
    def newest_matches(self, query: SearchQuery, limit: int) -> list[Article]: ...
    def matches_between(
        self, query: SearchQuery, after_id: int, through_id: int, limit: int
    ) -> list[int]: ...
    def articles_placed_through(self) -> int: ...
    def announced_stories(self, saved_search_id: int, story_ids: Sequence[int]) -> set[int]: ...
    def queue_deliveries(
        self,
        saved_search_id: int,
        *,
        matched_from: int,
        matched_through: int,
        payloads: Mapping[int, str],
        at: datetime,
        stories: Sequence[StoryMatch] = (),
    ) -> int: ...
    def claim_deliveries(
        self, now: datetime, limit: int, lease_seconds: int
    ) -> list[WebhookDelivery]: ...
    def record_delivery_attempt(
        self,
        delivery_id: int,
        *,
        at: datetime,
        status: DeliveryStatus,
        http_status: int | None,
        error: str,
        next_attempt_at: datetime | None,
    ) -> WebhookDelivery | None: ...
    def webhook_deliveries(
        self, saved_search_id: int, page: int, per_page: int
    ) -> Page[WebhookDelivery]: ...

    # --- related (bounded candidate queries: see storage/sql_related.py)
    def related_candidates(
        self, article_id: int, terms: Sequence[str], per_query: int = 20
    ) -> list[Article]: ...
    def comparable_vectors(
        self, article_id: int, article_ids: Sequence[int]
    ) -> dict[int, bytes]: ...
    # stored related lists (see storage/sql_related_lists.py)
    def stored_related(self, article_id: int) -> StoredRelated: ...
    def save_related(self, lists: Sequence[NewRelatedList]) -> None: ...
    def related_due(self, since: datetime, limit: int) -> list[tuple[int, RelatedKey]]: ...
    def related_missing(self, newest: int, limit: int) -> list[tuple[int, RelatedKey]]: ...
    def clear_related_lists(self) -> int: ...

    # --- enrichment (see storage/sql_enrichment.py)
    def articles_to_enrich(self, producers: Mapping[str, str], limit: int) -> list[Article]: ...
    def save_enrichments(self, items: Sequence[ArticleEnrichment], at: datetime) -> None: ...
    def article_enrichments(self, article_id: int) -> dict[str, Enrichment]: ...
    def articles_tags(self, article_ids: Sequence[int]) -> dict[int, list[Tag]]: ...
    def articles_tagged_through(self) -> int: ...
    def articles_entities(self, article_ids: Sequence[int]) -> dict[int, list[Entity]]: ...
    def get_tag(self, slug: str) -> Tag: ...
    def tag_articles(self, slug: str, page: int, per_page: int) -> Page[Article]: ...
    def tag_stories(self, slug: str, limit: int) -> list[Story]: ...
    def popular_tags(self, since: datetime, limit: int) -> list[tuple[Tag, int]]: ...
    def stories_to_enrich(self, producers: Mapping[str, str], limit: int) -> list[Story]: ...
    def save_story_enrichments(
        self, story_id: int, results: Sequence[Enrichment], article_count: int, at: datetime
    ) -> None: ...
    def story_enrichments(self, story_id: int) -> dict[str, Enrichment]: ...
