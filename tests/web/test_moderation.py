"""Moderation over real HTTP: report → queue → hide, restore and dismiss; a ban hides the
account's comments and ends its session; the audit log lists every action; the word list is for
admins; readers get 403 and visitors are sent to sign in."""

from __future__ import annotations

import httpx
import pytest

from broadsheet.community import CommentStatus, Role
from tests.accounts_helper import csrf_for
from tests.web.comment_site import comment_id, comment_site, post_comment


@pytest.fixture
def site(tmp_path):
    with comment_site(tmp_path) as s:
        yield s


def act(client: httpx.Client, path: str, **fields: str) -> httpx.Response:
    """POST a moderation form with this client's token (read from the queue page)."""
    data = {**fields, "csrf": csrf_for(client, "/moderation")}
    return client.post(path, data=data, follow_redirects=False)


def report(client: httpx.Client, site, comment: int, reason: str = "") -> httpx.Response:
    token = csrf_for(client, f"/articles/{site.article}")
    data = {"reason": reason, "csrf": token}
    return client.post(f"/comments/{comment}/report", data=data, follow_redirects=False)


def article_block(client: httpx.Client, site) -> str:
    page = client.get(f"/articles/{site.article}").text
    return page[page.index('<section class="comments"') :]


def test_report_queue_hide_and_the_comment_shows_as_removed(site):
    _, ann = site.reader("Ann")
    _, bob = site.reader("Bob")
    _, mod = site.reader("Mo", Role.MODERATOR)
    rude = comment_id(post_comment(ann, "You are all idiots", target_id=site.article))
    comment_id(post_comment(bob, "Steady on", target_id=site.article, parent_id=rude))

    reported = report(bob, site, rude, "insulting")
    assert reported.status_code == 303
    thanked = f"/articles/{site.article}?reported={rude}#c-{rude}"
    assert reported.headers["location"] == thanked
    assert "a moderator will look at this comment" in bob.get(thanked).text
    queue = mod.get("/moderation").text
    assert f'id="q-{rude}"' in queue and "You are all idiots" in queue and "insulting" in queue

    hidden = act(mod, f"/moderation/comments/{rude}/hide", reason="personal attack")
    assert hidden.status_code == 303 and hidden.headers["location"] == "/moderation"
    assert "Nothing waits for a moderator" in mod.get("/moderation").text
    for viewer in (bob, site.visitor()):
        block = article_block(viewer, site)
        assert "[removed]" in block and "You are all idiots" not in block and "Steady on" in block
    kept = site.repo.get_comment(rude)
    assert (kept.status, kept.body) == (CommentStatus.HIDDEN, "You are all idiots")

    act(mod, f"/moderation/comments/{rude}/restore", reason="context")
    assert "You are all idiots" in article_block(site.visitor(), site)
    log = mod.get("/moderation/log").text
    for action in ("report", "hide", "restore", "personal attack", "insulting"):
        assert action in log


def test_reports_once_each_and_not_ones_own(site):
    _, ann = site.reader("Ann")
    _, bob = site.reader("Bob")
    first = comment_id(post_comment(ann, "A view", target_id=site.article))
    own = report(ann, site, first)
    assert own.status_code == 400 and "report your own comment" in own.text
    assert report(bob, site, first).status_code == 303
    again = report(bob, site, first)
    assert again.status_code == 400 and "already reported" in again.text


def test_three_reports_hold_a_comment_and_dismissing_keeps_it(site):
    _, ann = site.reader("Ann")
    _, mod = site.reader("Mo", Role.MODERATOR)
    first = comment_id(post_comment(ann, "Unpopular opinion", target_id=site.article))
    for name in ("Bob", "Cat", "Dan"):
        _, reader = site.reader(name)
        assert report(reader, site, first).status_code == 303
    assert site.repo.get_comment(first).status is CommentStatus.HELD
    assert "Unpopular opinion" not in article_block(site.visitor(), site)
    assert "awaiting moderation" in article_block(ann, site)
    queue = mod.get("/moderation").text
    assert "reported by 3 readers" in queue and "Approve" in queue
    act(mod, f"/moderation/comments/{first}/dismiss")
    assert site.repo.open_reports(first) == []
    act(mod, f"/moderation/comments/{first}/restore")
    assert "Unpopular opinion" in article_block(site.visitor(), site)


