"""Derived syndication variants of real articles: known copies and known non-copies.

From each original body (BBC 2005, CNN/DailyMail, XSum) come four copies, as outlets republish
wire text, and two rewrites, as an outlet updates a story:

- `retitled`: a new headline and re-typeset text (straight quotes, plain dashes, single line
  breaks); the headline is not part of the body, so the body differs only in typography;
- `trimmed`: the last paragraph cut;
- `boilerplate`: an outlet's furniture around the text (a byline or "Advertisement" line on top;
  a footer, syndication notice or related-links lines below), some of it phrasing that no
  pattern knows;
- `dateline`: an agency dateline in front ("LONDON (Reuters) - ") and its credit line below;
- `rewrite-added` (not a copy): 2–3 paragraphs of another article of the same category put in
  at random places, as an update adds new quotes and figures;
- `rewrite-replaced` (not a copy): half of the paragraphs replaced by another article's.

The corpora keep no news-style paragraphs (CNN/DM and XSum bodies are one block; BBC bodies
are ~4 blocks of several sentences each), so every original is first re-paragraphed into
paragraphs of 1–3 sentences, the usual shape of wire copy, and that text is the original.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["COPY_KINDS", "REWRITE_KINDS", "Original", "Variant", "derive", "news_paragraphs"]

COPY_KINDS = ("original", "retitled", "trimmed", "boilerplate", "dateline")
REWRITE_KINDS = ("rewrite-added", "rewrite-replaced")

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s*(?=[A-Z\"“‘])")
_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})

_HEADERS = (
    "Advertisement",
    "By Staff Reporter",
    "By Our Correspondent",
    "Published 3 hours ago",
    "Share this article",
    "Listen to this article",
)
_FOOTERS = (
    "This article was generated from an automated news agency feed without modifications to text.",
    "(This story has not been edited by our staff and is auto-generated from a syndicated feed.)",
    "Copyright 2024 The Daily Courier. All rights reserved.",
    "For more news and videos, visit our website and download the app.",
    "Have a story tip? Email our newsroom at tips@example.com.",
    "Follow The Daily Courier on Twitter and Facebook for the latest updates.",
    "Sign up for our morning newsletter to get the day's top stories.",
    "Get the latest headlines delivered to your inbox every morning.",
    "Our journalism depends on readers like you. Please consider supporting us.",
)
_DATELINES = (
    ("LONDON (Reuters) - ", "(Reporting by Kate Holton; Editing by Mark Potter)"),
    ("WASHINGTON (AP) — ", "Associated Press writer Lisa Mascaro contributed to this report."),
    ("(Bloomberg) -- ", "—With assistance from Alex Morales."),
    ("PARIS, Jan 12 (AFP) - ", "© AFP 2024"),
    ("NEW DELHI, Jan 12 (PTI) ", "PTI ABC DEF"),
)


@dataclass(frozen=True, slots=True)
class Original:
    id: str
    title: str
    text: str
    category: str


@dataclass(frozen=True, slots=True)
class Variant:
    """One derived document; `group` is shared by copies of one original, unique otherwise."""

    id: str
    kind: str
    group: int
    title: str
    text: str


def news_paragraphs(text: str, rng: random.Random) -> list[str]:
    """The body's sentences regrouped into paragraphs of 1–3 sentences."""
    sentences = [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]
    paragraphs: list[str] = []
    while sentences:
        take = rng.choice((1, 2, 2, 3))
        paragraphs.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    return paragraphs


def derive(originals: Sequence[Original], rng: random.Random) -> list[Variant]:
    """Four copies and two rewrites of each original, plus the original itself."""
    paragraphs = {o.id: news_paragraphs(o.text, rng) for o in originals}
    by_category: dict[str, list[Original]] = {}
    for original in originals:
        by_category.setdefault(original.category, []).append(original)
    variants: list[Variant] = []
    for group, original in enumerate(originals):
        mine = paragraphs[original.id]
        donor = _donor(original, by_category[original.category], rng)
        variants += _copies(original, mine, group, rng, [o.title for o in originals])
        variants += _rewrites(original, mine, paragraphs[donor.id], len(originals) + 2 * group, rng)
    return variants


def _copies(
    original: Original, paras: list[str], group: int, rng: random.Random, titles: list[str]
) -> list[Variant]:
    prefix, credit = rng.choice(_DATELINES)
    related = [f"Related: {t}" for t in rng.sample(titles, 2)]
    header = rng.sample(_HEADERS, rng.randint(0, 1))
    footer = rng.sample(_FOOTERS, rng.randint(1, 2)) + related[: rng.randint(0, 2)]
    bodies = {
        "original": _join(paras),
        "retitled": "\n".join(paras).translate(_TYPOGRAPHY),
        "trimmed": _join(paras[:-1]),
        "boilerplate": _join([*header, *paras, *footer]),
        "dateline": _join([prefix + paras[0], *paras[1:], credit]),
    }
    titles_by_kind = {"retitled": f"{original.title}: what we know"}
    return [
        Variant(
            f"{original.id}#{kind}", kind, group, titles_by_kind.get(kind, original.title), body
        )
        for kind, body in bodies.items()
    ]


def _rewrites(
    original: Original, paras: list[str], donor: list[str], group: int, rng: random.Random
) -> list[Variant]:
    added = list(paras)
    for paragraph in rng.sample(donor, min(len(donor), rng.randint(2, 3))):
        added.insert(rng.randint(1, len(added)), paragraph)
    replaced = list(paras)
    for index in rng.sample(range(len(paras)), len(paras) // 2):
        replaced[index] = rng.choice(donor)
    return [
        Variant(
            f"{original.id}#rewrite-added", "rewrite-added", group, original.title, _join(added)
        ),
        Variant(
            f"{original.id}#rewrite-replaced",
            "rewrite-replaced",
            group + 1,
            original.title,
            _join(replaced),
        ),
    ]


def _donor(original: Original, same_category: list[Original], rng: random.Random) -> Original:
    while True:
        donor = rng.choice(same_category)
        if donor.id != original.id:
            return donor


def _join(paragraphs: Sequence[str]) -> str:
    return "\n\n".join(paragraphs)
