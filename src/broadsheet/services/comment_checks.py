"""The automatic checks that hold a new comment for a moderator instead of showing it.

A held comment is not refused: its author still sees it (marked "awaiting moderation") and a
moderator approves or hides it. The checks look for likely spam (many links, the same text
again, a brand-new account posting fast) and likely abuse (a word on the admins' list, or the
optional classifier's verdict). `hold_reasons` is pure; only `classifier_flags` does I/O, through
the fetcher, so the SSRF guard and timeouts apply to the classifier's URL as to any other.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from broadsheet.community import Account, Comment
from broadsheet.errors import FetchError
from broadsheet.fetch import Fetcher
from broadsheet.services.comment_markup import RenderedComment

__all__ = [
    "MAX_LINKS",
    "NEW_ACCOUNT",
    "REPEAT_WINDOW",
    "Posting",
    "blocked_word",
    "classifier_flags",
    "hold_reasons",
    "word_key",
]

log = logging.getLogger(__name__)

MAX_LINKS = 3  # more links than this in one comment is held
NEW_ACCOUNT = timedelta(hours=1)  # an account younger than this is "brand-new"
NEW_ACCOUNT_BURST = 3  # … and holds its comments once it has posted this many in FAST_WINDOW
FAST_WINDOW = timedelta(minutes=10)
REPEAT_WINDOW = timedelta(days=1)  # the same text again within this is held
MIN_REPEAT_CHARS = 20  # "Thanks!" twice is not spam

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Posting:
    """What the checks look at: the comment, its author, the author's comments within
    REPEAT_WINDOW (newest first, not this one), the blocked-word list, and the time."""

    comment: RenderedComment
    author: Account
    recent: Sequence[Comment]
    blocked_words: Sequence[str]
    now: datetime


def hold_reasons(posting: Posting) -> list[str]:
    """Why to hold this comment; empty when none of the checks objects."""
    body = posting.comment.body
    reasons = []
    if link_heavy(body, posting.comment.links):
        reasons.append("link-heavy")
    if repeats(body, posting.recent):
        reasons.append("repeats a recent comment")
    if new_and_fast(posting.author, posting.recent, posting.now):
        reasons.append("a brand-new account posting fast")
    word = blocked_word(body, posting.blocked_words)
    if word is not None:
        reasons.append(f"blocked word: {word}")
    return reasons


def link_heavy(body: str, links: int) -> bool:
    """More than MAX_LINKS links, or addresses making up over half of the text."""
    urls = _URL.findall(body)
    if max(links, len(urls)) > MAX_LINKS:
        return True
    text_chars = sum(1 for ch in body if not ch.isspace())
    return bool(urls) and sum(len(u) for u in urls) * 2 > text_chars


def repeats(body: str, recent: Sequence[Comment]) -> bool:
    key = word_key(body)
    if len(key) < MIN_REPEAT_CHARS:
        return False
    return any(word_key(c.body) == key for c in recent)


def new_and_fast(author: Account, recent: Sequence[Comment], now: datetime) -> bool:
    if now - author.created_at >= NEW_ACCOUNT:
        return False
    fast = [c for c in recent if now - c.created_at < FAST_WINDOW]
    return len(fast) >= NEW_ACCOUNT_BURST


def blocked_word(body: str, words: Sequence[str]) -> str | None:
    """The first listed word (or phrase) the body contains as a whole word, in any case and
    through invisible joiners, full-width letters and accents; None when there is none."""
    text = word_key(body)
    for word in words:
        key = word_key(word)
        if key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text):
            return word
    return None


def word_key(text: str) -> str:
    """Text as the word check compares it: compatibility forms folded (ｉｄｉｏｔ → idiot),
    case folded, accents and every format character (zero-width joiners too) dropped, and
    runs of white space made one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = (ch for ch in decomposed if unicodedata.category(ch) not in ("Mn", "Cf"))
    return " ".join("".join(kept).split())


def classifier_flags(fetcher: Fetcher, url: str, text: str) -> bool:
    """Whether the classifier at `url` answers {"abusive": true} for `text`. A classifier that
    fails, or answers anything else, never holds a comment (nor stops it): that is logged."""
    body = json.dumps({"text": text}).encode()
    try:
        answer = fetcher.post(url, body, {"Accept": "application/json"})
        verdict = json.loads(answer.body)
    except (FetchError, ValueError) as exc:
        log.warning("moderation classifier failed url=%s error=%s; comment not held", url, exc)
        return False
    if not isinstance(verdict, dict) or not isinstance(verdict.get("abusive"), bool):
        log.warning("moderation classifier url=%s answered without an abusive flag", url)
        return False
    return bool(verdict["abusive"])
