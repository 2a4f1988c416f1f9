"""Comments over real HTTP against a real server: the block on article and story pages, counts
on the lists, threads, edits and deletes, refusals that keep what was typed, the read API, and
the attacks: another reader's comment (IDOR), CSRF, stored XSS, Unicode tricks, a burst of
1,000 comments, and the abuse classifier on a real local HTTP server."""

from __future__ import annotations

import logging
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from broadsheet.community import CommentStatus, CommentTarget
from tests.accounts_helper import csrf_for, site_client
from tests.security.payloads import XSS, live_markup
from tests.web.comment_site import comment_id, comment_site, post_comment
from tests.webhook_receiver import WebhookReceiver


@pytest.fixture
def site(tmp_path):
    with comment_site(tmp_path, comment_limit=10, comment_ip_limit=1000) as s:
        yield s


def comments_html(page: str) -> str:
    start = page.index('<section class="comments"')
    return page[start : page.index("</section>", start)]


def test_an_empty_block_invites_visitors_to_sign_in(site):
    page = site.visitor().get(f"/articles/{site.article}").text
    block = comments_html(page)
    assert "Comments (0)" in block and "No comments yet" in block
    assert f'href="/login?next=/articles/{site.article}%23comments"' in block
    assert 'action="/comments"' not in block
    story = comments_html(site.visitor().get(f"/stories/{site.story}").text)
    assert "Comments (0)" in story and "Sign in to comment" in story


def test_a_reader_comments_and_replies_and_everyone_sees_it(site):
    _, client = site.reader("Ann")
    _, bob = site.reader("Bob")
    posted = post_comment(client, "First *thought*", target_id=site.article)
    first = comment_id(posted)
    assert posted.headers["location"] == f"/articles/{site.article}#c-{first}"
    reply = comment_id(post_comment(bob, "A reply", target_id=site.article, parent_id=first))
    block = comments_html(site.visitor().get(f"/articles/{site.article}").text)
    assert "Comments (2)" in block and "No comments yet" not in block
    assert f'id="c-{first}"' in block and f'id="c-{reply}"' in block
    assert "<em>thought</em>" in block and ">Ann</span>" in block and "just now" in block
    # the lists count them: the article on Latest, its story on the front page
    assert re.search(
        rf'href="/articles/{site.article}#comments">2 comments</a>',
        site.visitor().get("/latest").text,
    )
    story_post = post_comment(client, "On the story", target="story", target_id=site.story)
    assert story_post.headers["location"].startswith(f"/stories/{site.story}#c-")
    assert f'href="/stories/{site.story}#comments">1 comment</a>' in site.visitor().get("/").text
    assert f"/articles/{site.other_article}#comments" not in site.visitor().get("/latest").text


def test_deeper_replies_fold_behind_a_count(site):
    _, client = site.reader("Ann")
    parent = comment_id(post_comment(client, "Level 0", target_id=site.article))
    for level in (1, 2, 3):
        body = f"Level {level}"
        parent = comment_id(post_comment(client, body, target_id=site.article, parent_id=parent))
    block = comments_html(site.visitor().get(f"/articles/{site.article}").text)
    folded = block[block.index('<details class="more-replies">') :]
    assert "<summary>2 more replies</summary>" in folded
    assert "Level 2" in folded and "Level 3" in folded and "Level 1" not in folded
    assert block.count('class="more-replies"') == 1  # once opened, the rest shows


def test_the_page_json_and_the_api_carry_the_comments(site):
    _, client = site.reader("Ann")
    first = comment_id(post_comment(client, "Hello", target_id=site.article))
    page = site.visitor().get(f"/articles/{site.article}.json").json()
    assert page["comments"]["count"] == 1
    assert page["comments"]["threads"][0]["html"] == "<p>Hello</p>"
    api = site.visitor().get(f"/api/v1/articles/{site.article}/comments")
    assert api.status_code == 200
    assert api.json()["items"][0]["id"] == first and api.json()["count"] == 1
    assert site.visitor().get(f"/api/v1/stories/{site.story}/comments").json() == {
        "count": 0, "page": 1, "pages": 1, "items": []
    }  # fmt: skip
    missing = site.visitor().get("/api/v1/articles/999999/comments")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert site.visitor().get("/api/v1/stories/99999999999/comments").status_code == 422


