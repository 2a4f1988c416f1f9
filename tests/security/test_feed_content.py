"""Stored XSS from the outside: an outlet's feed and pages carrying script in every field we
keep (feed title, entry title, author, body, image captions). Fetched through the real
pipeline and shown on every page and feed that repeats them: nothing runs."""

from __future__ import annotations

from html import escape

import httpx
import lxml.html
import pytest

from broadsheet.pipeline import ingest
from broadsheet.web import create_app
from broadsheet.worker.enricher import enrich_all
from tests.fixture_server import Reply
from tests.live_server import LiveServer
from tests.pipeline.builders import PARAGRAPH
from tests.security.payloads import XSS, live_markup, live_markup_in_feed

pytestmark = pytest.mark.attack

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}


def hostile_page(title: str, payload: str) -> str:
    """The payload as raw markup in the body (what an attacker controls) and as text in the
    title; the rest is a normal article so that extraction keeps it."""
    paragraphs = "\n".join(f"<p>{escape(PARAGRAPH)} Part {i}. {payload}</p>" for i in range(5))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title><meta name="author" content="{escape(payload)}"></head>
<body><article><h1>{escape(title)}</h1>{paragraphs}
<figure><img src="/x.jpg" alt="{escape(payload)}"><figcaption>{payload}</figcaption></figure>
</article></body></html>"""


def hostile_feed(server, name: str, payload: str) -> str:
    title = f"Bridge reopens {payload}"
    link = server.route(
        f"/{name}/story.html", Reply(body=hostile_page(title, payload), headers=HTML)
    )
    item = (
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<guid>{name}-1</guid><author>{escape(payload)}</author>"
        f"<description>{escape(payload)}</description></item>"
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape('Gazette ' + payload)}</title><link>http://gazette.test/</link>"
        f"{item}</channel></rss>"
    )
    return server.route(f"/{name}/feed.xml", Reply(body=body, headers=XML))


@pytest.mark.parametrize(("name", "payload"), list(XSS.items()), ids=list(XSS))
def test_script_in_a_feed_never_runs_on_our_pages(server, repo, fetcher, settings, name, payload):
    source = repo.add_source(hostile_feed(server, name, payload))
    report = ingest(source, fetcher=fetcher, repo=repo, settings=settings)
    assert report.stored == 1, report.errors
    enrich_all(repo, settings)
    article = repo.latest_articles(1, 1).items[0]
    web = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    try:
        with httpx.Client(base_url=web.base, timeout=20) as client:
            shown = lxml.html.document_fromstring(client.get(f"/articles/{article.id}").text)
            assert payload in shown.text_content()  # it reached the page, as text
            paths = [
                "/", "/latest", f"/articles/{article.id}", f"/sources/{source.id}", "/sources",
                "/search?q=bridge", "/feed.xml", "/feed.atom", f"/articles/{article.id}/insights",
                f"/articles/{article.id}/related.html", "/tags",
            ]  # fmt: skip
            for path in paths:
                answer = client.get(path)
                assert answer.status_code == 200, path
                feed = path.endswith((".xml", ".atom"))
                live = live_markup_in_feed(answer.content) if feed else live_markup(answer.text)
                assert live == [], (path, live)
    finally:
        web.stop()
