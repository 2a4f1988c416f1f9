"""Numbers in news sentences, as comparable keys: "1,000", "sixth", "two dozen", "12%".

A *figure* is one number as written (one or more words), its kind and its value:

- `ord`: ordinals, written out or not ("sixth", "6th");
- `pct`: percentages ("12%", "0.2 per cent", "five percent");
- `year`: 1900–2099 written as digits;
- `date`: a day of the month after a month name ("June 22");
- `time`: a clock time ("2100 GMT", "6 am"; "11:57am" is no figure at all);
- `label`: a number that is part of a name ("Boeing 747", "Hwasong 12"), set by `facts`;
- `num`: every other cardinal ("1,000", "$2.7 billion", "two dozen", "53,000").

"one" alone is not a figure: it is more often a pronoun ("no one", "one of the people") than a
count. Vague plurals ("dozens", "hundreds") are not figures either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.cluster.lexicon import MONTHS

__all__ = ["Figure", "find_figures"]

_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "mln": 1_000_000,
    "billion": 1_000_000_000, "bn": 1_000_000_000, "trillion": 1_000_000_000_000,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "hundredth": 100,
}  # fmt: skip
_PERCENT = frozenset({"percent", "pct", "%"})
_CLOCK = frozenset(
    {"am", "pm", "gmt", "utc", "edt", "est", "cdt", "cst", "pdt", "pst", "bst", "cet", "cest"}
    | {"jst", "kst", "ist", "et", "pt", "hrs", "hours"}
)
_DIGIT_START = frozenset("0123456789$")
_GLUED_SCALE = re.compile(r"([\d,.:]*)([^\W\d_]*)")  # "44million" → ("44", "million")
_GLUED_SCALES = {**_SCALES, "k": 1_000}  # "15K"
_WORD_START = frozenset(_ORDINALS) | frozenset(_UNITS) | frozenset(_TENS) | {"a", "one"}


@dataclass(frozen=True, slots=True)
class Figure:
    """One number in a sentence: `key` compares values ("ord:6", "num:24"), `kind` is one of
    the kinds above, and `start`/`end` locate its words in the sentence."""

    key: str
    kind: str
    start: int  # index of its first token in the sentence's token list
    end: int  # index after its last token


def find_figures(words: Sequence[str]) -> list[Figure]:
    """The figures among a sentence's lower-cased word tokens, in order."""
    if _WORD_START.isdisjoint(words) and not any(w[0] in _DIGIT_START for w in words):
        return []  # most sentences: no number at all
    figures: list[Figure] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word[0] not in _DIGIT_START and word not in _WORD_START:
            index += 1
            continue
        figure = _figure_at(words, index)
        if figure is None:
            index += 1
        else:
            figures.append(figure)
            index = figure.end
    return figures


def _figure_at(words: Sequence[str], index: int) -> Figure | None:
    word = words[index]
    if word in _ORDINALS or _is_digit_ordinal(word):
        value = _ORDINALS.get(word) or int(word[:-2])
        return _make("ord", value, index, index + 1)
    if word[0].isdigit() or word[0] == "$":
        return _digits_at(words, index)
    if word in _UNITS or word in _TENS or (word in {"a", "one"} and _next(words, index) in _SCALES):
        return _spelled_at(words, index)
    return None


def _digits_at(words: Sequence[str], index: int) -> Figure | None:
    raw = words[index].lstrip("$")
    glued = _GLUED_SCALE.fullmatch(raw.rstrip("%"))
    number = _parse_number(glued[1]) if glued else None
    if glued is None or number is None or (glued[2] and glued[2] not in _GLUED_SCALES):
        return None  # "11:57am", "3d4" and the like
    number *= _GLUED_SCALES.get(glued[2], 1)
    end = index + 1
    if _next(words, index) in _SCALES:
        number *= _SCALES[words[index + 1]]
        end += 1
    if raw.endswith("%") or _percent_words(words, end):
        return _make("pct", number, index, end + _percent_words(words, end))
    if index > 0 and words[index - 1] in MONTHS and number <= 31 and "." not in raw:
        return _make("date", number, index, end)
    if _next(words, end - 1) in _CLOCK:
        return _make("time", number, index, end + 1)
    if raw.isdigit() and len(raw) == 4 and 1900 <= number < 2100:
        return _make("year", number, index, end)
    return _make("num", number, index, end)


def _spelled_at(words: Sequence[str], index: int) -> Figure | None:
    """Numbers written out: "two", "twenty five" (hyphens are split), "twenty first" (an
    ordinal), "two dozen", "a million"."""
    value, end = (1.0, index + 1) if words[index] in {"a", "one"} else (0.0, index)
    if end == index:
        if words[end] in _TENS:
            value, end = _TENS[words[end]], end + 1
            following = _next(words, end - 1)
            if following in _UNITS:
                value, end = value + _UNITS[following], end + 1
            elif _ORDINALS.get(following, 10) < 10:
                return _make("ord", value + _ORDINALS[following], index, end + 1)
        else:
            value, end = _UNITS[words[end]], end + 1
    while end < len(words) and words[end] in _SCALES:
        value, end = value * _SCALES[words[end]], end + 1
    if _percent_words(words, end):
        return _make("pct", value, index, end + _percent_words(words, end))
    return _make("num", value, index, end)


def _make(kind: str, value: float, start: int, end: int) -> Figure:
    return Figure(key=f"{kind}:{value:g}", kind=kind, start=start, end=end)


def _parse_number(raw: str) -> float | None:
    if raw.count(",") and all(len(group) == 3 for group in raw.split(",")[1:]):
        raw = raw.replace(",", "")
    try:
        return float(raw)
    except ValueError:
        return None


def _is_digit_ordinal(word: str) -> bool:
    return len(word) > 2 and word[:-2].isdigit() and word[-2:] in {"st", "nd", "rd", "th"}


def _percent_words(words: Sequence[str], end: int) -> int:
    """How many words after a number say "percent": 0, 1 ("%", "percent") or 2 ("per cent")."""
    if end < len(words) and words[end] in _PERCENT:
        return 1
    return 2 if tuple(words[end : end + 2]) == ("per", "cent") else 0


def _next(words: Sequence[str], index: int) -> str:
    return words[index + 1] if index + 1 < len(words) else ""
