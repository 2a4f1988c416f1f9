"""A reader in a real Chromium: signs up, finds their name in the masthead, signs out and in
again, and is told plainly when a password is wrong."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_reader_signs_up_signs_out_and_signs_back_in(page: Page, fresh_site):
    _, _, base = fresh_site
    page.goto(base + "/latest")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email address").fill("ann@example.org")
    page.get_by_label("Display name").fill("Ann Example")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Create account").click()
    account_nav = page.locator("nav.account-nav")
    expect(account_nav.get_by_role("link", name="Ann Example")).to_be_visible()
    expect(account_nav.get_by_role("link", name="For you")).to_be_visible()
    expect(account_nav.get_by_role("link", name="Moderation")).to_have_count(0)

    account_nav.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(base + "/")
    expect(account_nav.get_by_role("link", name="Sign in")).to_be_visible()

    page.goto(base + "/account")  # needs an account: sign in first, then come back
    expect(page).to_have_url(re.compile(r"/login\?next=%2Faccount$"))
    page.get_by_label("Email address").fill("ann@example.org")
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    expect(page.get_by_label("Email address")).to_have_value("ann@example.org")
    expect(page.get_by_label("Password")).to_have_value("")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + "/account")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
