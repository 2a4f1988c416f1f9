"""Article page bytes → `ArticleText`: main text, headline and page metadata. No I/O.

How the text is found (each step measured on the trafilatura evaluation set, see
`broadsheet.bench.extract`):

1. trafilatura in its default balanced mode with its own fallbacks (`include_comments=False`;
   favor_precision, favor_recall and deduplicate each scored lower F1);
2. when trafilatura returns (almost) nothing, readability-lxml's guess if it is much longer;
3. furniture lines that slip through are dropped (`extract.boilerplate`), and so is a copy of
   the headline opening the body (the headline is `ArticleText.title`);
4. a standfirst the extractor skipped is put back from the meta description (`extract.lead`).

Headline, byline, description, image and site name come from `extract.metadata`, which runs
only the parts of trafilatura's metadata pass that Broadsheet uses (trafilatura itself is called
without metadata). Paragraphs are separated by one blank line.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Sequence
from copy import copy
from datetime import datetime
from urllib.parse import urljoin

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Extractor

from broadsheet.errors import ArticleError
from broadsheet.extract.boilerplate import strip_boilerplate
from broadsheet.extract.charset import decode_html
from broadsheet.extract.dates import find_published
from broadsheet.extract.html import (
    collapse,
    declared_canonical,
    declared_language,
    parse_html,
)
from broadsheet.extract.lead import restore_lead
from broadsheet.extract.metadata import PageMetadata, page_metadata
from broadsheet.extract.readable import readability_article
from broadsheet.model import ArticleText

__all__ = ["extract_article"]

log = logging.getLogger(__name__)

# Below this many characters, trafilatura's text is checked against readability's.
SHORT_TEXT = 250
# Below this many characters in all, a page holds no article (a menu, a login wall).
MIN_TEXT = 50
# Readability's text replaces a short trafilatura text only if it is this many times longer.
FALLBACK_RATIO = 2.0
# trafilatura's defaults: balanced precision and recall, its own fallbacks, no comments, no
# metadata (extract.metadata reads the fields we use).
_OPTIONS = Extractor(output_format="python", comments=False, with_metadata=False)
_UNICODE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def extract_article(
    body: bytes, url: str, content_type: str = "", *, find_date: bool = True
) -> ArticleText:
    """Extract the article on a page; raise ArticleError when there is no article text.

    `find_date=False` skips the page-date search (a third of the cost) when the caller already
    has a trustworthy date, from the feed."""
    _refuse_binary(body)
    html = decode_html(body, content_type)
    tree = parse_html(html)
    canonical = declared_canonical(tree, url)
    meta = page_metadata(tree, canonical or url)
    paragraphs = _lines(_trafilatura(tree, url))
    title = meta.title
    if _length(paragraphs) < SHORT_TEXT:
        fallback_title, fallback = readability_article(html, url)
        fallback = strip_boilerplate(fallback)
        if _length(fallback) >= FALLBACK_RATIO * max(_length(paragraphs), 1):
            paragraphs = fallback
        title = title or fallback_title
    if _length(paragraphs) < MIN_TEXT:
        raise ArticleError(
            "no article text found on the page (trafilatura and readability found "
            f"{_length(paragraphs)} characters)"
        )
    title = collapse(title or _html_title(tree))
    paragraphs = restore_lead(_without_headline(paragraphs, title), meta.description, tree)
    published = find_published(tree, url) if find_date else None
    return _article(paragraphs, title, meta, tree, url, published, canonical)


def _refuse_binary(body: bytes) -> None:
    head = body[:1024]
    if head.startswith(b"%PDF-"):
        raise ArticleError("the response is a PDF document, not an HTML page")
    if b"\x00" in head and not head.startswith(_UNICODE_BOMS):
        raise ArticleError("the response is binary data, not an HTML page")


def _trafilatura(tree: HtmlElement, url: str) -> str:
    """trafilatura's main text, "" when it finds none."""
    options = copy(_OPTIONS)  # built once: reading trafilatura's settings file costs per call
    options.url = options.source = url or None
    try:
        document = trafilatura.bare_extraction(tree, options=options)
    except Exception:  # a crash inside a third-party parser must not lose the page
        log.warning("trafilatura failed", exc_info=True, extra={"url": url})
        return ""
    if document is None:
        return ""
    text = document.get("text") if isinstance(document, dict) else document.text
    return text or ""


def _lines(text: str | None) -> list[str]:
    lines = [collapse(line) for line in (text or "").splitlines()]
    return strip_boilerplate([line for line in lines if line])


def _without_headline(paragraphs: list[str], title: str) -> list[str]:
    """The headline is `ArticleText.title`; a copy of it opening the body goes."""
    if len(paragraphs) > 1 and paragraphs[0].casefold() == title.casefold():
        return paragraphs[1:]
    return paragraphs


def _length(paragraphs: Sequence[str]) -> int:
    return sum(len(p) for p in paragraphs)


def _article(
    paragraphs: list[str],
    title: str,
    meta: PageMetadata,
    tree: HtmlElement,
    url: str,
    published: datetime | None,
    canonical: str,
) -> ArticleText:
    return ArticleText(
        title=title,
        text="\n\n".join(paragraphs),
        author=meta.author,
        published=published,
        image_url=urljoin(url, meta.image) if meta.image else "",
        language=declared_language(tree),
        canonical_url=canonical,
        description=meta.description,
        site_name=meta.site_name,
    )


def _html_title(tree: HtmlElement) -> str:
    titles = tree.xpath("//title/text()")
    return str(titles[0]) if titles else ""
