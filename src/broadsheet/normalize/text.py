"""The final clean-up of an article body before it is stored, shown or fingerprinted.

Unicode is normalised (NFC, no zero-width or soft-hyphen characters, no control characters),
whitespace collapsed, and every line becomes a paragraph; paragraphs are separated by one blank
line. Lines that are scraping junk are dropped: the page furniture `extract.boilerplate` knows,
plus what aggregator pages leave behind (image-URL fragments such as `&w=3840&q=100)`, bare
URLs, "Hashtags", "Try Our AI Features", "Explore what … AI can do for you:", "No comments
yet...", relative times such as "4 hours ago", "- Outlet name" bylines, cookie notices). A
trailing "Hashtags" / "Comments" / "Related Articles" block is cut off whole.
"""

from __future__ import annotations

import re
import unicodedata

from broadsheet.extract.boilerplate import SECTION_HEADERS, is_boilerplate

__all__ = ["clean_text", "is_junk_line"]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")

_AGGREGATOR_BLOCKS = re.compile(
    r"^\W{0,3}(hashtags|try our ai features|explore what .{0,60}? can do for you\W{0,3}"
    r"|comments|no comments yet\W*|related articles?|related stories|more from .{1,40}"
    r"|you may also like|recommended( for you)?|share this( article| story)?"
    r"|sign up for our newsletter\W*)\W{0,3}$",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(
    r"^\W{0,3}((\d+|an?|one)\s+(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?"
    r"|months?|years?)\s+ago|just now|yesterday|today)\W{0,3}$",
    re.IGNORECASE,
)
_URL_ONLY = re.compile(r"^\W{0,3}(https?://|www\.)\S+$", re.IGNORECASE)
_TOKEN_JUNK = re.compile(r"^[^\s]*[=&?/\\][^\s]*$")  # one token full of URL syntax
_OUTLET_BYLINE = re.compile(
    r"^[-–—•·]\s*(?:[A-Z0-9][\w'’.&-]*|of|the|and|de|la|le)(?:\s+(?:[A-Z0-9][\w'’.&-]*"
    r"|of|the|and|de|la|le)){0,5}$"
)
_COOKIES = re.compile(
    r"\bcookies?\b.*\b(accept|consent|agree|we use|this (web)?site uses|privacy|settings)\b"
    r"|\b(we use|this (web)?site uses|diese website verwendet)\b.*\bcookies?\b",
    re.IGNORECASE,
)
_MIN_CHARS_BEFORE_CUT = 300


def clean_text(text: str) -> str:
    """The body, cleaned: junk lines and any trailing related/comments block removed."""
    lines = [_normalise(line) for line in _normalise_unicode(text).split("\n")]
    lines = _cut_trailing_block([line for line in lines if line])
    kept: list[str] = []
    for line in lines:
        if not is_junk_line(line) and (not kept or kept[-1] != line):
            kept.append(line)
    return "\n\n".join(kept)


def is_junk_line(line: str) -> bool:
    """Whether one line of a body is scraping junk rather than article text."""
    text = line.strip()
    if not text:
        return True
    if _AGGREGATOR_BLOCKS.match(text) or _RELATIVE_TIME.match(text) or _URL_ONLY.match(text):
        return True
    if " " not in text and len(text) > 3 and _TOKEN_JUNK.match(text):
        return True
    if len(text) <= 80 and _OUTLET_BYLINE.match(text):
        return True
    if len(text) <= 300 and _COOKIES.search(text):
        return True
    return is_boilerplate(text)


def _cut_trailing_block(lines: list[str]) -> list[str]:
    """Everything from the first block header on, once some article text precedes it."""
    seen = 0
    for index, line in enumerate(lines):
        is_header = _AGGREGATOR_BLOCKS.match(line) or SECTION_HEADERS.match(line)
        if is_header and seen >= _MIN_CHARS_BEFORE_CUT:
            return lines[:index]
        seen += len(line)
    return lines


def _normalise_unicode(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text.translate(_INVISIBLE))


def _normalise(line: str) -> str:
    return _SPACES.sub(" ", line).strip()
