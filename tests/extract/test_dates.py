"""find_published: htmldate plus explicit statements, always UTC-aware."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest

from broadsheet.extract.date_signals import (
    jsonld_published,
    meta_published,
    microdata_published,
    parse_stamp,
    url_date,
)
from broadsheet.extract.dates import find_published, find_published_local

BODY = "<p>" + "The council met on Tuesday to discuss the new tram line. " * 8 + "</p>"


def page(head: str = "", body: str = "") -> str:
    return (
        f"<html><head><title>Tram</title>{head}</head><body><h1>Tram</h1>{body}{BODY}</body></html>"
    )


def test_meta_published_time_is_converted_to_utc():
    html = page('<meta property="article:published_time" content="2024-03-05T08:15:00+01:00">')
    assert find_published(html, "https://city.example/tram") == datetime(
        2024, 3, 5, 7, 15, tzinfo=UTC
    )


def test_local_variant_keeps_the_page_offset():
    html = page('<meta property="article:published_time" content="2024-03-05T00:30:00+01:00">')
    local = find_published_local(html, "https://city.example/tram")
    assert local is not None and local.utcoffset() == timedelta(hours=1)
    assert local.date().isoformat() == "2024-03-05"
    assert find_published(html, "https://city.example/tram").date().isoformat() == "2024-03-04"


def test_json_ld_date():
    ld = (
        '{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "datePublished": "2023-11-09T03:02:34-05:00"}'
    )
    html = page(f'<script type="application/ld+json">{ld}</script>')
    assert find_published(html, "https://news.example/a") == datetime(
        2023, 11, 9, 8, 2, 34, tzinfo=UTC
    )


def test_date_in_url_gives_midnight_utc():
    found = find_published(page(), "https://news.example/2021/03/08/uk/story")
    assert found == datetime(2021, 3, 8, tzinfo=UTC)


def test_day_from_url_takes_its_time_from_a_meta_tag_of_the_same_day():
    html = page('<meta property="article:published_time" content="2021-03-08T11:15:28Z">')
    found = find_published(html, "https://news.example/2021/03/08/uk/story")
    assert found == datetime(2021, 3, 8, 11, 15, 28, tzinfo=UTC)


def test_microdata_date_published_wins_over_other_dates_on_the_page():
    body = (
        '<p class="date"><time itemprop="datePublished" datetime="2022-01-14 10:31:00">'
        "Januar 2022</time></p><p>Aktualisiert: 21.01.2022</p>"
    )
    html = page('<meta name="date" content="2022-01-21">', body)
    assert (
        find_published(html, "https://trade.example/news/item").date().isoformat() == "2022-01-14"
    )


def test_no_date_anywhere_is_none():
    assert find_published(page(), "https://city.example/tram") is None


def test_future_dates_are_not_publication_dates():
    future = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    html = page(f'<meta property="article:published_time" content="{future}">')
    assert find_published(html, "https://city.example/tram") is None


def test_accepts_a_parsed_tree_and_returns_aware_datetimes():
    tree = lxml.html.document_fromstring(
        page('<meta property="article:published_time" content="2020-05-02T02:54:29">')
    )
    found = find_published(tree, "https://city.example/tram")
    assert found is not None and found.tzinfo is UTC


@pytest.mark.parametrize("html", ["", "   ", "<", "\x00\x01"])
def test_unparseable_input_is_none(html):
    assert find_published(html, "https://city.example/") is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2020-02-19", datetime(2020, 2, 19, tzinfo=UTC)),
        (
            "2020-02-19T18:37:32+01:00",
            datetime(2020, 2, 19, 18, 37, 32, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2020-12-05T23:15:0Z", datetime(2020, 12, 5, 23, 15, tzinfo=UTC)),
        ("2018-06-22 10:20:00", datetime(2018, 6, 22, 10, 20, tzinfo=UTC)),
        (
            "2016-12-23T05:11:00-0500",
            datetime(2016, 12, 23, 5, 11, tzinfo=timezone(timedelta(hours=-5))),
        ),
        (
            "2022-1-26T14:32:06+02:00",
            datetime(2022, 1, 26, 14, 32, 6, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("Di., 25.01.2022 - 14:45", None),
        ("2020-13-45", None),
        ("", None),
    ],
)
def test_parse_stamp(value, expected):
    assert parse_stamp(value) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://n.example/2020/02/18/ciencia/1582045946.html", "2020-02-18"),
        ("https://n.example/news/2019-12-09-retraite", "2019-12-09"),
        ("https://n.example/archive/20200415/story", "2020-04-15"),
        ("https://blog.example/2023/10/3-fragen-an-tina/", None),
        ("https://n.example/2018/08/irland-roadtrip.html", None),
        ("https://n.example/2020/02/31/impossible", None),
        ("https://n.example/story-12345", None),
    ],
)
def test_url_date(url, expected):
    found = url_date(url)
    assert (found.date().isoformat() if found else None) == expected


def test_signal_readers_on_one_tree():
    tree = lxml.html.document_fromstring(
        """<html><head>
        <script type="application/ld+json">[{"@type": "WebSite"},
          {"@graph": [{"@type": ["ReportageNewsArticle"],
                       "datePublished": "2020-02-19T18:37:32+01:00"}]}]</script>
        <script type="application/ld+json">{broken json</script>
        <meta name="sailthru.date" content="2020-01-20T09:49:32+0000">
        </head><body><span itemprop="datePublished" content="2020-02-18"></span></body></html>"""
    )
    assert jsonld_published(tree).isoformat() == "2020-02-19T18:37:32+01:00"
    assert meta_published(tree) == datetime(2020, 1, 20, 9, 49, 32, tzinfo=UTC)
    assert microdata_published(tree) == datetime(2020, 2, 18, tzinfo=UTC)
