"""The gazetteer: well-known people, organisations and places under one canonical name each.

`data/gazetteer.tsv` is hand-written: a canonical name, its kind, its aliases ("Zelenskiy",
"Zelensky" → "Volodymyr Zelenskyy"; "U.S.", "America" → "United States") and, for places, the
demonyms that point at them ("Ukrainian" → Ukraine). It does two jobs for entity extraction:

- *lookup*: canonicalise a span a model found and overrule its kind (the small spaCy model reads
  Kyiv and Sumy as people);
- *find*: match names in plain text, case-sensitively and longest first, for the text a model did
  not read and as the whole extractor when no model is installed.

A name or alias written with a leading "~" is ambiguous ("Jordan", "Apple", "Turkey"): `lookup`
returns it flagged, and `find` never matches it on its own. `version` is a digest of the file,
so every result can record which gazetteer made it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Generic, TypeVar

from broadsheet.model import EntityKind

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "Hit",
    "Match",
    "PhraseIndex",
    "fold",
    "load_gazetteer",
    "read_gazetteer",
    "tokens",
]

V = TypeVar("V")

# A word, with inner hyphens, apostrophes, dots and ampersands kept ("U.S", "al-Qaeda",
# "Sana'a"). Trailing dots and possessives are not part of a name.
_TOKEN = re.compile(r"\w+(?:[-'’.&]\w+)*")
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The words of `text` with their offsets; possessive "'s" is cut off ("Putin's" → "Putin")."""
    out = []
    for match in _TOKEN.finditer(text):
        word, end = match.group(), match.end()
        if word.endswith(_POSSESSIVE) and len(word) > 2:
            word, end = word[:-2], end - 2
        out.append(Token(word, match.start(), end))
    return out


def fold(word: str) -> str:
    """Accents removed ("Zürich" → "Zurich"); case kept."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(text: str, *, casefold: bool) -> tuple[str, ...]:
    """The words of a form; casefolded also without dots ("U.S. Treasury" ≡ "US Treasury")."""
    words = (fold(t.text) for t in tokens(text))
    return tuple(w.casefold().replace(".", "") for w in words) if casefold else tuple(words)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    kind: EntityKind


@dataclass(frozen=True, slots=True)
class Hit:
    """What a surface form means: an entry, whether the form is ambiguous, whether a demonym."""

    entry: GazetteerEntry
    ambiguous: bool = False
    demonym: bool = False


@dataclass(frozen=True, slots=True)
class Match(Generic[V]):
    """A phrase found in a text: characters `start:end` and what the index holds for it."""

    start: int
    end: int
    value: V


class PhraseIndex(Generic[V]):
    """Phrases as tuples of words → values; finds them in a text, longest first, left to right."""

    def __init__(self, phrases: Mapping[tuple[str, ...], V]) -> None:
        self._phrases = dict(phrases)
        self._first = {phrase[0] for phrase in self._phrases if phrase}
        self._longest = max((len(p) for p in self._phrases), default=0)

    def __len__(self) -> int:
        return len(self._phrases)

    def find(self, text: str, words: list[Token] | None = None) -> list[Match[V]]:
        words = tokens(text) if words is None else words
        keys = [fold(w.text) for w in words]
        found: list[Match[V]] = []
        i = 0
        while i < len(words):
            size = self._longest_at(keys, i)
            if size:
                value = self._phrases[tuple(keys[i : i + size])]
                found.append(Match(words[i].start, words[i + size - 1].end, value))
                i += size
            else:
                i += 1
        return found

    def _longest_at(self, keys: list[str], i: int) -> int:
        if keys[i] not in self._first:
            return 0
        for size in range(min(self._longest, len(keys) - i), 0, -1):
            if tuple(keys[i : i + size]) in self._phrases:
                return size
        return 0


class Gazetteer:
    """The entries of a gazetteer file, indexed for `lookup` and `find`."""

    def __init__(self, rows: Iterator[tuple[str, str, str, str]], version: str) -> None:
        self.version = version
        self.entries: list[GazetteerEntry] = []
        self.conflicts: list[str] = []  # forms claimed by two entries (the first one wins)
        self.forms: dict[str, tuple[str, ...]] = {}  # name → its aliases and demonyms
        self._folded: dict[tuple[str, ...], Hit] = {}
        exact: dict[tuple[str, ...], Hit] = {}
        for name, kind, aliases, demonyms in rows:
            entry = GazetteerEntry(name.lstrip("~"), EntityKind(kind))
            self.entries.append(entry)
            others = [form.lstrip("~") for form in (*_split(aliases), *_split(demonyms))]
            self.forms[entry.name] = tuple(others)
            for form in (name, *_split(aliases)):
                self._add(form, Hit(entry, ambiguous=form.startswith("~")), exact)
            for form in _split(demonyms):
                self._add(form, Hit(entry, ambiguous=form.startswith("~"), demonym=True), exact)
        self.index: PhraseIndex[Hit] = PhraseIndex(exact)

    def _add(self, form: str, hit: Hit, exact: dict[tuple[str, ...], Hit]) -> None:
        form = form.lstrip("~")
        folded = _key(form, casefold=True)
        known = self._folded.setdefault(folded, hit)
        if known.entry != hit.entry:
            self.conflicts.append(form)
        elif not hit.ambiguous:
            exact.setdefault(_key(form, casefold=False), hit)

    def lookup(self, surface: str) -> Hit | None:
        """What a name found by a model refers to, ignoring case and accents; None if unknown."""
        key = _key(surface, casefold=True)
        return self._folded.get(key) if key else None

    def find(self, text: str, words: list[Token] | None = None) -> list[Match[Hit]]:
        """Unambiguous names, aliases and demonyms in `text`, exactly as written (case counts:
        "US" is the country, "us" is not; "US$" is a currency)."""
        return [m for m in self.index.find(text, words) if not text.startswith("$", m.end)]


def _split(field: str) -> list[str]:
    return [part.strip() for part in field.split("|") if part.strip()]


def _rows(text: str) -> Iterator[tuple[str, str, str, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or not fields[0].strip():
            raise ValueError(f"gazetteer line {number}: expected 4 tab-separated fields")
        name, kind, aliases, demonyms = (field.strip() for field in fields)
        yield name, kind, aliases, demonyms


def read_gazetteer(path: Path) -> Gazetteer:
    """A gazetteer from a TSV file in the format of `data/gazetteer.tsv`."""
    raw = path.read_bytes()
    return Gazetteer(_rows(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest()[:8])


@cache
def load_gazetteer() -> Gazetteer:
    """The bundled gazetteer, read once per process."""
    resource = files("broadsheet.enrich") / "data" / "gazetteer.tsv"
    raw = resource.read_bytes()
    return Gazetteer(_rows(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest()[:8])
