"""Matched words in search snippets: escape the text, then mark the spans storage delimited."""

from __future__ import annotations

from markupsafe import Markup, escape

from broadsheet.storage.repository import MARK_END, MARK_START


def marked(snippet: str) -> Markup:
    safe = str(escape(snippet))
    return Markup(safe.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))
