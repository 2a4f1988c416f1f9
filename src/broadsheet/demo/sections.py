"""What every demo outlet publishes: its sections, each with a feed in its own format, and teasers.

The formats differ on purpose so that a demo ingest exercises every feed parser: RSS 2.0 with
and without `content:encoded`, RSS 1.0 (RDF), Atom with and without full content, JSON Feed 1.1.
A section's paths are relative to its outlet (`/world/` is `/gazette/world/` at Demo Gazette).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from broadsheet.demo.corpus import DemoArticle

AUTHOR = "Wikinews contributors"
RIGHTS = "Texts: Wikinews contributors, CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/)"
_ABBREVIATIONS = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov", "Gen", "Jr", "Inc", "Co", "No"}
)
_SENTENCE_END = re.compile(r"[.!?][\"”']?(?=\s+[\"“A-Z0-9])")
_TEASER_MIN_WORDS = 8
_TEASER_MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class Section:
    slug: str
    title: str
    description: str
    feed_format: str  # "rss20" | "rss10" | "atom10" | "json11"
    feed_file: str
    full_content: bool  # the feed carries each article's whole body as HTML
    ttl_minutes: int | None = None

    @property
    def path(self) -> str:
        """The section's page, relative to its outlet."""
        return f"/{self.slug}/"

    @property
    def feed_path(self) -> str:
        """The section's feed, relative to its outlet."""
        return f"/{self.slug}/{self.feed_file}"

    @property
    def feed_type(self) -> str:
        """The Content-Type the feed is served with."""
        return FEED_TYPES[self.feed_format]

    @property
    def link_type(self) -> str:
        """The type a `<link rel="alternate">` announces; RSS 1.0 goes as RSS, as sites do."""
        return "application/rss+xml" if self.feed_format == "rss10" else self.feed_type


FEED_TYPES = {
    "rss20": "application/rss+xml",
    "rss10": "application/rdf+xml",
    "atom10": "application/atom+xml",
    "json11": "application/feed+json",
}

SECTIONS: tuple[Section, ...] = (
    Section("world", "World", "News from around the world.", "rss20", "rss.xml", True, 30),
    Section("interviews", "Interviews", "Conversations with people in the news.", "atom10",
            "atom.xml", True),
    Section("apple", "Apple", "Apple, its products and its people.", "rss10", "index.rdf", False),
    Section("aviation", "Aviation", "Airbus, Boeing and the airlines.", "json11", "feed.json",
            True),
    Section("autos", "Autos", "GM, Chrysler, Ford and the car industry.", "rss20", "rss.xml",
            False),
    Section("markets", "Markets", "Stock markets and the economy.", "atom10", "atom.xml", False),
)  # fmt: skip


def section_named(slug: str) -> Section:
    for section in SECTIONS:
        if section.slug == slug:
            return section
    raise KeyError(f"no demo section {slug!r}")


def _is_lead(sentence: str) -> bool:
    return len(sentence.split()) >= _TEASER_MIN_WORDS and sentence.rstrip("\"”'").endswith(
        (".", "!", "?")
    )


def sentences(paragraph: str) -> Iterator[str]:
    """Split at . ! ? before a capital, but not after `Mr.`, `U.S.` or another abbreviation."""
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        word = paragraph[start : match.start()].rsplit(None, 1)[-1] if match.start() > start else ""
        if word in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word):
            continue
        yield paragraph[start : match.end()].strip()
        start = match.end()
    if paragraph[start:].strip():
        yield paragraph[start:].strip()


@cache
def teaser(article: DemoArticle) -> str:
    """The first real sentence of the body: image captions and one-line headings are skipped."""
    candidates = (
        sentence
        for paragraph in article.paragraphs
        if "Image:" not in paragraph
        for sentence in sentences(paragraph)
    )
    first = next((s for s in candidates if _is_lead(s)), None)
    sentence = first or next(iter(sentences(article.paragraphs[0])), article.title)
    if len(sentence) <= _TEASER_MAX_CHARS:
        return sentence
    return sentence[:_TEASER_MAX_CHARS].rsplit(" ", 1)[0] + " …"
