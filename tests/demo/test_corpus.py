"""The bundled corpus: every article of both Wikinews sets, each dated, credited and clean."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC

import pytest

from broadsheet.demo.corpus import DemoArticle, article_by_id, attribution_for, load_corpus

DATELINE = re.compile(r"^(?:\w+day, )?[A-Z][a-z]+ \d{1,2}, \d{4}$")


def test_the_corpus_holds_every_article_of_both_sets():
    articles = load_corpus()
    sections = Counter(a.section for a in articles)
    assert len(articles) == 43 + 120
    assert sections["world"] + sections["interviews"] == 43
    assert sections == {
        "world": 24,
        "interviews": 19,
        "apple": 30,
        "aviation": 30,
        "autos": 30,
        "markets": 30,
    }


def test_every_article_has_text_a_date_and_an_attribution():
    for article in load_corpus():
        assert article.title.strip()
        assert len(article.paragraphs) >= 1 and all(p.strip() for p in article.paragraphs)
        assert article.published.tzinfo is not None
        assert article.published.utcoffset() == UTC.utcoffset(None)
        assert article.licence == "CC BY 2.5"
        assert "Wikinews" in article.attribution
        assert article.source_url.startswith("https://en.wikinews.org/wiki/")


def test_ids_are_unique_url_safe_slugs():
    ids = [a.id for a in load_corpus()]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids)


def test_datelines_are_dates_not_body_text():
    for article in load_corpus():
        assert not DATELINE.match(article.paragraphs[0]), article.id


def test_times_of_day_vary_and_fall_in_the_working_day():
    articles = load_corpus()
    assert all(7 <= a.published.hour <= 21 for a in articles)
    assert len({a.published.time() for a in articles}) > 100


def test_gum_articles_keep_their_human_summary():
    gum = [a for a in load_corpus() if a.section in ("world", "interviews")]
    assert all(a.summary for a in gum)
    assert not any(a.summary for a in load_corpus() if a.section not in ("world", "interviews"))


def test_timeline_articles_are_regrouped_into_paragraphs():
    timeline = [a for a in load_corpus() if a.section in ("apple", "aviation", "autos", "markets")]
    paragraphs = [p for a in timeline for p in a.paragraphs]
    assert sum(len(a.paragraphs) for a in timeline) > 2 * len(timeline)
    assert all("\n" not in p for p in paragraphs)
    assert not any(p.startswith("said ") for p in paragraphs)


def test_the_tokeniser_spaces_are_gone():
    text = " ".join(a.text for a in load_corpus())
    assert "I' m" not in text and " 've" not in text and "Jobs ' s" not in text


def test_timeline_source_urls_are_quoted_wikinews_titles():
    article = next(a for a in load_corpus() if a.title.startswith("Apple unveils iPhone 4, iOS 4"))
    assert article.source_url == (
        "https://en.wikinews.org/wiki/Apple_unveils_iPhone_4,_iOS_4_at_Worldwide_Developers_"
        "Conference_2010"
    )


@pytest.mark.parametrize("outlet", ["/gazette", "/herald", "/courier", ""])
def test_attribution_for_finds_an_article_by_its_demo_url_at_any_outlet_and_host(outlet):
    article = load_corpus()[0]
    path = outlet + article.path
    assert attribution_for(f"http://127.0.0.1:8765{path}") == article
    assert attribution_for(f"http://example.org{path}?utm_source=x") == article
    assert attribution_for(path) == article


@pytest.mark.parametrize("suffix", ["-3", "-wire", "-wire-2"])
def test_attribution_for_finds_the_original_of_a_copy_or_a_wire_copy(suffix):
    article = load_corpus()[0]
    copy_path = "/herald" + article.path.removesuffix(".html") + f"{suffix}.html"
    assert attribution_for("http://127.0.0.1:1" + copy_path) == article
    assert article_by_id(article.id + suffix) == article


def test_attribution_for_rejects_what_is_not_a_demo_article():
    article = load_corpus()[0]
    assert attribution_for("http://127.0.0.1:1/") is None
    assert attribution_for("http://127.0.0.1:1/herald/") is None
    assert attribution_for("http://127.0.0.1:1/world/rss.xml") is None
    assert attribution_for("http://127.0.0.1:1/gazette/world/rss.xml") is None
    assert attribution_for("http://127.0.0.1:1/2020/01/no-such-article.html") is None
    assert attribution_for(f"http://127.0.0.1:1/elsewhere/2020/01/{article.id}.html") is None
    assert (
        attribution_for(f"http://127.0.0.1:1/gazette/elsewhere/2020/01/{article.id}.html") is None
    )
    assert article_by_id(article.id + "-copy") is None


def test_credit_names_wikinews_the_licence_and_the_source():
    article = load_corpus()[0]
    assert isinstance(article, DemoArticle)
    assert article.credit == f"Source: Wikinews (CC BY 2.5), {article.source_url}"
