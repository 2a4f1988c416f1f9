"""Syndicated copies: a second outlet republishes a report as it came over an invented wire.

The copy keeps the whole text, so Broadsheet can fold it into the original ("also published
by"), but has its own headline (the section as a kicker, then the title in headline case), an
agency dateline before the first paragraph ("WASHINGTON (Demo Wire) — …", the place being the
first of a few well-known cities the lead names) and a closing line of its own ("Distributed by
Demo Wire."). It appears an hour after the original. `is_syndicated` picks every tenth article
of a section by its rank from the newest, so about one in ten.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from functools import cache

from broadsheet.demo.corpus import DemoArticle
from broadsheet.demo.sections import SECTIONS

WIRE = "Demo Wire"
TRAILER = f"Distributed by {WIRE}."
EVERY = 10
AT_RANK = 4  # ranks 4, 14, 24 …: a site keeping only each section's newest four has no copies
DELAY = timedelta(hours=1)
LEAD_CHARS = 500  # the dateline names a place only if the lead does
PLACES = (
    "Washington", "New York", "London", "Detroit", "Tokyo", "Paris", "Beijing", "Sydney",
    "Toronto", "Ottawa", "Moscow", "Berlin", "Seattle", "Chicago", "San Francisco", "Cupertino",
    "Toulouse", "Hong Kong", "Mumbai", "Dubai", "Taipei", "Mecca",
)  # fmt: skip
_PLACE = re.compile(r"\b(" + "|".join(re.escape(place) for place in PLACES) + r")\b")
_KICKERS = {section.slug: section.title for section in SECTIONS}
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on"}
    | {"or", "over", "the", "to", "up", "vs", "with"}
)


def is_syndicated(rank: int) -> bool:
    """Whether the article at this rank of its section (0 = newest) goes out on the wire too."""
    return rank % EVERY == AT_RANK


def dateline(article: DemoArticle) -> str:
    """`WASHINGTON (Demo Wire) — `, or `(Demo Wire) — ` when the lead names none of PLACES."""
    found = _PLACE.search(article.text[:LEAD_CHARS])
    place = f"{found.group(1).upper()} " if found else ""
    return f"{place}({WIRE}) — "


def _capitalised(word: str, first: bool) -> str:
    if not word[:1].isalpha() or not word.islower():
        return word  # "GM", "iPod", "$52.5", "'Black"
    if not first and word in _SMALL_WORDS:
        return word
    return word[0].upper() + word[1:]


def headline(article: DemoArticle) -> str:
    """The section as a kicker, then the title in headline case: "GM posts first annual loss"
    → "Autos: GM Posts First Annual Loss"."""
    words = article.title.split(" ")
    cased = " ".join(_capitalised(word, index == 0) for index, word in enumerate(words))
    return f"{_KICKERS.get(article.section, 'News')}: {cased}"


@cache
def syndicated_copy(article: DemoArticle) -> DemoArticle:
    """The article as the wire sends it: same id and credit, new headline, dateline, trailer."""
    first, *rest = article.paragraphs
    text = "\n\n".join([dateline(article) + first, *rest, TRAILER])
    return replace(article, title=headline(article), text=text, published=article.published + DELAY)
