"""The related-articles rows of the latency bench, and what the server cost in memory and disk.

Related lists are stored once made (services/related_lists.py), so a list is timed three times:
at its first request ("cold": ranked in the request, stored after the answer), again once stored
("warm"), and once its list is older than the TTL ("aged": the stored list is served and made
again after the answer); and the article page once with and once without a stored list.
"""

from __future__ import annotations

import itertools
import os
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from broadsheet.storage import open_repository

__all__ = ["cpu_seconds", "forget_related", "peak_rss_mb", "related_rows", "related_store"]

Measure = Callable[[Callable[[], str]], dict[str, float]]  # paths → a row of the table


def forget_related(database_url: str) -> int:
    """Drop every stored list, so that the cold pass really is each list's first request."""
    repo = open_repository(database_url)
    try:
        return repo.clear_related_lists()
    finally:
        repo.close()


def related_rows(
    measure: Measure, database_url: str, articles: int, sent: int
) -> dict[str, dict[str, float]]:
    """Related lists at `sent` distinct random ids (every request `measure` sends, warm-up
    included), first cold then warm, then those articles' pages (with their list stored)."""
    ids = random.sample(range(1, articles + 1), min(articles, sent))
    rows = {"related, cold": measure(_cycle(ids, "/related"))}
    _wait_stored(database_url, ids)
    random.shuffle(ids)
    rows["related, warm"] = measure(_cycle(ids, "/related"))
    random.shuffle(ids)
    rows["article, list stored"] = measure(_cycle(ids, ""))
    _age_lists(database_url)
    random.shuffle(ids)
    rows["related, aged"] = measure(_cycle(ids, "/related"))
    _wait_remade(database_url)  # before the next row: the remakes run in the server
    return rows


_LONG_AGO = "2000-01-01 00:00:00.000000"


def _age_lists(database_url: str) -> None:
    """Make every stored list older than any TTL (as if made long ago)."""
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE related_lists SET computed_at = ?", (_LONG_AGO,))


def _wait_remade(database_url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
        query = "SELECT count(*) FROM related_lists WHERE computed_at = ?"
        while left := conn.execute(query, (_LONG_AGO,)).fetchone()[0]:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{left} aged related lists were never made again")
            time.sleep(0.2)


def _cycle(ids: list[int], suffix: str) -> Callable[[], str]:
    return itertools.cycle([f"/articles/{i}{suffix}" for i in ids]).__next__


def _wait_stored(database_url: str, ids: list[int], timeout: float = 120.0) -> None:
    """The server stores a list after answering: wait until every cold one is in."""
    repo = open_repository(database_url)
    try:
        deadline = time.monotonic() + timeout
        left = list(ids)
        while left := [i for i in left if repo.stored_related(i).kept is None]:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{len(left)} related lists were never stored")
            time.sleep(0.2)
    finally:
        repo.close()


def cpu_seconds(pid: int) -> float | None:
    """CPU time a process and its children (server processes) have used (user + system, Linux
    /proc), None where that is not there: unlike latency, it does not grow when other work
    shares the cores."""
    total = None
    for member in _tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total = (total or 0.0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def peak_rss_mb(pid: int) -> float | None:
    """The peak resident memory (Linux /proc VmHWM) of a process and its children, added up;
    None where that is not there."""
    total = None
    for member in _tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total = (total or 0.0) + int(line.split()[1]) / 1024
    return total


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (Linux /proc/<pid>/task/<pid>/children)."""
    found, todo = [], [pid]
    while todo:
        member = todo.pop()
        found.append(member)
        try:
            children = Path(f"/proc/{member}/task/{member}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


def related_store(db_path: Path) -> dict[str, float | int | None]:
    """How many lists are stored and what they take on disk (SQLite's dbstat, where built in)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        lists = conn.execute("SELECT count(*) FROM related_lists").fetchone()[0]
        try:
            size = conn.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name IN ('related_lists', 'related_items')"
            ).fetchone()[0]
        except sqlite3.OperationalError:  # no dbstat in this SQLite
            size = None
    mb = None if size is None else size / 2**20
    per_list = None if size is None or not lists else size / lists
    return {"lists": lists, "mb": mb, "bytes_per_list": per_list}
