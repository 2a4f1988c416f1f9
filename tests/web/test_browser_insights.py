"""A reader in a real Chromium uses the AI blocks: hashtags, cited summaries, quotes, Ask."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from broadsheet.enrich.bundle import default_enrichers
from broadsheet.enrich.sentences import split_sentences
from broadsheet.pipeline.enrichment import enrich_pending
from tests.contract.test_repository import draft

pytestmark = pytest.mark.browser


def _article_with_quotes(repo):
    for article in repo.latest_articles(1, 200).items:
        stored = repo.article_enrichments(article.id)
        if "quotes" in stored and stored["quotes"].payload != "[]" and article.word_count > 150:
            return article
    raise AssertionError("the demo corpus has articles with quotes")


def test_reader_follows_a_summary_sentence_to_its_source_and_a_hashtag(page: Page, demo_stack):
    article = _article_with_quotes(demo_stack.repo)
    page.goto(f"{demo_stack.base}/articles/{article.id}")
    tags = page.locator(".hashtags-block a.tag")
    expect(tags.first).to_be_visible()
    assert 3 <= tags.count() <= 8
    expect(page.locator(".ai .quotes blockquote").first).to_be_visible()
    cite = page.locator(".ai ol.cited a.cite").first
    target = cite.get_attribute("href")
    assert target is not None and re.fullmatch(r"#s-\d+", target)
    cite.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    sentence = page.locator(f"span.sentence{target}")
    expect(sentence).to_be_visible()
    number = int(target.removeprefix("#s-"))
    assert sentence.inner_text().strip() == split_sentences(article.text)[number]
    label = tags.first.inner_text()
    tags.first.click()
    expect(page).to_have_url(re.compile(r"/tags/[a-z0-9-]+$"))
    expect(page.locator("h1")).to_have_text(label)
    expect(page.locator(f'a[href="/articles/{article.id}"]').first).to_be_visible()


def test_reader_asks_about_a_story_and_gets_cited_answers(page: Page, demo_stack):
    story = demo_stack.repo.front_stories(1, 1, min_articles=2).items[0]
    page.goto(f"{demo_stack.base}/stories/{story.id}")
    summary = page.locator(".ai ol.cited li")
    expect(summary.first).to_be_visible()
    outlets = {c.inner_text() for c in page.locator(".ai ol.cited a.cite").all()}
    assert len(outlets) >= 2, outlets
    word = max(re.findall(r"[A-Z][a-z]{3,}", story.title), key=len)
    box = page.get_by_label("Your question")
    box.fill(f"What happened to {word}?")
    page.get_by_role("button", name="Ask").click()
    answer = page.locator(".answer ol.cited li")
    expect(answer.first).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/stories/{story.id}$"))  # answered in place
    box.fill("What is the recipe for quince marmalade?")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator(".answer .unsupported")).to_contain_text("Nothing in these reports")
    page.locator(".ai ol.cited a.cite").first.click()
    expect(page).to_have_url(re.compile(r"/articles/\d+#s-\d+$"))
    expect(page.locator("span.sentence:target")).to_be_visible()


def test_a_new_article_shows_pending_blocks_that_fill_in_when_enriched(
    page: Page, demo_stack, fresh_site
):
    repo, settings, base = fresh_site
    model = _article_with_quotes(demo_stack.repo)
    source = repo.add_source("https://gazette.example/feed", title="Gazette").id
    saved = repo.save_article(draft(source, 1, title=model.title, text=model.text))
    page.goto(f"{base}/articles/{saved.article_id}")
    expect(page.locator(".ai .pending")).to_contain_text("being prepared")
    enrich_pending(repo, default_enrichers(settings))
    expect(page.locator(".hashtags-block a.tag").first).to_be_visible(timeout=15_000)
    expect(page.locator(".ai ol.cited li").first).to_be_visible()
