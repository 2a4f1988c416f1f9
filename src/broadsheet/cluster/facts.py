"""The content facts of one sentence, in forms that compare across differently worded reports.

- *figures*: numbers with the words around them (see `figures`);
- *names*: capitalised words (people, places, bodies), folded so spelling variants and common
  metonyms meet ("Zelenskiy" = "Zelenskyy", "U.S." = "US" = "United States", "Kremlin" = "Moscow");
  consecutive ones form one *name phrase* ("Yuri Ushakov"), which counts once;
- *weak names*: weekdays and months, which date a sentence but rarely make it news;
- *stems*: the remaining content words, crudely stemmed ("talks", "talked" → "talk");
- *quoted*: whether the sentence carries a quotation.

A sentence's first word is capitalised anyway: it counts as a name only when the same word is
capitalised mid-sentence somewhere in the story (`mid_sentence_names`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from itertools import groupby

from broadsheet.cluster.figures import Figure, find_figures
from broadsheet.cluster.lexicon import (
    CONCEPTS,
    NAME_STOPWORDS,
    STOPWORDS,
    WEAK_NAMES,
    fold_aliases,
    name_key,
    stem,
)

__all__ = ["Facts", "FigureFact", "mid_sentence_names", "sentence_facts", "tokenize"]

# Plain `re`: this runs on every word of every report. [^\W\d_] is a letter in any script.
# Numbers keep what is glued to them ("6th", "12%", "11:57am"): `figures` parses what it can.
_TOKEN = re.compile(
    r"(\$?\d(?:[\d,.:]*\d)?[^\W_]*%?|%|[^\W\d_]+(?:['’](?!s\b)[^\W\d_]+)*)(?:['’]s\b)?"
)
_DOUBLE_QUOTES = '"“”«»'
_SINGLE_QUOTE = re.compile(r"(?:^|\s)['‘]\w|\w[.,?!]?['’](?:\s|$)")
_WINDOW = 5  # content words either side of a figure that describe what it counts


class _Kind(Enum):
    NAME = "name"
    WEAK = "weak"  # a weekday or month
    CONTENT = "content"
    SKIP = "skip"


_SKIPPED = (_Kind.SKIP, "")


@dataclass(frozen=True, slots=True)
class FigureFact:
    """A figure and what it counts: `unit` is the word right after it, `context` the content
    words near it, names left out (stemmed, and mapped to shared concepts: "killed", "dead",
    "toll" → "@death")."""

    figure: Figure
    unit: str
    context: frozenset[str]
    label: str  # how to show it, as written: "12 dead" for counts, "sixth" for ordinals


@dataclass(frozen=True, slots=True)
class Facts:
    """What one sentence says, as comparable keys (see the module docstring)."""

    figures: tuple[FigureFact, ...]
    names: frozenset[str]
    name_phrases: tuple[frozenset[str], ...]
    weak_names: frozenset[str]
    stems: frozenset[str]
    quoted: bool


def tokenize(sentence: str) -> list[str]:
    """The words and numbers of `sentence` as written, possessives cut ("Trump's" → "Trump")."""
    return _TOKEN.findall(fold_aliases(sentence))


def sentence_facts(
    sentence: str, words: Sequence[str], known_names: Collection[str] = frozenset()
) -> Facts:
    """The facts of `sentence` (`words` = `tokenize(sentence)`); `known_names` are name keys
    seen capitalised mid-sentence somewhere in the story."""
    lower = [word.lower() for word in words]
    figures = [_as_label(figure, words) for figure in find_figures(lower)]
    in_figure = {i for figure in figures for i in range(figure.start, figure.end)}
    classes = list(map(_classify, words))
    for i in in_figure:
        classes[i] = _SKIPPED
    first = classes[0] if classes else _SKIPPED
    if first[0] is _Kind.NAME and first[1] not in known_names and not words[0].isupper():
        classes[0] = _classify(lower[0])  # a capitalised first word that is not a name
    phrases = [
        frozenset(key for _, key in run)
        for is_name, run in groupby(classes, key=_is_name_class)
        if is_name
    ]
    return Facts(
        figures=tuple(_figure_fact(figure, words, lower, in_figure) for figure in figures),
        names=frozenset().union(*phrases),
        name_phrases=tuple(phrases),
        weak_names=frozenset(key for kind, key in classes if kind is _Kind.WEAK),
        stems=frozenset(key for kind, key in classes if kind is _Kind.CONTENT),
        quoted=_is_quoted(sentence),
    )


def _is_name_class(word_class: tuple[_Kind, str]) -> bool:
    return word_class[0] is _Kind.NAME


def mid_sentence_names(words: Sequence[str]) -> set[str]:
    """Name keys of the capitalised words after a sentence's first word."""
    capitalised = (_classify(w) for w in words[1:] if w[0].isupper())
    return {key for kind, key in capitalised if kind is _Kind.NAME}


def _is_quoted(sentence: str) -> bool:
    if any(quote in sentence for quote in _DOUBLE_QUOTES):
        return True
    return ("'" in sentence or "‘" in sentence) and _SINGLE_QUOTE.search(sentence) is not None


def _as_label(figure: Figure, words: Sequence[str]) -> Figure:
    """A count right after a name is part of the name: "Boeing 747", "Hwasong 12", "A380"."""
    if figure.kind != "num" or figure.start == 0:
        return figure
    if _classify(words[figure.start - 1])[0] is not _Kind.NAME:
        return figure
    return replace(figure, kind="label", key="label:" + figure.key.partition(":")[2])


@lru_cache(maxsize=1 << 16)
def _classify(word: str) -> tuple[_Kind, str]:
    """What a word is, wherever it stands: a name (and its key), a weekday or month, a content
    word (and its stem) or neither. Cached: a story repeats most of its words."""
    low = word.lower()
    if _looks_capitalised(word, low):
        return (_Kind.WEAK, low) if low in WEAK_NAMES else (_Kind.NAME, name_key(low))
    return (_Kind.CONTENT, stem(low)) if _is_content(low) else (_Kind.SKIP, "")


def _looks_capitalised(word: str, low: str) -> bool:
    if word == "US":  # what `fold_aliases` makes of "U.S.", not the pronoun
        return True
    return word[0].isupper() and low not in NAME_STOPWORDS and low not in STOPWORDS


def _is_content(word: str) -> bool:
    return len(word) > 2 and word not in STOPWORDS and not word[0].isdigit()


def _content_near(words: Sequence[str], indexes: range, in_figure: set[int]) -> list[str]:
    """The stems of the first `_WINDOW` content words at `indexes` (names and numbers skipped)."""
    near: list[str] = []
    for i in indexes:
        kind, key = _classify(words[i])
        if kind is _Kind.CONTENT and i not in in_figure:
            near.append(key)
            if len(near) == _WINDOW:
                break
    return near


def _figure_fact(
    figure: Figure, words: Sequence[str], lower: Sequence[str], in_figure: set[int]
) -> FigureFact:
    next_word = lower[figure.end] if figure.end < len(lower) else ""
    unit = next_word if next_word.isalpha() and next_word not in STOPWORDS else ""
    before = _content_near(words, range(figure.start - 1, -1, -1), in_figure)
    after = _content_near(words, range(figure.end, len(words)), in_figure)
    context = frozenset(CONCEPTS.get(key, key) for key in before + after)
    shown = words[figure.start : figure.end + (figure.kind == "num" and bool(unit))]
    return FigureFact(figure=figure, unit=unit, context=context, label=" ".join(shown))
