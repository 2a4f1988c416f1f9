"""Extraction in worker processes: the same results as in-process, and a page that kills,
hangs or trips up its process fails alone, as that entry's recorded failure."""

from __future__ import annotations

import dataclasses

import pytest

from broadsheet.config import Settings
from broadsheet.errors import ArticleError, FeedError
from broadsheet.fetch import Fetcher
from broadsheet.pipeline import IN_PROCESS, Extraction, ingest
from broadsheet.storage import open_repository
from broadsheet.worker import ExtractionPool, refresh
from broadsheet.worker.pool import extraction_pool
from tests.fixture_server import Reply
from tests.pipeline.builders import article_html, rss
from tests.worker.stand_ins import (
    HANGS,
    HITS_A_BUG,
    KILLS_ITS_PROCESS,
    LOGS,
    misbehaving_extract,
)

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}


@pytest.fixture(scope="module")
def pool():
    with ExtractionPool(2, article=misbehaving_extract, timeout=2.0) as extraction:
        yield extraction


def feed_of(server, prefix: str, markers: list[str]) -> str:
    items = []
    for i, marker in enumerate(markers):
        title = f"Story {i} from {prefix}"
        page = Reply(body=article_html(title, marker=marker), headers=HTML)
        items.append({"title": title, "link": server.route(f"{prefix}/{i}.html", page)})
    return server.route(f"{prefix}/feed.xml", Reply(body=rss(items), headers=XML))


def stored_after_ingest(url: str, settings: Settings, extraction: Extraction) -> list[tuple]:
    """Every stored article's fields (all but ids and times), after one ingest of `url`."""
    repo = open_repository(settings.database_url)
    try:
        with Fetcher(settings) as fetcher:
            source = repo.add_source(url)
            report = ingest(
                source, fetcher=fetcher, repo=repo, settings=settings, extract=extraction
            )
        assert report.errors == []
        skip = {"id", "source_id", "fetched_at", "published_at"}
        return sorted(
            tuple(v for k, v in dataclasses.asdict(a).items() if k not in skip)
            for a in repo.latest_articles(1, 100).items
        )
    finally:
        repo.close()


def test_results_are_the_same_with_and_without_worker_processes(server, settings, tmp_path):
    url = feed_of(server, "/same", ["", "", "", ""])
    results = []
    with ExtractionPool(2) as in_processes:
        for name, extraction in (("here", IN_PROCESS), ("there", in_processes)):
            local = dataclasses.replace(settings, database_url=f"sqlite:///{tmp_path / name}.db")
            results.append(stored_after_ingest(url, local, extraction))
    assert len(results[0]) == 4 and results[0] == results[1]


def test_a_page_that_kills_its_process_fails_alone(server, repo, fetcher, settings, pool):
    url = feed_of(server, "/kill", ["", KILLS_ITS_PROCESS, "", ""])
    source = repo.add_source(url)
    report = ingest(source, fetcher=fetcher, repo=repo, settings=settings, extract=pool)
    assert (report.stored, len(report.errors)) == (3, 1)
    [failure] = repo.entry_failures(source.id)
    assert failure.url.endswith("/kill/1.html")
    assert "the page's extraction process died of SIGKILL" in failure.reason
    # the dead process was replaced: the pool still extracts on every process
    again = ingest(
        repo.add_source(feed_of(server, "/after", ["", "", ""])),
        fetcher=fetcher, repo=repo, settings=settings, extract=pool,
    )  # fmt: skip
    assert again.stored == 3


def test_a_page_that_hangs_is_stopped_and_fails_alone(server, repo, fetcher, settings, pool):
    source = repo.add_source(feed_of(server, "/hang", [HANGS, ""]))
    report = ingest(source, fetcher=fetcher, repo=repo, settings=settings, extract=pool)
    assert report.stored == 1
    [failure] = repo.entry_failures(source.id)
    assert "the page's extraction process took longer than 2 s" in failure.reason


def test_a_bug_in_the_process_comes_back_with_its_traceback(pool):
    page = article_html("Buggy", marker=HITS_A_BUG).encode()
    with pytest.raises(KeyError) as caught:
        pool.article(page, "http://example.test/a.html", "text/html")
    assert "in the extraction process" in "".join(caught.value.__notes__)


def test_what_the_process_logs_reaches_this_process_handlers(pool, caplog):
    page = article_html("Logged", marker=LOGS).encode()
    pool.article(page, "http://example.test/logged.html", "text/html")
    [record] = [r for r in caplog.records if r.name == "tests.worker.stand_ins"]
    assert record.levelname == "WARNING"
    assert record.getMessage() == "odd page url=http://example.test/logged.html"


def test_a_process_that_died_while_idle_is_replaced_without_failing_a_page():
    page = article_html("Fine").encode()
    with ExtractionPool(1) as extraction:
        extraction.start()
        [process] = list(extraction._idle.queue)
        process.kill()
        assert extraction.article(page, "http://example.test/fine.html").title == "Fine"


def test_expected_errors_cross_the_boundary_as_themselves(pool):
    with pytest.raises(ArticleError, match="the page is empty"):
        pool.article(b"   ", "http://example.test/empty.html", "text/html")
    with pytest.raises(FeedError, match="HTML page"):
        pool.feed(article_html("Not a feed").encode(), "http://example.test/", "text/html")


def test_feeds_parse_the_same_in_a_process(server, fetcher, pool):
    fetched = fetcher.get(feed_of(server, "/parse", ["", ""]))
    args = (fetched.body, fetched.final_url, fetched.content_type)
    assert pool.feed(*args) == IN_PROCESS.feed(*args)


def test_refresh_makes_and_closes_its_own_pool(server, repo, fetcher, settings):
    sources = [repo.add_source(feed_of(server, f"/r{n}", ["", ""])) for n in range(3)]
    reports = refresh(sources, fetcher=fetcher, repo=repo, settings=settings)
    assert sum(r.stored for r in reports) == 6


def test_a_closed_pool_stops_its_processes_and_refuses_work():
    extraction = ExtractionPool(2)
    extraction.start()
    processes = [p for p in extraction._idle.queue if p is not None]
    assert len(processes) == 2 and all(p._process.is_alive() for p in processes)
    extraction.close()
    assert not any(p._process.is_alive() for p in processes)
    with pytest.raises(RuntimeError, match="closed"):
        extraction.article(b"<p>x</p>", "http://example.test/")


@pytest.mark.parametrize(
    ("processes", "threads", "expected"), [(0, 4, None), (3, 4, 3), (8, 2, 2), (1, 1, 1)]
)
def test_the_pool_has_no_more_processes_than_threads_to_feed_them(processes, threads, expected):
    from broadsheet.worker.extraction import available_cores

    settings = Settings(extract_processes=processes, worker_threads=threads)
    with extraction_pool(settings) as made:
        assert made.processes == (expected or min(available_cores(), threads))
