"""In a real Chromium: an article page whose related list was not stored yet fills it in place,
and a reader without scripts follows the link to it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.test_related_lists import unlisted

pytestmark = pytest.mark.browser


def test_the_related_section_is_loaded_into_the_page(page: Page, demo_stack):
    (article,) = unlisted(demo_stack.repo)
    page.goto(f"{demo_stack.base}/articles/{article}")
    items = page.locator("section.related article.item")
    expect(items.first).to_be_visible()
    expect(page.locator("[data-load]")).to_have_count(0)
    first = items.first.locator("h2 a")
    headline = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(headline)


def test_without_scripts_the_link_leads_to_the_related_page(browser: Browser, demo_stack):
    (article,) = unlisted(demo_stack.repo)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{demo_stack.base}/articles/{article}")
        expect(page.locator("section.related")).to_have_count(0)
        page.locator(".related-pending a").click()
        expect(page).to_have_url(re.compile(rf"/articles/{article}/related\.html$"))
        expect(page.locator("section.related article.item").first).to_be_visible()
    finally:
        context.close()
