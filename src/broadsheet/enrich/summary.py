"""The `Summarizer` interface and its offline default: summaries made of cited source sentences.

Every sentence of a summary is a sentence of an article, word for word, and cites where it came
from (`SentenceRef`: the article and the index into `split_sentences(article.text)`), so a reader
can check each one. An article summary picks from the article's opening sentences (see
`enrich.selection`); a story summary picks from the opening sentences of all its articles,
after grouping the sentences that say the same thing (`enrich.agreement`): a group counts once,
weighs more the more articles carry it, and cites all of them. A story told by two or more
outlets gets a summary that cites at least two. Sentences that cannot stand alone (furniture,
questions, fragments of a longer quote: `enrich.furniture`) are never picked, nor, in a story
summary, which mixes articles, sentences that lean on the one before ("He said …").

Every stored summary records the summarizer's `name`, which includes the sentence splitter's
version: citations made under another split point at other sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from broadsheet.enrich.agreement import Statement, group_statements
from broadsheet.enrich.furniture import needs_context, stands_alone
from broadsheet.enrich.selection import Candidate, select, term_weights
from broadsheet.enrich.sentences import SPLITTER_VERSION, split_sentences
from broadsheet.enrich.terms import content_terms, numbers
from broadsheet.model import CitedSentence, Document, SentenceRef

__all__ = ["LEAD_WINDOW", "ExtractiveSummarizer", "Summarizer"]

LEAD_WINDOW = 10  # only an article's first sentences may be picked: the news is at the top
_VERSION = 2  # 2: photo captions are no summary sentences


@runtime_checkable
class Summarizer(Protocol):
    name: str  # stored with every summary, e.g. "extractive/1+split:rules/1"

    def summarize_article(self, doc: Document, max_sentences: int = 3) -> list[CitedSentence]:
        """At most `max_sentences` sentences of `doc`, in text order, each citing itself."""
        ...

    def summarize_story(
        self, docs: Sequence[Document], max_sentences: int = 5
    ) -> list[CitedSentence]:
        """At most `max_sentences` sentences drawn from `docs`, oldest report first, each citing
        every article that says the same."""
        ...


@dataclass(frozen=True, slots=True)
class _Sentence:
    ref: SentenceRef
    text: str
    outlet: str
    rank: int  # the article's place in time order
    statement: Statement
    fit: bool  # can stand alone in a summary (see enrich.furniture)
    position: int  # sentences before it, from the first fit one


class ExtractiveSummarizer:
    """Lead-weighted coverage of central terms; no model, deterministic."""

    def __init__(self, lead_window: int = LEAD_WINDOW) -> None:
        self.lead_window = lead_window
        self.name = f"extractive/{_VERSION}+split:{SPLITTER_VERSION}"

    def summarize_article(self, doc: Document, max_sentences: int = 3) -> list[CitedSentence]:
        sentences = _sentences(doc, rank=0)
        weights = _weights(sentences)
        candidates = [
            _candidate(key, [s])
            for key, s in enumerate(sentences)
            if s.fit and s.position < self.lead_window
        ]
        picked = select(candidates, weights, max_sentences)
        chosen = sorted((sentences[c.key] for c in picked), key=lambda s: s.position)
        return [CitedSentence(s.text, (s.ref,)) for s in chosen]

    def summarize_story(
        self, docs: Sequence[Document], max_sentences: int = 5
    ) -> list[CitedSentence]:
        ordered = _in_time_order(docs)
        sentences = [s for rank, doc in enumerate(ordered) for s in _sentences(doc, rank)]
        weights = _weights(sentences)
        fit = [s for s in sentences if s.fit and not needs_context(s.text)]
        groups = [
            [fit[i] for i in members] for members in group_statements([s.statement for s in fit])
        ]
        candidates = [
            _candidate(key, group)
            for key, group in enumerate(groups)
            if min(s.position for s in group) < self.lead_window
        ]
        outlets = {_outlet(doc) for doc in docs}
        picked = select(candidates, weights, max_sentences, min_labels=min(2, len(outlets)))
        chosen = sorted((groups[c.key] for c in picked), key=lambda g: (g[0].rank, g[0].position))
        return [CitedSentence(group[0].text, _citations(group)) for group in chosen]


def _sentences(doc: Document, rank: int) -> list[_Sentence]:
    """The sentences of `doc`; positions count from its first fit sentence, so a byline or a
    time stamp on top does not push the lead down."""
    outlet = _outlet(doc)
    texts = split_sentences(doc.text)
    fit = [stands_alone(text) for text in texts]
    top = fit.index(True) if True in fit else 0
    return [
        _Sentence(
            SentenceRef(doc.article_id, index),
            text,
            outlet,
            rank,
            Statement(content_terms(text), numbers(text)),
            fit[index],
            max(index - top, 0),
        )
        for index, text in enumerate(texts)
    ]


def _weights(sentences: Sequence[_Sentence]) -> dict[str, float]:
    """Term weights over every sentence but the furniture above an article's first fit one."""
    return term_weights((s.position, s.statement.terms) for s in sentences if s.fit or s.position)


def _candidate(key: int, group: Sequence[_Sentence]) -> Candidate:
    """A group of agreeing sentences as one candidate, shown as its first member."""
    first = group[0]
    return Candidate(
        key=key,
        terms=first.statement.terms,
        words=len(first.text.split()),
        position=min(s.position for s in group),
        support=len({s.ref.article_id for s in group}),
        labels=frozenset(s.outlet for s in group),
    )


def _citations(group: Sequence[_Sentence]) -> tuple[SentenceRef, ...]:
    """The shown sentence first, then one agreeing sentence per other article."""
    refs: dict[int, SentenceRef] = {}
    for sentence in group:
        refs.setdefault(sentence.ref.article_id, sentence.ref)
    return tuple(refs.values())


def _in_time_order(docs: Sequence[Document]) -> list[Document]:
    """Oldest first; undated articles after dated ones, in the order given."""
    latest = datetime.max

    def key(item: tuple[int, Document]) -> tuple[bool, datetime, int]:
        index, doc = item
        when = doc.published_at
        return (when is None, _naive(when) if when else latest, index)

    return [doc for _, doc in sorted(enumerate(docs), key=key)]


def _naive(when: datetime) -> datetime:
    """Comparable with any other: aware times in UTC without their zone, naive ones as given."""
    offset = when.utcoffset()
    if offset is not None:
        when = when - offset
    return when.replace(tzinfo=None)


def _outlet(doc: Document) -> str:
    """The outlet's name, or the article itself when the outlet is unknown."""
    return doc.outlet.strip().casefold() or f"article:{doc.article_id}"
