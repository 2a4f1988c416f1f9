"""The versioned JSON API over real HTTP: reads on the ingested demo corpus, writes on a fresh
site with its own database and a local feed."""

from __future__ import annotations

import httpx
import pytest

from broadsheet.services import tokens
from broadsheet.web import create_app
from tests.contract.test_repository import draft
from tests.fixture_server import Reply
from tests.live_server import LiveServer
from tests.pipeline.builders import article_html, rss

V1 = "/api/v1"


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base + V1, timeout=10) as c:
        yield c


def _is_error(response: httpx.Response, status: int, error: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"} and body["error"] == error and body["message"]
    return body


# --- reads


def test_articles_are_the_latest_first_and_paginated(client, demo_stack):
    first = client.get("/articles", params={"per_page": 7}).json()
    assert (first["page"], first["per_page"], first["total"]) == (
        1,
        7,
        demo_stack.repo.count_articles(),
    )
    assert first["pages"] == -(-first["total"] // 7) and len(first["items"]) == 7
    times = [a["published_at"] for a in first["items"]]
    assert times == sorted(times, reverse=True)
    assert "text" not in first["items"][0]  # lists carry no bodies
    second = client.get("/articles", params={"per_page": 7, "page": 2}).json()
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    beyond = client.get("/articles", params={"page": first["pages"] + 1}).json()
    assert beyond["items"] == []


def test_an_article_has_its_body_its_story_and_who_else_published_it(client, demo_stack):
    repo = demo_stack.repo
    original = next(a for a in repo.latest_articles(1, 200).items if repo.article_copies(a.id))
    body = client.get(f"/articles/{original.id}").json()
    assert body["title"] == original.title and body["paragraphs"] == original.paragraphs
    assert body["text"] == original.text and body["story_id"] == original.story_id
    [copy] = repo.article_copies(original.id)
    assert body["copies"] == [
        {
            "source_id": copy.source_id,
            "outlet": copy.outlet,
            "url": copy.url,
            "title": copy.title,
            "published_at": body["copies"][0]["published_at"],
        }
    ]
    assert body["copies"][0]["published_at"].endswith("Z")  # ISO 8601, in UTC


def test_stories_are_ranked_as_the_front_page_ranks_them(client, demo_stack):
    page_size = demo_stack.settings.page_size
    front = httpx.get(demo_stack.base + "/index.json").json()["stories"]["items"]
    api = client.get("/stories", params={"per_page": page_size}).json()
    assert [s["id"] for s in api["items"]] == [c["story"]["id"] for c in front]
    top = api["items"][0]
    assert top["article_count"] >= 2 and top["outlet_count"] >= 2
    assert 1 <= len(top["articles"]) <= 4 and top["title"] in {a["title"] for a in top["articles"]}
    later = client.get("/stories", params={"per_page": 3, "page": 2}).json()
    assert [s["id"] for s in later["items"]] == [s["id"] for s in api["items"][3:6]]


def test_a_story_has_every_report_and_a_timeline(client, demo_stack):
    story_id = client.get("/stories").json()["items"][0]["id"]
    body = client.get(f"/stories/{story_id}").json()
    members = demo_stack.repo.story_articles(story_id)
    assert [a["id"] for a in body["articles"]] == [a.id for a in members]
    assert body["first_article_id"] == members[0].id
    assert body["article_count"] == len(members)
    assert body["timeline"] and body["timeline"][0]["article_id"] == members[0].id
    assert all(entry["sentences"] or entry["changes"] for entry in body["timeline"])


def test_sources_show_status_last_fetch_and_errors(client, demo_stack):
    listed = client.get("/sources").json()
    assert listed["total"] == len(listed["items"]) == len(demo_stack.repo.list_sources())
    source = listed["items"][0]
    assert source["status"] in {"active", "paused"} and source["kind"] == "feed"
    detail = client.get(f"/sources/{source['id']}").json()
    assert detail["error_count"] == 0 and detail["last_fetch"]["ok"] is True
    assert detail["last_fetch"] == detail["recent_fetches"][0]
    assert detail["last_fetch"]["http_status"] == 200


def test_search_finds_by_keywords(client):
    found = client.get("/search", params={"q": "Boeing", "per_page": 5}).json()
    assert found["query"] == "Boeing" and found["total"] >= 1
    assert any("Boeing" in a["title"] for a in found["items"])
    nothing = client.get("/search", params={"q": '"zzyzx qqqq"'}).json()
    assert nothing["total"] == 0 and nothing["items"] == [] and nothing["problems"] == []


def test_search_says_what_of_the_query_it_could_not_use(client):
    found = client.get("/search", params={"q": "Boeing after:soon bo*"}).json()
    assert found["problems"] == [
        "after: wants a day like 2025-06-01, not “soon”",
        "a prefix wants at least 4 letters before the *: “bo*” is searched as the word “bo”",
    ]


# --- errors


def test_bad_input_is_a_json_4xx_never_a_500(client):
    _is_error(client.get("/articles/999999"), 404, "not_found")
    _is_error(client.get("/stories/999999"), 404, "not_found")
    _is_error(client.get("/sources/999999"), 404, "not_found")
    _is_error(client.get("/articles/abc"), 422, "invalid_request")
    _is_error(client.get("/articles/99999999999999999999"), 422, "invalid_request")
    _is_error(client.get("/articles", params={"per_page": 101}), 422, "invalid_request")
    _is_error(client.get("/articles", params={"page": 0}), 422, "invalid_request")
    _is_error(client.get("/search"), 422, "invalid_request")
    _is_error(client.get("/search", params={"q": "x" * 501}), 422, "invalid_request")
    _is_error(client.get("/nothing/here"), 404, "not_found")
    wrong = client.delete("/articles")
    _is_error(wrong, 405, "method_not_allowed")
    assert wrong.headers["allow"] == "GET"


def test_search_takes_any_text_without_failing(client):
    for q in ['"', "*", "NEAR(a b)", "title:x", "a AND OR NOT", "\u0000", "ü*", ")(", "-"]:
        response = client.get("/search", params={"q": q})
        assert response.status_code == 200, (q, response.text)


# --- the description


def test_the_description_names_every_operation_with_tags_and_summaries(client, demo_stack):
    spec = client.get("/openapi.json").json()
    operations = {
        (path, method): op for path, ops in spec["paths"].items() for method, op in ops.items()
    }
    assert set(operations) == {
        ("/api/v1/articles", "get"),
        ("/api/v1/articles/{article_id}", "get"),
        ("/api/v1/stories", "get"),
        ("/api/v1/stories/{story_id}", "get"),
        ("/api/v1/sources", "get"),
        ("/api/v1/sources", "post"),
        ("/api/v1/sources/{source_id}", "get"),
        ("/api/v1/sources/{source_id}/pause", "post"),
        ("/api/v1/sources/{source_id}/resume", "post"),
        ("/api/v1/search", "get"),
        ("/api/v1/sources.opml", "get"),
        ("/api/v1/saved-searches", "get"),
        ("/api/v1/saved-searches", "post"),
        ("/api/v1/saved-searches/{saved_search_id}", "get"),
        ("/api/v1/saved-searches/{saved_search_id}", "delete"),
        ("/api/v1/saved-searches/{saved_search_id}/deliveries", "get"),
        ("/api/v1/articles/{article_id}/insights", "get"),
        ("/api/v1/articles/{article_id}/related", "get"),
        ("/api/v1/articles/{article_id}/ask", "get"),
        ("/api/v1/stories/{story_id}/insights", "get"),
        ("/api/v1/stories/{story_id}/ask", "get"),
        ("/api/v1/articles/{article_id}/comments", "get"),
        ("/api/v1/stories/{story_id}/comments", "get"),
        ("/api/v1/tags", "get"),
        ("/api/v1/tags/{slug}", "get"),
    }
    # writes need a token, and so does the one private read (a webhook's delivery log)
    private = {("/api/v1/saved-searches/{saved_search_id}/deliveries", "get")}
    for (path, method), op in operations.items():
        assert op["tags"] and op["summary"]
        assert ("security" in op) == (method != "get" or (path, method) in private)
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    whole = httpx.get(demo_stack.base + "/openapi.json").json()["paths"]
    assert {path for path, _ in operations} <= set(whole)
    assert httpx.get(demo_stack.base + "/api/docs").status_code == 200


# --- writes, on a fresh site


@pytest.fixture
def fresh(settings, repo, fetcher):
    """A site with its own database, allowed to fetch the local fixture server; and a token."""
    web = LiveServer(create_app(settings, repo=repo, fetcher=fetcher, run_worker=False)).start()
    secret = tokens.create_token(repo, "tests").secret
    with httpx.Client(base_url=web.base + V1, timeout=10) as c:
        c.headers["Authorization"] = f"Bearer {secret}"
        yield c
    web.stop()


def _feed(server) -> str:
    page = server.route(
        "/one.html", Reply(body=article_html("One"), headers={"Content-Type": "text/html"})
    )
    feed = rss([{"title": "One", "link": page, "guid": "1"}], title="Local Gazette")
    return server.route(
        "/feed.xml", Reply(body=feed, headers={"Content-Type": "application/rss+xml"})
    )


def test_adding_a_source_needs_a_token(fresh, repo, server):
    url = _feed(server)
    anonymous = httpx.post(fresh.base_url.join("sources"), json={"url": url})
    _is_error(anonymous, 401, "unauthorized")
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    forged = httpx.post(
        fresh.base_url.join("sources"),
        json={"url": url},
        headers={"Authorization": "Bearer bs_guess"},
    )
    _is_error(forged, 401, "invalid_token")
    basic = httpx.post(fresh.base_url.join("sources"), json={"url": url}, auth=("admin", "x"))
    _is_error(basic, 401, "unauthorized")
    assert repo.list_sources() == [] and server.hits.get("/feed.xml") is None


def test_a_token_adds_a_feed_once_and_its_use_is_recorded(fresh, repo, server):
    url = _feed(server)
    added = fresh.post("/sources", json={"url": url})
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["url"] == url and body["title"] == "Local Gazette" and body["kind"] == "feed"
    assert added.headers["location"] == f"{V1}/sources/{body['id']}"
    assert fresh.get(added.headers["location"].removeprefix(V1)).json()["id"] == body["id"]
    again = fresh.post("/sources", json={"url": url})
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert [s.url for s in repo.list_sources()] == [url]
    assert repo.list_tokens()[0].last_used_at is not None


def test_a_revoked_token_is_refused(fresh, repo, server):
    tokens.revoke_token(repo, "tests")
    _is_error(fresh.post("/sources", json={"url": _feed(server)}), 401, "invalid_token")


def test_sources_that_cannot_be_added_say_why(fresh, server):
    refused = _is_error(
        fresh.post("/sources", json={"url": "http://169.254.169.254/"}), 422, "fetch_failed"
    )
    assert "refused" in refused["message"]
    server.route(
        "/",
        Reply(body="<html><body><p>Hi</p></body></html>", headers={"Content-Type": "text/html"}),
    )
    _is_error(fresh.post("/sources", json={"url": server.url("/")}), 422, "no_feed")
    _is_error(fresh.post("/sources", json={"url": "ftp://x.example/"}), 422, "invalid_request")
    _is_error(
        fresh.post("/sources", json={"url": "http://a.example/", "x": 1}), 422, "invalid_request"
    )
    _is_error(fresh.post("/sources", json={}), 422, "invalid_request")
    malformed = fresh.post(
        "/sources", content=b"{url:", headers={"Content-Type": "application/json"}
    )
    _is_error(malformed, 400, "malformed_body")


def test_pause_and_resume_with_a_token(fresh, repo):
    source = repo.add_source("https://feeds.example/rss")
    paused = fresh.post(f"/sources/{source.id}/pause")
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    assert repo.get_source(source.id).status.value == "paused"
    resumed = fresh.post(f"/sources/{source.id}/resume").json()
    assert resumed["status"] == "active" and resumed["next_poll_at"] is not None
    _is_error(fresh.post("/sources/999/pause"), 404, "not_found")
    _is_error(httpx.post(fresh.base_url.join(f"sources/{source.id}/pause")), 401, "unauthorized")


def test_a_merged_story_redirects_to_its_survivor(fresh, repo):
    source = repo.add_source("https://a.example/feed", title="A").id
    first, second = (repo.save_article(draft(source, n)).article_id for n in (1, 2))
    survivor, absorbed = repo.start_story(first), repo.start_story(second)
    repo.merge_stories(absorbed.id, survivor.id, lead_article_id=first)
    moved = fresh.get(f"/stories/{absorbed.id}")
    assert moved.status_code == 301
    assert moved.headers["location"] == f"{V1}/stories/{survivor.id}"
    followed = fresh.get(f"/stories/{absorbed.id}", follow_redirects=True).json()
    assert followed["id"] == survivor.id and [a["id"] for a in followed["articles"]] == [
        first,
        second,
    ]