def test_the_author_edits_within_the_window(site):
    _, client = site.reader("Ann")
    first = comment_id(post_comment(client, "Frist post", target_id=site.article))
    form = client.get(f"/comments/{first}/edit")
    assert form.status_code == 200 and "Frist post</textarea>" in form.text
    saved = client.post(
        f"/comments/{first}/edit",
        data={"body": "First post", "csrf": csrf_for(client, f"/comments/{first}/edit")},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith(f"#c-{first}")
    stored = site.repo.get_comment(first)
    assert stored.body == "First post" and stored.edited_at is not None
    assert "· edited" in comments_html(client.get(f"/articles/{site.article}").text)


def test_the_author_deletes_and_the_words_stay_stored(site):
    _, client = site.reader("Ann")
    first = comment_id(post_comment(client, "Regrettable", target_id=site.article))
    token = csrf_for(client, f"/articles/{site.article}")
    gone = client.post(f"/comments/{first}/delete", data={"csrf": token}, follow_redirects=False)
    assert (gone.status_code, gone.headers["location"]) == (
        303,
        f"/articles/{site.article}#comments",
    )
    block = comments_html(site.visitor().get(f"/articles/{site.article}").text)
    assert "Regrettable" not in block and "No comments yet" in block
    kept = site.repo.get_comment(first)
    assert (kept.status, kept.body) == (CommentStatus.DELETED, "Regrettable")


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ("   ", 400, "can&#39;t be empty"),
        ("x" * 10_001, 400, "at most 10,000 characters long; this one has 10,001"),
        ("> " * 40 + "deep", 400, "nested at most 5 levels deep"),
    ],
)
def test_a_refused_comment_comes_back_with_the_reason_and_the_text(site, body, status, says):
    ann, client = site.reader("Ann")
    refused = post_comment(client, body, target_id=site.article)
    assert refused.status_code == status and says in refused.text
    typed = body.replace(">", "&gt;")
    assert f'name="body" rows="8" required>{typed}</textarea>' in refused.text
    assert site.repo.account_comments(ann.id, 1, 10).total == 0


def test_a_missing_target_is_not_found_and_a_bad_one_refused(site):
    _, client = site.reader("Ann")
    token = csrf_for(client, f"/articles/{site.article}")
    assert post_comment(client, "Hi", target_id=424242, token=token).status_code == 404
    refused = post_comment(client, "Hi", target="source", target_id=site.article, token=token)
    assert refused.status_code == 400 and "on an article or a story" in refused.text


def test_visitors_are_sent_to_sign_in(site):
    visitor = site.visitor()
    token = csrf_for(visitor, "/login")  # a visitor's token, from a page with a form
    answer = post_comment(visitor, "Anonymous", target_id=site.article, token=token)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
    assert visitor.get("/comments/1/edit", follow_redirects=False).status_code == 303


# --- attacks


@pytest.mark.attack
@pytest.mark.parametrize("verb", ["edit form", "edit", "delete"])
def test_another_readers_comment_cannot_be_changed(site, caplog, verb):
    _, ann = site.reader("Ann")
    _, mallory = site.reader("Mallory")
    first = comment_id(post_comment(ann, "Ann's words", target_id=site.article))
    token = csrf_for(mallory, f"/articles/{site.article}")
    with caplog.at_level(logging.WARNING):
        if verb == "edit form":
            answer = mallory.get(f"/comments/{first}/edit")
        else:
            data = {"body": "Mallory was here", "csrf": token}
            answer = mallory.post(f"/comments/{first}/{verb}", data=data, follow_redirects=False)
    assert answer.status_code == 403
    assert f"You can only {verb.split()[0]} your own comments." in answer.text
    assert "another account&#39;s comment" not in answer.text
    assert "refused to" in caplog.text
    kept = site.repo.get_comment(first)
    assert (kept.body, kept.status, kept.edited_at) == ("Ann's words", CommentStatus.VISIBLE, None)


@pytest.mark.attack
@pytest.mark.parametrize("how", ["no token", "another browser's token", "another origin"])
def test_a_forged_comment_is_refused(site, how):
    _, victim = site.reader("Victim")
    _, attacker = site.reader("Attacker")
    if how == "no token":
        data = {"target": "article", "target_id": str(site.article), "body": "forged"}
        answer = victim.post("/comments", data=data, follow_redirects=False)
    elif how == "another browser's token":
        stolen = csrf_for(attacker, f"/articles/{site.article}")
        answer = post_comment(victim, "forged", target_id=site.article, token=stolen)
    else:
        token = csrf_for(victim, f"/articles/{site.article}")
        data = {"target": "article", "target_id": str(site.article), "body": "forged",
                "csrf": token}  # fmt: skip
        answer = victim.post(
            "/comments", data=data, headers={"Origin": "https://evil.example"},
            follow_redirects=False,
        )  # fmt: skip
    assert answer.status_code == 403 and "did not come from this site" in answer.text
    assert site.repo.comment_counts(CommentTarget.ARTICLE, [site.article]) == {}


@pytest.mark.attack
@pytest.mark.parametrize("name", list(XSS))
def test_stored_xss_in_a_comment_stays_text(site, name):
    _, client = site.reader("Ann")
    first = comment_id(post_comment(client, f"Look: {XSS[name]}", target_id=site.article))
    for page in (f"/articles/{site.article}", f"/comments/{first}/edit"):
        assert live_markup(client.get(page).text) == [], page
    assert live_markup(site.visitor().get(f"/articles/{site.article}").text) == []
    api = site.visitor().get(f"/api/v1/articles/{site.article}/comments").json()
    assert live_markup(f"<div>{api['items'][0]['html']}</div>") == []


