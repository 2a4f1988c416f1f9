"""The API fuzzed from its own description: schemathesis reads /api/v1/openapi.json from the live
server and sends what it generates, valid and invalid, to every v1 operation. Every built-in
check runs on each answer: no 5xx (not_a_server_error), the body as described
(response_schema_conformance), a documented status and content type, valid input accepted,
invalid input refused, and no write without a token.

Reads go to the ingested demo corpus. Writes go to a site of their own, whose fetcher answers
every URL with a small feed from memory: the fuzzer's URLs never reach a network, and the
success path (201) is fuzzed as well as the refusals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import APIOperation, Case, GenerationMode, Response

from broadsheet.config import Settings
from broadsheet.fetch import Fetcher
from broadsheet.services import tokens
from broadsheet.storage import open_repository
from broadsheet.web import create_app
from tests.live_server import LiveServer
from tests.pipeline.builders import rss

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@dataclass
class WriteSite:
    base: str
    token: str


def _feed_everywhere(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/robots.txt":
        return httpx.Response(404)
    feed = rss([{"title": "Fuzzed", "link": str(request.url), "guid": "1"}], title="Fuzz Gazette")
    # A stream, not `content=`: the fetcher reads bodies raw, which a pre-read body refuses.
    body = httpx.ByteStream(feed.encode())
    return httpx.Response(200, stream=body, headers={"Content-Type": "application/rss+xml"})


@pytest.fixture(scope="module")
def write_site(tmp_path_factory) -> Iterator[WriteSite]:
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    site_settings = Settings(database_url=f"sqlite:///{db}", allow_hosts="127.0.0.1", host_delay=0)
    repo = open_repository(site_settings.database_url)
    for n in range(3):  # a few ids for pause and resume to find
        repo.add_source(f"https://outlet{n}.example/feed")
    for n in range(3):  # and for the saved-search operations
        repo.add_saved_search(f"Saved {n}", "fuzz", at=datetime.now(UTC))
    fetcher = Fetcher(
        site_settings,
        transport=httpx.MockTransport(_feed_everywhere),
        resolver=lambda host, port: ["127.0.0.1"],  # no DNS either
    )
    secret = tokens.create_token(repo, "fuzz").secret
    app = create_app(site_settings, repo=repo, fetcher=fetcher, run_worker=False)
    web = LiveServer(app).start()
    yield WriteSite(web.base, secret)
    web.stop()
    fetcher.close()
    repo.close()


# Whether a URL can be added depends on what answers there, which no schema can say: a valid
# URL whose host can't be fetched, or which serves no feed, is a 422, and that is right.
CONFIG = schemathesis.Config.from_dict(
    {
        "operations": [
            {
                "include-name": "POST /api/v1/sources",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "422"]}
                },
            },
            # a query must have a word to search for, and its dates must be days
            {
                "include-name": "POST /api/v1/saved-searches",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "422"]}
                },
            },
        ]
    }
)


@pytest.fixture(scope="module")
def api_schema(demo_stack) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{demo_stack.base}/api/v1/openapi.json", config=CONFIG)


READS = [
    ("GET", "/api/v1/articles"),
    ("GET", "/api/v1/articles/{article_id}"),
    ("GET", "/api/v1/stories"),
    ("GET", "/api/v1/stories/{story_id}"),
    ("GET", "/api/v1/sources"),
    ("GET", "/api/v1/sources/{source_id}"),
    ("GET", "/api/v1/search"),
    ("GET", "/api/v1/sources.opml"),
    ("GET", "/api/v1/saved-searches"),
    ("GET", "/api/v1/saved-searches/{saved_search_id}"),
    ("GET", "/api/v1/articles/{article_id}/insights"),
    ("GET", "/api/v1/articles/{article_id}/related"),
    ("GET", "/api/v1/articles/{article_id}/ask"),
    ("GET", "/api/v1/stories/{story_id}/insights"),
    ("GET", "/api/v1/stories/{story_id}/ask"),
    ("GET", "/api/v1/articles/{article_id}/comments"),
    ("GET", "/api/v1/stories/{story_id}/comments"),
    ("GET", "/api/v1/tags"),
    ("GET", "/api/v1/tags/{slug}"),
]
WRITES = [
    ("POST", "/api/v1/sources"),
    ("POST", "/api/v1/sources/{source_id}/pause"),
    ("POST", "/api/v1/sources/{source_id}/resume"),
    ("POST", "/api/v1/saved-searches"),
    ("DELETE", "/api/v1/saved-searches/{saved_search_id}"),
    ("GET", "/api/v1/saved-searches/{saved_search_id}/deliveries"),  # a read, but private
]
TAKES_NOTHING = {
    ("GET", "/api/v1/sources"),
    ("GET", "/api/v1/sources.opml"),
    ("GET", "/api/v1/saved-searches"),
    ("GET", "/api/v1/tags"),
}  # no parameters: nothing to make invalid


def _with_modes(operations: list[tuple[str, str]]) -> list[object]:
    """Each operation with valid input, and with invalid input where it takes any."""
    return [
        pytest.param(method, path, mode, id=f"{method} {path} {mode.value}")
        for method, path in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if mode is GenerationMode.POSITIVE or (method, path) not in TAKES_NOTHING
    ]


def _fuzz(
    operation: APIOperation, mode: GenerationMode, send: Callable[[Case], Response]
) -> Counter[int]:
    """Send up to FUZZ.max_examples generated cases; how many answers had each status."""
    statuses: Counter[int] = Counter()

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Case) -> None:
        statuses[send(case).status_code] += 1

    run()
    return statuses


def test_the_description_has_every_operation(api_schema):
    described = {(op.method.upper(), op.path) for op in _operations(api_schema)}
    assert described == set(READS + WRITES)


def _operations(api_schema: schemathesis.BaseSchema) -> list[APIOperation]:
    return [result.ok() for result in api_schema.get_all_operations()]


@pytest.mark.parametrize(("method", "path", "mode"), _with_modes(READS))
def test_reads(api_schema, demo_stack, method, path, mode):
    operation = api_schema[path][method]
    _fuzz(operation, mode, lambda case: case.call_and_validate(base_url=demo_stack.base))


@pytest.mark.parametrize("with_token", [False, True], ids=["no-token", "valid-token"])
@pytest.mark.parametrize(("method", "path", "mode"), _with_modes(WRITES))
def test_writes(api_schema, write_site, method, path, mode, with_token):
    operation = api_schema[path][method]
    bearer = {"Authorization": f"Bearer {write_site.token}"} if with_token else None
    statuses = _fuzz(
        operation,
        mode,
        lambda case: case.call_and_validate(base_url=write_site.base, headers=bearer),
    )
    if not with_token:  # whatever else was sent, nothing got through without a token
        assert all(status in (400, 401) for status in statuses), statuses
