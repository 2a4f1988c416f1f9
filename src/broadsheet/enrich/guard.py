"""The guard: a generated sentence may state only what the sentences it cites state.

`check(sentence, sources)` passes a sentence when

- every number in it is a number of the sources, compared by value (`enrich.quantities`:
  "6" is "six" and "sixth", "1,000" is "1000", "$5m" is "5 million");
- every month and weekday it names is named in the sources (a year is a number);
- every name in it is in the sources. A name is a capitalised word that does not open the
  sentence (an opening word counts when it is rare in English), or any word rare in English,
  which finds names in lower-cased text too. Names compare without case, accents, dots or a
  possessive ("U.S." is "US", "Locke's" is "Locke"); a demonym matches its country ("Ukrainian"
  – "Ukraine", "British" – "Britain"), and an acronym the capitalised words it stands for;
- at least `MIN_OVERLAP` of its content words are in the sources, by a crude stem.

It knows no meaning: a negation, or a subject swapped with an object, passes. It is strict where
a small model is weakest (numbers, names, dates), deterministic, and cheap: no model, no I/O.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex
import wordfreq

from broadsheet.enrich import quantities

__all__ = ["GUARD_VERSION", "MIN_OVERLAP", "Evidence", "Verdict", "check", "check_translation"]

GUARD_VERSION = "guard/1"
MIN_OVERLAP = 0.5  # share of a sentence's content words that its sources must hold
RARE_ZIPF = 3.0  # wordfreq: under one use per million English words, a word is as telling as a name
COMMON_ZIPF = 4.0  # a capitalised opening word this frequent is an ordinary word


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = regex.compile(r"\p{L}[\p{L}\p{N}]*(?:['’.&-]\p{L}[\p{L}\p{N}]*)*\.?")
_PARTS = regex.compile(r"[-&]")
_POSSESSIVE = regex.compile(r"['’]s?$")
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NEEDS_CAPITAL = _words("may march jan feb mar apr jun jul aug sep sept oct nov dec")
_LINKING = frozenset({"of", "the", "and", "for"})
_LONGEST = 8  # initials of a longer run of capitals are not an acronym anyone writes
_HONORIFICS = _words("i mr mrs ms dr prof sir dame lord lady")
_STOP = _words(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    's n't s t per cent percent dollar dollars pound pounds euro euros"""
)
_DEMONYMS = {
    "british": "britain", "english": "england", "scottish": "scotland", "welsh": "wales",
    "irish": "ireland", "briton": "britain", "britons": "britain", "french": "france",
    "dutch": "netherlands", "swiss": "switzerland",
    "chinese": "china", "greek": "greece", "spanish": "spain", "danish": "denmark",
    "swedish": "sweden", "finnish": "finland", "polish": "poland", "turkish": "turkey",
    "norwegian": "norway", "filipino": "philippines", "thai": "thailand", "saudi": "arabia",
    "portuguese": "portugal", "japanese": "japan", "vietnamese": "vietnam", "lebanese": "lebanon",
    "american": "us", "americans": "us",
}  # fmt: skip
_DEMONYM_ENDINGS = ("n", "s", "an", "ns", "ans", "ian", "ians", "i", "is", "es", "ese", "ish")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a sentence is backed by its sources; `reasons` says what is not, one per item."""

    ok: bool
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the sources state, in the forms `check` compares: number values, month and weekday
    keys, folded words (names and everything else), acronyms of capitalised runs, word roots
    for demonyms and plurals, and stems for the content overlap."""

    numbers: frozenset[Decimal]
    dates: frozenset[str]
    words: frozenset[str]
    acronyms: frozenset[str]
    roots: frozenset[str]
    stems: frozenset[str]

    @classmethod
    def of(cls, sources: Sequence[str]) -> Evidence:
        return _evidence(tuple(sources))


def check(sentence: str, sources: Sequence[str]) -> Verdict:
    """Whether every number, date and name of `sentence` is in `sources`, and enough of its
    content words; the reasons list each unsupported item."""
    if not any(s.strip() for s in sources):
        return Verdict(False, ("no sources",))
    evidence = Evidence.of(sources)
    reasons = [
        *(f"number {q.text!r}" for q in quantities.mentions(sentence) if not _backed(q, evidence)),
        *(f"date {d!r}" for d in _dates(sentence) if _date_key(d) not in evidence.dates),
        *(f"name {n!r}" for run in _names(sentence) for n in _unknown(run, evidence)),
    ]
    overlap = _overlap(sentence, evidence)
    if overlap is None:
        reasons.append("no content words")
    elif overlap < MIN_OVERLAP:
        reasons.append(f"content overlap {overlap:.2f} < {MIN_OVERLAP}")
    return Verdict(not reasons, tuple(reasons))


