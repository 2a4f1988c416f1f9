"""Feeds and article pages for pipeline tests, written the way real outlets write them."""

from __future__ import annotations

import random
from html import escape

PARAGRAPH = (
    "Officials in the capital confirmed on Tuesday that the bridge, closed since the spring "
    "floods, will reopen to traffic next month after engineers completed a survey of its piers."
)


WORDS = (
    "harbour", "council", "budget", "river", "school", "railway", "hospital", "festival",
    "election", "museum", "orchard", "factory", "library", "stadium", "airport", "tunnel",
)  # fmt: skip


def facts(title: str, i: int) -> str:
    """A sentence of its own for each article and paragraph, so that two articles never share
    their text (they would be syndicated copies of each other)."""
    rng = random.Random(f"{title}/{i}")
    a, b, c = rng.sample(WORDS, 3)
    return f"The {a} near the {b} counted {rng.randint(2, 9999)} visitors and {c} staff."


def article_html(title: str, paragraphs: int = 5, marker: str = "", charset: str = "utf-8") -> str:
    body = "\n".join(
        f"<p>{escape(marker)} {escape(PARAGRAPH)} {facts(title, i)} "
        f"Paragraph {i} of {escape(title)}.</p>"
        for i in range(paragraphs)
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="{charset}">
<title>{escape(title)}</title></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>{escape(title)}</h1>{body}</article></main>
<aside><h2>Related Articles</h2>
<ul><li><a href="/x">Something else</a> 4 hours ago</li></ul></aside>
<footer>Copyright The Test Gazette</footer></body></html>"""


def rss(items: list[dict[str, str]], title: str = "Test Gazette") -> str:
    rendered = []
    for item in items:
        parts = [f"<title>{escape(item.get('title', 'Untitled'))}</title>"]
        if "link" in item:
            parts.append(f"<link>{escape(item['link'])}</link>")
        if "guid" in item:
            parts.append(f"<guid>{escape(item['guid'])}</guid>")
        if "date" in item:
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        rendered.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://gazette.test/</link>"
        + "".join(rendered)
        + "</channel></rss>"
    )
