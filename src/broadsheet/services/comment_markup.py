"""A comment's text → safe HTML: a small Markdown subset, then an allow-list sanitiser.

Two locks, each enough on its own: markdown-it renders only paragraphs, line breaks, emphasis,
inline code, code blocks, links, lists and quotes, with raw HTML off (typed tags come out as
text); then nh3 keeps only the tags and the one attribute that subset produces, and links only
to http, https and mailto, each marked rel="nofollow ugc noopener". Before either, the text
loses the invisible characters that disguise words or reverse what a reader sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from broadsheet.errors import Refused
from broadsheet.normalize.user_text import strip_invisible

__all__ = ["MAX_BODY", "MAX_NESTING", "RenderedComment", "render_comment"]

MAX_BODY = 10_000  # characters, after invisible ones are removed
MAX_NESTING = 5  # quotes and lists inside one another

_RULES = [
    "code", "fence", "blockquote", "list", "reference",  # blocks (paragraph is always on)
    "newline", "escape", "backticks", "emphasis", "link", "autolink", "entity",  # inline
]  # fmt: skip
# markdown-it stops nesting silently at maxNesting; set it past our cap so the cap is seen.
_markdown = MarkdownIt("zero", {"breaks": True, "maxNesting": 4 * MAX_NESTING + 8}).enable(_RULES)

_TAGS = {"p", "br", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote"}
_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "*": set()}  # "*": no lang, no title
_SCHEMES = {"http", "https", "mailto"}
_CONTAINERS = ("blockquote", "bullet_list", "ordered_list")
_OPENERS = {f"{name}_open" for name in _CONTAINERS}
_CLOSERS = {f"{name}_close" for name in _CONTAINERS}


@dataclass(frozen=True, slots=True)
class RenderedComment:
    """`body` as stored (invisible characters removed, ends trimmed), its sanitised `html`, and
    how many links it holds (the spam check counts them)."""

    body: str
    html: str
    links: int


def render_comment(text: str) -> RenderedComment:
    """Raises Refused, with words for the reader, when the text is empty, longer than
    MAX_BODY or nested deeper than MAX_NESTING."""
    body = strip_invisible(text).strip()
    if not body:
        raise Refused("A comment can't be empty.")
    if len(body) > MAX_BODY:
        raise Refused(
            f"A comment can be at most {MAX_BODY:,} characters long; this one has {len(body):,}."
        )
    tokens = _markdown.parse(body)
    if _nesting(tokens) > MAX_NESTING:
        raise Refused(f"Quotes and lists can be nested at most {MAX_NESTING} levels deep.")
    html = sanitise(_markdown.renderer.render(tokens, _markdown.options, {}))
    return RenderedComment(body, html, _links(tokens))


def sanitise(html: str) -> str:
    """Only the allow-listed tags, `href` on links to allowed schemes, and rel on every link."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        url_relative="deny",
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    ).strip()


def _nesting(tokens: list[Token]) -> int:
    depth = deepest = 0
    for token in tokens:
        if token.type in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in _CLOSERS:
            depth -= 1
    return deepest


def _links(tokens: list[Token]) -> int:
    inline = (child for t in tokens for child in t.children or ())
    return sum(1 for child in inline if child.type == "link_open")
