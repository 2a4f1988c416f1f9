"""What kind of answer a question asks for, and whether a sentence holds one.

"Who …" wants a person, "when …" a time, "how many / how much …" a quantity, "where …" a place.
Sentences are checked by their surface: a time is a weekday, a month, a year, "yesterday", a
clock time; a quantity is a number in digits or words; a person is a run of two or more
capitalised words or a name after a title ("Mr Locke"); a place is a capitalised word after
"in", "at", "near", "from" or "outside". Persons and places are guessed loosely, so they only
favour a sentence; times and quantities are required (a sentence with no number does not say
how many).
"""

from __future__ import annotations

from enum import StrEnum

import regex

from broadsheet.enrich.speakers import NAME, read_name

__all__ = ["Cue", "has_cue", "question_cue"]


class Cue(StrEnum):
    NONE = ""
    PERSON = "person"
    TIME = "time"
    QUANTITY = "quantity"
    PLACE = "place"


REQUIRED = frozenset({Cue.TIME, Cue.QUANTITY})

_QUESTION = (
    (regex.compile(r"^\W*(?:who|whom|whose)\b", regex.I), Cue.PERSON),
    (regex.compile(r"^\W*(?:when|what (?:time|day|date|year|month))\b", regex.I), Cue.TIME),
    (regex.compile(r"^\W*how (?:many|much|long|old|far)\b", regex.I), Cue.QUANTITY),
    (regex.compile(r"^\W*(?:where|in what (?:place|city|country))\b", regex.I), Cue.PLACE),
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_TIME = regex.compile(
    rf"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:{_MONTHS})\b\.?\s*\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b|(?:January|February|March|April|June|July"
    r"|August|September|October|November|December)\b|(?:1[89]|20)\d\d\b|yesterday|today"
    r"|tonight|tomorrow|last (?:week|month|year|night)|\d+ (?:days?|weeks?|months?|years?) ago"
    r"|\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.))",
    regex.IGNORECASE,
)
_QUANTITY = regex.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty"
    r"|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|half|double|triple)\b",
    regex.IGNORECASE,
)
_PLACE = regex.compile(r"\b(?:in|at|near|from|outside|to)\s+(?:the\s+)?\p{Lu}\p{L}+")
_NAME_RUN = regex.compile(NAME)


def question_cue(question: str) -> Cue:
    """The kind of answer `question` asks for (Cue.NONE for "what", "why", yes/no …)."""
    for pattern, cue in _QUESTION:
        if pattern.search(question):
            return cue
    return Cue.NONE


def has_cue(sentence: str, cue: Cue) -> bool:
    """Whether `sentence` holds the kind of thing `cue` asks for."""
    if cue is Cue.TIME:
        return _TIME.search(sentence) is not None
    if cue is Cue.QUANTITY:
        return _QUANTITY.search(sentence) is not None
    if cue is Cue.PLACE:
        return _PLACE.search(sentence) is not None
    if cue is Cue.PERSON:
        return any(_is_person(run) for run in _NAME_RUN.findall(sentence))
    return True


def _is_person(run: str) -> bool:
    found = read_name(run)
    return found is not None and (found.titled or len(found.name.split()) > 1)
