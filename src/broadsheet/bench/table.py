"""Print a benchmark result as a rich table; the same dict is what `--json` prints."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

LABELS = {
    "precision": "P",
    "recall": "R",
    "accuracy": "acc",
    "f1": "F1",
    "f1_utc": "F1 UTC day",
    "accuracy_utc": "acc UTC day",
    "failures": "empty",
    "pages_per_second": "pages/s",
    "seconds": "time s",
    "articles": "n",
    "gold_clusters": "gold",
    "articles_per_second": "art/s",
    "median_assign_ms": "med ms",
    "embed_seconds": "embed s",
    "peak_rss_mb": "RSS MB",
}


def print_results(
    title: str,
    rows: Mapping[str, Mapping[str, Any]],
    columns: Iterable[str],
    *,
    note: str = "",
    console: Console | None = None,
) -> None:
    """One row per contender, one column per metric; floats below 1 print with 3 decimals."""
    columns = tuple(columns)
    table = Table(title=title, caption=note or None)
    table.add_column("", no_wrap=True)
    for column in columns:
        table.add_column(LABELS.get(column, column.replace("_", " ")), justify="right")
    for name, values in rows.items():
        table.add_row(name, *(_cell(values.get(column)) for column in columns))
    (console or Console()).print(table)


def to_json(result: Mapping[str, Any]) -> str:
    return json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 1 else f"{value:,.1f}"
    return "" if value is None else str(value)
