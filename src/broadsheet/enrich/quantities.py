"""The numbers a text states, as values the guard can compare: "6" is "six" is "sixth".

A *quantity* is one number as written, with the values it may mean: "1,000" and "one thousand"
mean 1000, "$5bn" and "5 billion" 5,000,000,000, "12%" and "12 per cent" 12, "6th" and "sixth"
6, "20kg" and "9pm" 20 and 9. "5m" may be five metres or five million, so it means either.
Digits after a letter ("G20", "A380") are part of a name, not a quantity.

`mentions` lists the quantities of a sentence that a claim must back; "one" and "first" alone are
left out there (they are mostly a pronoun, "one of the …", and "earliest", "the first time"),
while `values` of a source text includes them, so "1" in a sentence is backed by "one".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

__all__ = ["Quantity", "mentions", "values"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "hundredth": 100, "thousandth": 1000,
}  # fmt: skip
_MULTIPLIERS = {"dozen": 12, "hundred": 100}
_SCALES = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "bn": 10**9, "mn": 10**6, "mln": 10**6, "k": 10**3,
}  # fmt: skip
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_ORDINALS) | frozenset(_MULTIPLIERS)
_NUMBER_WORDS |= frozenset(_SCALES) - {"k", "bn", "mn", "mln"}
_VAGUE = frozenset({"one", "first"})  # alone in a sentence: no claim to check

_DIGITS = regex.compile(
    r"(?<![\p{L}\p{N}.,])(?P<currency>[$£€¥]\s?)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<glued>\p{L}{1,8})|\s?(?P<scale>thousand|million|billion|trillion|bn|mn|mln|m)\b)?"
    r"(?![\p{L}\p{N}])",
    regex.IGNORECASE,
)
_WORD = regex.compile(r"\p{L}+")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number as written (`text`) and the values it may mean."""

    text: str
    values: frozenset[Decimal]


def mentions(text: str) -> list[Quantity]:
    """The quantities a sentence states, in order, without a lone "one" or "first"."""
    return [q for q in _quantities(text) if q.text.lower() not in _VAGUE]


def values(text: str) -> frozenset[Decimal]:
    """Every value any quantity of `text` may mean."""
    return frozenset(v for q in _quantities(text) for v in q.values)


def _quantities(text: str) -> Iterator[Quantity]:
    for match in _DIGITS.finditer(text):
        found = _digit_values(match)
        if found:
            yield Quantity(match.group().strip(), found)
    # Digits are blanked so "2 million" is not read again as the word "million".
    yield from _spelled(_DIGITS.sub(" ", text))


def _digit_values(match: regex.Match[str]) -> frozenset[Decimal]:
    """The value of digits and what is glued or next to them: a scale ("5bn", "2 million"),
    or a unit, an ordinal ending or a clock suffix, which leave it alone ("20kg", "6th", "9pm").
    "m" may be million or metres, so "5m" means either."""
    try:
        base = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:
        return frozenset()
    unit = (match["glued"] or match["scale"] or "").lower()
    if unit == "m":
        return frozenset({base, base * 10**6})
    return frozenset({base * _SCALES.get(unit, 1)})


def _spelled(text: str) -> Iterator[Quantity]:
    """Numbers written out: "twenty-five", "two hundred and fifty", "sixth", "a million"."""
    words = [w.lower() for w in _WORD.findall(text)]
    index = 0
    while index < len(words):
        if words[index] not in _NUMBER_WORDS:
            index += 1
            continue
        end, value = _read_number(words, index)
        yield Quantity(" ".join(words[index:end]), frozenset({Decimal(value)}))
        index = end


def _read_number(words: list[str], start: int) -> tuple[int, int]:
    """The end of the number-word run at `start`, and its value."""
    total = current = 0
    index = start
    while index < len(words):
        word = words[index]
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _ORDINALS and (index == start or current % 10 == 0):  # "twenty-first"
            return index + 1, total + current + _ORDINALS[word]
        elif word in _MULTIPLIERS:
            current = (current or 1) * _MULTIPLIERS[word]
        elif word in _SCALES and word not in {"k", "bn", "mn", "mln"}:
            total, current = total + (current or 1) * _SCALES[word], 0
        elif not (word == "and" and index > start and _next(words, index) in _UNITS):
            break
        index += 1
    return index, total + current


def _next(words: list[str], index: int) -> str:
    return words[index + 1] if index + 1 < len(words) else ""
