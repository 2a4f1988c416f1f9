"""The extract stage as the pipeline calls it: feed bytes → `ParsedFeed`, page bytes →
`ArticleText`.

Both steps are pure and CPU-bound, so where they run is the caller's choice, and the pipeline
takes it as an argument: `IN_PROCESS` runs them in the calling thread (the default, and what
tests use); the worker's `ExtractionPool` runs them in worker processes, so that several ingest
threads are not held to one core by the interpreter lock. Only bytes go in and small frozen
records come out."""

from __future__ import annotations

from typing import Protocol

from broadsheet.extract.article import extract_article
from broadsheet.extract.feed import parse_feed
from broadsheet.model import ArticleText, ParsedFeed

__all__ = ["IN_PROCESS", "ArticleExtractor", "Extraction", "FeedParser", "InProcess"]


class ArticleExtractor(Protocol):
    """Page bytes → `ArticleText`, raising ArticleError: the signature of `extract_article`."""

    def __call__(
        self, body: bytes, url: str, content_type: str = "", *, find_date: bool = True
    ) -> ArticleText: ...


class FeedParser(Protocol):
    """Feed bytes → `ParsedFeed`, raising FeedError: the signature of `parse_feed`."""

    def __call__(self, body: bytes, url: str, content_type: str = "") -> ParsedFeed: ...


class Extraction(Protocol):
    def feed(self, body: bytes, url: str, content_type: str = "") -> ParsedFeed: ...

    def article(
        self, body: bytes, url: str, content_type: str = "", *, find_date: bool = True
    ) -> ArticleText: ...


class InProcess:
    """Extraction in the calling thread."""

    def feed(self, body: bytes, url: str, content_type: str = "") -> ParsedFeed:
        return parse_feed(body, url, content_type)

    def article(
        self, body: bytes, url: str, content_type: str = "", *, find_date: bool = True
    ) -> ArticleText:
        return extract_article(body, url, content_type, find_date=find_date)


IN_PROCESS: Extraction = InProcess()
