"""Article pages look like a real outlet's (their own outlet's), and everything from the corpus
is escaped, wire copies included."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
import httpx
import pytest

from broadsheet.demo.corpus import DemoArticle, load_corpus
from broadsheet.demo.site import DemoSite
from tests.demo.conftest import Links

NASTY_TITLE = 'Profits <script>alert("x")</script> & "losses" at AT&T\'s <b>'
NASTY_TEXT = "Shares rose 5% <img src=x onerror=alert(1)> & fell.\n\nA </p><p>second & last one."


def json_ld(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found, "no JSON-LD"
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def page(site) -> tuple[DemoArticle, str]:
    article = next(a for a in site.articles if a.title.startswith("Apple unveils iPhone 4"))
    return article, httpx.get(site.url_for(article)).text


def outlet_of(site, article: DemoArticle) -> str:
    return urlsplit(site.url_for(article)).path.split("/")[1]


def test_head_has_title_description_opengraph_and_canonical(site, page):
    article, text = page
    url = site.url_for(article)
    outlet = next(o for o in site.outlets if o.slug == outlet_of(site, article))
    assert f"<title>{html.escape(article.title)} | {outlet.name}</title>" in text
    assert f'<meta property="og:site_name" content="{outlet.name}">' in text
    assert '<meta name="description" content="' in text
    assert f'<meta property="og:title" content="{html.escape(article.title)}">' in text
    assert f'<meta property="og:url" content="{url}">' in text
    assert '<meta property="og:image" content="' in text
    published = article.published.isoformat()
    assert f'<meta property="article:published_time" content="{published}">' in text
    assert {"rel": "canonical", "href": url} in Links(text).links


def test_json_ld_describes_a_news_article(site, page):
    article, text = page
    data = json_ld(text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == article.published.isoformat()
    assert data["author"]["name"] == "Wikinews contributors"


def test_the_body_sits_in_an_article_among_page_furniture(page):
    article, text = page
    body = text.split("<article")[1].split("</article>")[0]
    for paragraph in article.paragraphs:
        assert f"<p>{html.escape(paragraph)}</p>" in body
    for furniture in ("share-bar", "cookie-banner", "newsletter", "site-header", "site-footer"):
        assert furniture in text
    assert "No comments yet..." in text and "<h2>Comments</h2>" in text


def test_the_lead_image_has_a_junk_srcset_and_answers(site, page):
    _, text = page
    assert "&w=3840&q=100 3840w" in html.unescape(text)
    image = re.search(r'<img src="([^"]+)"', text).group(1)
    response = httpx.get(site.base_url + html.unescape(image))
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_related_articles_are_other_articles_of_the_section(site, page):
    article, text = page
    aside = text.split('<aside class="related">')[1].split("</aside>")[0]
    assert "Related Articles" in aside and "4 hours ago" in aside
    hrefs = [a["href"] for a in Links(aside).anchors]
    assert len(hrefs) == 4 and urlsplit(site.url_for(article)).path not in hrefs
    assert all(h.startswith(f"/{outlet_of(site, article)}/{article.section}/") for h in hrefs)
    assert all(httpx.get(site.base_url + h).status_code == 200 for h in hrefs)


def test_the_page_credits_wikinews_with_the_source_url_and_licence(page):
    article, text = page
    attribution = text.split('<p class="attribution">')[1].split("</p>")[0]
    assert "Wikinews" in attribution and "CC BY 2.5" in attribution
    assert html.escape(article.source_url) in attribution


@pytest.fixture(scope="module")
def nasty_site():
    """Five apple articles, newest first: ranks 1 and 4 go to Demo Herald, and rank 4 (the nasty
    one) goes out on the wire to Demo Courier as well."""
    base = load_corpus()[0]
    nasty = replace(
        base,
        id="nasty",
        title=NASTY_TITLE,
        text=NASTY_TEXT,
        section="apple",
        published=datetime(2020, 1, 1, 9, 30, tzinfo=UTC),
        source_url="https://en.wikinews.org/wiki/A_%26_B?x=1&y=<2>",
    )
    others = [
        replace(
            base, id=f"other-{n}", section="apple", published=datetime(2020, 5 - n, 1, tzinfo=UTC)
        )
        for n in range(4)
    ]
    others[1] = replace(others[1], title="Calm & <quiet>")
    with DemoSite([nasty, *others]) as site:
        yield site, nasty


def test_titles_and_text_with_markup_render_escaped_on_pages(nasty_site):
    site, nasty = nasty_site
    wire = next(item for item in site.listings if item.syndicated)
    assert wire.article.id == "nasty" and wire.outlet.slug == "courier"
    pages = (
        site.url_for(nasty),
        site.home_url,
        site.base_url + "/herald/",
        site.base_url + "/herald/apple/",
    )
    for url in (*pages, site.base_url + wire.path):
        text = httpx.get(url).text
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>" not in text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    for url in pages:
        assert html.escape(NASTY_TITLE) in httpx.get(url).text
    page = httpx.get(site.url_for(nasty)).text
    assert "&lt;/p&gt;&lt;p&gt;second &amp; last one." in page
    assert html.escape(nasty.source_url) in page
    assert json_ld(page)["headline"] == NASTY_TITLE
    assert "Calm &amp; &lt;quiet&gt;" in page  # the related aside


def test_titles_with_markup_survive_every_feed_format(nasty_site):
    site, _ = nasty_site
    feed = feedparser.parse(httpx.get(site.feed_urls("herald")[0]).content)
    assert not feed.bozo
    assert NASTY_TITLE in {entry.title for entry in feed.entries}
    for section in ("world", "interviews", "aviation", "autos", "markets"):
        moved = [replace(a, section=section) for a in (nasty_site[1],)]
        with DemoSite(moved) as other:
            body = httpx.get(other.feed_urls()[0]).content
            if section == "aviation":
                assert json.loads(body)["items"][0]["title"] == NASTY_TITLE
            else:
                parsed = feedparser.parse(body)
                assert not parsed.bozo and parsed.entries[0].title == NASTY_TITLE
