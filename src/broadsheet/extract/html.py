"""Small HTML helpers shared by the article, date and metadata extractors: parse once, read
`<head>` declarations, get the text a reader sees."""

from __future__ import annotations

import re
from copy import deepcopy
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from broadsheet.errors import ArticleError

__all__ = [
    "block_paragraphs",
    "declared_canonical",
    "declared_language",
    "parse_html",
    "visible_text",
]

_WS = re.compile(r"\s+")
_INVISIBLE = "//head|//script|//style|//noscript|//template|//svg"
_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote"}
    | {"figcaption", "td", "th", "caption", "address"}
)
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_]|$)", re.I)


def parse_html(html: str) -> HtmlElement:
    """Parse a whole document; raise ArticleError when there is nothing to parse."""
    if not html or not html.strip():
        raise ArticleError("the page is empty")
    try:
        tree = lxml.html.document_fromstring(_strip_xml_declaration(html))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ArticleError(f"the page is not parseable HTML: {exc}") from exc
    if tree is None:
        raise ArticleError("the page is not parseable HTML")
    return tree


def visible_text(tree: HtmlElement) -> str:
    """The document's reader-visible text with whitespace collapsed (scripts, styles, head out)."""
    copy = deepcopy(tree)
    for element in copy.xpath(_INVISIBLE):
        element.drop_tree()
    return collapse(copy.text_content())


def block_paragraphs(root: HtmlElement) -> list[str]:
    """One paragraph per innermost block element (p, h2, li …), in document order."""
    paragraphs = []
    for element in root.iter(*_BLOCKS):
        if any(child.tag in _BLOCKS for child in element.iterdescendants()):
            continue
        text = collapse(element.text_content())
        if text:
            paragraphs.append(text)
    return paragraphs


def declared_canonical(tree: HtmlElement, url: str) -> str:
    """`<link rel=canonical>`, else `og:url`, made absolute against the page URL; "" if none
    (or if it names the site's home page while the page is not: a common CMS bug)."""
    for xpath in (
        "//link[@rel='canonical']/@href",
        "//head//meta[@property='og:url']/@content",
    ):
        for value in tree.xpath(xpath):
            value = value.strip()
            if value and not value.startswith(("javascript:", "data:", "#")):
                absolute = urljoin(url, value)
                if absolute.startswith(("http://", "https://")) and not _is_home(absolute, url):
                    return absolute
    return ""


def _is_home(canonical: str, url: str) -> bool:
    """A CMS bug declares the home page canonical for every article: not a canonical URL."""
    return urlsplit(canonical).path in {"", "/"} and urlsplit(url).path not in {"", "/"}


def declared_language(tree: HtmlElement) -> str:
    """Primary language subtag from `<html lang>`, Content-Language or og:locale ("de")."""
    candidates = [
        *tree.xpath("/html/@lang"),
        *tree.xpath("/html/@xml:lang", namespaces={"xml": "http://www.w3.org/XML/1998/namespace"}),
        *tree.xpath(
            "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')"
            "='content-language']/@content"
        ),
        *tree.xpath("//meta[@property='og:locale']/@content"),
    ]
    for value in candidates:
        match = _LANGUAGE.match(value.strip())
        if match:
            return match.group(1).lower()
    return ""


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _strip_xml_declaration(html: str) -> str:
    # lxml refuses str input that carries an encoding declaration
    if html.lstrip().startswith("<?xml"):
        end = html.find("?>")
        return html[end + 2 :] if end != -1 else html
    return html
