"""HTML helpers: parse, canonical link, language, paragraphs."""

from __future__ import annotations

import lxml.html
import pytest

from broadsheet.errors import ArticleError
from broadsheet.extract.html import (
    block_paragraphs,
    declared_canonical,
    declared_language,
    parse_html,
    visible_text,
)


def test_parse_html_accepts_an_xml_declaration_and_rejects_empty_pages():
    assert (
        parse_html('<?xml version="1.0" encoding="utf-8"?><html><body>x</body></html>') is not None
    )
    with pytest.raises(ArticleError, match="empty"):
        parse_html("  ")


@pytest.mark.parametrize(
    "head, expected",
    [
        ('<link rel="canonical" href="/a/b">', "https://site.example/a/b"),
        ('<meta property="og:url" content="//cdn.site.example/x">', "https://cdn.site.example/x"),
        ('<link rel="canonical" href="javascript:void(0)">', ""),
        ('<link rel="canonical" href="https://site.example/">', ""),
        ("", ""),
    ],
)
def test_declared_canonical(head, expected):
    tree = parse_html(f"<html><head>{head}</head><body></body></html>")
    assert declared_canonical(tree, "https://site.example/page?id=1") == expected


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<html lang="de-AT"><body></body></html>', "de"),
        ('<html><head><meta http-equiv="Content-Language" content="fr"></head></html>', "fr"),
        ('<html><head><meta property="og:locale" content="pl_PL"></head></html>', "pl"),
        ("<html><body></body></html>", ""),
    ],
)
def test_declared_language(html, expected):
    assert declared_language(parse_html(html)) == expected


def test_block_paragraphs_take_innermost_blocks_in_order():
    root = lxml.html.fragment_fromstring(
        "<div><p>One  <b>bold</b></p><ul><li>Two</li><li><p>Three</p></li></ul></div>"
    )
    assert block_paragraphs(root) == ["One bold", "Two", "Three"]


def test_visible_text_skips_scripts_and_head():
    tree = parse_html(
        "<html><head><title>T</title></head><body><script>x=1</script><p>Seen</p></body></html>"
    )
    assert visible_text(tree) == "Seen"
