"""Where a paragraph quotes someone: the spans between matching quotation marks.

Double quotes count as quotes: curly “…” pairs, and straight "…" paired by the spaces around
each mark (a quote left open runs on into the next paragraph, and is left alone). Single quotes are
also apostrophes ("players’ union", "I’d"), so ‘…’ and '…' count only when they clearly quote:
the opening mark starts the paragraph or follows a space or a dash, and the closing mark follows
`,` `.` `!` `?` or `…` (British style: "‘I’d be over the moon,’ said Locke"); it pairs with the
nearest opening mark before it. A single-quoted span inside a double-quoted one is part of that
quote, not a quote of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

__all__ = ["QuoteSpan", "quote_spans"]


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """`paragraph[start:end]` is the quote with its marks; `inner` is what is between them."""

    start: int
    end: int
    inner: str


_CURLY = regex.compile(r"“([^“”]+)”")
_SINGLE_OPEN = regex.compile(r"(?:^|(?<=[\s(\[—–-]))[‘'](?=[\p{L}\p{N}])")
_SINGLE_CLOSE = regex.compile(r"(?<=[,.!?…])[’'](?=[\s)\]—–-]|$)")


def quote_spans(paragraph: str) -> list[QuoteSpan]:
    """The quotes of `paragraph`, in order, none inside another."""
    doubles = _curly(paragraph) + _straight(paragraph)
    singles = [s for s in _single(paragraph) if not any(_inside(s, d) for d in doubles)]
    spans = sorted(doubles + singles, key=lambda s: s.start)
    return [s for s in spans if not any(_inside(s, o) for o in spans if o is not s)]


def _curly(paragraph: str) -> list[QuoteSpan]:
    return [QuoteSpan(m.start(), m.end(), m.group(1)) for m in _CURLY.finditer(paragraph)]


def _straight(paragraph: str) -> list[QuoteSpan]:
    """Straight double quotes paired by what surrounds each mark: a mark after a space opens,
    one before a space or punctuation closes, one between two words ("jobs."Teresa, text run
    together) does whichever is due. An opening mark while one is open restarts the quote (the
    earlier one ran on past the paragraph)."""
    spans: list[QuoteSpan] = []
    opened: int | None = None
    for mark in (i for i, char in enumerate(paragraph) if char == '"'):
        before = paragraph[mark - 1] if mark else " "
        after = paragraph[mark + 1] if mark + 1 < len(paragraph) else " "
        opens = (before.isspace() or before in "([—–-") and not after.isspace()
        closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-")
        if opened is not None and (closes or not opens):
            spans.append(QuoteSpan(opened, mark + 1, paragraph[opened + 1 : mark]))
            opened = None
        elif opens or not closes:
            opened = mark
    return spans


def _single(paragraph: str) -> list[QuoteSpan]:
    """Each clear closing mark with the nearest opening mark before it (after the last quote)."""
    openings = [m.start() for m in _SINGLE_OPEN.finditer(paragraph)]
    spans: list[QuoteSpan] = []
    last_end = 0
    for closing in _SINGLE_CLOSE.finditer(paragraph):
        before = [i for i in openings if last_end <= i < closing.start()]
        if before:
            start, end = before[-1], closing.end()
            spans.append(QuoteSpan(start, end, paragraph[start + 1 : end - 1]))
            last_end = end
    return spans


def _inside(inner: QuoteSpan, outer: QuoteSpan) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and inner != outer
