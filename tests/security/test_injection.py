"""SQL injection in search and its filters: in every mode, on the page and the API, and on
both storage backends. Each payload is searched as words (never as SQL or FTS syntax): the
answer is a page or a clear 4xx, never a server error, and nothing is changed or leaked."""

from __future__ import annotations

import httpx
import pytest

from broadsheet.services.search import search
from tests.contract.test_repository import draft
from tests.security.payloads import FILTERS, SQL_INJECTION

pytestmark = pytest.mark.attack

CASES = [(name, payload) for name, payload in SQL_INJECTION.items()]
MODES = ("keyword", "hybrid", "meaning")


@pytest.fixture(scope="module")
def client(demo_stack):
    with httpx.Client(base_url=demo_stack.base, timeout=20) as c:
        yield c


@pytest.fixture(scope="module")
def stored(demo_stack) -> int:
    return demo_stack.repo.count_articles()


@pytest.mark.parametrize(("name", "payload"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("mode", MODES)
def test_the_query_box(client, demo_stack, stored, name, payload, mode):
    page = client.get("/search", params={"q": payload, "mode": mode})
    api = client.get("/api/v1/search", params={"q": payload, "mode": mode})
    assert page.status_code == 200 and api.status_code in (200, 422), api.text
    if api.status_code == 200:
        # a match-everything injection would return the whole corpus
        assert api.json()["total"] < stored
    assert demo_stack.repo.count_articles() == stored


@pytest.mark.parametrize(("name", "payload"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("prefix", FILTERS)
def test_each_filter(client, demo_stack, stored, name, payload, prefix):
    quoted = '"' + payload.replace('"', "") + '"'
    for value in (payload, quoted):
        answer = client.get("/search.json", params={"q": f"markets {prefix}{value}"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["matches"] < stored
    assert demo_stack.repo.count_articles() == stored


@pytest.mark.parametrize(("name", "payload"), CASES, ids=[c[0] for c in CASES])
def test_on_every_backend(repo, name, payload):
    source = repo.add_source("https://a.example/feed", title="Gazette").id
    for n in range(3):
        repo.save_article(draft(source, n))
    # Every article is about prisoner exchanges: a payload that turned into "match all" would
    # find all three; as words it finds fewer, and as a filter value (no outlet, hashtag, entity
    # or language is called that) none.
    assert len(search(repo, payload, mode="keyword").hits) < 3 or "prisoner" in payload
    assert len(search(repo, "prisoner", mode="keyword").hits) == 3
    for prefix in ("source:", "tag:", "entity:", "language:"):
        found = search(repo, f"prisoner {prefix}{payload}", mode="keyword")
        assert found.hits == () or found.problems, (prefix, found.hits)
    assert repo.count_articles() == 3
    assert [s.title for s in repo.list_sources()] == ["Gazette"]
