"""Article-extraction benchmark on the trafilatura evaluation set (990 pages, snippet gold).

Broadsheet's `extract_article` (its `text`, the body without the headline) runs side by side
with plain `trafilatura.extract(html, include_comments=False)` on the same pages. Each page
carries "with" snippets (main text that must appear in the output) and "without" snippets
(boilerplate that must not). A "with" snippet found is a true positive, missing a false
negative; a "without" snippet found is a false positive, absent a true negative. Like
trafilatura's own evaluation, snippets and output are compared after collapsing every run of
whitespace to one space, and an extractor that raises or returns nothing scores a full miss
(`failures` counts empty results, `errors` unexpected exceptions). Times cover the extractor
call only, not reading the archive.

    from broadsheet.bench import extract
    result = extract.run(extract.default_data_dir(), limit=30)
    extract.print_table(result)
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from rich.console import Console

from broadsheet.bench.corpus import Confusion, default_data_dir, iter_archive
from broadsheet.bench.table import print_results
from broadsheet.errors import ExtractError

__all__ = ["EXTRACTORS", "default_data_dir", "print_table", "run"]

DATASET = "trafilatura-eval"
NORMALISATION = "whitespace runs collapsed to one space on snippets and output (as trafilatura)"

Extractor = Callable[[bytes, str], str | None]


def broadsheet_extract(body: bytes, url: str) -> str | None:
    from broadsheet.extract.article import extract_article

    return extract_article(body, url).text


def trafilatura_default(body: bytes, url: str) -> str | None:
    import trafilatura

    return trafilatura.extract(body, include_comments=False)


EXTRACTORS: Mapping[str, Extractor] = {
    "broadsheet": broadsheet_extract,
    "trafilatura": trafilatura_default,
}


def run(
    data_dir: Path,
    limit: int | None = None,
    extractors: Mapping[str, Extractor] | None = None,
    on_page: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Score each extractor on the same pages, side by side; `limit` takes the first N pages."""
    extractors = extractors or EXTRACTORS
    gold = _load_gold(data_dir / DATASET)
    state = {name: _State() for name in extractors}
    pages = 0
    for member, body in iter_archive(data_dir / DATASET / "html.tar.xz", set(gold)):
        if limit is not None and pages >= limit:
            break
        url, item = gold[member]
        for name, extractor in extractors.items():
            state[name].score(extractor, body, url, item)
        pages += 1
        if on_page is not None:
            on_page()
    return {
        "benchmark": "extract",
        "dataset": DATASET,
        "pages": pages,
        "normalisation": NORMALISATION,
        "extractors": {name: s.summary(pages) for name, s in state.items()},
    }


def print_table(result: Mapping[str, Any], console: Console | None = None) -> None:
    title = f"Extraction on {result['dataset']} ({result['pages']} pages)"
    columns = (
        *("precision", "recall", "accuracy", "f1"),
        *("failures", "errors", "pages_per_second", "seconds"),
    )
    note = result["normalisation"]
    print_results(title, result["extractors"], columns, note=note, console=console)


class _State:
    def __init__(self) -> None:
        self.confusion = Confusion()
        self.seconds = 0.0
        self.failures = 0
        self.errors: list[str] = []

    def score(self, extractor: Extractor, body: bytes, url: str, item: Mapping[str, Any]) -> None:
        start = time.perf_counter()
        try:
            output = extractor(body, url) or ""
        except ExtractError:
            output = ""
        except Exception as exc:  # a crash scores as a full miss, as in trafilatura's evaluation
            self.errors.append(f"{url}: {exc!r}"[:300])
            output = ""
        self.seconds += time.perf_counter() - start
        self.failures += not output
        text = _norm(output)
        found = sum(1 for s in item["with"] if _norm(s) in text) if text else 0
        leaked = sum(1 for s in item["without"] if _norm(s) in text) if text else 0
        self.confusion.add(
            tp=found, fn=len(item["with"]) - found, fp=leaked, tn=len(item["without"]) - leaked
        )

    def summary(self, pages: int) -> dict[str, Any]:
        return {
            **self.confusion.scores(),
            "failures": self.failures,
            "errors": len(self.errors),
            "error_examples": self.errors[:5],
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(pages / self.seconds, 1) if self.seconds else 0.0,
        }


def _load_gold(folder: Path) -> dict[str, tuple[str, Mapping[str, Any]]]:
    """Archive member name → (page URL, gold item)."""
    data = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    return {f"html/{item['file']}": (url, item) for url, item in data.items()}


_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()
