"""A reader in a real Chromium: the demo's front page, then an article, on desktop and phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_reader_opens_the_front_page_and_reads_an_article(page: Page, demo_stack):
    page.goto(demo_stack.base + "/")
    expect(page).to_have_title("Broadsheet")
    items = page.locator("article.item")
    expect(items).to_have_count(demo_stack.settings.page_size)
    first = items.first.locator("h2 a")
    headline = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(headline)
    expect(page.locator(".story-body .outlet")).to_be_visible()
    when = page.locator(".story-body time")
    expect(when).to_have_text(re.compile(r"ago$"))
    expect(when).to_have_attribute("title", re.compile(r"UTC$"))
    paragraphs = page.locator(".story-body > p:not(.meta):not(.original):not(.attribution)")
    assert paragraphs.count() >= 3
    expect(page.locator(".attribution")).to_contain_text("Wikinews")
    body = page.locator(".story-body").inner_text()
    assert "&w=3840" not in body and "No comments yet" not in body


def test_pages_fit_a_phone_screen(page: Page, demo_stack):
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/", "/sources", "/articles/1"):
        page.goto(demo_stack.base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone by {overflow}px"


def test_pagination_leads_to_older_articles(page: Page, demo_stack):
    page.goto(demo_stack.base + "/")
    newest = page.locator("article.item h2").first.inner_text()
    page.get_by_role("link", name="Older →").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    assert page.locator("article.item h2").first.inner_text() != newest
