"""Several outlets: a section's articles spread over them, and wire copies a second outlet
republishes with its own headline, dateline and trailer, over the same text and credit."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import replace
from itertools import pairwise

import feedparser
import httpx
import pytest

from broadsheet.demo.corpus import attribution_for, load_corpus
from broadsheet.demo.syndication import TRAILER, WIRE, dateline, headline, syndicated_copy
from tests.demo.conftest import outlet_and_section


def originals_by_section(site) -> dict[str, list]:
    """Each section's original listings, oldest first."""
    by_section = defaultdict(list)
    for item in site.listings:
        if not item.syndicated:
            by_section[item.article.section].append(item)
    for items in by_section.values():
        items.sort(key=lambda item: (item.article.published, item.article.id))
    return by_section


def wire_copies(site) -> list:
    return [item for item in site.listings if item.syndicated]


def test_every_section_is_spread_over_every_outlet(site):
    for section, items in originals_by_section(site).items():
        assert {item.outlet.slug for item in items} == {"gazette", "herald", "courier"}, section


def test_consecutive_reports_of_a_section_come_from_different_outlets(site):
    for items in originals_by_section(site).values():
        assert all(a.outlet != b.outlet for a, b in pairwise(items))


def test_the_gm_bankruptcy_is_reported_by_several_outlets(site):
    gm = [
        item
        for item in originals_by_section(site)["autos"]
        if "GM" in item.article.title and item.article.published.year == 2009
    ]
    assert len({item.outlet for item in gm}) == 3


def test_about_one_article_in_ten_goes_out_on_the_wire(site):
    copies = wire_copies(site)
    assert len(copies) == 16 and 0.08 <= len(copies) / len(site.articles) <= 0.12
    assert {item.article.section for item in copies} == {s.slug for s in site.sections}


def test_a_wire_copy_is_at_another_outlet_under_another_headline(site):
    originals = {item.article.id: item for item in site.listings if not item.syndicated}
    for copy in wire_copies(site):
        original = originals[copy.article.id]
        assert copy.outlet != original.outlet
        assert copy.article.title != original.article.title
        assert copy.article.title.lower().endswith(original.article.title.lower())
        assert copy.article.published > original.article.published
        assert copy.path.endswith("-wire.html") and copy.path != original.path


def test_a_wire_copy_shares_the_text_between_dateline_and_trailer():
    for article in load_corpus():
        copy = syndicated_copy(article)
        first, *middle, last = copy.paragraphs
        assert first == dateline(article) + article.paragraphs[0]
        assert middle == article.paragraphs[1:]
        assert last == TRAILER == f"Distributed by {WIRE}."
        assert (copy.id, copy.source_url, copy.licence) == (
            article.id,
            article.source_url,
            article.licence,
        )


def test_wire_copies_pass_broadsheets_copy_check():
    syndication = pytest.importorskip("broadsheet.normalize.syndication")
    for article in load_corpus():
        assert syndication.is_copy(article.text, syndicated_copy(article).text), article.id


def test_wire_copies_are_in_the_second_outlets_feed_and_share_the_body(site):
    for copy in wire_copies(site):
        url = next(u for u in site.feed_urls(copy.outlet.slug) if f"/{copy.article.section}/" in u)
        body = httpx.get(url).content
        links = (
            [entry.link for entry in feedparser.parse(body).entries]
            if not url.endswith(".json")
            else [item["url"] for item in httpx.get(url).json()["items"]]
        )
        assert site.base_url + copy.path in links
        page = httpx.get(site.base_url + copy.path).text
        original = site.url_for(copy.article)
        original_page = httpx.get(original).text
        for paragraph in copy.article.paragraphs[1:-1]:
            assert f"<p>{html.escape(paragraph)}</p>" in page
            assert f"<p>{html.escape(paragraph)}</p>" in original_page
        assert f"<p>{html.escape(TRAILER)}</p>" in page and TRAILER not in original_page
        assert f"<h1>{html.escape(copy.article.title)}</h1>" in page


def test_every_article_page_credits_wikinews_and_is_attributed(site):
    with httpx.Client() as client:
        for url in site.article_urls():
            text = client.get(url).text
            article = attribution_for(url)
            assert article is not None, url
            assert outlet_and_section(url)[1] == article.section
            credit = text.split('<p class="attribution">')[1].split("</p>")[0]
            assert "Wikinews" in credit and "CC BY 2.5" in credit
            assert html.escape(article.source_url) in credit


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("GM posts first annual loss since 1992", "Autos: GM Posts First Annual Loss Since 1992"),
        ("Apple unveils iPod nano", "Autos: Apple Unveils iPod Nano"),
        ("the sale of a plant in Romania", "Autos: The Sale of a Plant in Romania"),
        ("Ford offers US$78 million", "Autos: Ford Offers US$78 Million"),
    ],
)
def test_a_wire_headline_is_the_section_and_the_title_in_headline_case(title, expected):
    article = replace(load_corpus()[0], title=title, section="autos")
    assert headline(article) == expected


def test_the_dateline_names_a_city_of_the_lead_or_none():
    article = load_corpus()[0]
    assert dateline(replace(article, text="In Detroit, Ford said.\n\nLater, in Tokyo.")) == (
        "DETROIT (Demo Wire) — "
    )
    assert dateline(replace(article, text="Nowhere in particular.")) == "(Demo Wire) — "
