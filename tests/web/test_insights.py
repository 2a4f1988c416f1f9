"""Hashtags, summaries with sources, quotes and Ask on the enriched demo, over real HTTP."""

from __future__ import annotations

import re

import httpx
import pytest

from broadsheet.enrich.sentences import split_sentences


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base, timeout=30) as c:
        yield c


def _top_story(demo_stack):
    return demo_stack.repo.front_stories(1, 1, min_articles=2).items[0]


def _long_article(demo_stack):
    page = demo_stack.repo.latest_articles(1, 50).items
    return next(a for a in page if a.word_count >= 150)


def test_article_page_shows_hashtags_linking_to_tag_pages(client, demo_stack):
    article = _long_article(demo_stack)
    html = client.get(f"/articles/{article.id}").text
    tags = re.findall(r'href="/tags/([a-z0-9-]+)">#([^<]+)</a>', html)
    assert 3 <= len(tags) <= 8, tags
    slug, label = tags[0]
    tag_page = client.get(f"/tags/{slug}")
    assert tag_page.status_code == 200 and f"#{label}" in tag_page.text
    assert f'href="/articles/{article.id}"' in tag_page.text
    assert client.get(f"/tags/{slug}/feed.xml").status_code == 200
    assert client.get("/tags/no-such-tag-anywhere").status_code == 404


def test_every_summary_sentence_links_to_the_sentence_it_came_from(client, demo_stack):
    article = _long_article(demo_stack)
    data = client.get(f"/articles/{article.id}.json").json()["insights"]
    assert not data["pending"] and data["summary"]
    sentences = split_sentences(article.text)
    for shown in data["summary"]:
        for source in shown["citations"]:
            assert source["article_id"] == article.id
            assert sentences[source["sentence"]] == shown["text"]
    html = client.get(f"/articles/{article.id}").text
    first = data["summary"][0]["citations"][0]["sentence"]
    assert f'id="s-{first}"' in html and f'href="#s-{first}"' in html


def test_story_summary_draws_on_several_outlets_and_links_to_each(client, demo_stack):
    story = _top_story(demo_stack)
    insights = client.get(f"/api/v1/stories/{story.id}/insights").json()
    assert not insights["pending"] and insights["summary"]
    members = {a.id: a for a in demo_stack.repo.story_articles(story.id)}
    outlets = set()
    for sentence in insights["summary"]:
        for n, source in enumerate(sentence["sources"]):
            cited = members[source["article_id"]]
            said = split_sentences(cited.text)[source["sentence"]]
            assert said == sentence["text"] if n == 0 else said  # later: the same, elsewhere
            assert source["href"] == f"/articles/{cited.id}#s-{source['sentence']}"
            outlets.add(cited.outlet)
    assert len(outlets) >= 2
    html = client.get(f"/stories/{story.id}").text
    assert "Summary across outlets" in html and insights["summary"][0]["sources"][0]["href"] in html


def test_ask_answers_with_citations_or_says_nothing_supports_it(client, demo_stack):
    story = _top_story(demo_stack)
    members = demo_stack.repo.story_articles(story.id)
    headline_word = max(re.findall(r"[A-Z][a-z]{3,}", members[0].title), key=len)
    answered = client.get(
        f"/api/v1/stories/{story.id}/ask", params={"q": f"What happened with {headline_word}?"}
    ).json()
    assert answered["supported"] and answered["sentences"]
    for sentence in answered["sentences"]:
        source = sentence["sources"][0]
        cited = next(a for a in members if a.id == source["article_id"])
        assert split_sentences(cited.text)[source["sentence"]] == sentence["text"]
    unsupported = client.get(
        f"/api/v1/stories/{story.id}/ask",
        params={"q": "What is the recipe for a quince marmalade soufflé?"},
    ).json()
    assert not unsupported["supported"] and unsupported["sentences"] == []
    page = client.get(f"/stories/{story.id}/ask", params={"q": "quince marmalade soufflé?"})
    assert "Nothing in these reports answers" in page.text
    fragment = client.get(
        f"/articles/{members[0].id}/ask", params={"q": "x" * 400}, headers={"X-Fragment": "1"}
    )
    assert "at most 300 characters" in fragment.text and "<html" not in fragment.text


