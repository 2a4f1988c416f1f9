"""Who a quote's attribution names, as a full name without titles or roles.

An attribution names its speaker in many ways: "President Volodymyr Zelenskyy", "Mr Zelenskyy",
"Kremlin spokesman Dmitry Peskov", "Zelenskyy, 45,". `speaker_name` keeps the name itself: the
last run of capitalised words, with the titles and roles before it dropped. `Names` then expands
it to a full name: first to a canonical name from an entity extractor (`people`) that the
surface form is part of ("Zelenskyy" → "Volodymyr Zelenskyy"; accents and case aside), else to
the longest name of the same article that ends with it ("Locke" → "Gary Locke").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

__all__ = [
    "NAME",
    "ORGANISATION_WORDS",
    "ROLES",
    "TITLES",
    "Name",
    "Names",
    "is_organisation",
    "read_name",
    "speaker_name",
]

# A capitalised word ("Zelenskyy", "O'Neill", "Louis-Dreyfus"), an initial ("J.") or an
# abbreviated title ("Dr."), and the particles a name may hold in lower case ("Ursula von der
# Leyen", "Abu Bakr al-Baghdadi"). Any other full stop ends the name.
_ABBREVIATED = r"(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Maj|Rev|Jr|Sr)\."
_CAPITAL = rf"(?:{_ABBREVIATED}|\p{{Lu}}\.|\p{{Lu}}[\p{{L}}\p{{M}}'’-]*)"
_PARTICLE = r"(?:von|van|der|den|de|del|della|da|di|du|la|le|bin|ibn|al|el|ben)"
NAME = rf"{_CAPITAL}(?:\s+(?:{_PARTICLE}\s+)*{_CAPITAL})*"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say what a speaker is rather than who: dropped from the front of a name.
TITLES = _words(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady rev rev. father
    president vice prime minister ministers chancellor secretary senator sen. sen rep. rep
    representative congressman congresswoman governor gov. gov mayor judge justice attorney
    general gen. col. colonel lt. lieutenant sgt. sergeant capt. captain commander admiral major
    maj. chief officer inspector detective superintendent commissioner ambassador spokesman
    spokeswoman spokesperson chairman chairwoman chair director ceo founder coach manager
    striker defender midfielder goalkeeper actress actor singer star king queen prince princess
    pope cardinal bishop rabbi imam sheikh state foreign defence defense interior finance health
    home deputy acting former late opposition leader speaker premier chancellor party labour
    labor conservative democrat democratic republican house senate white kremlin pentagon
    sheriff constable councillor councilman councilwoman boss army navy marine marines private
    pte pfc spc cpl corporal prosecutor counsel solicitor barrister
    """
)
# Lower-case words that, just before a name, say it is a person's ("spokesman Dmitry Peskov").
ROLES = _words(
    "president minister secretary senator governor mayor judge spokesman spokeswoman"
    " spokesperson chairman chairwoman director executive ceo founder coach manager chief"
    " officer inspector detective commissioner ambassador actress actor singer player striker"
    " defender midfielder goalkeeper captain leader lawyer attorney analyst economist professor"
    " researcher scientist author writer editor correspondent reporter adviser advisor envoy"
    " husband wife son daughter father mother brother sister friend colleague"
)
# Titles and roles that tell "he" from "she".
_MALE = _words(
    "mr mr. sir lord father king prince actor spokesman chairman congressman husband son brother"
)
_FEMALE = _words(
    "mrs mrs. ms ms. miss dame lady queen princess actress spokeswoman chairwoman congresswoman"
    " wife daughter mother sister"
)
_NOT_NAMES = _words(
    "i he she it we they you this that these those there here his her its our their the a an"
    " but and so if when while after before as then now yes no on in at for from with by of to"
    " asked speaking meanwhile however also january february march april may june july august"
    " september october november december monday tuesday wednesday thursday friday saturday"
    " sunday although though because since despite during until unless whether where why how"
    " what who which whose every each all both some many most other another such even just only"
    " still yet already instead indeed perhaps maybe thus hence therefore later earlier today"
    " yesterday tomorrow tonight last next first my your me him us them not nor or than via into"
    " over under between among against without within through across around like dear please"
    " thanks sorry oh well ok okay hi hello"
)
# Last words of an organisation's or a thing's name: such a name is never a person's.
ORGANISATION_WORDS = _words(
    "hospital university college school company corporation council police department ministry"
    " office agency court club bank group party league association service services news times"
    " post herald journal magazine network channel television radio foundation institute centre"
    " center committee commission authority board government army navy force forces airlines"
    " airways medal award prize cup fund trust union church museum zoo team"
)
_NAME_RUN = regex.compile(rf"(?:{NAME})$")


