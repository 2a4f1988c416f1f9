"""Bad input, end to end: each ends in a recorded, readable error or a correct article; none stops
the worker; nothing already stored is lost. Every case runs against the real local server."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from broadsheet.model import SourceStatus
from broadsheet.pipeline import ingest
from broadsheet.worker import refresh
from tests.fixture_server import Reply
from tests.pipeline.builders import article_html, rss

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}


def good_feed(server, n: int = 2, prefix: str = "/good") -> str:
    items = []
    for i in range(n):
        title = f"Good story {i} from {prefix}"
        path = server.route(f"{prefix}/{i}.html", Reply(body=article_html(title), headers=HTML))
        items.append({"title": title, "link": path, "guid": f"{prefix}-{i}"})
    return server.route(f"{prefix}/feed.xml", Reply(body=rss(items), headers=XML))


def poll(url: str, repo, fetcher, settings):
    source = repo.add_source(url)
    report = ingest(source, fetcher=fetcher, repo=repo, settings=settings)
    return report, repo.get_source(source.id), repo.fetch_history(source.id)


def test_a_good_feed_stores_clean_articles(server, repo, fetcher, settings):
    report, source, history = poll(good_feed(server), repo, fetcher, settings)
    assert (report.entries, report.stored, report.errors) == (2, 2, [])
    assert history[0].ok and source.title == "Test Gazette" and source.error_count == 0
    article = repo.latest_articles(1, 10).items[0]
    assert "Related Articles" not in article.text and "4 hours ago" not in article.text


def test_malformed_xml_is_recorded_against_the_source(server, repo, fetcher, settings):
    url = server.route(
        "/broken.xml", Reply(body="<rss><channel><item><title>oops</ite", headers=XML)
    )
    report, source, history = poll(url, repo, fetcher, settings)
    assert report.errors and not history[0].ok
    assert source.error_count == 1 and source.last_status


def test_an_html_page_given_as_a_feed_says_so(server, repo, fetcher, settings):
    url = server.route("/page.html", Reply(body=article_html("Not a feed"), headers=HTML))
    _, _, history = poll(url, repo, fetcher, settings)
    assert "HTML page" in history[0].message or "not a feed" in history[0].message.lower()


def test_an_empty_feed_is_fine_and_stores_nothing(server, repo, fetcher, settings):
    url = server.route("/empty.xml", Reply(body=rss([]), headers=XML))
    report, _, history = poll(url, repo, fetcher, settings)
    assert report.errors == [] and report.entries == 0 and history[0].ok


def test_a_50_mb_response_is_refused_by_the_size_cap(server, repo, fetcher, settings):
    def huge(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        chunk = b"<!-- " + b"x" * (1 << 20) + b" -->"
        try:
            for _ in range(50):
                handler.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        handler.close_connection = True

    _, _, history = poll(server.route("/huge.xml", huge), repo, fetcher, settings)
    assert not history[0].ok and "cap" in history[0].message


def test_a_gzip_bomb_is_refused(server, repo, fetcher, settings):
    bomb = gzip.compress(b"\0" * (64 << 20))
    url = server.route("/bomb.xml", Reply(body=bomb, headers={**XML, "Content-Encoding": "gzip"}))
    _, _, history = poll(url, repo, fetcher, settings)
    assert not history[0].ok and "cap" in history[0].message


def test_a_server_trickling_one_byte_a_second_is_cut_off(server, repo, fetcher, settings):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        try:
            for byte in rss([]).encode():
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    started = time.monotonic()
    _, _, history = poll(server.route("/slow.xml", trickle), repo, fetcher, settings)
    assert not history[0].ok
    assert time.monotonic() - started < settings.fetch_deadline * (settings.retries + 2) + 2


def test_a_redirect_loop_is_recorded(server, repo, fetcher, settings):
    server.route("/a", Reply(302, headers={"Location": "/b"}))
    url = server.route("/b", Reply(302, headers={"Location": "/a"}))
    _, _, history = poll(url, repo, fetcher, settings)
    assert not history[0].ok and "redirect" in history[0].message.lower()


def test_404_is_an_error_and_410_retires_the_source(server, repo, fetcher, settings):
    _, missing, _ = poll(server.url("/nowhere.xml"), repo, fetcher, settings)
    assert missing.status is SourceStatus.ACTIVE and missing.error_count == 1
    url = server.route("/gone.xml", Reply(410, body="gone"))
    _, gone, history = poll(url, repo, fetcher, settings)
    assert gone.status is SourceStatus.RETIRED and "410" in history[0].message


@pytest.mark.parametrize(
    ("label", "encoding", "word"),
    [
        ("text/html; charset=utf-8", "latin-1", "Zürich"),  # mislabelled
        ("text/html", "cp1251", "Москва"),  # declared only in <meta>
        ("text/html; charset=shift_jis", "shift_jis", "東京"),
    ],
)
def test_non_utf8_pages_are_decoded(server, repo, fetcher, settings, label, encoding, word):
    charset = "utf-8" if "utf-8" in label else encoding
    page = article_html(f"News from {word}", marker=word, charset=charset).encode(encoding)
    link = server.route("/intl.html", Reply(body=page, headers={"Content-Type": label}))
    feed = server.route(
        "/intl.xml", Reply(body=rss([{"title": "Intl", "link": link}]), headers=XML)
    )
    report, _, _ = poll(feed, repo, fetcher, settings)
    assert report.stored == 1, report.errors
    assert word in repo.latest_articles(1, 1).items[0].text


def test_relative_and_protocol_relative_links_resolve(server, repo, fetcher, settings):
    server.route("/rel/one.html", Reply(body=article_html("Relative one"), headers=HTML))
    server.route("/rel/two.html", Reply(body=article_html("Relative two"), headers=HTML))
    host = server.base.removeprefix("http:")
    items = [{"title": "one", "link": "one.html"}, {"title": "two", "link": f"{host}/rel/two.html"}]
    feed = server.route("/rel/feed.xml", Reply(body=rss(items), headers=XML))
    report, _, _ = poll(feed, repo, fetcher, settings)
    assert report.stored == 2, report.errors


def test_duplicate_guids_and_missing_links_and_dates(server, repo, fetcher, settings):
    link = server.route("/d/1.html", Reply(body=article_html("Dated"), headers=HTML))
    link2 = server.route("/d/2.html", Reply(body=article_html("Undated"), headers=HTML))
    items = [
        {"title": "Dated", "link": link, "guid": "same", "date": "Tue, 03 Jun 2025 10:00:00 GMT"},
        {"title": "Dup", "link": link, "guid": "same"},
        {"title": "No link at all", "guid": "not-a-url"},
        {"title": "Undated", "link": link2, "guid": "other"},
    ]
    report, _, _ = poll(
        server.route("/d/feed.xml", Reply(body=rss(items), headers=XML)), repo, fetcher, settings
    )
    assert report.stored == 2 and repo.count_articles() == 2, report
    by_title = {a.title: a for a in repo.latest_articles(1, 10).items}
    assert by_title["Dated"].published_at == datetime(2025, 6, 3, 10, tzinfo=UTC)
    assert by_title["Undated"].date_origin.value in ("page", "fetched")


def test_a_date_in_the_future_is_not_trusted(server, repo, fetcher, settings):
    future = format_datetime(datetime.now(UTC) + timedelta(days=400), usegmt=True)
    link = server.route("/f/1.html", Reply(body=article_html("From the future"), headers=HTML))
    feed = server.route(
        "/f/feed.xml", Reply(body=rss([{"title": "F", "link": link, "date": future}]), headers=XML)
    )
    poll(feed, repo, fetcher, settings)
    article = repo.latest_articles(1, 1).items[0]
    assert article.published_at <= datetime.now(UTC) + timedelta(hours=1)


@pytest.mark.parametrize(
    "target", ["http://10.0.0.1/feed.xml", "http://169.254.169.254/latest/meta-data/"]
)
def test_private_and_metadata_addresses_are_refused(target, repo, fetcher, settings):
    _, source, history = poll(target, repo, fetcher, settings)
    assert not history[0].ok and "refused" in history[0].message
    assert source.error_count == 1


def test_an_entry_linking_to_a_private_address_fails_alone(server, repo, fetcher, settings):
    good = server.route("/m/ok.html", Reply(body=article_html("Fine"), headers=HTML))
    items = [
        {"title": "Metadata", "link": "http://169.254.169.254/x"},
        {"title": "Fine", "link": good},
    ]
    report, _, _ = poll(
        server.route("/m/feed.xml", Reply(body=rss(items), headers=XML)), repo, fetcher, settings
    )
    assert report.stored == 1 and len(report.errors) == 1 and "169.254.169.254" in report.errors[0]
    [failure] = repo.entry_failures(report.source_id)
    assert "refused" in failure.reason


def test_hostile_sources_do_not_stop_the_others_and_lose_nothing(server, repo, fetcher, settings):
    first = poll(good_feed(server, 2, "/keep"), repo, fetcher, settings)[1]
    hostile = [
        server.route("/h/broken.xml", Reply(body="<rss><chan", headers=XML)),
        server.url("/h/missing.xml"),
        "http://10.0.0.1/feed.xml",
        server.route("/h/gone.xml", Reply(410)),
    ]
    sources = [repo.add_source(u) for u in hostile] + [
        repo.add_source(good_feed(server, 3, "/new"))
    ]
    reports = refresh(sources, fetcher=fetcher, repo=repo, settings=settings)
    assert sum(r.stored for r in reports) == 3
    assert sum(1 for r in reports if r.errors) == 4
    assert repo.source_articles(first.id, 1, 10).total == 2  # stored earlier, still there
    assert repo.count_articles() == 5


def test_a_second_poll_uses_conditional_get_and_stores_nothing_twice(
    server, repo, fetcher, settings
):
    url = good_feed(server, 2, "/cond")
    server.routes["/cond/feed.xml"].headers["ETag"] = '"v1"'

    def maybe_304(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return server_feed

    server_feed = server.routes["/cond/feed.xml"]
    server.route("/cond/feed.xml", maybe_304)
    source = repo.add_source(url)
    ingest(source, fetcher=fetcher, repo=repo, settings=settings)
    again = ingest(repo.get_source(source.id), fetcher=fetcher, repo=repo, settings=settings)
    assert again.not_modified and repo.count_articles() == 2