def test_tags_index_and_api(client):
    data = client.get("/api/v1/tags").json()
    assert data["items"] and all(i["articles"] >= 1 for i in data["items"])
    slug = data["items"][0]["tag"]["slug"]
    detail = client.get(f"/api/v1/tags/{slug}").json()
    assert detail["tag"]["slug"] == slug and detail["total"] >= 1 and detail["items"]
    assert client.get("/api/v1/tags/No Such").status_code == 422
    assert "Hashtags" in client.get("/tags").text


def test_an_article_not_enriched_yet_shows_pending_then_filled(fresh_site, demo_stack):
    from broadsheet.enrich.bundle import default_enrichers
    from broadsheet.pipeline.enrichment import enrich_pending
    from tests.contract.test_repository import draft

    repo, settings, base = fresh_site
    source = repo.add_source("https://gazette.example/feed", title="Gazette").id
    text = " ".join(split_sentences(_long_article(demo_stack).text)[:8])
    saved = repo.save_article(draft(source, 1, text=text))
    with httpx.Client(base_url=base, timeout=30) as client:
        html = client.get(f"/articles/{saved.article_id}").text
        assert f'data-poll="/articles/{saved.article_id}/insights"' in html
        assert "being prepared" in html
        enrich_pending(repo, default_enrichers(settings))
        block = client.get(
            f"/articles/{saved.article_id}/insights", headers={"X-Fragment": "1"}
        ).text
    assert "data-poll" not in block and 'href="/tags/' in block


def test_api_related_lists_the_same_articles_as_the_page_json(client, demo_stack):
    story = _top_story(demo_stack)
    article = demo_stack.repo.story_articles(story.id)[0]
    api = client.get(f"/api/v1/articles/{article.id}/related", params={"k": 5}).json()
    page = client.get(f"/articles/{article.id}/related", params={"k": 5}).json()
    assert [i["article_id"] for i in api["items"]] == [i["article_id"] for i in page["items"]]
    assert api["items"] and api["items"][0]["reason"] == "same story"
    assert client.get("/api/v1/articles/999999/related").status_code == 404


def test_search_narrows_to_a_hashtag_in_every_mode(client, demo_stack):
    article = _long_article(demo_stack)
    tag = demo_stack.repo.articles_tags([article.id])[article.id][0]
    word = max(re.findall(r"[A-Za-z]{5,}", article.title), key=len)
    tagged = {a.id for a in demo_stack.repo.tag_articles(tag.slug, 1, 500).items}
    for mode in ("keyword", "meaning", "hybrid"):
        data = client.get(
            "/api/v1/search", params={"q": f"{word} tag:{tag.slug}", "mode": mode}
        ).json()
        ids = {item["id"] for item in data["items"]}
        assert ids <= tagged, mode
        if mode != "meaning":
            assert article.id in ids, mode
    nothing = client.get("/api/v1/search", params={"q": f"{word} tag:no-such-tag"}).json()
    assert nothing["items"] == []


def test_search_page_counts_hashtags_and_links_each_as_a_filter(client, demo_stack):
    html = client.get("/search", params={"q": "Apple", "mode": "keyword"}).text
    facets = re.findall(r'href="(/search\?[^"]*tag%3A([a-z0-9-]+)[^"]*)">#([^<]+)</a>', html)
    assert facets, "the search page lists the hits' hashtags"
    link, slug, _label = facets[0]
    narrowed = client.get(link.replace("&amp;", "&")).text
    assert f"tag:{slug}" in narrowed and "result-story" in narrowed
