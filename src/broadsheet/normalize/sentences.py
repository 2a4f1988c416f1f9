"""Split English news text into sentences, by rule.

Paragraphs are split on newlines first; inside a paragraph a sentence ends at `.`, `?`, `!` or an
ellipsis, optionally followed by closing quotes or brackets, then whitespace, then a capital letter
or a digit (possibly after an opening quote). What looks like such an end is not one when:

- the full stop belongs to a title that always precedes a name ("Mr.", "Dr.", "Sen.", "St."),
  an initial ("J. K. Rowling", "George W. Bush") or "i.e." / "e.g.";
- it follows an abbreviation used before a number and a number follows ("No. 10", "Jan. 5",
  "Vol. 3");
- it closes an acronym or company suffix ("U.S.", "a.m.", "Inc.") and the next word is not one
  that usually starts a sentence ("the U.S. Senate" stays whole, "… in the U.S. The vote" splits);
- a quotation closes and its attribution follows ("'Why?' Zelenskyy asked.").

Decimals ("1.5"), domain names and lower-case continuations never split, since no space and
capital follow the full stop.
"""

from __future__ import annotations

import regex

__all__ = ["split_sentences"]

_CANDIDATE = regex.compile(
    r"(?P<stop>\.{2,}|…|[.?!]+)(?P<close>[\"'”’»)\]]*)\s+(?=[\"'“‘«(\[]*[\p{Lu}\d])"
)
_OPENERS = "\"'“‘«(["
_NEXT_WORD = regex.compile(r"[\"'“‘«(\[]*(?P<word>[\p{L}\d][\p{L}\d'’-]*)")
_ACRONYM = regex.compile(r"(?:\p{L}{1,2}\.){2,}")  # U.S., a.m., Ph.D., U.K.
_INITIAL = regex.compile(r"\p{Lu}\.")
_ENUMERATION = regex.compile(r"\s*(?:\d{1,2}|\p{L})")
_ATTRIBUTION = regex.compile(
    r"(?:\p{Lu}[\p{L}'’.-]*\s+){1,4}(?:said|says|asked|asks|told|added|adds|wrote|writes"
    r"|tweeted|posted|stated|explained|replied|continued|insisted|noted|warned|recalled"
    r"|declared|shouted|urged)\b(?=\s*(?:[.,;:]|$|on|in|at|to|after|before|during|when))"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Always followed by a name: never the end of a sentence.
_TITLES = _words(
    "mr mrs ms mssrs messrs dr prof sen sens rep reps gov gen lt col sgt capt cmdr cmdt adm maj"
    " rev hon pres supt insp det cpl pvt brig fr st mt ft mme mlle mx sec atty"
)
# Followed by a number when they are abbreviations ("No. 10", "Jan. 5", "pp. 3").
_BEFORE_NUMBER = _words(
    "no nos vol vols p pp art arts fig figs ch chap sec para op ed approx ca tel ext nr"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
)
# May end a sentence, or sit inside one ("Apple Inc. said"): the next word decides.
_AMBIGUOUS = _words("inc corp co ltd llc plc bros jr sr dept univ assn govt intl etc al")
_NEVER_END = _words("i.e. e.g. vs. v. cf. viz.")
# Words that usually open a sentence, so a capitalised one after "U.S." marks a new sentence.
_STARTERS = _words(
    "the a an he she it they we i you this that these those there here his her its their our my"
    " your in on at but and so if when while after before as for with from by to what who why"
    " how where which meanwhile however also some many most all both each no yes not now then"
    " still yet since despite although though earlier later last next one two three four five"
    " other others another such officials police authorities analysts critics"
)


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, in order, stripped; paragraphs (lines) never share a sentence."""
    sentences: list[str] = []
    for line in text.splitlines():
        paragraph = " ".join(line.split())
        if paragraph:
            sentences.extend(_split_paragraph(paragraph))
    return sentences


def _split_paragraph(paragraph: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(paragraph):
        if _is_boundary(paragraph, match, start):
            end = match.start("close") + len(match["close"])
            pieces.append(paragraph[start:end].strip())
            start = match.end()
    pieces.append(paragraph[start:].strip())
    return [piece for piece in pieces if piece]


def _is_boundary(paragraph: str, match: regex.Match[str], start: int) -> bool:
    """Whether the candidate `match` ends the sentence that began at `start`."""
    following = paragraph[match.end() :]
    if _closes_quote(match["close"]) and _ATTRIBUTION.match(following):
        return False
    if match["stop"] != ".":
        return True  # "?", "!", "…" and "..." before a capital
    if _ENUMERATION.fullmatch(paragraph, start, match.start()):
        return False  # "1. The first point"
    token_start = paragraph.rfind(" ", 0, match.start()) + 1
    token = paragraph[token_start : match.start() + 1].lstrip(_OPENERS)
    return _ends_sentence(token, following)


def _ends_sentence(token: str, following: str) -> bool:
    """Whether the full stop closing `token` ends a sentence, given the text after it."""
    word = token.rstrip(".").lower()
    next_word = _NEXT_WORD.match(following)
    starts_number = bool(next_word) and next_word["word"][0].isdigit()
    if token.lower() in _NEVER_END or word in _TITLES or _INITIAL.fullmatch(token):
        return False
    if word in _BEFORE_NUMBER:
        return not starts_number
    if word in _AMBIGUOUS or _ACRONYM.fullmatch(token):
        return not starts_number and _is_starter(next_word)
    return True


def _is_starter(next_word: regex.Match[str] | None) -> bool:
    return next_word is None or next_word["word"].lower() in _STARTERS


def _closes_quote(close: str) -> bool:
    return any(char in "\"'”’»" for char in close)
