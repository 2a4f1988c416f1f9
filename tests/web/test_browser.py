"""A reader in a real Chromium: the demo's front page, then an article, on desktop and phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_reader_follows_the_top_story_to_its_timeline_and_an_outlets_report(page: Page, demo_stack):
    page.goto(demo_stack.base + "/")
    expect(page).to_have_title("Broadsheet")
    cards = page.locator("article.story-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 5
    top = cards.first.locator("h2 a")
    headline = top.inner_text()
    top.click()
    expect(page).to_have_url(re.compile(r"/stories/\d+$"))
    expect(page.locator("h1")).to_have_text(headline)
    expect(page.locator(".story .meta").first).to_contain_text("first reported by")
    developments = page.locator(".timeline li.development")
    assert developments.count() >= 2
    expect(developments.first.locator(".new-sentences li").first).to_be_visible()
    groups = page.locator(".coverage .outlet-group")
    assert groups.count() >= 2  # several outlets
    report = groups.nth(1).locator(".reports a").first
    title = report.inner_text()
    report.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".kicker a")).to_contain_text("Part of a story")


def test_reader_opens_the_latest_articles_and_reads_one(page: Page, demo_stack):
    page.goto(demo_stack.base + "/latest")
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
    story = demo_stack.repo.front_stories(1, 1, min_articles=2).items[0].id
    for path in ("/", "/latest", f"/stories/{story}", "/sources", "/articles/1"):
        page.goto(demo_stack.base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone by {overflow}px"


def test_pagination_leads_to_older_articles(page: Page, demo_stack):
    page.goto(demo_stack.base + "/latest")
    newest = page.locator("article.item h2").first.inner_text()
    page.get_by_role("link", name="Older →").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    assert page.locator("article.item h2").first.inner_text() != newest


def test_reader_types_a_query_and_sees_results_grouped_by_story(page: Page, demo_stack):
    page.goto(demo_stack.base + "/")
    box = page.get_by_role("searchbox", name="Search articles")
    box.fill("General Motors bankruptcy")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=General\+Motors\+bankruptcy$"))
    expect(page.locator("p.count")).to_contain_text(" in ")
    story = page.locator("section.result-story").first
    expect(story.locator("h2 a")).to_be_visible()
    expect(story.locator("mark").first).to_be_visible()
    page.get_by_role("link", name="All articles").click()
    expect(page.locator("section.result-story")).to_have_count(0)
    assert page.locator("article.hit").count() >= 2
