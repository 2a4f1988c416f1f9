"""Keyphrases for hashtags: yake's best phrases of an article that can stand as a tag.

yake reads the headline and the opening `max_chars` of the body (the opening carries the
subject, and yake's cost grows with length). A phrase is kept only when:

- the body uses it at least twice (a single word three times), counting the headline once;
- it names no entity already known (`taken`: no "Putin call" beside "Vladimir Putin");
- it is not generic: no "#Tuesday", "#Said", "#People", "#Year", month, number or reporting
  word, no lone everyday word ("website"), no fragment of a longer name yake cut
  ("Jones Industrial Average"), no phrase opened by "official", "countless", "latest" ….
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import Any

from broadsheet.enrich.gazetteer import fold
from broadsheet.enrich.packages import package_version

__all__ = ["EVERYDAY", "Keyphrase", "KeyphraseFinder", "plain"]

log = logging.getLogger(__name__)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NEVER = _wordset(  # a phrase holding one of these words is no tag
    """
    said says say saying told tells asked added according reported reports reporting
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november
    december week weeks month months year years day days night morning evening
    news reporter reporters correspondent editing editor writing contributed photo
    photos image images getty copyright click subscribe newsletter video watch
    percent cent mr mrs ms dr per via etc last next ago earlier later recent
    million billion thousand hundred dozen people caption hide share shares print
    won win wins lost lose made make took take got get set put come came went going
    miles mile pounds kilometres kilometers metres meters feet dollars euros
    interview interviews interviewed found one two three four five six seven eight nine ten
    eleven twelve twenty thirty forty fifty dozens hundreds thousands millions billions
    """
)
_LEADING = _wordset(  # words a phrase does not start with: "countless flowers", "official Galaxy"
    """
    official countless shocking several many other various potential possible latest
    big huge top key main major new old whole entire current former alleged local hot
    combined merged certain such own next best worst early late full real lowest highest
    largest biggest smallest greatest longest fastest strongest weakest single-day buy sell
    """
)
_GENERIC = _wordset(  # a phrase made of these words alone is no tag
    """
    people person man men woman women time times thing things way ways world country
    countries government official officials statement report part place number group
    company firm leader leaders president prime minister spokesman spokeswoman
    call calls end start lot lots case issue issues new old big small high low long
    good bad great major first second third last final home public plan plans
    deal talks point side sides move news story area areas city state states
    question questions decision situation problem problems change changes result
    member members team support help use work life family child children
    percent rise fall increase decrease level levels figure figures rate rates future
    process national claim claims order orders gain gains fear fears market markets
    """
)
EVERYDAY = 4.5  # Zipf frequency from which a lone lowercase word is too common to be a tag
_WORDS = re.compile(r"[\w'’-]+")


@dataclass(frozen=True, slots=True)
class Keyphrase:
    """A phrase as the article writes it, its uses (the headline counted once) and yake's rank."""

    label: str
    uses: int
    rank: int
    headlined: bool

    @property
    def words(self) -> int:
        return len(self.label.split())


class KeyphraseFinder:
    """yake, made once and filtered as the module docstring says; `version` names yake's."""

    def __init__(self, *, max_chars: int = 1500) -> None:
        self.max_chars = max_chars
        self.version = f"yake-{package_version('yake')}"
        self._yake: Any = None
        self._lock = threading.Lock()

    def find(self, title: str, body: str, taken: Container[str]) -> list[Keyphrase]:
        """The body's keyphrases in yake's order; none when yake is not installed."""
        extractor = self._extractor()
        if extractor is None:
            return []
        found = extractor.extract_keywords(f"{title}.\n{body[: self.max_chars]}")
        text, head = plain(body), plain(title)
        written = " " + " ".join(_WORDS.findall(fold(body))) + " "  # case kept
        out = []
        for rank, (phrase, _) in enumerate(found):
            words = [w.casefold() for w in _WORDS.findall(phrase)]
            if not words or not _acceptable(words) or any(w in taken for w in words):
                continue
            joined = " ".join(words)
            label = _label(phrase, written)
            if _truncated(joined, text, extractor.stopword_set) or _everyday(label):
                continue
            headlined = f" {joined} " in head
            uses = text.count(f" {joined} ") + headlined
            if uses >= (2 if len(words) > 1 else 3) and f" {joined} " in text:
                out.append(Keyphrase(label, uses, rank, headlined))
        return out

    def _extractor(self) -> Any:
        """yake's extractor, made once; None (keyphrases skipped) when yake is not installed."""
        with self._lock:
            if self._yake is None:
                try:
                    import yake
                except ImportError:
                    log.warning("yake is not installed (pip install yake): tags without keyphrases")
                    self._yake = False
                else:
                    self._yake = yake.KeywordExtractor(lan="en", n=3, top=30, dedup_lim=0.8)
            return self._yake or None


def _acceptable(words: Sequence[str]) -> bool:
    """Not generic, no number, no verb-like single word ("removed", "finally"), no phrase
    opened or closed by a participle ("experienced issues", "eyes peeled") or joining two
    things ("mathematician and writer")."""
    if len(words) == 1 and (len(words[0]) < 4 or words[0].endswith(("ed", "ly", "ing"))):
        return False
    if len(words) > 1 and (words[0].endswith("ed") or words[-1].endswith("ed")):
        return False
    if {"and", "or"} & set(words):
        return False
    return (
        len(words) <= 3
        and words[0] not in _LEADING
        and not any(any(c.isdigit() for c in w) or w in _NEVER for w in words)
        and not all(w in _GENERIC for w in words)
        and all(len(w) > 2 for w in words)
    )


def _everyday(phrase: str) -> bool:
    """A single lowercase word as common as "website" or "search" (a Zipf frequency of
    `EVERYDAY` or more in wordfreq's English): it says little on its own, unlike "stampede"."""
    if " " in phrase or phrase != phrase.lower():
        return False
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return False
    return zipf_frequency(phrase, "en") >= EVERYDAY


def _truncated(plain: str, text: str, stopwords: Container[str]) -> bool:
    """Whether every use of a phrase has the same content word before it or after it: yake cut
    a longer name ("Jones Industrial Average" of "Dow Jones Industrial Average")."""
    needle = f" {plain} "
    uses = _find_all(text, needle)
    if len(uses) < 2:
        return False
    before = {(text[max(i - 40, 0) : i + 1].split() or [""])[-1] for i in uses}
    after = {(text[i + len(needle) - 1 : i + len(needle) + 40].split() or [""])[0] for i in uses}
    same = [next(iter(words)) for words in (before, after) if len(words) == 1]
    return any(_content(word, stopwords) for word in same)


def _find_all(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start >= 0:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def _content(word: str, stopwords: Container[str]) -> bool:
    return word.isalpha() and word not in stopwords and word not in _NEVER


def plain(text: str) -> str:
    """Casefolded words separated by single spaces, padded: for whole-word `in` tests."""
    return " " + " ".join(w.casefold() for w in _WORDS.findall(fold(text))) + " "


def _label(phrase: str, words: str) -> str:
    """The phrase lowercased when the text writes it so ("Interest rates" at a sentence start),
    else as written ("World Cup"). `words`: the text's words, space-separated and padded."""
    lower = phrase.lower()
    return lower if f" {lower} " in words else phrase