@dataclass(frozen=True, slots=True)
class Name:
    """A name read from a phrase: `titled` when a title or role came with it, and the `gender`
    ("m", "f" or "") that title or role tells."""

    name: str
    titled: bool = False
    gender: str = ""


def speaker_name(phrase: str) -> str | None:
    """The name at the end of `phrase` ("Ukraine's President Volodymyr Zelenskyy" → "Volodymyr
    Zelenskyy"), or None when it ends with no name (a pronoun, a role alone, lower case)."""
    found = read_name(phrase)
    return found.name if found else None


def read_name(phrase: str, role: str = "") -> Name | None:
    """`speaker_name` with what the titles said; `role` is a lower-case word just before the
    phrase ("spokesman"), if any."""
    match = _NAME_RUN.search(phrase.strip().rstrip(",;").strip())
    if match is None:
        return None
    tokens = match.group(0).split()
    while tokens and _fold(tokens[0]) in _NOT_NAMES:  # "But Smith", "When Gary Locke"
        tokens.pop(0)
    dropped = [_fold(t) for t in tokens]
    tokens = _without_titles(tokens)
    dropped = dropped[: len(dropped) - len(tokens)] + ([role] if role else [])
    if not tokens or _fold(tokens[-1]) in _NOT_NAMES:
        return None
    if tokens[-1] not in ("Jr.", "Sr."):
        tokens[-1] = regex.sub(r"(?:['’]s?|\.)$", "", tokens[-1])  # "Locke's", "Locke."
    titled = any(word in TITLES or word in ROLES for word in dropped)
    return Name(" ".join(tokens), titled, _gender(dropped))


def is_organisation(name: str) -> bool:
    """Whether `name` ends like an organisation's or a thing's ("… Hospital", "… Medal")."""
    return _fold(name.split()[-1]) in ORGANISATION_WORDS


def _gender(words: Sequence[str]) -> str:
    male = any(word in _MALE for word in words)
    female = any(word in _FEMALE for word in words)
    return "m" if male and not female else "f" if female and not male else ""


def _without_titles(tokens: list[str]) -> list[str]:
    """`tokens` after the last title among them ("Deputy Utah County Attorney Craig Johnson" →
    "Craig Johnson"), unless that leaves no name ("John Major", "Billie Jean King"): then after
    the leading titles only."""
    last = max((i for i, token in enumerate(tokens) if _is_title(token)), default=-1)
    rest = tokens[last + 1 :]
    if any(token not in ("Jr.", "Sr.") for token in rest):
        return rest
    start = 0
    while start < len(tokens) and _is_title(tokens[start]):
        start += 1
    return tokens[start:]


def _is_title(token: str) -> bool:
    return _fold(token) in TITLES


class Names:
    """Expands the names an article uses for a person to one full name."""

    def __init__(self, people: Sequence[str] = (), seen: Iterable[str] = ()) -> None:
        self._people = [(name, _tokens(name)) for name in people if name.strip()]
        longer = sorted({name for name in seen if len(name.split()) > 1}, key=_length)
        self._seen = [(name, _tokens(name)) for name in longer]
        self._full: dict[str, str] = {}

    def full(self, name: str) -> str:
        """The canonical name `name` is part of, else the one longest name of the article that
        holds it ("Locke" → "Gary Locke", "Wang" → "Wang Dongming"), else `name` itself."""
        if name not in self._full:
            self._full[name] = self._expand(name)
        return self._full[name]

    def _expand(self, name: str) -> str:
        tokens = _tokens(name)
        people = [p for p, known in self._people if _contains(known, tokens)]
        if people:
            return people[0] if len(people) == 1 else name
        holders = [(s, known) for s, known in self._seen if s != name and _contains(known, tokens)]
        widest = [
            h for h, known in holders if not any(h != o and _contains(k, known) for o, k in holders)
        ]
        if len(widest) == 1:
            return self.canonical(widest[0]) or widest[0]
        return name

    def canonical(self, name: str) -> str | None:
        """The one canonical name `name` is part of, if there is exactly one."""
        tokens = _tokens(name)
        matches = [p for p, known in self._people if _contains(known, tokens)]
        return matches[0] if len(matches) == 1 else None


def _contains(known: list[str], tokens: list[str]) -> bool:
    """Whether `tokens` appear in `known` in order: a surname, a first name, or the whole."""
    if not tokens or len(tokens) > len(known):
        return False
    return any(known[i : i + len(tokens)] == tokens for i in range(len(known) - len(tokens) + 1))


def _tokens(name: str) -> list[str]:
    return [_fold(token).strip(".,'’") for token in name.split()]


def _fold(text: str) -> str:
    """Case- and accent-insensitive form ("Zelenskyy" = "zelenskyy", "Zoë" = "zoe")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _length(name: str) -> tuple[int, int]:
    return (len(name.split()), len(name))
