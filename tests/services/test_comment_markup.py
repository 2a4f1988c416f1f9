"""A comment's Markdown → sanitised HTML: the subset kept, everything else inert, and the caps
on length and nesting refused with words a reader understands."""

from __future__ import annotations

import pytest

from broadsheet.errors import Refused
from broadsheet.services.comment_markup import MAX_BODY, MAX_NESTING, render_comment, sanitise
from tests.security.payloads import XSS, live_markup

# Markdown and HTML mixed the ways an attacker tries to get live markup through.
MORE_XSS = {
    "mixed-case-scheme": "[x](JaVaScRiPt:alert(1))",
    "entity-scheme": "[x](&#106;avascript:alert(1))",
    "tab-in-scheme": "[x](java\tscript:alert(1))",
    "vbscript": "[x](vbscript:msgbox(1))",
    "autolink-script": "<javascript:alert(1)>",
    "image-onerror": '![x](https://e.example/x.png" onerror="alert(1))',
    "markdown-image-data": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "raw-anchor": '<a href="javascript:alert(1)">x</a>',
    "html-in-link-text": "[<img src=x onerror=alert(1)>](https://e.example)",
    "quote-breaking-title": '[x](https://e.example "a\\" onmouseover=\\"alert(1)")',
    "html-in-code-span": "`<script>alert(1)</script>`",
    "html-in-fence": "```\n<script>alert(1)</script>\n```",
    "html-in-quote": "> <svg onload=alert(1)>",
    "html-in-list": "- <body onload=alert(1)>",
    "reference-link": "[x][r]\n\n[r]: javascript:alert(1)",
    "protocol-relative": "[x](//evil.example/x)",
    "encoded-newline-scheme": "[x](java&#x0A;script:alert(1))",
    "zero-width-in-scheme": "[x](java\u200bscript:alert(1))",
    "rtl-override-in-text": "\u202e<script>alert(1)</script>",
}


@pytest.mark.parametrize("payload", [*XSS.values(), *MORE_XSS.values()], ids=[*XSS, *MORE_XSS])
def test_no_payload_becomes_live_markup(payload):
    html = render_comment(payload).html
    assert live_markup(f"<html><body>{html}</body></html>") == []
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    for a in html.split("<a ")[1:]:
        assert a.startswith(('href="https://', 'href="http://', 'href="mailto:', "rel=")), html


def test_the_markdown_subset_is_rendered():
    text = (
        "Plain *em* **strong** `code` [link](https://e.example/a?b=1)\nnext line\n\n"
        "> a quote\n\n- one\n- two\n\n1. first\n\n```\nfenced <b>\n```"
    )
    html = render_comment(text).html
    for piece in (
        "<em>em</em>", "<strong>strong</strong>", "<code>code</code>", "<br>",
        '<a href="https://e.example/a?b=1" rel="nofollow ugc noopener">link</a>',
        "<blockquote>", "<ul>", "<ol>", "<li>one</li>", "<pre><code>fenced &lt;b&gt;",
    ):  # fmt: skip
        assert piece in html, piece


@pytest.mark.parametrize(
    "text",
    ["# not a heading", "| a | b |\n|---|---|\n| 1 | 2 |", "x\n\n---\n\ny", "Title\n====="],
)
def test_headings_tables_and_rules_stay_text(text):
    html = render_comment(text).html
    for tag in ("<h1", "<h2", "<table", "<hr"):
        assert tag not in html


def test_images_and_relative_links_lose_their_address():
    image = render_comment("![alt](https://e.example/i.png)").html
    assert "<img" not in image
    relative = render_comment("[home](/moderation)").html
    assert "href" not in relative and "home" in relative


def test_links_are_counted_and_marked():
    rendered = render_comment("[a](https://a.example) <https://b.example> mailto text")
    assert rendered.links == 2
    assert rendered.html.count('rel="nofollow ugc noopener"') == 2


def test_invisible_characters_are_removed_before_anything_else():
    rendered = render_comment("  he\u200bllo \u202eworld\u2066  ")
    assert rendered.body == "hello world"
    assert rendered.html == "<p>hello world</p>"


@pytest.mark.parametrize("text", ["", "   \n\t ", "\u200b\u200b", "\u202e"])
def test_an_empty_comment_is_refused(text):
    with pytest.raises(Refused, match="can't be empty"):
        render_comment(text)


def test_an_oversized_comment_is_refused_with_its_length():
    render_comment("x" * MAX_BODY)
    with pytest.raises(Refused, match="at most 10,000 characters long; this one has 10,001"):
        render_comment("x" * (MAX_BODY + 1))


@pytest.mark.parametrize(
    "nested",
    ["> " * (MAX_NESTING + 1) + "x", "- " * (MAX_NESTING + 1) + "x", "> - " * 2400, ">" * 9000],
)
def test_deep_nesting_is_refused(nested):
    with pytest.raises(Refused, match=f"nested at most {MAX_NESTING} levels"):
        render_comment(nested)


def test_nesting_up_to_the_cap_is_kept():
    html = render_comment("> " * MAX_NESTING + "deep enough").html
    assert html.count("<blockquote>") == MAX_NESTING


def test_deeply_nested_inline_markup_is_harmless_text():
    rendered = render_comment("*" * 5000 + "[" * 2000 + "x" + "]" * 2000)
    assert live_markup(f"<p>{rendered.html}</p>") == []


def test_the_sanitiser_alone_strips_what_markdown_never_makes():
    dirty = '<p onclick="x" style="color:red" title="t">a<a href="javascript:x" rel="me">b</a></p>'
    assert sanitise(dirty) == '<p>a<a rel="nofollow ugc noopener">b</a></p>'
