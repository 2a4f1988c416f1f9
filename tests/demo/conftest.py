from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from broadsheet.demo.site import DemoSite


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    """The whole bundled corpus, served on 127.0.0.1 for the tests of one module."""
    with DemoSite.from_bundle() as demo:
        yield demo


class Links(HTMLParser):
    """Collects <link> and <a> tags of a page as attribute dicts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.anchors: list[dict[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link":
            self.links.append(values)
        elif tag == "a":
            self.anchors.append(values)

    def alternates(self) -> list[dict[str, str]]:
        return [link for link in self.links if link.get("rel") == "alternate"]


def outlet_and_section(url: str) -> tuple[str, str]:
    """`http://…/herald/autos/rss.xml` → ("herald", "autos")."""
    parts = urlsplit(url).path.split("/")
    return parts[1], parts[2]