@pytest.mark.attack
@pytest.mark.parametrize(
    ("size", "says"),
    [
        (500_000, "at most 10,000 characters long; this one has 499,999"),
        (2_000_000, "Field exceeded maximum size of 1024KB"),  # refused while parsing the form
    ],
)
def test_an_oversized_comment_is_refused_without_echoing_it_all(site, size, says):
    ann, client = site.reader("Ann")
    refused = post_comment(client, "spam " * (size // 5), target_id=site.article)
    assert refused.status_code == 400 and says in refused.text
    assert len(refused.content) < 100_000  # the form keeps a part of it, not all of it
    assert site.repo.account_comments(ann.id, 1, 10).total == 0


@pytest.mark.attack
def test_unicode_tricks_are_removed_from_comments(site):
    _, client = site.reader("Ann")
    tricky = "pay\u200bpal \u202egnp.exe\u202c totally\u2066 safe\u2069"
    first = comment_id(post_comment(client, tricky, target_id=site.article))
    stored = site.repo.get_comment(first)
    assert stored.body == "paypal gnp.exe totally safe"
    block = comments_html(site.visitor().get(f"/articles/{site.article}").text)
    assert "\u202e" not in block and "\u200b" not in block


@pytest.mark.attack
def test_a_burst_of_1000_comments_is_stopped_by_the_rate_limit(site, caplog):
    _, bystander = site.reader("Bystander")
    kept = comment_id(post_comment(bystander, "I was here first", target_id=site.article))
    _, flooder = site.reader("Flooder")
    token = csrf_for(flooder, f"/articles/{site.article}")

    def send(n: int) -> int:
        data = {"target": "article", "target_id": str(site.article), "body": f"flood {n}",
                "csrf": token}  # fmt: skip
        answer = flooder.post("/comments", data=data, follow_redirects=False)
        if answer.status_code == 429:
            assert "Too many comments from your account: at most 10 in 10 minutes" in answer.text
            assert int(answer.headers["retry-after"]) > 0
        return answer.status_code

    with caplog.at_level(logging.WARNING), ThreadPoolExecutor(max_workers=8) as pool:
        statuses = Counter(pool.map(send, range(1000)))
    assert statuses == {303: 10, 429: 990}
    flooder_id = site.repo.account_login("flooder@example.org")[0].id
    assert site.repo.account_comments(flooder_id, 1, 50).total == 10
    assert site.repo.get_comment(kept).body == "I was here first"
    assert "comment refused" in caplog.text


# --- the abuse classifier, a real HTTP server on 127.0.0.1


def test_a_comment_the_classifier_flags_is_held(tmp_path):
    classifier = WebhookReceiver(answer=b'{"abusive": true}')
    try:
        with comment_site(tmp_path, moderation_classifier_url=classifier.url("/classify")) as site:
            _, ann = site.reader("Ann")
            first = comment_id(
                post_comment(ann, "You lot are all the same", target_id=site.article)
            )
            assert classifier.wait_for(1)[0].body == b'{"text": "You lot are all the same"}'
            held = site.repo.get_comment(first)
            assert (held.status, held.hold_reason) == (
                CommentStatus.HELD, "flagged by the abuse classifier"
            )  # fmt: skip
            mine = comments_html(ann.get(f"/articles/{site.article}").text)
            assert "awaiting moderation" in mine and "You lot are all the same" in mine
            others = comments_html(site.visitor().get(f"/articles/{site.article}").text)
            assert "You lot" not in others and "No comments yet" in others
            logged = site.repo.moderation_log(1, 5).items[0]
            assert (logged.actor_id, logged.action, logged.comment_id) == (None, "hold", first)
    finally:
        classifier.close()


def test_a_failing_classifier_never_blocks_posting(tmp_path, caplog):
    classifier = WebhookReceiver(statuses=(503,), answer=b"down for maintenance")
    try:
        with comment_site(tmp_path, moderation_classifier_url=classifier.url()) as site:
            _, ann = site.reader("Ann")
            with caplog.at_level(logging.WARNING):
                first = comment_id(post_comment(ann, "A fair point", target_id=site.article))
            assert site.repo.get_comment(first).status is CommentStatus.VISIBLE
            assert "moderation classifier failed" in caplog.text
    finally:
        classifier.close()


def test_a_site_client_without_cookies_has_no_edit_controls(site):
    _, ann = site.reader("Ann")
    comment_id(post_comment(ann, "Mine", target_id=site.article))
    stranger = site_client(site.base)
    try:
        block = comments_html(stranger.get(f"/articles/{site.article}").text)
        assert "/edit" not in block and "/delete" not in block and "/report" not in block
    finally:
        stranger.close()
