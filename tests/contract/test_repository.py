"""The Repository contract: what every storage backend must do, in domain words."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.errors import NotFound
from broadsheet.model import ArticleDraft, DateOrigin, FetchEvent, SourceKind, SourceStatus

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def draft(source_id: int, n: int, **changes) -> ArticleDraft:
    base = ArticleDraft(
        source_id=source_id,
        url=f"https://news.example/{n}",
        canonical_url=f"https://news.example/{n}",
        guid=f"guid-{n}",
        title=f"Headline number {n}",
        text=f"Body of article {n} about prisoner exchanges.\n\nSecond paragraph {n}.",
        fingerprint=f"fp-{n}",
        published_at=NOW + timedelta(minutes=n),
        date_origin=DateOrigin.FEED,
        fetched_at=NOW,
    )
    return dataclasses.replace(base, **changes)


def test_add_source_is_idempotent_by_url(repo):
    first = repo.add_source("https://a.example/feed", title="A")
    again = repo.add_source("https://a.example/feed", title="ignored")
    assert first.id == again.id and again.title == "A"
    assert repo.find_source("https://a.example/feed") == first
    assert repo.find_source("https://nope.example/") is None


def test_get_missing_source_and_article_raise_not_found(repo):
    with pytest.raises(NotFound, match="no source with id 99"):
        repo.get_source(99)
    with pytest.raises(NotFound, match="no article with id 7"):
        repo.get_article(7)


def test_update_source_changes_only_known_fields(repo):
    source = repo.add_source("https://a.example/feed")
    updated = repo.update_source(source.id, status=SourceStatus.PAUSED, etag='"x"')
    assert updated.status is SourceStatus.PAUSED and updated.etag == '"x"'
    with pytest.raises(ValueError, match="not a source field"):
        repo.update_source(source.id, id=5)


def test_claim_due_sources_leases_them(repo):
    due = repo.add_source("https://a.example/feed")
    later = repo.add_source("https://b.example/feed")
    paused = repo.add_source("https://c.example/feed")
    repo.update_source(later.id, next_poll_at=NOW + timedelta(hours=1))
    repo.update_source(paused.id, status=SourceStatus.PAUSED)
    claimed = repo.claim_due_sources(NOW, 10, lease_seconds=600)
    assert [s.id for s in claimed] == [due.id]
    assert repo.claim_due_sources(NOW, 10, lease_seconds=600) == []
    assert repo.get_source(due.id).next_poll_at == NOW + timedelta(seconds=600)


def test_record_fetch_keeps_history_newest_first(repo):
    source = repo.add_source("https://a.example/feed")
    repo.record_fetch(FetchEvent(source.id, NOW, False, "timed out"), error_count=1)
    repo.record_fetch(
        FetchEvent(source.id, NOW + timedelta(minutes=5), True, "3 stored", 200, 3),
        error_count=0,
        last_status="3 stored",
    )
    history = repo.fetch_history(source.id)
    assert [e.message for e in history] == ["3 stored", "timed out"]
    assert history[0].at == NOW + timedelta(minutes=5)
    assert repo.get_source(source.id).last_status == "3 stored"


def test_save_article_roundtrip_with_outlet(repo):
    source = repo.add_source("https://a.example/feed", title="The Example")
    result = repo.save_article(draft(source.id, 1))
    assert result.stored
    article = repo.get_article(result.article_id)
    assert article.outlet == "The Example"
    assert article.published_at == NOW + timedelta(minutes=1)
    assert article.paragraphs == [
        "Body of article 1 about prisoner exchanges.",
        "Second paragraph 1.",
    ]


def test_same_url_or_guid_is_stored_once(repo):
    source = repo.add_source("https://a.example/feed")
    first = repo.save_article(draft(source.id, 1))
    same_url = repo.save_article(draft(source.id, 1, guid="other", fingerprint="other"))
    same_guid = repo.save_article(
        draft(source.id, 1, url="https://x/2", canonical_url="https://x/2", fingerprint="o")
    )
    assert not same_url.stored and not same_guid.stored
    assert same_url.article_id == same_guid.article_id == first.article_id
    assert repo.count_articles() == 1


def test_an_empty_guid_matches_nothing(repo):
    source = repo.add_source("https://a.example/feed")
    results = [repo.save_article(draft(source.id, n, guid="")) for n in (1, 2)]
    assert all(r.stored for r in results) and repo.count_articles() == 2


def test_a_copy_url_seen_again_is_its_article_not_a_new_one(repo):
    a = repo.add_source("https://a.example/feed")
    b = repo.add_source("https://b.example/feed")
    original = repo.save_article(draft(a.id, 1))
    repo.save_article(draft(b.id, 2, fingerprint="fp-1"))
    again = repo.save_article(draft(b.id, 2, guid="changed", fingerprint="edited since"))
    assert (again.stored, again.article_id) == (False, original.article_id)
    assert repo.count_articles() == 1


def test_same_text_elsewhere_becomes_a_copy_not_a_second_article(repo):
    a = repo.add_source("https://a.example/feed", title="A")
    b = repo.add_source("https://b.example/feed", title="B")
    original = repo.save_article(draft(a.id, 1))
    copy = repo.save_article(draft(b.id, 2, fingerprint="fp-1", title="Retitled by B"))
    assert not copy.stored and copy.article_id == original.article_id
    assert repo.count_articles() == 1
    [kept] = repo.article_copies(original.article_id)
    assert (kept.outlet, kept.title) == ("B", "Retitled by B")
    again = repo.save_article(draft(b.id, 2, fingerprint="fp-1"))
    assert not again.stored and len(repo.article_copies(original.article_id)) == 1


def test_seen_entries_covers_articles_copies_and_given_up_failures(repo):
    source = repo.add_source("https://a.example/feed")
    repo.save_article(draft(source.id, 1))
    repo.record_entry_failure(source.id, "https://bad.example/x", "timeout", NOW)
    urls = ["https://news.example/1", "https://bad.example/x", "https://new.example/"]
    assert repo.seen_entries(source.id, urls, ["guid-1"], max_attempts=2) == {
        "https://news.example/1",
        "guid-1",
    }
    repo.record_entry_failure(source.id, "https://bad.example/x", "timeout again", NOW)
    seen = repo.seen_entries(source.id, urls, [], max_attempts=2)
    assert "https://bad.example/x" in seen
    [failure] = repo.entry_failures(source.id)
    assert failure.attempts == 2 and failure.reason == "timeout again"


def test_guid_is_scoped_to_its_source(repo):
    a = repo.add_source("https://a.example/feed")
    b = repo.add_source("https://b.example/feed")
    repo.save_article(draft(a.id, 1, guid="1"))
    assert repo.seen_entries(b.id, [], ["1"], max_attempts=3) == set()


def test_latest_articles_pages_newest_first(repo):
    source = repo.add_source("https://a.example/feed")
    repo.save_articles(draft(source.id, n) for n in range(25))
    first = repo.latest_articles(1, 10)
    assert first.total == 25 and first.pages == 3 and first.has_next and not first.has_prev
    assert [a.title for a in first.items[:2]] == ["Headline number 24", "Headline number 23"]
    assert len(repo.latest_articles(3, 10).items) == 5
    assert repo.source_articles(source.id, 1, 100).total == 25


def test_search_ranks_title_matches_and_defuses_operators(repo):
    source = repo.add_source("https://a.example/feed")
    repo.save_article(draft(source.id, 1, title="Prisoner swap agreed", text="Talks went on."))
    repo.save_article(draft(source.id, 2, title="Markets", text="A prisoner was mentioned."))
    hits = repo.search("prisoner", 1, 10)
    assert [a.title for a in hits.items] == ["Prisoner swap agreed", "Markets"]
    assert repo.search('"swap agreed"', 1, 10).total == 1
    assert repo.search("pris*", 1, 10).total == 2
    for hostile in ['title:x OR "', "NEAR(", "'; DROP TABLE articles; --", "*", ""]:
        repo.search(hostile, 1, 10)
    assert repo.count_articles() == 2


def test_concurrent_writers_lose_nothing(repo):
    source = repo.add_source("https://a.example/feed")

    def write(offset: int) -> None:
        for n in range(offset, offset + 25):
            repo.save_article(draft(source.id, n))

    threads = [threading.Thread(target=write, args=(k * 100,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert repo.count_articles() == 100


def test_page_sources_keep_their_kind(repo):
    source = repo.add_source("https://a.example/story.html", kind=SourceKind.PAGE)
    assert repo.get_source(source.id).kind is SourceKind.PAGE
