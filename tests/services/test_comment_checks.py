"""The automatic holds: link-heavy text, repeated text, brand-new accounts posting fast, blocked
words (through disguises), and the classifier hook over real HTTP, failing open."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.community import Account, Comment, CommentStatus, CommentTarget, Role
from broadsheet.config import Settings
from broadsheet.fetch import Fetcher
from broadsheet.services.comment_checks import (
    Posting,
    blocked_word,
    classifier_flags,
    hold_reasons,
    link_heavy,
    new_and_fast,
    repeats,
)
from broadsheet.services.comment_markup import render_comment
from tests.webhook_receiver import WebhookReceiver

NOW = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)
OLD_HAND = Account(1, "ann@example.org", "Ann", Role.READER, NOW - timedelta(days=30))
NEWCOMER = Account(2, "new@example.org", "New", Role.READER, NOW - timedelta(minutes=20))


def earlier(body: str, minutes_ago: float, author: Account = OLD_HAND) -> Comment:
    at = NOW - timedelta(minutes=minutes_ago)
    return Comment(
        1, author.id, author.display_name, CommentTarget.ARTICLE, 1, None, 0, body, "",
        CommentStatus.VISIBLE, "", at,
    )  # fmt: skip


def reasons(text: str, author: Account = OLD_HAND, recent=(), words=()) -> list[str]:
    return hold_reasons(Posting(render_comment(text), author, list(recent), list(words), NOW))


def test_an_ordinary_comment_is_not_held():
    text = "Good piece. The [minister's statement](https://gov.example/s) says otherwise."
    assert reasons(text, recent=[earlier("Something else entirely, at length.", 5)]) == []


@pytest.mark.parametrize(
    "text",
    [
        " ".join(f"[deal {n}](https://shop{n}.example)" for n in range(4)),
        "buy https://a.example https://b.example https://c.example https://d.example now",
        "https://cheap-pills.example/buy-now-limited-offer",
        "see www.casino.example/jackpot/free-spins",
    ],
)
def test_link_heavy_text_is_held(text):
    assert reasons(text) == ["link-heavy"]


def test_a_link_inside_a_real_comment_is_fine():
    text = "The figures in https://stats.example/q3 contradict the headline by a wide margin."
    assert not link_heavy(text, 0)


def test_the_same_text_again_is_held_but_short_replies_may_repeat():
    text = "Read my blog for the real truth about this story!!"
    assert reasons(
        text, recent=[earlier("read my  BLOG for the real truth about this story!!", 60)]
    )
    assert repeats("Thanks!", [earlier("Thanks!", 5)]) is False
    assert repeats(text, [earlier("A different comment altogether here.", 5)]) is False


def test_a_brand_new_account_posting_fast_is_held():
    fast = [earlier(f"comment number {n}", n, NEWCOMER) for n in range(3)]
    assert reasons("one more thought on this", NEWCOMER, fast) == [
        "a brand-new account posting fast"
    ]
    assert not new_and_fast(NEWCOMER, fast[:2], NOW)  # two so far is not fast
    assert not new_and_fast(OLD_HAND, fast, NOW)  # an old account may post quickly
    slow = [earlier(f"comment number {n}", 15 + n, NEWCOMER) for n in range(3)]
    assert not new_and_fast(NEWCOMER, slow, NOW)


@pytest.mark.parametrize(
    "text",
    [
        "You are a Moron.",
        "you are a MORON",
        "you are a mo\u200bron",  # zero-width space
        "you are a mo\u200dron",  # zero-width joiner, which survives strip_invisible
        "you are a ｍｏｒｏｎ",  # full-width letters
        "you are a mörön",  # accents
        "what a total\n  scum bag",  # a phrase across a line break
    ],
)
def test_blocked_words_are_found_through_disguises(text):
    assert blocked_word(render_comment(text).body, ["moron", "scum bag"]) in ("moron", "scum bag")


@pytest.mark.parametrize("text", ["oxymoronic claims", "morons?", "scumbag is one word here"])
def test_blocked_words_match_whole_words_only(text):
    assert blocked_word(text, ["moron", "scum bag"]) is None


def test_every_reason_is_given():
    text = " ".join(f"moron https://x{n}.example" for n in range(5))
    assert reasons(text, words=["moron"]) == ["link-heavy", "blocked word: moron"]


def test_the_classifier_is_asked_with_the_text_and_its_verdict_kept(fetcher):
    abusive = WebhookReceiver(answer=b'{"abusive": true, "score": 0.97}')
    fine = WebhookReceiver(answer=b'{"abusive": false}')
    try:
        assert classifier_flags(fetcher, abusive.url("/classify"), "you \u00e9 lot") is True
        assert classifier_flags(fetcher, fine.url("/classify"), "hello") is False
        sent = abusive.wait_for(1)[0]
        assert json.loads(sent.body) == {"text": "you \u00e9 lot"}
        assert sent.path == "/classify"
        assert sent.headers["content-type"] == "application/json"
    finally:
        abusive.close()
        fine.close()


@pytest.mark.parametrize(
    ("statuses", "answer"),
    [((500,), b"boom"), ((200,), b"not json"), ((200,), b'{"abusive": "yes"}'), ((200,), b"[]")],
)
def test_a_failing_classifier_never_holds_and_is_logged(fetcher, caplog, statuses, answer):
    broken = WebhookReceiver(statuses, answer)
    try:
        with caplog.at_level(logging.WARNING, "broadsheet.services.comment_checks"):
            assert classifier_flags(fetcher, broken.url(), "text") is False
        assert "moderation classifier" in caplog.text
    finally:
        broken.close()


def test_the_ssrf_guard_applies_to_the_classifier(caplog):
    receiver = WebhookReceiver(answer=b'{"abusive": true}')
    try:
        with Fetcher(Settings()) as guarded, caplog.at_level(logging.WARNING):
            assert classifier_flags(guarded, receiver.url(), "text") is False
        assert receiver.received == []  # refused before any request
        assert "moderation classifier failed" in caplog.text
    finally:
        receiver.close()


def test_an_unreachable_classifier_is_logged(fetcher, caplog):
    with caplog.at_level(logging.WARNING, "broadsheet.services.comment_checks"):
        assert classifier_flags(fetcher, "http://127.0.0.1:9/classify", "text") is False
    assert "moderation classifier failed" in caplog.text
