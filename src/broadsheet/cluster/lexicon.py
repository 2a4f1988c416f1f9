"""Word lists for comparing news sentences: stop words, name folding, counted concepts, stems."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "CONCEPTS",
    "MEASURES",
    "MONTHS",
    "NAME_STOPWORDS",
    "STOPWORDS",
    "WEAK_NAMES",
    "fold_aliases",
    "name_key",
    "stem",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    """a about above across after again against ago all almost along already also although
    always am among an and another any anyone anything are around as at be became because become
    been before being below between both but by can cannot could did didn't do does doesn't doing
    don't done down during each either else enough even ever every few for from further get gets
    got had hadn't has hasn't have haven't having he her here hers herself him himself his how
    however i if in into is isn't it it's its itself just least less let like likely many may
    me might more most much must my myself near neither never no nor not now of off often on
    once only onto or other others otherwise our ours ourselves out over own per perhaps quite
    rather really same several shall she should since so some something still such than that
    the their theirs them themselves then there these they this those though through thus to
    too toward towards under until up upon us very via was wasn't we were weren't what whatever
    when where whether which while who whom whose why will with within without won't would
    wouldn't yet you your yours yourself
    said say says saying told tell tells according added adding reported reports report
    statement statements asked noted stated also including meanwhile earlier later
    mr mrs ms dr one"""
)

# Capitalised words that are titles or roles, not names ("President Macron" → only "Macron").
NAME_STOPWORDS = _words(
    """president vice prime minister ministers secretary chancellor premier king queen prince
    princess pope senator sen rep representative congressman congresswoman governor gov mayor
    chairman chairwoman chair chief executive ceo director spokesman spokeswoman spokesperson
    general gen colonel col lieutenant sergeant captain commander admiral officer ambassador
    deputy judge justice sir lord lady mr mrs ms dr prof professor mister madam leader leaders
    foreign defence defense interior"""
)

MONTHS = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
# Weekdays and months: they date a sentence but rarely make it news. ("May" is left out: as a
# capitalised word it is as often Theresa May as the month.)
WEAK_NAMES = _words("monday tuesday wednesday thursday friday saturday sunday") | (MONTHS - {"may"})

_ALIASES = re.compile(
    r"\b(?:U\.\s?[SKN]\.(?:\s?A\.)?|E\.\s?U\.|USA\b|United (?:States(?: of America)?|Kingdom"
    r"|Nations)\b|(?:Great )?Britain\b|European Union\b)"
)
_ALIAS_OF_LAST_WORD = {
    "States": "US", "America": "US", "Kingdom": "UK", "Nations": "UN", "Britain": "UK",
    "Union": "EU", "USA": "US",
}  # fmt: skip

# Capitals used for their governments fold into the country ("Moscow said" = "Russia said").
_METONYMS = {
    "kremlin": "russia",
    "moscow": "russia",
    "kiev": "ukraine",
    "kyiv": "ukraine",
    "washington": "us",
    "beijing": "china",
    "tehran": "iran",
    "pyongyang": "north korea",
}

_CONCEPT_WORDS = {
    "@death": "kill killed killing dead death deaths died die dies dying fatalities fatality"
    " toll lives",
    "@injury": "injured injuries injury wounded hurt",
    "@missing": "missing unaccounted",
    "@arrest": "arrest arrested arrests detained detention detentions",
    "@displaced": "evacuated evacuation evacuations displaced homeless fled",
    "@call": "call calls called phone conversation conversations spoke",
    "@meeting": "meeting meetings summit talks",
    "@vote": "vote votes voted ballot ballots",
    "@percent": "percent pct",
    "@quake": "quake earthquake magnitude tremor",
    "@affected": "affected exposed impacted compromised stolen breached",
}


_VOWEL_RUNS = re.compile(r"[iyj]+")
_METONYM_KEYS = {_VOWEL_RUNS.sub("i", name): country for name, country in _METONYMS.items()}


def fold_aliases(text: str) -> str:
    """One spelling for a few names written many ways: "U.S."/"United States" → "US"."""
    if "U" not in text and "Brit" not in text:
        return text
    return _ALIASES.sub(_alias, text)


def _alias(match: re.Match[str]) -> str:
    written = match[0]
    if "." in written:  # U.S., U.K., U.N., E.U., U.S.A.
        return "EU" if written[0] == "E" else "U" + written.replace(" ", "")[2]
    return _ALIAS_OF_LAST_WORD[written.rsplit(" ", 1)[-1]]


@lru_cache(maxsize=1 << 16)
def name_key(word: str) -> str:
    """The key of a lower-cased name: spelling variants meet (Zelenskyy/Zelenskiy → "zelenski")
    and capitals standing for their governments become the country ("kremlin" → "russia")."""
    key = _VOWEL_RUNS.sub("i", word)
    return _METONYM_KEYS.get(key, key)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude English stem: enough for "talks"/"talked"/"talking" and "agree"/"agreed" to meet."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, keep in (("ing", 4), ("ed", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
                word = word[:-1]  # "stopped" → "stop"
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


# Units of measurement (stemmed): distances, durations, weights, areas, volumes.
MEASURES = frozenset(
    stem(word)
    for word in _words(
        """mile miles km kilometer kilometers kilometre kilometres meter meters metre metres
        foot feet ft inch inches yard yards kg kilogram kilograms ton tons tonne tonnes pound
        pounds ounce ounces second seconds minute minutes hour hours day days week weeks month
        months year years acre acres hectare hectares liter
        liters litre litres gallon gallons barrel barrels"""
    )
)

# Stems of words that describe the same counted thing, so "12 dead" and "toll rose to 15" meet.
CONCEPTS = {
    stem(word): concept for concept, words in _CONCEPT_WORDS.items() for word in _words(words)
}