def test_a_ban_hides_the_accounts_comments_and_ends_its_session(site):
    spammer, spam = site.reader("Spammer")
    _, mod = site.reader("Mo", Role.MODERATOR)
    first = comment_id(post_comment(spam, "Buy cheap watches", target_id=site.article))
    second = comment_id(post_comment(spam, "Buy them now", target="story", target_id=site.story))
    _, bob = site.reader("Bob")
    report(bob, site, first, "spam")

    banned = act(mod, f"/moderation/accounts/{spammer.id}/ban", reason="spam account")
    assert banned.status_code == 303
    for c in (first, second):
        assert site.repo.get_comment(c).status is CommentStatus.HIDDEN
    assert "Buy cheap" not in article_block(site.visitor(), site)
    # the session is over: the spammer's browser is a visitor again and can't post
    assert 'href="/login' in spam.get("/").text
    again = post_comment(
        spam, "Still here?", target_id=site.article, token=csrf_for(spam, "/login")
    )
    assert again.status_code == 303 and again.headers["location"].startswith("/login")
    log = mod.get("/moderation/log").text
    assert log.count('class="action">hide<') == 2 and 'class="action">ban<' in log
    assert "Unban" in log

    act(mod, f"/moderation/accounts/{spammer.id}/unban", next="/moderation/log")
    assert site.repo.get_account(spammer.id).banned_at is None
    assert 'class="action">unban<' in mod.get("/moderation/log").text


def test_a_moderator_cannot_ban_a_moderator(site):
    other, _ = site.reader("Other", Role.MODERATOR)
    _, mod = site.reader("Mo", Role.MODERATOR)
    refused = act(mod, f"/moderation/accounts/{other.id}/ban", reason="rivalry")
    assert refused.status_code == 403 and "Only an admin can ban" in refused.text
    assert site.repo.get_account(other.id).banned_at is None


@pytest.mark.attack
@pytest.mark.parametrize("page", ["/moderation", "/moderation/log", "/moderation/words"])
def test_readers_get_403_and_visitors_sign_in(site, page):
    _, reader = site.reader("Ann")
    answer = reader.get(page)
    assert answer.status_code == 403 and "Only" in answer.text
    assert site.visitor().get(page, follow_redirects=False).status_code == 303


@pytest.mark.attack
@pytest.mark.parametrize(
    "path", ["/moderation/comments/1/hide", "/moderation/accounts/1/ban", "/moderation/words"]
)
def test_readers_cannot_post_moderation_actions(site, path):
    author, ann = site.reader("Ann")
    comment_id(post_comment(ann, "My comment", target_id=site.article))
    _, mallory = site.reader("Mallory")
    token = csrf_for(mallory, f"/articles/{site.article}")
    answer = mallory.post(path, data={"csrf": token, "word": "x"}, follow_redirects=False)
    assert answer.status_code == 403
    assert site.repo.get_comment(1).status is CommentStatus.VISIBLE
    assert site.repo.get_account(author.id).banned_at is None
    assert site.repo.blocked_words() == [] and site.repo.moderation_log(1, 5).total == 0


@pytest.mark.attack
def test_a_moderation_action_without_a_token_is_refused(site):
    _, ann = site.reader("Ann")
    first = comment_id(post_comment(ann, "Fine words", target_id=site.article))
    _, mod = site.reader("Mo", Role.MODERATOR)
    forged = mod.post(f"/moderation/comments/{first}/hide", data={"reason": "x"})
    assert forged.status_code == 403
    assert site.repo.get_comment(first).status is CommentStatus.VISIBLE


def test_admins_keep_the_word_list_and_it_holds_comments(site):
    _, admin = site.reader("Boss", Role.ADMIN)
    _, mod = site.reader("Mo", Role.MODERATOR)
    assert mod.get("/moderation/words").status_code == 403
    token = csrf_for(admin, "/moderation/words")
    added = admin.post(
        "/moderation/words", data={"word": " Scoundrel ", "csrf": token}, follow_redirects=True
    )
    assert added.status_code == 200 and '<span class="word">scoundrel</span>' in added.text
    _, ann = site.reader("Ann")
    held = comment_id(post_comment(ann, "What a SCOUNDREL he is", target_id=site.article))
    assert site.repo.get_comment(held).hold_reason == "blocked word: scoundrel"
    assert "blocked word: scoundrel" in mod.get("/moderation").text
    token = csrf_for(admin, "/moderation/words")
    admin.post("/moderation/words/remove", data={"word": "scoundrel", "csrf": token})
    assert site.repo.blocked_words() == []
    log = admin.get("/moderation/log").text
    assert "block word" in log and "unblock word" in log and "automatic" in log
