"""Content terms of a sentence, weighted by how rare their words are in English.

The weight of a word is `MAX_ZIPF - zipf` (wordfreq's Zipf scale: "the" is 7.7, "kite" 3.6, an
unknown name 0), so it plays the part of an IDF without a corpus; words at or above `COMMON_ZIPF`
("said", "people", "year") are not content. Terms are keyed by a light stem ("announced",
"announces" → "announc") so inflections match; the weight comes from the surface word. Numbers
are kept apart (`numbers`): they name facts ("12 dead") rather than topics.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from wordfreq import zipf_frequency

__all__ = ["COMMON_ZIPF", "content_terms", "numbers", "rarity", "stem", "words"]

MAX_ZIPF = 7.0
COMMON_ZIPF = 5.5

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)*|\p{N}+(?:[.,]\p{N}+)*")
_POSSESSIVE = regex.compile(r"['’]s?$")
_SUFFIXES = ("ies", "ing", "ed", "es", "s")


def words(text: str) -> list[str]:
    """The words and numbers of `text`, lower-cased, possessives kept on ("zelenskyy's")."""
    return [match.lower() for match in _WORD.findall(text)]


@lru_cache(maxsize=65_536)
def rarity(word: str) -> float:
    """`MAX_ZIPF - zipf(word)`, at least 0: about 1.3 for "said", 7 for a word wordfreq lacks."""
    return max(0.0, MAX_ZIPF - zipf_frequency(word, "en"))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """`word` without a possessive or one common inflection, when at least 3 letters remain."""
    word = _POSSESSIVE.sub("", word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def content_terms(text: str) -> dict[str, float]:
    """Stem → weight (the rarest surface form's) for the uncommon words of `text`."""
    terms: dict[str, float] = {}
    for word in words(text):
        if word[0].isdigit():
            continue
        weight = rarity(word)
        if weight > MAX_ZIPF - COMMON_ZIPF:
            key = stem(word)
            terms[key] = max(weight, terms.get(key, 0.0))
    return terms


def numbers(text: str) -> frozenset[str]:
    """The numbers of `text` as written, without thousands separators ("2,100" → "2100")."""
    return frozenset(word.replace(",", "") for word in words(text) if word[0].isdigit())
