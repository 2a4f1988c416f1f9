"""The second opinion: readability-lxml's main-content guess, as paragraphs."""

from __future__ import annotations

import logging

import lxml.etree
import lxml.html
from readability import Document
from readability.readability import Unparseable

from broadsheet.extract.html import block_paragraphs, collapse

__all__ = ["readability_article"]

log = logging.getLogger(__name__)


def readability_article(html: str, url: str) -> tuple[str, list[str]]:
    """(title, paragraphs) as readability-lxml sees the page; empty when it finds nothing."""
    try:
        document = Document(html, url=url)
        summary = document.summary(html_partial=True)
        title = collapse(document.short_title() or "")
    except (Unparseable, lxml.etree.ParserError, ValueError, TypeError) as exc:
        log.debug("readability failed: %s", exc, extra={"url": url})
        return "", []
    if not summary.strip():
        return title, []
    root = lxml.html.fragment_fromstring(summary, create_parent="div")
    paragraphs = block_paragraphs(root)
    if not paragraphs:
        whole = collapse(root.text_content())
        paragraphs = [whole] if whole else []
    return title, paragraphs
