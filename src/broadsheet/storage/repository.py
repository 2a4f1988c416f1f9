"""The storage interface in domain words. Stages never see SQL; only pipeline/ and services/
call this. Every backend passes the contract tests in tests/contract/."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from broadsheet.model import (
    ApiToken,
    Article,
    ArticleDraft,
    FetchEvent,
    Page,
    Source,
    SourceKind,
    Story,
)


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
    "phrases", prefix*), narrowed by outlet name and publication time."""

    text: str
    outlet: str = ""
    after: datetime | None = None
    before: datetime | None = None


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
class EntryFailure:
    source_id: int
    url: str
    reason: str
    attempts: int
    last_at: datetime


class Repository(Protocol):
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
    def source_articles(self, source_id: int, page: int, per_page: int) -> Page[Article]: ...
    def search(self, query: str, page: int, per_page: int) -> Page[Article]: ...
    def search_hits(self, query: SearchQuery, limit: int) -> list[SearchHit]: ...
    def search_snippets(self, query: str, article_ids: Sequence[int]) -> dict[int, str]: ...
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

    # --- related (bounded candidate queries: see storage/sql_related.py)
    def related_candidates(
        self, article_id: int, terms: Sequence[str], per_query: int = 20
    ) -> list[Article]: ...
    def comparable_vectors(
        self, article_id: int, article_ids: Sequence[int]
    ) -> dict[int, bytes]: ...
