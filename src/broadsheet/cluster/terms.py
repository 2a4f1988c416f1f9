"""The weighted terms of an article that story clustering compares: its salient words and names.

Weights are tf × idf², where idf comes from wordfreq's background frequencies of English (so the
first article of a stream is weighed as well as the ten-thousandth, and a rare name outweighs a
common verb). Squaring idf sharpens the difference between "Harambe" and "zoo" without a
second tuned constant. The headline counts `TITLE_WEIGHT` times; the body is read up to
`LEAD_WORDS` words, since reports of one event share their leads and diverge later. Runs of
capitalised words also count as one name term ("north korea"), which is what separates two
incidents of the same type.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import wordfreq

__all__ = ["TermVector", "cosine", "idf", "term_vector", "words"]

TermVector = dict[str, float]

TITLE_WEIGHT = 3
LEAD_WORDS = 100
_MAX_IDF = 8.5  # zipf 0 (unknown to wordfreq): names, new coinages
_MIN_IDF = 0.5

_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_NAME_RUN = re.compile(r"\b(?:[A-Z][\w'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w'’-]+|[A-Z]\.))+")
_POSSESSIVE = re.compile(r"['’]s$")

# Function words and the vocabulary of news itself ("said", "report", "video"): they join
# unrelated stories. wordfreq's idf already makes them light; dropping them keeps vectors small.
_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our out over own
    same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you your said says say saying told tells according reported reports
    report news latest update updated breaking live video videos watch photo photos pictures
    read full story new via amp mr mrs ms dr jan feb mar apr jun jul aug sep sept oct nov
    dec
"""
# News organisations: "told Reuters", "Wikinews interviews …", "(AP)" say who reported, not what
# happened, and would join unrelated stories of one outlet or agency.
_NEWS_ORGANISATIONS = """
    reuters ap afp bloomberg upi xinhua pti ians ani dpa efe ansa kyodo tass interfax wikinews
    bbc cnn nbc cbs abc npr pbs msnbc fox nyt wsj ft guardian telegraph independent
"""
STOP_WORDS = frozenset(_STOP_TEXT.split()) | frozenset(_NEWS_ORGANISATIONS.split())


@lru_cache(maxsize=200_000)
def idf(term: str) -> float:
    """Background inverse document frequency of a word (or of a name run, by its rarest word)."""
    parts = term.split(" ")
    zipf = min(wordfreq.zipf_frequency(part, "en") for part in parts)
    return max(_MIN_IDF, _MAX_IDF - zipf)


def words(text: str) -> list[str]:
    """Lower-cased content words: no stop words, no possessive 's, no one-letter tokens."""
    found = []
    for raw in _WORD.findall(text):
        word = _POSSESSIVE.sub("", raw.lower()).strip(".")
        if len(word) > 1 and word not in STOP_WORDS:
            found.append(word)
    return found


def _names(text: str) -> list[str]:
    return [" ".join(words(run)) for run in _NAME_RUN.findall(text) if len(words(run)) > 1]


def term_vector(title: str, text: str) -> TermVector:
    """The unit-length tf × idf² vector of a headline and the lead of its body."""
    lead = " ".join(text.split()[:LEAD_WORDS])
    counts = Counter(words(title) * TITLE_WEIGHT + words(lead))
    counts.update(_names(title) * TITLE_WEIGHT + _names(lead))
    weights = {t: (1 + math.log(n)) * idf(t) ** 2 for t, n in counts.items() if t}
    return _unit(weights)


def _unit(weights: TermVector) -> TermVector:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def cosine(a: TermVector, b: TermVector) -> float:
    """Dot product of two vectors; unit vectors give their cosine."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())
