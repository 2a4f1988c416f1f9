"""Changed figures: a new number that revises one an earlier report gave for the same thing.

"Putin and Trump held a call for the fifth time" followed by "This was the sixth publicly
acknowledged call" is a change fifth → sixth; "12 people were killed" followed by "the death toll
rose to 15" is a change 12 → 15. A new figure revises an earlier one of the same kind when they
describe the same thing: the words near each number (mapped to shared concepts, so "killed",
"dead" and "toll" meet), the word right after it ("12 dead" / "15 dead"), and the two sentences'
names and content words overlap enough.

Most numbers in a story are not revisions of each other (a range, an altitude, a distance), so
the rules are strict, and a sentence revises at most one figure:

- counts and percentages need the same unit word or a shared counted concept ("@death"), never
  two different unit words ("12 people", "three sons") unless one is a concept ("15 dead"), and
  a revised count stays within a factor of four of the old one (12 → 15, not 143 million → 240)
  and whole numbers revise whole numbers (a magnitude 6.1 is not revised by a toll of 15);
- measurements ("770 km", "40 minutes") never change: two of them are far more often an
  altitude and a distance, or two different flights, than an old and a new figure;
- ordinals need a shared context word and move forward by one or two ("fifth" → "sixth"; a
  "9th" round of sanctions after a "sixth" nuclear test is another series); "first" is too
  common ("the first time since …") to take part;
- sentences about different people or places (names on both sides, none shared) never match;
- years, dates, clock times and numbers inside names ("Boeing 747") never change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from broadsheet.cluster.facts import Facts, FigureFact
from broadsheet.cluster.lexicon import CONCEPTS, MEASURES, stem

__all__ = ["Change", "FigureLog"]

_CHANGING_KINDS = frozenset({"num", "pct", "ord"})
_MIN_AFFINITY = 4
_MAX_ORDINAL_STEP = 2
_MAX_COUNT_RATIO = 4.0


@dataclass(frozen=True, slots=True)
class Change:
    """A figure revised by a later report: `before` → `after` ("fifth" → "sixth").

    `sentence` is the later report's sentence carrying `after`; `earlier_sentence` the one it
    revises, from the article `earlier_article_id`.
    """

    before: str
    after: str
    sentence: str
    earlier_sentence: str
    earlier_article_id: int


@dataclass(frozen=True, slots=True)
class _Logged:
    fact: FigureFact
    names: frozenset[str]  # the sentence's names
    words: frozenset[str]  # the sentence's names and stems
    sentence: str
    article_id: int


@dataclass(slots=True)
class FigureLog:
    """Every figure earlier reports gave, indexed by kind and context word."""

    entries: list[_Logged] = field(default_factory=list)
    _index: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, facts: Facts, sentence: str, article_id: int) -> None:
        words = facts.names | facts.stems
        for fact in facts.figures:
            if fact.figure.kind in _CHANGING_KINDS:
                self._index_entry(_Logged(fact, facts.names, words, sentence, article_id))

    def change(self, facts: Facts, sentence: str, seen: Collection[str]) -> Change | None:
        """The revision `sentence` makes, if any; figures whose values are in `seen` (already
        reported) revise nothing."""
        best: tuple[tuple[int, int], FigureFact, _Logged] | None = None
        for fact in facts.figures:
            if fact.figure.kind in _CHANGING_KINDS and fact.figure.key not in seen:
                match = self._best_match(fact, facts)
                if match is not None and (best is None or match[0] > best[0]):
                    best = (match[0], fact, match[1])
        if best is None:
            return None
        _, fact, earlier = best
        return Change(
            before=earlier.fact.label,
            after=fact.label,
            sentence=sentence,
            earlier_sentence=earlier.sentence,
            earlier_article_id=earlier.article_id,
        )

    def _index_entry(self, logged: _Logged) -> None:
        position = len(self.entries)
        self.entries.append(logged)
        for word in _lookup_words(logged.fact):
            self._index[(logged.fact.figure.kind, word)].append(position)

    def _best_match(self, fact: FigureFact, facts: Facts) -> tuple[tuple[int, int], _Logged] | None:
        """The earlier figure `fact` most plausibly revises, with its (affinity, recency)."""
        words = facts.names | facts.stems
        candidates: set[int] = set()
        for word in _lookup_words(fact):
            candidates.update(self._index.get((fact.figure.kind, word), ()))
        best: tuple[int, int] | None = None
        for position in candidates:
            earlier = self.entries[position]
            if not _may_revise(earlier, fact, facts):
                continue
            score = (_affinity(earlier, fact, words), position)  # ties: the latest report
            if score[0] >= _MIN_AFFINITY and (best is None or score > best):
                best = score
        return None if best is None else (best, self.entries[best[1]])


def _may_revise(earlier: _Logged, later: FigureFact, facts: Facts) -> bool:
    before, after = earlier.fact, later
    if before.figure.key == after.figure.key:
        return False
    if earlier.names and facts.names and earlier.names.isdisjoint(facts.names):
        return False  # about different people or places
    shared = (before.context & after.context) - MEASURES
    if after.figure.kind == "ord":
        step = _value(after) - _value(before)
        return _value(before) > 1 and 0 < step <= _MAX_ORDINAL_STEP and bool(shared)
    if _unit_key(after) in MEASURES or _unit_key(before) in MEASURES:
        return False
    if after.figure.kind == "num" and not _close(_value(before), _value(after)):
        return False  # 143 million affected, then 240 class actions: another count
    if _value(before).is_integer() != _value(after).is_integer():
        return False  # a magnitude 6.1 is not revised by a toll of 15
    units = _unit_key(before), _unit_key(after)
    if all(units) and units[0] != units[1] and not any(u.startswith("@") for u in units):
        return False  # 12 people, then three sons: different things counted
    return units[0] == units[1] != "" or any(word.startswith("@") for word in shared)


def _affinity(earlier: _Logged, later: FigureFact, words: frozenset[str]) -> int:
    shared_context = len(earlier.fact.context & later.context)
    shared_sentence = len(earlier.words & words)
    same_unit = bool(later.unit) and _unit_key(later) == _unit_key(earlier.fact)
    return 2 * shared_context + shared_sentence + 2 * same_unit


def _lookup_words(fact: FigureFact) -> frozenset[str]:
    unit = _unit_key(fact)
    return fact.context | {unit} if unit else fact.context


def _close(before: float, after: float) -> bool:
    low, high = sorted((abs(before), abs(after)))
    return low > 0 and high / low <= _MAX_COUNT_RATIO


def _unit_key(fact: FigureFact) -> str:
    return CONCEPTS.get(stem(fact.unit), stem(fact.unit)) if fact.unit else ""


def _value(fact: FigureFact) -> float:
    return float(fact.figure.key.partition(":")[2])
