"""The `Answerer` interface and its offline default: answers made of cited source sentences.

`ExtractiveAnswerer` ranks the sentences of the given articles by BM25 over content terms
(`enrich.terms`), favouring those that hold what the question asks for (`enrich.cues`: a person
for "who", a time for "when" …), and answers with the best one to three, each citing its
sentence and the sentences of other articles that say the same (`enrich.agreement`). It answers
nothing — an `Answer` whose `supported` is False — rather than something unsupported:

- when the question asks about a topic word (rarer than `TOPIC_RARITY`) that no source uses
  ("What did Putin say about the climate?" over reports that never mention the climate);
- when no sentence holds at least `MIN_COVERAGE` of the question's content-word weight;
- when it asks "when" or "how many" and no such sentence holds a time or a number.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from broadsheet.enrich.agreement import Statement, agree
from broadsheet.enrich.cues import REQUIRED, Cue, has_cue, question_cue
from broadsheet.enrich.furniture import stands_alone
from broadsheet.enrich.sentences import SPLITTER_VERSION, split_sentences
from broadsheet.enrich.terms import content_terms, numbers
from broadsheet.model import Answer, CitedSentence, Document, SentenceRef

__all__ = ["MIN_COVERAGE", "TOPIC_RARITY", "Answerer", "ExtractiveAnswerer"]

MIN_COVERAGE = 0.5  # of the question's content-word weight, in the answering sentence
TOPIC_RARITY = 2.5  # a question word this rare (zipf ≤ 4.5) that no source uses: no answer
MAX_SENTENCES = 3
_RUNNER_UP = 0.7  # a second or third sentence must score this share of the best
_CUE_BONUS = 0.5
_K1, _B = 1.2, 0.75
_VERSION = 1


@runtime_checkable
class Answerer(Protocol):
    name: str  # stored with every answer, e.g. "extractive-bm25/1+split:rules/1"

    def answer(self, question: str, docs: Sequence[Document]) -> Answer:
        """An answer from `docs` alone, every sentence cited; empty when nothing supports one."""
        ...


@dataclass(frozen=True, slots=True)
class _Sentence:
    ref: SentenceRef
    text: str
    statement: Statement


class ExtractiveAnswerer:
    """BM25 over source sentences with question-type cues; no model, deterministic."""

    def __init__(self) -> None:
        self.name = f"extractive-bm25/{_VERSION}+split:{SPLITTER_VERSION}"

    def answer(self, question: str, docs: Sequence[Document]) -> Answer:
        sentences = [s for doc in docs for s in _sentences(doc)]
        asked = content_terms(question)
        cue = question_cue(question)
        picked = _best(sentences, asked, cue) if _answerable(sentences, asked) else []
        cited = tuple(CitedSentence(s.text, _citations(s, sentences)) for s in picked)
        return Answer(question, cited, self.name)


def _sentences(doc: Document) -> list[_Sentence]:
    return [
        _Sentence(
            SentenceRef(doc.article_id, i), text, Statement(content_terms(text), numbers(text))
        )
        for i, text in enumerate(split_sentences(doc.text))
    ]


def _answerable(sentences: Sequence[_Sentence], asked: dict[str, float]) -> bool:
    """Whether the sources use every topic word of the question (and it has one at all)."""
    used = {term for s in sentences for term in s.statement.terms}
    missing = [t for t, rarity in asked.items() if t not in used and rarity >= TOPIC_RARITY]
    return bool(asked) and not missing


def _best(sentences: Sequence[_Sentence], asked: dict[str, float], cue: Cue) -> list[_Sentence]:
    """Up to `MAX_SENTENCES` supported sentences, best first, none saying what one before
    it said."""
    scored = sorted(
        ((score, index) for index, score in enumerate(_scores(sentences, asked, cue)) if score),
        key=lambda item: (-item[0], item[1]),
    )
    picked: list[_Sentence] = []
    for score, index in scored:
        if len(picked) == MAX_SENTENCES or score < _RUNNER_UP * scored[0][0]:
            break
        sentence = sentences[index]
        if not any(agree(p.statement, sentence.statement) for p in picked):
            picked.append(sentence)
    return picked


def _scores(sentences: Sequence[_Sentence], asked: dict[str, float], cue: Cue) -> list[float]:
    """BM25 of each sentence for the question's terms, raised when it holds the cue; 0 for a
    sentence that does not support an answer."""
    frequency = Counter(t for s in sentences for t in s.statement.terms)
    average = sum(len(s.statement.terms) for s in sentences) / max(len(sentences), 1)
    scores = []
    for sentence in sentences:
        matched = [t for t in asked if t in sentence.statement.terms]
        if not _supports(sentence, asked, matched, cue):
            scores.append(0.0)
            continue
        length = len(sentence.statement.terms)
        bm25 = sum(_bm25(frequency[t], len(sentences), length, average) for t in matched)
        cued = cue is not Cue.NONE and has_cue(sentence.text, cue)
        scores.append(bm25 * (1.0 + _CUE_BONUS * cued))
    return scores


def _supports(sentence: _Sentence, asked: dict[str, float], matched: list[str], cue: Cue) -> bool:
    """Whether `sentence` can stand as (part of) an answer: it stands alone, holds enough of
    the question's weight, and holds a time or a number when the question asks for one."""
    covered = sum(asked[t] for t in matched) / max(sum(asked.values()), 1e-9)
    if covered < MIN_COVERAGE or not stands_alone(sentence.text):
        return False
    return cue not in REQUIRED or has_cue(sentence.text, cue)


def _bm25(frequency: int, count: int, length: int, average: float) -> float:
    """One matched term's share: its IDF over sentences, saturated by sentence length."""
    idf = math.log(1.0 + (count - frequency + 0.5) / (frequency + 0.5))
    return idf * (_K1 + 1) / (1 + _K1 * (1 - _B + _B * length / max(average, 1e-9)))


def _citations(answer: _Sentence, sentences: Sequence[_Sentence]) -> tuple[SentenceRef, ...]:
    """The answering sentence, then one agreeing sentence from each other article."""
    refs = {answer.ref.article_id: answer.ref}
    for other in sentences:
        if other.ref.article_id not in refs and agree(answer.statement, other.statement):
            refs[other.ref.article_id] = other.ref
    return tuple(refs.values())