def check_translation(original: str, translation: str, *, language: str = "") -> Verdict:
    """Whether a translation kept the figures and names of the original and added none.

    Figures compare as digit strings, which both "1.000,5" and "1,000.5" write as "10005";
    the names of the original are its capitalised words that are not frequent words of its
    `language` (ISO 639-1; German capitalises every noun, and those get translated).
    """
    kept, given = _digit_strings(original), _digit_strings(translation)
    evidence = Evidence.of([translation])
    reasons = [f"number {d!r} lost" for d in sorted(kept - given)]
    reasons += [f"number {d!r} added" for d in sorted(given - kept)]
    names = _foreign_names(original, language)
    reasons += [f"name {n!r} lost" for n in names if not _known(n, evidence)]
    return Verdict(not reasons, tuple(reasons))


@lru_cache(maxsize=256)
def _evidence(sources: tuple[str, ...]) -> Evidence:
    text = "\n".join(sources)
    tokens = _TOKEN.findall(text)
    words = {w for t in tokens for w in _keys(t)}
    words |= {_DEMONYMS[w] for w in words if w in _DEMONYMS}  # "British" also says "Britain"
    return Evidence(
        numbers=quantities.values(text),
        dates=frozenset(_date_key(d) for d in _dates(text)),
        words=frozenset(words),
        acronyms=frozenset(_acronyms(text)),
        roots=frozenset(root for word in words for root in _roots(word)),
        stems=frozenset(_stem(w) for w in words),
    )


def _backed(quantity: quantities.Quantity, evidence: Evidence) -> bool:
    return not quantity.values.isdisjoint(evidence.numbers)


