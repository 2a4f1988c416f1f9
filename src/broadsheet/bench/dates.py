"""Publication-date benchmark on the htmldate evaluation set (1,000 pages, day-level gold).

Both gold files are used (`eval_default.json`, 800 pages; `eval_mediacloud_2020.json`, 200
pages). A page counts as correct when the day found equals the gold day. Metrics follow
htmldate's own evaluation: a date output that is right is a true positive, a wrong one a false
positive, no output a false negative; precision = TP / outputs, recall = TP / (TP + FN),
accuracy = TP / pages, F1 from precision and recall. (Five mediacloud pages have no gold date;
like htmldate's evaluation, any output there is a false positive and none a false negative.)

The gold is the day as the page shows it, in the publisher's own timezone. Broadsheet's
`find_published` returns the same instant in UTC, which can fall on the neighbouring day, so
the main score reads the day in the offset the page wrote (`find_published_local`), and
`f1_utc` / `accuracy_utc` score the UTC day.

    from broadsheet.bench import dates
    result = dates.run(dates.default_data_dir(), limit=30)
    dates.print_table(result)
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Container, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from broadsheet.bench.corpus import Confusion, default_data_dir, iter_archive
from broadsheet.bench.table import print_results
from broadsheet.extract.charset import decode_html

__all__ = ["FINDERS", "default_data_dir", "print_table", "run"]

DATASET = "htmldate-eval"
GOLD_FILES = ("eval_default.json", "eval_mediacloud_2020.json")
_FOLDERS = ("test_set", "cache", "eval")  # where htmldate's evaluation looks, in this order

Finder = Callable[[str, str], datetime | str | None]


def broadsheet_find(html: str, url: str) -> datetime | None:
    from broadsheet.extract.dates import find_published_local

    return find_published_local(html, url)


def htmldate_extensive(html: str, url: str) -> str | None:
    import htmldate

    return htmldate.find_date(html, extensive_search=True, original_date=True)


FINDERS: Mapping[str, Finder] = {"broadsheet": broadsheet_find, "htmldate": htmldate_extensive}


def run(
    data_dir: Path,
    limit: int | None = None,
    finders: Mapping[str, Finder] | None = None,
    on_page: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Score each date finder on the same pages, side by side; `limit` takes the first N."""
    finders = finders or FINDERS
    gold = _load_gold(data_dir / DATASET)
    state = {name: _State() for name in finders}
    pages = 0
    for member, body in iter_archive(data_dir / DATASET / "html.tar.xz", _Members(gold)):
        if limit is not None and pages >= limit:
            break
        html = decode_html(body)
        for url, day in gold[member.rsplit("/", 1)[1]]:
            if limit is not None and pages >= limit:
                break
            for name, finder in finders.items():
                state[name].score(finder, html, url, day)
            pages += 1
            if on_page is not None:
                on_page()
    return {
        "benchmark": "dates",
        "dataset": DATASET,
        "pages": pages,
        "extractors": {name: s.summary(pages) for name, s in state.items()},
    }


def print_table(result: Mapping[str, Any], console: Console | None = None) -> None:
    title = f"Publication dates on {result['dataset']} ({result['pages']} pages)"
    columns = ("precision", "recall", "accuracy", "f1", "f1_utc", "pages_per_second", "seconds")
    note = "day as the page wrote it; F1 UTC day: the same instant's day in UTC"
    print_results(title, result["extractors"], columns, note=note, console=console)


class _State:
    def __init__(self) -> None:
        self.local = Confusion()
        self.utc = Confusion()
        self.seconds = 0.0

    def score(self, finder: Finder, html: str, url: str, gold: str | None) -> None:
        start = time.perf_counter()
        found = finder(html, url)
        self.seconds += time.perf_counter() - start
        local, utc = _days(found)
        _count(self.local, local, gold)
        _count(self.utc, utc, gold)

    def summary(self, pages: int) -> dict[str, Any]:
        utc = self.utc.scores()
        return {
            **self.local.scores(),
            "f1_utc": utc["f1"],
            "accuracy_utc": utc["accuracy"],
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(pages / self.seconds, 1) if self.seconds else 0.0,
        }


def _days(found: datetime | str | None) -> tuple[str | None, str | None]:
    if found is None:
        return None, None
    if isinstance(found, str):
        return found[:10], found[:10]
    utc = found.astimezone(UTC) if found.tzinfo else found
    return found.strftime("%Y-%m-%d"), utc.strftime("%Y-%m-%d")


def _count(confusion: Confusion, day: str | None, gold: str | None) -> None:
    if day is None:
        confusion.add(fn=1)
    elif day == gold:
        confusion.add(tp=1)
    else:
        confusion.add(fp=1)


def _load_gold(folder: Path) -> dict[str, list[tuple[str, str | None]]]:
    """File name → [(page URL, gold day or None)] (one file serves two URLs)."""
    gold: dict[str, list[tuple[str, str | None]]] = {}
    for name in GOLD_FILES:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
        for url, item in data.items():
            day = item.get("date") if isinstance(item.get("date"), str) else None
            gold.setdefault(item["file"], []).append((url, day))
    return gold


class _Members:
    """The archive members `html/<folder>/<file>` holding a gold file (each file lives in one
    of htmldate's three folders; none appears in two, so archive order decides nothing)."""

    def __init__(self, files: Container[str]) -> None:
        self.files = files

    def __contains__(self, member: object) -> bool:
        parts = str(member).split("/")
        return len(parts) == 3 and parts[1] in _FOLDERS and parts[2] in self.files
