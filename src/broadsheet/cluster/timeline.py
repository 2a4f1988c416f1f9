"""The timeline of developments of a Story: what each report added that earlier ones did not.

Reports are taken in time order (ties: by article id, so the timeline does not depend on the order
they arrive in). The first report's entry is its lead, what was first reported. Every later report
lists its sentences that carry facts no earlier report (body or headline) carried, best few only
(`novelty`), with the figures they revise (`changes`: "fifth" → "sixth", "12 dead" → "15 dead").
A report that adds nothing gets no entry of its own: it is folded into the entry before it as
"also reported by", so syndicated copies and restatements keep the timeline short.

Pure, deterministic, and linear in the number of sentences (repeated wire copy is parsed once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from broadsheet.cluster.body import body_sentences
from broadsheet.cluster.changes import Change, FigureLog
from broadsheet.cluster.facts import Facts, mid_sentence_names, sentence_facts, tokenize
from broadsheet.cluster.novelty import Candidate, Known, pick_new

__all__ = ["Change", "Citation", "Development", "Report", "timeline"]

_TITLE_CASE_SHARE = 0.6  # of a headline's words capitalised


@dataclass(frozen=True, slots=True)
class Report:
    """One article of a Story, as the timeline needs it."""

    article_id: int
    outlet: str
    title: str
    published_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Citation:
    """A later report that added nothing new, credited on the entry it repeated."""

    article_id: int
    outlet: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class Development:
    """One entry of the timeline: a report and the sentences it added, in text order."""

    article_id: int
    outlet: str
    title: str
    published_at: datetime
    sentences: tuple[str, ...]
    changes: tuple[Change, ...] = ()
    also_reported_by: tuple[Citation, ...] = ()


@dataclass(slots=True)
class _Entry:
    report: Report
    sentences: list[Candidate]
    changes: list[Change]
    echoes: list[Citation] = field(default_factory=list)

    def freeze(self) -> Development:
        report = self.report
        return Development(
            article_id=report.article_id,
            outlet=report.outlet,
            title=report.title,
            published_at=report.published_at,
            sentences=tuple(c.text for c in self.sentences),
            changes=tuple(self.changes),
            also_reported_by=tuple(self.echoes),
        )


def timeline(reports: Sequence[Report], *, max_sentences: int = 3) -> list[Development]:
    """The Story's developments, oldest first: at most `max_sentences` sentences per entry."""
    if max_sentences < 1:
        raise ValueError(f"max_sentences must be at least 1, not {max_sentences}")
    ordered = sorted(reports, key=lambda r: (r.published_at, r.article_id))
    bodies = [[(s, tokenize(s)) for s in _body(r)] for r in ordered]
    names = frozenset(n for body in bodies for _, words in body for n in mid_sentence_names(words))
    known, log = Known(), FigureLog()
    entries: list[_Entry] = []
    facts = _FactsCache(names)
    for report, body in zip(ordered, bodies, strict=True):
        headline = sentence_facts(report.title, _headline_words(report.title, names), names)
        candidates = [
            Candidate(text, position, facts.of(text, words))
            for position, (text, words) in enumerate(body or _headline_only(report))
        ]
        if not entries:
            entries.append(_Entry(report, _lead(candidates, max_sentences), []))
        else:
            picked = pick_new(candidates, known, log, limit=max_sentences, headline=headline)
            _add_report(entries, report, picked)
        for candidate in candidates:
            known.learn(candidate.facts)
            log.add(candidate.facts, candidate.text, report.article_id)
        known.learn(headline)
    return [entry.freeze() for entry in entries]


@dataclass(slots=True)
class _FactsCache:
    """Facts by sentence text: wire copy repeats the same sentences across a Story's reports."""

    names: frozenset[str]
    seen: dict[str, Facts] = field(default_factory=dict)

    def of(self, text: str, words: list[str] | None = None) -> Facts:
        facts = self.seen.get(text)
        if facts is None:
            words = tokenize(text) if words is None else words
            facts = self.seen[text] = sentence_facts(text, words, self.names)
        return facts


def _add_report(
    entries: list[_Entry], report: Report, picked: tuple[list[Candidate], list[Change]]
) -> None:
    sentences, changes = picked
    if sentences:
        entries.append(_Entry(report, sentences, changes))
    else:
        entries[-1].echoes.append(Citation(report.article_id, report.outlet, report.published_at))


def _headline_only(report: Report) -> list[tuple[str, list[str] | None]]:
    """A report without a body is its headline."""
    return [(report.title, None)] if report.title.strip() else []


def _body(report: Report) -> list[str]:
    """The report's sentences, without a repeat of its headline."""
    title = _comparable(report.title)
    return [s for s in body_sentences(report.text) if _comparable(s) != title]


def _comparable(text: str) -> str:
    return " ".join(text.lower().strip(" .").split())


def _lead(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """What was first reported: the opening sentences."""
    return candidates[:limit]


def _headline_words(title: str, names: frozenset[str]) -> list[str]:
    """The words of a headline; in a Title Case one, capitalised words that are not names in
    the Story's text are lower-cased, so they count as words ("Trump Sees No Progress")."""
    words = tokenize(title)
    if sum(word[0].isupper() for word in words) < _TITLE_CASE_SHARE * len(words):
        return words
    return [w if mid_sentence_names(["", w]) <= names else w.lower() for w in words]