@lru_cache(maxsize=65_536)
def _fold(token: str) -> str:
    """Lower case, no accents, no dots, no possessive: "U.S." → "us", "Locke’s" → "locke"."""
    plain = unicodedata.normalize("NFKD", token.replace("’", "'"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return plain.replace(".", "").removesuffix("'s").rstrip("'")


@lru_cache(maxsize=65_536)
def _keys(token: str) -> tuple[str, ...]:
    """The folded token and, when it has hyphens or ampersands, each of its parts."""
    folded = _fold(token)
    parts = [p for p in _PARTS.split(folded) if p]
    return (folded, *parts) if len(parts) > 1 else (folded,)


@lru_cache(maxsize=65_536)
def _numeric(word: str) -> bool:
    """Whether a word is a number ("six", "sixth"), which the number check covers."""
    return bool(quantities.values(word))


def _dates(text: str) -> list[str]:
    """Month and weekday names as written; "may" and "march" only when capitalised."""
    found = []
    for token in _TOKEN.findall(text):
        word = _fold(token)
        if word in _WEEKDAYS or (
            word in _MONTHS and (token[0].isupper() or word not in _NEEDS_CAPITAL)
        ):
            found.append(token.rstrip("."))
    return found


def _date_key(token: str) -> str:
    word = _fold(token)
    return f"month:{_MONTHS[word]}" if word in _MONTHS else f"day:{word}"


def _names(sentence: str) -> list[list[str]]:
    """The sentence's words that name something specific, in runs of adjacent ones ("Gary
    Locke"): capitalised words (an opening word only when rare), and words rare in English
    whatever their case. Months, weekdays, number words and honorifics are left out."""
    runs: list[list[str]] = []
    last_end = -1
    for match in _TOKEN.finditer(sentence):
        token = match.group() if _is_acronym(match.group()) else match.group().rstrip(".")
        token = _POSSESSIVE.sub("", token)
        word = _fold(token)
        if not _is_name(token, word, _opens(sentence, match.start())):
            continue
        if runs and not sentence[last_end : match.start()].strip():
            runs[-1].append(token)
        else:
            runs.append([token])
        last_end = match.end()
    return runs


def _is_name(token: str, word: str, opening: bool) -> bool:
    if not word or word in _HONORIFICS or word in _MONTHS or word in _WEEKDAYS:
        return False
    if _numeric(word):
        return False
    if token[0].isupper() and (not opening or _zipf(word) < COMMON_ZIPF):
        return True
    return len(word) > 3 and _zipf(word) < RARE_ZIPF


def _opens(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence, a quotation or a clause after a colon."""
    before = text[max(0, start - 12) : start].rstrip()
    if not before:
        return start <= 12
    return before[-1] in ".!?:;\"“‘'`([—–-"


def _unknown(run: list[str], evidence: Evidence) -> list[str]:
    """The names of a run the evidence lacks; none when the run is spelled out as an acronym
    there ("United States" – "US")."""
    initials = "".join(_fold(t)[0] for t in run if _fold(t) not in _LINKING)
    if len(run) > 1 and (initials in evidence.words):
        return []
    return [token for token in run if not _known(token, evidence)]


def _known(name: str, evidence: Evidence) -> bool:
    """A name is in the evidence as a word, as each of its hyphenated parts, as an acronym of
    capitalised words there, or as a demonym of a word there. A rare word in lower case is
    an ordinary word, so another form of it will do ("predated" – "predates")."""
    keys = _keys(name)
    if keys[0] in evidence.words or keys[0] in evidence.acronyms:
        return True
    if name.islower() and _stem(keys[0]) in evidence.stems:
        return True
    return all(_word_known(part, evidence) for part in keys[1:] or keys)


def _word_known(word: str, evidence: Evidence) -> bool:
    if word in evidence.words or _DEMONYMS.get(word) in evidence.words:
        return True
    return not _roots(word).isdisjoint(evidence.roots)


def _roots(word: str) -> frozenset[str]:
    """What is left of a word without a demonym or plural ending, or without a final vowel, at
    four letters or more: "ukrainian" and "ukraine" share "ukrain", "italians" and "italy"
    "ital", "russia" and "russian" "russia"; "johnson" and "john" share none."""
    cuts = [word[: -len(e)] for e in _DEMONYM_ENDINGS if e and word.endswith(e)]
    cuts += [word[:-1]] if word[-1:] in "aeoy" else []
    return frozenset(root for root in (word, *cuts) if len(root) >= 4)


def _acronyms(text: str) -> Iterable[str]:
    """The initials of every stretch of two or more capitalised words in a row, without linking
    words: "nhs" for "the National Health Service", "us" and "usaf" for "United States Air
    Force"."""
    run: list[str] = []
    for token in [*_TOKEN.findall(text), ""]:
        if token[:1].isupper() or (run and token in _LINKING):
            run.append(token)
            continue
        initials = "".join(_fold(t)[0] for t in run if _fold(t) not in _LINKING)[:_LONGEST]
        for start in range(len(initials) - 1):
            for end in range(start + 2, len(initials) + 1):
                yield initials[start:end]
        run = []


def _is_acronym(token: str) -> bool:
    return token.count(".") >= 2 and len(token) <= 8  # "U.S.", "U.K.", "a.m."


def _overlap(sentence: str, evidence: Evidence) -> float | None:
    """The share of the sentence's content words the evidence holds, by stem, as an acronym
    or as a demonym; None when it has no content word."""
    content = {
        key
        for token in _TOKEN.findall(sentence)
        for key in _keys(token)[1:] or _keys(token)
        if key.isalpha() and key not in _STOP and not _numeric(key)
    }
    if not content:
        return None
    found = sum(
        _stem(w) in evidence.stems or w in evidence.acronyms or _word_known(w, evidence)
        for w in content
    )
    return found / len(content)


def _stem(word: str) -> str:
    """A crude stem: one common suffix off, then six letters ("suspended" – "suspension",
    "classes" – "class")."""
    if word.endswith("sses"):
        return word[:-2][:6]
    for suffix in ("ments", "ment", "ings", "ing", "ions", "ion", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:6]


def _digit_strings(text: str) -> set[str]:
    return {"".join(c for c in m if c.isdigit()) for m in regex.findall(r"\d[\d.,]*\d|\d", text)}


def _foreign_names(text: str, language: str) -> list[str]:
    names = []
    for match in _TOKEN.finditer(text):
        token = match.group().rstrip(".")
        if not token[0].isupper() or _opens(text, match.start()):
            continue
        frequency = wordfreq.zipf_frequency(_fold(token), language) if language else 0.0
        if frequency < COMMON_ZIPF:
            names.append(token)
    return names


@lru_cache(maxsize=65_536)
def _zipf(word: str) -> float:
    return wordfreq.zipf_frequency(word, "en")
