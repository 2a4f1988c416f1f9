"""One entry → one stored article: fetch its page, extract, clean, date, fingerprint, save."""

from __future__ import annotations

import logging
from datetime import datetime

from broadsheet.errors import ArticleError
from broadsheet.extract.article import extract_article
from broadsheet.fetch import Fetcher
from broadsheet.model import ArticleDraft, ArticleText, FeedEntry, Source
from broadsheet.normalize.dates import choose_published, trusted
from broadsheet.normalize.fingerprint import fingerprint
from broadsheet.normalize.text import clean_text
from broadsheet.normalize.urls import canonical_url
from broadsheet.storage import Repository, SaveResult

log = logging.getLogger(__name__)

MIN_WORDS = 20  # below this an extraction is a teaser or a failure, not an article


def ingest_entry(
    entry: FeedEntry, source: Source, fetcher: Fetcher, repo: Repository
) -> SaveResult:
    """Raises FetchError or ArticleError with the reason; the caller records it."""
    fetched = fetcher.get(entry.url)
    text = _extract(
        fetched.body, fetched.final_url, fetched.content_type, entry, fetched.fetched_at
    )
    draft = make_draft(entry, text, source, fetched.final_url, fetched.fetched_at)
    result = repo.save_article(draft)
    log.info(
        "article %s source_id=%s url=%s id=%s",
        "stored" if result.stored else "duplicate",
        source.id,
        entry.url,
        result.article_id,
    )
    return result


def _extract(
    body: bytes, url: str, content_type: str, entry: FeedEntry, fetched_at: datetime
) -> ArticleText:
    """The page first; the feed's own full content when the page yields too little. The page's
    date is looked for only when the feed gave none we can trust."""
    find_date = not trusted(entry.published, fetched_at)
    try:
        page = extract_article(body, url, content_type, find_date=find_date)
    except ArticleError:
        page = None
    if page is not None and len(clean_text(page.text).split()) >= MIN_WORDS:
        return page
    if entry.content_html:
        from_feed = extract_article(
            entry.content_html.encode(), url, "text/html; charset=utf-8", find_date=False
        )
        if len(clean_text(from_feed.text).split()) >= MIN_WORDS:
            return from_feed
    raise ArticleError(f"no article text on the page ({url}): it may be a teaser or an index page")


def make_draft(
    entry: FeedEntry, text: ArticleText, source: Source, final_url: str, fetched_at: datetime
) -> ArticleDraft:
    body = clean_text(text.text)
    published, origin = choose_published(entry.published, text.published, fetched_at)
    page_url = text.canonical_url or final_url
    return ArticleDraft(
        source_id=source.id,
        url=final_url,
        canonical_url=canonical_url(page_url),
        guid=entry.guid,
        title=(entry.title or text.title or "Untitled").strip(),
        text=body,
        fingerprint=fingerprint(body),
        published_at=published,
        date_origin=origin,
        fetched_at=fetched_at,
        author=(entry.author or text.author).strip(),
        image_url=entry.image_url or text.image_url,
        language=text.language,
        description=entry.summary or text.description,
    )
