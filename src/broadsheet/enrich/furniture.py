"""Sentences a reader should never be shown as news: page furniture and fragments.

Extraction leaves some furniture inside paragraphs, where line rules (`normalize.text`) cannot see
it: bylines ("By . Daily Mail Reporter ."), "PUBLISHED: … | UPDATED: …" stamps, "Scroll down for
video" and "Click here" prompts that tabloids glue to a caption, photo credits, sharing prompts.
A sentence is also unfit to stand alone when it is too short to say anything or so long that it
is a caption run into the text (tabloids print captions without a full stop), does not end like
a statement (a question, a "…:" announcing what follows, a heading or caption without a full
stop), starts mid-sentence (lower case), or opens or closes a quotation it does not finish (part
of a multi-sentence quote).
"""

from __future__ import annotations

import re

from broadsheet.normalize.text import is_junk_line

__all__ = [
    "MAX_WORDS",
    "MIN_WORDS",
    "is_caption",
    "is_furniture",
    "needs_context",
    "stands_alone",
]

MIN_WORDS = 5
MAX_WORDS = 50  # longer is a run-on: mostly a caption glued to the text around it

# "By John Smith, CNN", "By . Daily Mail Reporter .": two to six capitalised words, maybe joined
# by "and" (case matters here, so "By Tuesday, officials said …" is news).
_BYLINE = re.compile(
    r"^\W*[Bb]y\s+(?:\.\s*)?[A-Z][\w.'’-]*(?:\s+(?:and\s+)?[A-Z][\w.'’-]*){1,5}\s*(?:[.,|]|$)"
)
_FURNITURE = re.compile(
    r"\b(?:published|updated|last updated)\s*:?\s*\|?\s*\d"
    r"|scroll down for (?:video|more)|click here\b|read more\s*:|watch the video\b"
    r"|\bfollow (?:us|@\w+|\w+ on (?:twitter|x|facebook|instagram))\b|sign up (?:for|to)\b"
    r"|\b(?:photo|image|picture|video)s?\s*(?:credit)?\s*:\s|\bcredit\s*:|\(getty images?\)"
    r"|\bgetty images\b|\(ap photo|^\W*share (?:this|on)\b|\bcomments?\s*\(\d",
    re.IGNORECASE,
)
# Photo captions left in the text: "Braverman (left) and Sunak (right) on October 25, 2022.",
# "The Border Force vessel HMC Searcher on The Solent." A short sentence with a position mark,
# or with no word that can be its finite verb, describes a picture rather than reports news.
_CAPTION_MARK = re.compile(
    r"\((?:left|right|centre|center|pictured|file(?: photo)?|top|bottom|inset)\b[^)]*\)",
    re.IGNORECASE,
)
CAPTION_WORDS = 14
_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|shall"
    r"|should|do|does|did|won't|can't|isn't|wasn't|say|says|said|[a-z]+ed|[a-z]{2,}[^s\W]s)\b"
)
# Openings that lean on the sentence before: fine inside one article's summary, where that
# sentence usually precedes, not in a story summary that mixes articles.
_LEANS_BACK = re.compile(
    r"^\W*(?:he|she|it|they|this|these|those|his|her|its|their|but|and|also|however|meanwhile"
    r"|instead|still|yet|then|there)\b",
    re.IGNORECASE,
)
_OPENING_QUOTES = '"“‘'
_CLOSING_QUOTES = '"”’'


def is_caption(sentence: str) -> bool:
    """Whether `sentence` reads as a photo caption (see `_CAPTION_MARK`, `_FINITE`)."""
    if _CAPTION_MARK.search(sentence):
        return True
    return len(sentence.split()) <= CAPTION_WORDS and _FINITE.search(sentence) is None


def is_furniture(sentence: str) -> bool:
    """Whether `sentence` is page furniture (byline, time stamp, prompt, credit), not news."""
    if _BYLINE.match(sentence) or _FURNITURE.search(sentence):
        return True
    return is_junk_line(sentence)


def stands_alone(sentence: str) -> bool:
    """Whether `sentence` can be shown on its own as a statement of news."""
    text = sentence.strip()
    if not MIN_WORDS <= len(text.split()) <= MAX_WORDS or is_furniture(text) or is_caption(text):
        return False
    bare = text.rstrip(_CLOSING_QUOTES + "')]")
    if not bare.endswith((".", "!", "…")) or not _starts_well(text):
        return False
    return _quotes_balanced(text)


def needs_context(sentence: str) -> bool:
    """Whether `sentence` opens with a pronoun or a connective that points at the one before
    ("He said …", "But the talks …")."""
    return _LEANS_BACK.match(sentence) is not None


def _starts_well(text: str) -> bool:
    first = text.lstrip(_OPENING_QUOTES + "'(")[:1]
    return first.isupper() or first.isdigit()


def _quotes_balanced(text: str) -> bool:
    """Curly quotes open and close in pairs; straight double quotes come in even numbers.
    (Single straight quotes are left alone: they are also apostrophes.)"""
    if text.count('"') % 2:
        return False
    opened = text.count("“") - text.count("”")
    if opened:
        return False
    # ’ is also the apostrophe: only a ‘ without any ’ after it, or a sentence that ends with ’
    # without a ‘ before it, is a quote left open.
    if "‘" in text and "’" not in text[text.index("‘") :]:
        return False
    return not (text.endswith("’") and "‘" not in text)
