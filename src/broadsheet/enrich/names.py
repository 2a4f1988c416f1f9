"""Whether a span of text is a name, and its clean form: edge punctuation, a leading "the", a
possessive, photo credits and leading titles cut off; dates, directions and an institution's
generic word alone ("Ministry") are no names."""

from __future__ import annotations

import re

__all__ = ["clean_name", "lowercase_words", "plausible_name", "untitled"]

_TITLES = {
    *("President", "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Lord", "Lady", "Senator", "Sen"),
    *("Rep", "Gov", "Governor", "General", "Gen", "Prime", "Minister", "Chancellor", "Judge"),
    *("Mayor", "Professor", "Prof", "Vice", "Deputy", "Foreign", "Secretary", "Speaker"),
    *("Ambassador", "Chief", "Commander", "Colonel", "Col", "Lieutenant", "Lt", "Sgt"),
    *("Premier", "Spokesman", "Spokeswoman", "Coach", "Captain", "Rev", "Reverend"),
}
_NOT_NAMES = {
    *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December", "Covid", "Covid-19"),
    *("North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern", "Western"),
    *("UTC", "GMT", "EST", "EDT", "PST", "PDT", "CET", "CEST", "BST"),
    # An institution's generic word alone names none in particular.
    *("State", "Government", "Court", "Parliament", "Ministry", "Council", "Commission"),
    *("Church", "Party", "Police", "Army", "Navy", "University", "Crown"),
}
_CREDITS = {"getty", "shutterstock", "alamy", "afp", "epa", "pool", "images", "photo", "credit"}
_NOT_IN_NAMES = ("\n", "/", "(", ")", " - ", "|", ":", "@")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")
_EDGE_JUNK = " \t'\"‘’“”.,;:!?-–—()[]{}*•|/"


def lowercase_words(text: str) -> set[str]:
    """The words `text` writes in lower case ("authority"): a capitalised one among them there
    is an ordinary word at the start of a sentence, not a name."""
    return set(_LOWER_WORD.findall(text))


def clean_name(text: str) -> str:
    """A span's text without edge punctuation, a leading "the", a possessive or a photo credit;
    empty when it is no name (a line break, a slash or a bracket inside: captions, credits)."""
    if any(mark in text for mark in _NOT_IN_NAMES):
        return ""
    text = text.strip(_EDGE_JUNK)
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"['’]s$|['’]$", "", text)
    words = text.strip(_EDGE_JUNK).split()
    while words and words[0].casefold() in _CREDITS:
        words = words[1:]
    while words and words[-1].casefold() in _CREDITS:
        words = words[:-1]
    if any(word.casefold() in _CREDITS for word in words):
        return ""
    return " ".join(words)


def untitled(name: str) -> str:
    """Leading titles cut off ("Prime Minister Tony Blair" → "Tony Blair"), if a name is left."""
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


def plausible_name(name: str) -> bool:
    words = name.split()
    shouted = len(words) == 1 and len(name) >= 6 and name.isupper()  # "PROBLEM", not "NORAD"
    return (
        0 < len(words) <= 6
        and len(set(words)) == len(words)  # "Equifax Equifax": a caption glued to a name
        and len(name) >= 3
        and not shouted
        and name[0].isupper()
        and not any(c.isdigit() for c in name)
        and name not in _NOT_NAMES
        and not all(w.rstrip(".") in _TITLES for w in words)
    )
