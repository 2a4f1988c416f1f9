"""The bundled demo corpus: Wikinews articles (CC BY 2.5) as frozen `DemoArticle` values.

The data file is built by `scripts/build_demo_corpus.py`; `corpus/ATTRIBUTION.md` says what it
holds and whom to credit. Every article carries its own `source_url`, `licence` and
`attribution`, so any page that shows one can credit it (`DemoArticle.credit`).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

CORPUS_FILE = "wikinews.jsonl.gz"
_COPY_SUFFIX = re.compile(r"(?:-wire)?(?:-\d+)?$")  # a wire copy, then a further copy


@dataclass(frozen=True, slots=True)
class DemoArticle:
    """One Wikinews article as the demo site publishes it; `text` has blank-line paragraphs."""

    id: str
    title: str
    text: str
    published: datetime
    section: str
    source_url: str
    licence: str
    attribution: str
    summary: str = ""

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    @property
    def path(self) -> str:
        """Its path within an outlet: `/<section>/<yyyy>/<mm>/<id>.html` (`DemoSite.url_for`
        gives the whole URL, under the outlet that publishes it)."""
        return f"/{self.section}/{self.published:%Y/%m}/{self.id}.html"

    @property
    def credit(self) -> str:
        """A one-line credit for any page that shows this article."""
        return f"Source: Wikinews ({self.licence}), {self.source_url}"


def _article(record: dict[str, str]) -> DemoArticle:
    return DemoArticle(
        id=record["id"],
        title=record["title"],
        text=record["text"],
        published=datetime.fromisoformat(record["published"]),
        section=record["section"],
        source_url=record["source_url"],
        licence=record["licence"],
        attribution=record["attribution"],
        summary=record.get("summary", ""),
    )


@cache
def _bundle() -> tuple[DemoArticle, ...]:
    data = resources.files("broadsheet.demo").joinpath("corpus", CORPUS_FILE).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return tuple(_article(json.loads(line)) for line in lines if line.strip())


def load_corpus() -> list[DemoArticle]:
    """Every bundled article, oldest first."""
    return list(_bundle())


@cache
def _by_id() -> dict[str, DemoArticle]:
    return {article.id: article for article in _bundle()}


def article_by_id(article_id: str) -> DemoArticle | None:
    """The article with this id; the id of a wire copy or a further copy (`<id>-wire`, `<id>-2`,
    `<id>-wire-2`, see `DemoSite`) finds the original."""
    index = _by_id()
    return index.get(article_id) or index.get(_COPY_SUFFIX.sub("", article_id, count=1))


def attribution_for(url: str) -> DemoArticle | None:
    """The demo article an URL (or bare path) of the demo site points at, whatever its host and
    outlet, wire copies included.

    `http://127.0.0.1:8765/herald/apple/2010/06/apple-unveils-iphone-4.html` → that article (so
    does the single-outlet path of older demos, `/apple/2010/06/…`); anything that is not a demo
    article page → None.
    """
    parts = urlsplit(url).path.split("/")
    name = parts[-1]
    if len(parts) < 5 or not name.endswith(".html"):
        return None
    article = article_by_id(name.removesuffix(".html"))
    if article is None or parts[-4] != article.section:  # …/<section>/<yyyy>/<mm>/<name>
        return None
    return article
