"""The story desk's thread makes the related lists of what it placed, and makes them again for
the members of a story that gains a report."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from broadsheet.services.related_lists import shown_related
from broadsheet.worker.desk import DeskThread
from tests.contract.test_repository import draft

REPORTS = [
    ("Zanzibar ferry sinks with hundreds aboard", "A ferry sank off Zanzibar on Tuesday."),
    ("Divers search Zanzibar ferry wreck", "Divers reached the wreck of the Zanzibar ferry."),
    ("Zanzibar ferry owner questioned", "Police questioned the owner of the Zanzibar ferry."),
    ("Zanzibar ferry victims mourned", "Zanzibar mourned the victims of the ferry sinking."),
]


def _until(done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not done():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_lists_are_made_for_new_reports_and_remade_when_their_story_grows(repo, settings):
    local = dataclasses.replace(settings, embeddings="none", scheduler_tick=0.05)
    outlets = [repo.add_source(f"https://o{n}.example/feed", title=f"O{n}").id for n in range(4)]
    start = datetime.now(UTC) - timedelta(hours=3)

    def report(n: int) -> int:
        headline, text = REPORTS[n]
        when = start + timedelta(minutes=10 * n)
        made = draft(outlets[n], n, title=headline, text=text, published_at=when)
        return repo.save_article(made).article_id

    def fresh(article_id: int) -> tuple | None:
        return shown_related(repo, article_id, ttl=3600, now=datetime.now(UTC))[0]

    first = [report(n) for n in range(3)]
    desk = DeskThread(repo, local)
    desk.start()
    try:
        _until(lambda: all(fresh(i) is not None for i in first), "lists of the placed reports")
        newcomer = report(3)
        _until(lambda: repo.get_article(newcomer).story_id is not None, "the newcomer placed")
        story = repo.get_article(newcomer).story_id
        members = [a.id for a in repo.story_articles(story) if a.id != newcomer]
        assert members, "the newcomer should join the ferry story"

        def listed_everywhere() -> bool:
            shown = [fresh(i) for i in members]
            return all(s is not None and newcomer in {r.article_id for r in s} for s in shown)

        _until(listed_everywhere, "the newcomer on its story's pages")
    finally:
        desk.stop()


def test_reports_stored_with_old_dates_get_their_lists_when_nothing_is_due(repo, settings):
    local = dataclasses.replace(settings, embeddings="none", scheduler_tick=0.05)
    outlets = [repo.add_source(f"https://o{n}.example/feed", title=f"O{n}").id for n in range(3)]
    long_ago = datetime.now(UTC) - timedelta(days=90)  # an imported archive: nothing is recent
    ids = []
    for n, (headline, text) in enumerate(REPORTS[:3]):
        when = long_ago + timedelta(minutes=10 * n)
        made = draft(outlets[n], n, title=headline, text=text, published_at=when)
        ids.append(repo.save_article(made).article_id)
    desk = DeskThread(repo, local)
    desk.start()
    try:
        now = datetime.now(UTC)
        _until(lambda: all(shown_related(repo, i, ttl=3600, now=now)[0] for i in ids), "lists")
    finally:
        desk.stop()
