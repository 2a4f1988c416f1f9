"""What a sentence adds to what a story's earlier reports already said.

A sentence is *new* when it carries a fact earlier reports did not: a figure, a name phrase, a
changed figure, or a quotation most of whose words are new. Content words alone make a sentence
new only when there are many of them and they are most of the sentence, because a rewording
brings a few new words but no new fact. Scores (higher: more news):

    figure 1 (year or date 0.5) · name phrase 1 · change 2 · new quotation 1
    weekday or month 0.3 · content word 0.25

and a sentence with facts needs 1.5 in all: a new name beside otherwise known words ("…, the
Republican said") is not enough on its own.

Among the new sentences of a report, the few listed are those with the best score discounted by
position (news goes first: the 4th sentence's score counts half the first's), plus a bonus for
words that are new in the report's own headline. On the SemEval-2015 TimeLine corpus the
position discount is what keeps the listed sentences on current events rather than background
(tests/quality/test_timeline_quality.py).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from broadsheet.cluster.changes import Change, FigureLog
from broadsheet.cluster.facts import Facts

__all__ = ["Candidate", "Known", "pick_new"]

_FIGURE_WEIGHT = {"year": 0.5, "date": 0.5}
_CHANGE_WEIGHT = 2.0
_WEAK_WEIGHT = 0.3
_STEM_WEIGHT = 0.25
_MIN_SCORE = 1.5
_CONTENT_ONLY_MIN = 5  # new content words for a sentence without new facts
_CONTENT_ONLY_SHARE = 0.6
_QUOTE_MIN = 2
_QUOTE_SHARE = 0.5
_POSITION_HALF_WEIGHT = 3  # the 4th sentence's score counts half the lead's
_HEADLINE_WEIGHT = 0.75


@dataclass(frozen=True, slots=True)
class Candidate:
    """One sentence of a report, with its position in the body and its facts."""

    text: str
    position: int
    facts: Facts


@dataclass(slots=True)
class Known:
    """The facts a set of sentences carries (earlier reports', or those already picked)."""

    names: set[str] = field(default_factory=set)
    figures: set[str] = field(default_factory=set)
    weak: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)

    def learn(self, facts: Facts) -> None:
        self.names |= facts.names
        self.figures.update(fact.figure.key for fact in facts.figures)
        self.weak |= facts.weak_names
        self.stems |= facts.stems


def pick_new(
    candidates: Sequence[Candidate],
    known: Known,
    log: FigureLog,
    *,
    limit: int,
    headline: Facts,
) -> tuple[list[Candidate], list[Change]]:
    """Up to `limit` sentences that add most to `known`, in text order, and their changes.

    Greedy: each pick's facts count as known for the next, so two sentences carrying the same
    new fact are not both listed. Among new sentences, earlier ones and those sharing what is new
    in the report's own `headline` rank higher: that is where a report puts its news.
    """
    focus = _new_words(headline, known)
    taken = Known()
    novels = [_Novel.of(candidate, known, log) for candidate in candidates]
    heap = [(-r, n.candidate.position, n) for n in novels if (r := n.rank(taken, focus)) > 0]
    heapq.heapify(heap)
    picked: list[_Novel] = []
    while heap and len(picked) < limit:
        _, position, novel = heapq.heappop(heap)
        rank = novel.rank(taken, focus)
        if rank <= 0:
            continue
        if heap and (-rank, position) > heap[0][:2]:
            # Lazy greedy: ranks only fall as `taken` grows, so a stale rank is an upper bound
            # and only the top of the heap ever needs re-ranking.
            heapq.heappush(heap, (-rank, position, novel))
            continue
        picked.append(novel)
        taken.learn(novel.candidate.facts)
    picked.sort(key=lambda novel: novel.candidate.position)
    return [novel.candidate for novel in picked], _distinct_changes(picked)


def _distinct_changes(picked: Sequence[_Novel]) -> list[Change]:
    """The picks' changes, each earlier figure revised once (by the earliest sentence)."""
    changes: dict[tuple[str, str], Change] = {}
    for novel in picked:
        if novel.change is not None:
            changes.setdefault((novel.change.earlier_sentence, novel.change.before), novel.change)
    return list(changes.values())


def _new_words(facts: Facts, known: Known) -> frozenset[str]:
    return frozenset(n for n in facts.names if n not in known.names) | frozenset(
        s for s in facts.stems if s not in known.stems
    )


@dataclass(slots=True)
class _Novel:
    """The part of a sentence's facts that earlier reports did not carry."""

    candidate: Candidate
    figures: dict[str, float]  # figure key → weight
    phrases: list[frozenset[str]]  # per name phrase, its names not known
    weak: set[str]
    stems: set[str]
    change: Change | None

    @classmethod
    def of(cls, candidate: Candidate, known: Known, log: FigureLog) -> _Novel:
        facts = candidate.facts
        return cls(
            candidate=candidate,
            figures={
                fact.figure.key: _FIGURE_WEIGHT.get(fact.figure.kind, 1.0)
                for fact in facts.figures
                if fact.figure.key not in known.figures
            },
            phrases=[unknown for p in facts.name_phrases if (unknown := p - known.names)],
            weak=set(facts.weak_names - known.weak),
            stems=set(facts.stems - known.stems),
            change=log.change(facts, candidate.text, known.figures),
        )

    def rank(self, taken: Known, focus: frozenset[str]) -> float:
        """The score, discounted by position and raised by words of the headline's news."""
        score = self.score(taken)
        if score <= 0:
            return 0.0
        facts = self.candidate.facts
        on_focus = len(focus & (facts.names | facts.stems))
        prior = 1 / (1 + self.candidate.position / _POSITION_HALF_WEIGHT)
        return score * prior + _HEADLINE_WEIGHT * min(on_focus, 2)

    def score(self, taken: Known) -> float:
        """The sentence's news score once `taken` is known too; 0 when it adds nothing worth
        listing."""
        figures = sum(w for key, w in self.figures.items() if key not in taken.figures)
        phrases = sum(1 for names in self.phrases if not names <= taken.names)
        weak = len(self.weak - taken.weak)
        stems = len(self.stems - taken.stems)
        total = len(self.candidate.facts.stems)
        share = stems / total if total else 0.0
        quote = self.candidate.facts.quoted and stems >= _QUOTE_MIN and share >= _QUOTE_SHARE
        strong = figures + phrases + _CHANGE_WEIGHT * (self.change is not None) + quote
        score = strong + _WEAK_WEIGHT * weak + _STEM_WEIGHT * stems
        if strong >= 1 and score >= _MIN_SCORE:
            return score
        content_only = stems >= _CONTENT_ONLY_MIN and share >= _CONTENT_ONLY_SHARE
        return score if content_only else 0.0
