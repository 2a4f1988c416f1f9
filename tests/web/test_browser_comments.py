"""Comments in a real Chromium, three readers in three browsers: Ann signs up from an article,
comments and replies; Bob reports her comment; a moderator hides it from the queue, and Bob
then sees it as removed, with Ann's reply still there."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from broadsheet.community import Role
from tests.accounts_helper import PASSWORD, make_account
from tests.web.comment_site import comment_site

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path):
    with comment_site(tmp_path) as s:
        yield s


def sign_in(page: Page, base: str, email: str, then: str) -> None:
    page.goto(f"{base}/login?next={then}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + then)


def test_comment_reply_report_and_hide(page: Page, browser: Browser, site):
    article = f"/articles/{site.article}"
    make_account(site.repo, "bob@example.org", "Bob")
    make_account(site.repo, "mo@example.org", "Mo", Role.MODERATOR)

    # Ann: from the article, sign up, comment, reply
    page.goto(site.base + article)
    comments = page.locator("section.comments")
    expect(comments.get_by_role("heading", name="Comments (0)")).to_be_visible()
    expect(comments).to_contain_text("No comments yet")
    comments.get_by_role("link", name="Sign in to comment").click()
    page.get_by_role("main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Email address").fill("ann@example.org")
    page.get_by_label("Display name").fill("Ann")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(re.escape(site.base + article) + "#comments$"))
    page.get_by_label("Add a comment").fill("The harbour has **finally** reopened.")
    page.get_by_role("button", name="Post comment").click()
    first = page.locator("li.comment").first
    expect(first.locator("strong")).to_have_text("finally")
    expect(comments.get_by_role("heading", name="Comments (1)")).to_be_visible()
    expect(comments).not_to_contain_text("No comments yet")
    first.locator("summary", has_text="Reply").click()
    first.get_by_label("Reply to Ann").fill("Ferries run from Monday.")
    first.get_by_role("button", name="Reply").click()
    reply = page.locator("ol.comment-replies li.comment")
    expect(reply).to_contain_text("Ferries run from Monday.")
    comment_id = first.get_attribute("id")

    # Bob, in a browser of his own: reports Ann's comment
    bob = browser.new_context().new_page()
    sign_in(bob, site.base, "bob@example.org", article)
    reported = bob.locator(f"#{comment_id}")
    reported.locator("summary", has_text="Report").first.click()
    reported.get_by_label("Why should a moderator look at this?").first.fill("off topic")
    reported.get_by_role("button", name="Send report").first.click()
    expect(bob).to_have_url(re.compile(f"#{comment_id}$"))
    expect(reported.get_by_role("status")).to_contain_text("a moderator will look at")

    # Mo, a moderator: the report is in the queue; hide the comment
    mo = browser.new_context().new_page()
    sign_in(mo, site.base, "mo@example.org", "/moderation")
    item = mo.locator("li.queue-item")
    expect(item).to_contain_text("The harbour has finally reopened.")
    expect(item).to_contain_text("off topic")
    item.get_by_label("Reason: Hide").fill("off topic")
    item.get_by_role("button", name="Hide").click()
    expect(mo.locator(".empty")).to_have_text("Nothing waits for a moderator.")

    # Bob sees a gap where the comment was, and Ann's reply under it
    bob.goto(site.base + article)
    expect(bob.locator(f"#{comment_id} .comment-removed")).to_have_text("[removed]")
    expect(bob.locator("section.comments")).not_to_contain_text("finally reopened")
    expect(bob.locator("ol.comment-replies")).to_contain_text("Ferries run from Monday.")
    mo.goto(site.base + "/moderation/log")
    expect(mo.locator("table.moderation-log")).to_contain_text("hide")
    expect(mo.locator("table.moderation-log")).to_contain_text("report")
