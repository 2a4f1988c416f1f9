"""Sentences of different articles that say the same thing: syndicated copies, light rewrites.

Two sentences agree when their content terms (see `enrich.terms`) overlap by at least
`MIN_OVERLAP` of the smaller set's weight (the overlap coefficient, so a copy with a clause cut
still matches), they share at least `MIN_SHARED` terms, and their numbers do not clash: the
numbers of one are among the other's ("300 drones" agrees with "300 drones and 12 missiles"),
but "12 killed" and "15 killed" are two claims, not one. Grouping is greedy in the order given (the
first sentence of a group stays its representative), with an inverted index on terms so each
sentence is compared only with groups that share a term.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["MIN_OVERLAP", "MIN_SHARED", "Statement", "agree", "group_statements"]

MIN_OVERLAP = 0.6
MIN_SHARED = 3


@dataclass(frozen=True, slots=True)
class Statement:
    """What is compared of a sentence: its weighted content terms and its numbers."""

    terms: Mapping[str, float]
    numbers: frozenset[str] = field(default_factory=frozenset)


def agree(a: Statement, b: Statement) -> bool:
    """Whether `a` and `b` say the same thing (see the module docstring)."""
    if not (a.numbers <= b.numbers or b.numbers <= a.numbers):
        return False
    shared = a.terms.keys() & b.terms.keys()
    if len(shared) < MIN_SHARED:
        return False
    smaller = min(sum(a.terms.values()), sum(b.terms.values()))
    overlap = sum(min(a.terms[t], b.terms[t]) for t in shared)
    return overlap >= MIN_OVERLAP * smaller


def group_statements(statements: Sequence[Statement]) -> list[list[int]]:
    """Indices of `statements` in groups that agree with their first member, in first-seen
    order; every index is in exactly one group."""
    groups: list[list[int]] = []
    index: dict[str, list[int]] = {}  # term → groups whose representative uses it
    for position, statement in enumerate(statements):
        seen: set[int] = set()
        home = None
        for term in statement.terms:
            for group in index.get(term, ()):
                if group not in seen:
                    seen.add(group)
                    if agree(statements[groups[group][0]], statement):
                        home = group if home is None else min(home, group)
        if home is None:
            home = len(groups)
            groups.append([])
            for term in statement.terms:
                index.setdefault(term, []).append(home)
        groups[home].append(position)
    return groups
