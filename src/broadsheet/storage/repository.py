"""The storage interface in domain words. Stages never see SQL; only pipeline/ and services/
call this. Every backend passes the contract tests in tests/contract/."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from broadsheet.model import Article, ArticleDraft, FetchEvent, Page, Source, SourceKind


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
    def count_articles(self) -> int: ...
    def close(self) -> None: ...
