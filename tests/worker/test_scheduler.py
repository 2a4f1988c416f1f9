"""The scheduler claims due sources, ingests them with extraction in worker processes, and
stops those processes when it stops."""

from __future__ import annotations

import dataclasses
import time

from broadsheet.worker import Scheduler
from tests.fixture_server import Reply
from tests.pipeline.builders import article_html, rss

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}


def test_due_sources_are_ingested_and_the_processes_stop_with_the_scheduler(
    server, repo, fetcher, settings
):
    for feed in ("a", "b"):
        items = [
            {"title": f"{feed} {i}", "link": server.route(f"/{feed}/{i}.html", Reply(
                body=article_html(f"Story {i} of feed {feed}"), headers=HTML))}
            for i in range(3)
        ]  # fmt: skip
        repo.add_source(server.route(f"/{feed}/feed.xml", Reply(body=rss(items), headers=XML)))
    local = dataclasses.replace(settings, worker_threads=2, extract_processes=2)
    scheduler = Scheduler(repo, fetcher, local)
    assert scheduler.tick() == 2
    deadline = time.monotonic() + 30
    while repo.count_articles() < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert repo.count_articles() == 6
    processes = [p for p in scheduler._extraction._idle.queue if p is not None]
    assert processes and all(p.is_alive() for p in processes)
    scheduler.stop()
    assert not any(p.is_alive() for p in processes)
