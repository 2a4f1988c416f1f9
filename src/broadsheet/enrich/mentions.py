"""From mentions to entities: one entity per person, organisation or place a text names.

A `Mention` is one occurrence, already under its canonical name when the gazetteer knows it.
`resolve` merges what is left:

- spellings of one unknown name ("TimeWarner", "Time Warner") by their letters alone;
- a surname alone into the one longer name of the same text that ends with it ("Ushakov" →
  "Yuri Ushakov"; people or organisations, which the model mixes up), and a forename alone
  into the one full name of a person that starts with it ("Sarah" → "Sarah Silverman");
- demonyms into their place: "Ukrainian" counts as a mention of Ukraine when Ukraine is named,
  and makes Ukraine an entity of its own only when used at least twice ("French President
  Emmanuel Macron" alone does not make France a subject of the text);
- unknown names seen only in a headline: models misread title case ("Trump Sees No Progress").

Entities come most-mentioned first, then in order of first mention.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from broadsheet.enrich.gazetteer import fold
from broadsheet.model import Entity, EntityKind

__all__ = ["DEMONYM_ALONE", "Mention", "resolve"]

DEMONYM_ALONE = 2  # demonym uses that make a place an entity when the place is never named


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence at character `start`. `known`: `name` is the gazetteer's canonical one."""

    name: str
    kind: EntityKind
    start: int
    known: bool = False
    demonym: bool = False


@dataclass(slots=True)
class _Group:
    mentions: list[Mention]

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    @property
    def known(self) -> bool:
        return any(m.known for m in self.mentions)

    def name(self) -> str:
        """The canonical name when known, else the most used full spelling: a name of several
        words before a single word ("Elena Varga" before "Varga"), then the longest."""
        known = [m.name for m in self.mentions if m.known]
        if known:
            return known[0]
        counts = Counter(m.name for m in self.mentions)
        return max(counts, key=lambda name: (" " in name, counts[name], len(name)))

    def kind(self) -> EntityKind:
        known = [m.kind for m in self.mentions if m.known]
        return known[0] if known else Counter(m.kind for m in self.mentions).most_common(1)[0][0]


def _compact(name: str) -> str:
    """Letters and digits only, case- and accent-free: "Time Warner" ≡ "TimeWarner"."""
    return "".join(c for c in fold(name).casefold() if c.isalnum())


def resolve(mentions: Iterable[Mention], *, title_end: int = 0) -> list[Entity]:
    """Entities from the mentions of one text; `title_end` is where its headline ends (0: none)."""
    named, demonyms = [], []
    for mention in mentions:
        (demonyms if mention.demonym else named).append(mention)
    groups = _group(named)
    _merge_surnames(groups)
    groups = {k: g for k, g in groups.items() if g.known or _beyond(g, title_end)}
    _add_demonyms(groups, demonyms)
    ordered = sorted(groups.values(), key=lambda g: (-len(g.mentions), g.first))
    return [Entity(g.name(), g.kind(), len(g.mentions)) for g in ordered]


def _group(mentions: Sequence[Mention]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        key = _compact(mention.name)
        if key:
            groups.setdefault(key, _Group([])).mentions.append(mention)
    return groups


def _merge_surnames(groups: dict[str, _Group]) -> None:
    """Fold a one-word name into the one longer name of a person or organisation that ends with
    it (a surname; the model often reads people as organisations and back) or, for a person,
    into the one full name that starts with it."""
    surnames: dict[str, set[str]] = defaultdict(set)
    forenames: dict[str, set[str]] = defaultdict(set)
    for key, group in groups.items():
        words = group.name().split()
        if len(words) > 1 and group.kind() is not EntityKind.PLACE:
            surnames[_compact(words[-1])].add(key)  # organisations too: the model mixes them up
        if len(words) > 1 and group.kind() is EntityKind.PERSON:
            forenames[_compact(words[0])].add(key)
    for key in list(groups):
        group = groups[key]
        if group.known or len(group.name().split()) != 1:
            continue
        kind = group.kind()
        targets = surnames.get(key, set()) if kind in (EntityKind.PERSON, EntityKind.ORG) else set()
        if not targets and kind is EntityKind.PERSON:
            targets = forenames.get(key, set())
        targets = targets - {key}
        if len(targets) == 1:
            groups[next(iter(targets))].mentions.extend(groups.pop(key).mentions)


def _beyond(group: _Group, title_end: int) -> bool:
    return any(m.start >= title_end for m in group.mentions)


def _add_demonyms(groups: dict[str, _Group], demonyms: Sequence[Mention]) -> None:
    by_place: dict[str, list[Mention]] = defaultdict(list)
    for mention in demonyms:
        by_place[_compact(mention.name)].append(mention)
    for key, uses in by_place.items():
        if key in groups:
            groups[key].mentions.extend(uses)
        elif len(uses) >= DEMONYM_ALONE:
            groups[key] = _Group(list(uses))
