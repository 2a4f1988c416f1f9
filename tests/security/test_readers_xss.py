"""Stored XSS and Unicode tricks in what one reader shows others: a display name carrying each
payload signs up over HTTP, comments, is reported and lands in the moderation queue and log.
Every page that shows the name (article page, moderation pages, the reader's own account) is
parsed as a browser would: the name is there as text and nothing in it runs."""

from __future__ import annotations

import lxml.html
import pytest

from broadsheet.community import Role
from tests.accounts_helper import csrf_for, csrf_from, sign_up, site_client
from tests.security.payloads import XSS, live_markup
from tests.web.comment_site import comment_id, comment_site, post_comment

pytestmark = pytest.mark.attack

NAME_CHARS = 50  # the longest display name; longer payloads are cut to fit


def _text(html: str) -> str:
    return lxml.html.document_fromstring(html).text_content()


@pytest.mark.parametrize(("label", "payload"), list(XSS.items()), ids=list(XSS))
def test_a_hostile_display_name_is_text_on_every_page_that_shows_it(tmp_path, label, payload):
    name = payload[:NAME_CHARS].strip()
    with comment_site(tmp_path) as site:
        attacker = site_client(site.base)
        site.clients.append(attacker)
        sign_up(attacker, "mallory@example.org", name)
        said = comment_id(post_comment(attacker, "Nothing to see here.", target_id=site.article))
        _, reader = site.reader("Rita")
        report = {"reason": "spam", "csrf": _csrf(reader)}
        assert reader.post(f"/comments/{said}/report", data=report).status_code == 303
        _, moderator = site.reader("Mona", Role.MODERATOR)
        pages = {
            "article": site.visitor().get(f"/articles/{site.article}").text,
            "queue": moderator.get("/moderation").text,
            "own account": attacker.get("/account").text,
        }
        moderator.post(f"/moderation/comments/{said}/hide",
                       data={"reason": "spam", "csrf": _csrf(moderator)})  # fmt: skip
        pages["log"] = moderator.get("/moderation/log").text
        for where, html in pages.items():
            assert live_markup(html) == [], (where, live_markup(html))
        stored = site.repo.get_comment(said).author
        assert stored in _text(pages["article"]) and stored in _text(pages["queue"])


def _csrf(client) -> str:
    return csrf_for(client, "/account")


TRICKS = {
    "zero-width": ("Ma\u200bll\u200cory\u200d", "Mallory"),
    "rtl-override": ("\u202eyrollaM", "yrollaM"),
    "isolates": ("\u2066Mallory\u2069", "Mallory"),
    "bom-and-soft-hyphen": ("\ufeffMal\u00adlory", "Mallory"),
}


@pytest.mark.parametrize(("label", "raw", "shown"), [(k, *v) for k, v in TRICKS.items()],
                         ids=list(TRICKS))  # fmt: skip
def test_invisible_characters_are_removed_from_a_display_name(tmp_path, label, raw, shown):
    with comment_site(tmp_path) as site:
        client = site_client(site.base)
        site.clients.append(client)
        sign_up(client, "mallory@example.org", raw)
        account = site.repo.account_login("mallory@example.org")[0]
        assert account.display_name == shown


# (An RTL override shows "\u202enimda" as "admin"; stripped, it is the harmless "nimda".)
@pytest.mark.parametrize(
    "raw", ["Adm\u200bin", "ＡＤＭＩＮ", "Moder\u00adator", "\u2066Admin\u2069"]
)
def test_invisible_characters_do_not_get_a_staff_name_past_the_check(tmp_path, raw):
    with comment_site(tmp_path) as site:
        client = site_client(site.base)
        site.clients.append(client)
        page = client.get("/signup")
        form = {"email": "m@example.org", "display_name": raw, "password": "a long password!",
                "csrf": csrf_from(page.text)}  # fmt: skip
        refused = client.post("/signup", data=form, follow_redirects=False)
        assert refused.status_code == 400, refused.text[:300]
        assert site.repo.account_login("m@example.org") is None
