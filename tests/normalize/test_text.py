"""clean_text: the body that is stored never carries scraping junk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from broadsheet.extract.article import extract_article
from broadsheet.normalize.text import clean_text, is_junk_line

REPO = Path(__file__).resolve().parents[2]
SEEDS = (
    Path(os.environ["BROADSHEET_DATA"]).parent / "seeds"
    if os.environ.get("BROADSHEET_DATA")
    else REPO / ".." / "shared" / "seeds"
)
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
needs_seeds = pytest.mark.skipif(
    not SEED_FILES,
    reason=f"seed pages not found in {SEEDS} (evaluation-only data kept outside the repo; "
    "set BROADSHEET_DATA to <shared>/data)",
)

MARKERS = (
    "&w=3840&q=100)",
    "Hashtags",
    "Try Our AI Features",
    "Explore what",
    "No comments yet",
    "Related Articles",
    "hours ago",
    "minutes ago",
)


def _article_and_rest(seed: Path) -> tuple[list[str], list[str]]:
    """The seed's article lines (headline and body) and everything after them."""
    lines = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines()]
    end = lines.index("Hashtags")
    return [line for line in lines[:end] if line], [line for line in lines[end:] if line]


@needs_seeds
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_seed_body_keeps_every_paragraph_and_no_junk(seed):
    article, _ = _article_and_rest(seed)
    cleaned = clean_text(seed.read_text(encoding="utf-8"))
    paragraphs = cleaned.split("\n\n")
    assert paragraphs == article
    for marker in MARKERS:
        assert marker not in cleaned
    assert "Comments" not in paragraphs


BLOCK_HEADERS = {
    "Hashtags",
    "Try Our AI Features",
    "Comments",
    "No comments yet...",
    "Related Articles",
}


def _leftover_shape(line: str) -> bool:
    """Block headers, "- Outlet" bylines, "4 hours ago" times and image-URL fragments."""
    return (
        line in BLOCK_HEADERS
        or line.startswith(("Explore what", "-", "&", "?"))
        or line.endswith(" ago")
    )


@needs_seeds
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_seed_junk_lines_are_junk_one_by_one(seed):
    """Even where no block header announces them, the aggregator's leftovers are recognised."""
    _, rest = _article_and_rest(seed)
    leftovers = [line for line in rest if _leftover_shape(line)]
    assert len(leftovers) >= 8
    for line in leftovers:
        assert is_junk_line(line), line


@needs_seeds
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_seed_as_an_aggregator_page_through_extraction(seed):
    """The seed rebuilt as the page it came from: extraction plus clean-up give the article."""
    article, rest = _article_and_rest(seed)
    headline, body = article[0], article[1:]
    page = (
        f"<html><head><title>{headline}</title></head><body><main><article><h1>{headline}</h1>"
        + "".join(f"<p>{line}</p>" for line in body)
        + "".join(f"<div>{line}</div>" for line in rest)
        + "</article></main></body></html>"
    )
    extracted = extract_article(page.encode(), "https://aggregator.example/article/1")
    cleaned = clean_text(extracted.text)
    for line in body:
        assert line in cleaned.split("\n\n")
    for marker in MARKERS:
        assert marker not in cleaned


def test_unicode_and_whitespace_are_normalised():
    raw = "Cafe\u0301\u200b au\u00a0lait  \t costs\u00ad 5 €.\r\n\r\nSecond\u2060 paragraph.\x07"
    assert clean_text(raw) == "Café au lait costs 5 €.\n\nSecond paragraph."


def test_every_line_is_a_paragraph_and_repeats_collapse():
    assert clean_text("One.\nTwo.\n\n\nTwo.\nThree.") == "One.\n\nTwo.\n\nThree."


@pytest.mark.parametrize(
    "line",
    [
        "&w=3840&q=100)",
        "?auto=format&fit=crop&w=800",
        "https://cdn.example.com/image.jpg",
        "www.example.com/story",
        "4 hours ago",
        "37 minutes ago",
        "an hour ago",
        "Yesterday",
        "- Yomiuri Shimbun",
        "- Time of India",
        "Hashtags",
        "Try Our AI Features",
        "Explore what Daily8 AI can do for you:",
        "No comments yet...",
        "Related Articles",
        "Share this article",
        "Advertisement",
        "Read more",
        "Sign up for our newsletter",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    ],
)
def test_junk_lines(line):
    assert is_junk_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "He said 53,000 Russian soldiers were involved in the Sumy operation.",
        "- Record numbers of migrants have crossed the Channel this year",
        "Trump is likely to hold a call with Zelenskiy on Friday, according to a person familiar.",
        "Four hours ago, the Kremlin said the call had ended.",
        "Cookies and cakes were served at the summit.",
    ],
)
def test_article_lines_are_kept(line):
    assert not is_junk_line(line)


def test_trailing_block_is_cut_only_after_article_text():
    body = "A long enough first paragraph about the talks in Istanbul. " * 6
    text = f"{body}\nRelated Articles\nJapan Times\nU.S.-China trade truce leaves issue unresolved"
    assert clean_text(text) == body.strip()
    early = f"Comments\n{body}"
    assert clean_text(early) == body.strip()
