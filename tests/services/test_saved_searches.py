"""Saving a search: what is refused and why, the webhook's guard check, the made secret, the
events it wants; and what a webhook receives (the payloads and their signature)."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from broadsheet.errors import BlockedAddress
from broadsheet.fetch import Fetcher
from broadsheet.model import Article, DateOrigin, SavedSearch, Story, WebhookEvent
from broadsheet.services import saved_searches as service
from broadsheet.services.webhook_payload import match_payload, sign, signed_headers, story_payload

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_a_search_with_a_webhook_gets_a_random_secret(repo, fetcher):
    saved = service.create_saved_search(
        repo, fetcher, "  Harbour ", " harbour source:gazette ", webhook_url="http://127.0.0.1:9/x"
    )
    assert (saved.name, saved.query) == ("Harbour", "harbour source:gazette")
    assert saved.webhook_secret.startswith("whsec_") and len(saved.webhook_secret) > 40
    again = service.create_saved_search(
        repo, fetcher, "H2", "harbour", webhook_url=saved.webhook_url
    )
    assert again.webhook_secret != saved.webhook_secret
    given = service.create_saved_search(
        repo, fetcher, "H3", "harbour", webhook_url=saved.webhook_url, webhook_secret="k" * 16
    )
    assert given.webhook_secret == "k" * 16
    plain = service.create_saved_search(repo, fetcher, "No hook", "harbour")
    assert not plain.has_webhook and plain.webhook_secret == ""


def test_a_webhook_gets_every_event_unless_it_names_some(repo, fetcher):
    url = "http://127.0.0.1:9/x"
    both = service.create_saved_search(repo, fetcher, "Both", "harbour", webhook_url=url)
    assert both.events == {WebhookEvent.MATCH, WebhookEvent.STORY}
    stories = service.create_saved_search(
        repo, fetcher, "Stories", "harbour", webhook_url=url, events=[WebhookEvent.STORY]
    )
    assert repo.get_saved_search(stories.id).events == {WebhookEvent.STORY}
    with pytest.raises(service.SavedSearchError, match="at least one event"):
        service.create_saved_search(repo, fetcher, "None", "harbour", webhook_url=url, events=[])
    with pytest.raises(service.SavedSearchError, match="give a webhook URL"):
        service.create_saved_search(repo, fetcher, "No hook", "harbour", events=[])


@pytest.mark.parametrize(
    ("name", "query", "secret", "why"),
    [
        ("", "harbour", "", "name has 1 to 100"),
        ("x" * 101, "harbour", "", "name has 1 to 100"),
        ("Bad", "source:gazette", "", "has no word to search for"),
        ("Bad", '"" !!', "", "has no word to search for"),
        ("Bad", "harbour after:yesterday", "", "after: wants a day like 2025-06-01"),
        ("Bad", "harbour " * 70, "", "at most 500 characters"),
        ("Bad", "harbour", "k" * 16, "give a webhook URL"),
    ],
)
def test_what_cannot_be_saved_says_why(repo, fetcher, name, query, secret, why):
    with pytest.raises(service.SavedSearchError, match=why):
        service.create_saved_search(repo, fetcher, name, query, webhook_secret=secret)
    assert repo.list_saved_searches() == []


def test_a_short_or_spaced_secret_is_refused(repo, fetcher):
    for secret in ("short", "has spaces in it, sixteen+"):
        with pytest.raises(service.SavedSearchError, match="16 to 128 printable"):
            service.create_saved_search(
                repo,
                fetcher,
                "H",
                "harbour",
                webhook_url="http://127.0.0.1/",
                webhook_secret=secret,
            )


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://10.0.0.7/hook", "10.0.0.7 is a private address"),
        ("http://127.0.0.1:8080/hook", "a loopback address"),
        ("http://169.254.169.254/latest", "link-local"),
        ("ftp://hooks.example/", "only http and https"),
        ("http://user:pw@hooks.example/", "credentials"),
    ],
)
def test_a_webhook_the_guard_refuses_is_not_saved(repo, settings, url, why):
    with (
        Fetcher(replace(settings, allow_hosts="")) as strict,
        pytest.raises(BlockedAddress, match=why),
    ):
        service.create_saved_search(repo, strict, "Hook", "harbour", webhook_url=url)
    assert repo.list_saved_searches() == []


def test_allow_hosts_lets_a_local_receiver_through(repo, settings):
    with Fetcher(replace(settings, allow_hosts="127.0.0.1")) as local:
        saved = service.create_saved_search(
            repo, local, "Hook", "harbour", webhook_url="http://127.0.0.1:9/hook"
        )
    assert saved.has_webhook


# --- what the receiver gets

SAVED = SavedSearch(
    id=7,
    name="Harbour",
    query="harbour",
    created_at=NOW,
    webhook_url="http://h/",
    webhook_secret="s",
)
ARTICLE = Article(
    id=42, source_id=1, outlet="Gazette", url="https://gazette.example/a", canonical_url="",
    guid="", title="Harbour “reopens”", text="Body.", fingerprint="", published_at=NOW,
    date_origin=DateOrigin.FEED, fetched_at=NOW, story_id=9,
)  # fmt: skip


def test_the_payload_names_the_search_the_article_and_its_story():
    body = json.loads(match_payload(SAVED, ARTICLE, "https://news.example"))
    assert body == {
        "event": "saved_search.match",
        "saved_search": {
            "id": 7, "name": "Harbour", "query": "harbour",
            "feed_url": "https://news.example/saved/7/feed.json",
        },
        "article": {
            "id": 42, "title": "Harbour “reopens”", "url": "https://gazette.example/a",
            "outlet": "Gazette", "published_at": "2026-01-02T03:04:05Z", "story_id": 9,
            "site_url": "https://news.example/articles/42",
        },
        "story": {"id": 9, "site_url": "https://news.example/stories/9"},
    }  # fmt: skip
    unplaced = json.loads(match_payload(SAVED, replace(ARTICLE, story_id=None), "http://x"))
    assert unplaced["story"] is None and unplaced["article"]["story_id"] is None


STORY = Story(
    id=9, title="Harbour reopens after the storm", lead_article_id=40, article_count=3,
    outlet_count=2, first_at=NOW, last_at=NOW,
)  # fmt: skip
EARLIER = replace(ARTICLE, id=40, outlet="Herald", title="Storm shuts the harbour")


def test_the_story_payload_names_the_search_the_story_and_its_first_match():
    members = [EARLIER, replace(ARTICLE, id=41, outlet="Herald"), ARTICLE]
    site = "https://news.example"
    body = json.loads(story_payload(SAVED, ARTICLE, STORY, members, site))
    assert body["event"] == "saved_search.story"
    assert body["saved_search"] == json.loads(match_payload(SAVED, ARTICLE, site))["saved_search"]
    assert body["story"] == {
        "id": 9, "title": "Harbour reopens after the storm",
        "site_url": "https://news.example/stories/9", "article_count": 3,
        "outlets": ["Herald", "Gazette"],  # each once, first reported first
        "first_article": {
            "id": 40, "title": "Storm shuts the harbour", "url": "https://gazette.example/a",
            "outlet": "Herald", "published_at": "2026-01-02T03:04:05Z", "story_id": 9,
            "site_url": "https://news.example/articles/40",
        },
    }  # fmt: skip
    assert body["article"]["id"] == 42 and body["article"]["title"] == "Harbour “reopens”"
    untitled = json.loads(story_payload(SAVED, ARTICLE, replace(STORY, title=""), [], "http://x"))
    assert untitled["story"]["title"] == "Harbour “reopens”"  # no headline yet: its first match's
    assert untitled["story"]["first_article"]["id"] == 42


def test_the_signature_is_an_hmac_of_the_timestamp_and_the_exact_body():
    body = match_payload(SAVED, ARTICLE, "https://news.example").encode()
    headers = signed_headers("secret-key", body, 5, NOW, event=WebhookEvent.MATCH)
    assert headers["X-Broadsheet-Event"] == "saved_search.match"
    story = signed_headers("secret-key", body, 6, NOW, event=WebhookEvent.STORY)
    assert story["X-Broadsheet-Event"] == "saved_search.story"
    timestamp = headers["X-Broadsheet-Timestamp"]
    assert timestamp == str(int(NOW.timestamp())) and headers["X-Broadsheet-Delivery"] == "5"
    expected = hmac.new(b"secret-key", timestamp.encode() + b"." + body, hashlib.sha256)
    assert headers["X-Broadsheet-Signature"] == "sha256=" + expected.hexdigest()
    assert sign("other-key", int(timestamp), body) != headers["X-Broadsheet-Signature"]
    assert sign("secret-key", int(timestamp), body + b" ") != headers["X-Broadsheet-Signature"]


def test_a_hashtag_search_waits_for_the_enricher_before_it_matches(repo, fetcher):
    from broadsheet.model import Tag
    from broadsheet.services.webhook_matches import queue_matches
    from broadsheet.storage.repository import ArticleEnrichment, Enrichment
    from tests.contract.test_repository import draft

    service.create_saved_search(
        repo, fetcher, "Kyiv", "prisoner tag:kyiv", webhook_url="http://127.0.0.1:9/x"
    )
    source = repo.add_source("https://a.example/feed", title="A").id
    article_id = repo.save_article(draft(source, 1)).article_id
    repo.start_story(article_id)
    assert queue_matches(repo, "http://site.example") == 0  # placed, but not tagged yet
    tags = (Tag("kyiv", "Kyiv", "entity"),)
    enriched = ArticleEnrichment(article_id, (Enrichment("tags", "t/1", "[]"),), tags, ())
    repo.save_enrichments([enriched], NOW)
    assert queue_matches(repo, "http://site.example") == 2  # the match, and its story's first
