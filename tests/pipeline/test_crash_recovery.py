"""Killing the process in the middle of an ingest and starting it again leaves no half-written
article and fetches again what was missed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.fixture_server import Reply
from tests.pipeline.builders import article_html, rss

pytestmark = pytest.mark.slow

ENTRIES = 12


def slow_page(title: str):
    def answer(handler):
        time.sleep(0.25)
        return Reply(body=article_html(title), headers={"Content-Type": "text/html"})

    return answer


def refresh_process(settings) -> subprocess.Popen:
    env = {
        **os.environ,
        "BROADSHEET_DATABASE_URL": settings.database_url,
        "BROADSHEET_ALLOW_HOSTS": "127.0.0.1",
        "BROADSHEET_HOST_DELAY": "0",
        "BROADSHEET_WORKER_THREADS": "1",
    }
    command = [sys.executable, "-m", "broadsheet.cli.main", "refresh"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stored(db: str) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        empty = conn.execute(
            "SELECT count(*) FROM articles WHERE text = '' OR title = ''"
        ).fetchone()[0]
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        indexed = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    return articles, empty, indexed


def test_kill_mid_ingest_then_resume(server, settings):
    items = [
        {"title": f"Slow {i}", "link": server.route(f"/s/{i}.html", slow_page(f"Slow story {i}"))}
        for i in range(ENTRIES)
    ]
    feed = server.route(
        "/s/feed.xml", Reply(body=rss(items), headers={"Content-Type": "application/rss+xml"})
    )
    from broadsheet.storage import open_repository

    repo = open_repository(settings.database_url)
    repo.add_source(feed)
    repo.close()
    db = settings.database_url.removeprefix("sqlite:///")

    first = refresh_process(settings)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and stored(db)[0] < 3:
        time.sleep(0.1)
    first.send_signal(signal.SIGKILL)
    first.wait()
    articles, empty, indexed = stored(db)
    assert 3 <= articles < ENTRIES, "the kill should land mid-ingest"
    assert empty == 0 and indexed == articles

    second = refresh_process(settings)
    assert second.wait(60) == 0
    articles, empty, indexed = stored(db)
    assert (articles, empty, indexed) == (ENTRIES, 0, ENTRIES)
