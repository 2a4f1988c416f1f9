"""extract_article on whole pages: body, metadata, failures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import trafilatura

from broadsheet.errors import ArticleError
from broadsheet.extract.article import extract_article

URL = "https://news.example.com/world/2025/06/14/putin-trump-call"

PARAGRAPHS = [
    "Russian President Vladimir Putin told his U.S. counterpart, Donald Trump, on Saturday that "
    "Moscow was ready to hold a fresh round of peace talks with Kyiv after June 22.",
    "Ukrainian leader Volodymyr Zelenskyy meanwhile did not mention whether Ukraine would agree "
    "to the next round of talks, only saying that the exchanges will be completed.",
    "Putin and Trump held a call for the fifth time since the Republican took office and sought "
    "to reset relations with Moscow, in a stark pivot from the approach of his predecessor.",
    "Trump's approach has stunned Washington's allies, raising doubts about the future of U.S. "
    "aid to Kyiv and leaving Europe scrambling to work out how it can fill any gap in supplies.",
    "Earlier on Saturday, Ukraine and Russia swapped prisoners in the fourth such exchange last "
    "week, part of a large-scale plan to bring back 1,000 wounded prisoners from each side.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Putin tells Trump Russia is ready for talks | Example News</title>
<link rel="canonical" href="/world/putin-trump-call">
<meta property="og:title" content="Putin tells Trump Russia is ready for next round of talks">
<meta property="og:site_name" content="Example News">
<meta property="og:image" content="/images/putin.jpg">
<meta name="description"
  content="Moscow is ready for a fresh round of talks with Kyiv, the Kremlin said on Saturday.">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-06-14T18:30:00+02:00">
</head><body>
<header><nav>
<a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a>
</nav></header>
<main><article>
<h1>Putin tells Trump Russia is ready for next round of talks</h1>
<div class="byline">By Jane Doe</div>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
<p>Lesen Sie auch: Kremlin says talks will continue</p>
<div class="share"><a href="#">Share</a> <a href="#">Print</a></div>
</article>
<aside class="related"><h2>Related Articles</h2><ul>
<li><a href="/a">Saudi Arabia deploys THAAD air defence system</a></li>
<li><a href="/b">Sensex and Nifty fall on profit booking</a></li></ul></aside>
<section id="comments"><h2>Comments</h2><p>No comments yet...</p></section>
</main>
<footer><p>© 2025 Example News. All rights reserved.</p><a href="/imprint">Imprint</a></footer>
</body></html>"""


@pytest.fixture(scope="module")
def article():
    return extract_article(PAGE.encode(), URL, "text/html; charset=utf-8")


def test_body_holds_every_paragraph_separated_by_blank_lines(article):
    paragraphs = article.text.split("\n\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in paragraphs


def test_body_leaves_out_navigation_related_comments_and_footer(article):
    for junk in ("Home", "THAAD", "Sensex", "No comments yet", "All rights reserved", "Lesen Sie"):
        assert junk not in article.text


def test_metadata(article):
    assert article.title == "Putin tells Trump Russia is ready for next round of talks"
    assert article.author == "Jane Doe"
    assert article.site_name == "Example News"
    assert article.language == "en"
    assert article.canonical_url == "https://news.example.com/world/putin-trump-call"
    assert article.image_url == "https://news.example.com/images/putin.jpg"
    assert article.description.startswith("Moscow is ready")
    assert article.published == datetime(2025, 6, 14, 16, 30, tzinfo=UTC)


def test_mislabelled_charset_still_extracts():
    page = PAGE.replace("Putin told", "Putin – „der Präsident“ – told")
    article = extract_article(page.encode("cp1252"), URL, "text/html; charset=utf-8")
    assert "„der Präsident“" in article.text


def test_trafilatura_crash_falls_back_to_readability(monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(trafilatura, "bare_extraction", crash)
    article = extract_article(PAGE.encode(), URL)
    assert PARAGRAPHS[0] in article.text
    assert article.title


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"<html><head><title>Login</title></head>"
        b"<body><nav><a href='/'>Home</a></nav></body></html>",
        bytes(range(256)) * 8,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj",
    ],
)
def test_pages_without_article_text_raise(body):
    with pytest.raises(ArticleError):
        extract_article(body, URL)
