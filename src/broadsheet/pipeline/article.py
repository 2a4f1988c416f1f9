"""One entry → one article ready to save: fetch its page, extract, clean, date, fingerprint.

Extraction, the costly CPU-bound step, runs wherever the caller's `Extraction` runs it (see
`pipeline.extraction`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from broadsheet.errors import ArticleError
from broadsheet.fetch import Fetcher
from broadsheet.model import ArticleDraft, ArticleText, FeedEntry, Source
from broadsheet.normalize.dates import choose_published, trusted
from broadsheet.normalize.fingerprint import fingerprint
from broadsheet.normalize.syndication import copy_signature, wire_agency
from broadsheet.normalize.text import clean_text
from broadsheet.normalize.urls import canonical_url
from broadsheet.pipeline.extraction import IN_PROCESS, Extraction

MIN_WORDS = 20  # below this an extraction is a teaser or a failure, not an article


def draft_entry(
    entry: FeedEntry, source: Source, fetcher: Fetcher, extract: Extraction = IN_PROCESS
) -> ArticleDraft:
    """The entry's article, ready to save. Raises FetchError or ArticleError with the reason;
    the caller records it."""
    fetched = fetcher.get(entry.url)
    page = _Page(fetched.body, fetched.final_url, fetched.content_type, fetched.fetched_at)
    text, body = _extract(page, entry, extract)
    return make_draft(entry, text, source, fetched.final_url, fetched.fetched_at, body=body)


@dataclass(frozen=True, slots=True)
class _Page:
    body: bytes
    url: str
    content_type: str
    fetched_at: datetime


def _extract(page: _Page, entry: FeedEntry, extract: Extraction) -> tuple[ArticleText, str]:
    """(text, its cleaned body): the page first; the feed's own full content when the page
    yields too little. The page's date is looked for only when the feed gave none we trust."""
    find_date = not trusted(entry.published, page.fetched_at)
    why = "it may be a teaser or an index page"
    try:
        text: ArticleText | None = extract.article(
            page.body, page.url, page.content_type, find_date=find_date
        )
    except ArticleError as exc:
        text, why = None, str(exc)  # e.g. its extraction process died: say so
    if text is not None and _enough(body := clean_text(text.text)):
        return text, body
    if entry.content_html:
        from_feed = extract.article(
            entry.content_html.encode(), page.url, "text/html; charset=utf-8", find_date=False
        )
        if _enough(body := clean_text(from_feed.text)):
            return from_feed, body
    raise ArticleError(f"no article text on the page ({page.url}): {why}")


def _enough(body: str) -> bool:
    return len(body.split()) >= MIN_WORDS


def make_draft(
    entry: FeedEntry,
    text: ArticleText,
    source: Source,
    final_url: str,
    fetched_at: datetime,
    *,
    body: str | None = None,
) -> ArticleDraft:
    """`body` is `clean_text(text.text)` when the caller has it already."""
    body = clean_text(text.text) if body is None else body
    published, origin = choose_published(entry.published, text.published, fetched_at)
    page_url = text.canonical_url or final_url
    title = (entry.title or text.title or "Untitled").strip()
    return ArticleDraft(
        source_id=source.id,
        url=final_url,
        canonical_url=canonical_url(page_url),
        guid=entry.guid,
        title=title,
        text=body,
        fingerprint=fingerprint(body),
        published_at=published,
        date_origin=origin,
        fetched_at=fetched_at,
        author=(entry.author or text.author).strip(),
        image_url=entry.image_url or text.image_url,
        language=text.language,
        description=entry.summary or text.description,
        wire=wire_agency(body, title) or "",
        copy_keys=copy_signature(body).band_keys,
    )
