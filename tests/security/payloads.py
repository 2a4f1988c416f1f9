"""Hostile inputs shared by the attack suite, each named for what it tries."""

from __future__ import annotations

import lxml.html
from lxml import etree

SQL_INJECTION = {
    "quote-or-true": "' OR '1'='1",
    "stacked-drop": "x'); DROP TABLE articles; --",
    "union-select": "zz' UNION SELECT email, password_hash FROM accounts --",
    "comment-out": "prisoner' --",
    "double-quote": '" OR ""="',
    "fts-operators": "NEAR(prisoner exchange) OR title:* AND NOT ^x",
    "fts-column-filter": "{title body}: prisoner",
    "like-wildcards": "%_%",
    "backslash-escape": "\\' OR 1=1 --",
    "nul-byte": "prisoner\x00' OR 1=1",
    "sleep": "1' AND (SELECT 1 FROM pg_sleep(5)) --",
}

# Each filter of the search syntax with an injection in its value.
FILTERS = ("source:", "outlet:", "tag:", "entity:", "language:", "after:", "before:")

XSS = {
    "script-tag": "<script>alert(1)</script>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "svg-onload": "<svg/onload=alert(1)>",
    "attribute-break": '" autofocus onfocus="alert(1)',
    "javascript-link": "[click](javascript:alert(1))",
    "data-link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style-expression": '<p style="background:url(javascript:alert(1))">x</p>',
    "template-injection": "{{ 7*7 }}{% raw %}",
    "closing-textarea": "</textarea><script>alert(1)</script>",
}

_OUR_SCRIPTS = ("/static/",)  # the site's own script files
_BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def live_markup(html: str) -> list[str]:
    """Live markup in a page that the site did not write itself: script elements (other than
    the site's own files), event-handler attributes, frames and objects, links or sources with
    a script scheme, inline styles. Parsed as a browser would, so escaped text is not counted.
    An empty list means the attack was blocked."""
    root = lxml.html.document_fromstring(html or "<html></html>")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and not element.get("src", "").startswith(_OUR_SCRIPTS):
            found.append(f"<script>{(element.text or '')[:40]}")
        if tag in ("iframe", "object", "embed", "frame", "base"):
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = name.lower()
            handler = name.startswith("on") or name in ("style", "srcdoc", "formaction")
            url = name in ("href", "src", "action")
            if handler or (url and value.strip().lower().startswith(_BAD_SCHEMES)):
                found.append(f"<{tag} {name}={value[:40]!r}>")
    return found


def live_markup_in_feed(xml: bytes) -> list[str]:
    """`live_markup` of every HTML a feed carries, as a feed reader would render it: RSS
    descriptions and content:encoded, and Atom elements typed html. (Titles are plain text in
    both formats: a reader shows `<script>` in one as those characters.)"""
    found = []
    for element in etree.fromstring(xml).iter():
        local = etree.QName(element).localname
        html = local in ("description", "encoded") or element.get("type") == "html"
        if html and element.text:
            found += live_markup(element.text)
    return found
