"""Abstractive summaries, answers and translations from an LLM, each sentence held to its sources.

The model sees numbered source sentences and is asked for short sentences, each ending with the
numbers it drew on ("… on Friday. [3]"). Every sentence it writes is checked by `enrich.guard`
against the sentences it cites; one that cites nothing valid is checked against all the
sentences it was shown and then cites the fewest of them that back it (at most `MAX_CITED`).
A sentence that fails is dropped; when none is left, or the endpoint fails, the extractive
implementation answers instead. Each result comes as a `Guarded` value: what was made, which
implementation made it (`producer`, which a page shows and a store records), and `GuardStats`
(sentences generated and rejected) so the guard's work can be measured.

The `Summarizer` and `Answerer` protocol methods return the bare result; the `*_guarded`
methods return it with its producer and counts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import regex

from broadsheet.enrich.answer import Answerer, ExtractiveAnswerer
from broadsheet.enrich.furniture import is_furniture
from broadsheet.enrich.guard import GUARD_VERSION, check, check_translation
from broadsheet.enrich.llm import LlmClient, LlmError, Message
from broadsheet.enrich.sentences import SPLITTER_VERSION, split_sentences
from broadsheet.enrich.summary import ExtractiveSummarizer, Summarizer
from broadsheet.model import Answer, CitedSentence, Document, SentenceRef

__all__ = [
    "GuardStats",
    "Guarded",
    "LlmAnswerer",
    "LlmSummarizer",
    "translate",
    "translate_guarded",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_CITED = 3  # an uncited sentence may rest on at most this many source sentences
SOURCE_SENTENCES = 14  # the lead an article summary is written from
SOURCE_CHARS = 4000  # about 1,000 tokens: room for the reply in a 2,048-token context
TOKENS_PER_SENTENCE = 48

_SUMMARY_PROMPT = (
    "You write short news summaries. Use only facts stated in the numbered source sentences. "
    "Write at most {n} short sentences. End each sentence with the number of the source "
    "sentence it comes from, in square brackets. Example: The plane landed in Paris. [4]"
)
_ANSWER_PROMPT = (
    "Answer the question using only facts stated in the numbered source sentences, in at most "
    "{n} short sentences. End each sentence with the number of the source sentence it comes "
    "from, in square brackets. Example: The plane landed in Paris. [4]"
)
_TRANSLATE_PROMPT = (
    "Translate the user's text into {language}. Keep every name and number exactly as written. "
    "Reply with the translation only."
)
_LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian"}
_LIST_MARKER = regex.compile(r"(?m)^\s*(?:\[\d+\]|\(\d+\)|\d+[.)]|[-*•])\s+")
_CITATION = regex.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_CITATION_AFTER_STOP = regex.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")
_FINISHED = regex.compile(r"[.!?][\"'”’)]*$")


@dataclass(frozen=True, slots=True)
class GuardStats:
    """Sentences the model wrote (`generated`), those the guard dropped (`rejected`), how many
    results fell back to the extractive implementation (`fallbacks`), and why each dropped
    sentence was (`reasons`: one entry per sentence, its reasons joined by "; ")."""

    generated: int = 0
    rejected: int = 0
    fallbacks: int = 0
    reasons: tuple[str, ...] = ()

    def __add__(self, other: GuardStats) -> GuardStats:
        return GuardStats(
            self.generated + other.generated,
            self.rejected + other.rejected,
            self.fallbacks + other.fallbacks,
            self.reasons + other.reasons,
        )

    @property
    def rejected_share(self) -> float:
        return self.rejected / self.generated if self.generated else 0.0


@dataclass(frozen=True, slots=True)
class Guarded(Generic[T]):
    """A result, the implementation that produced it, and the guard's counts."""

    result: T
    producer: str
    stats: GuardStats


@dataclass(frozen=True, slots=True)
class _Source:
    ref: SentenceRef
    text: str


class LlmSummarizer:
    """A `Summarizer` that asks an LLM and keeps only what the guard lets through."""

    def __init__(self, client: LlmClient, fallback: Summarizer | None = None) -> None:
        self.client = client
        self.fallback = fallback or ExtractiveSummarizer()
        self.name = f"{client.name}+{GUARD_VERSION}+split:{SPLITTER_VERSION}"

    def summarize_article(self, doc: Document, max_sentences: int = 3) -> list[CitedSentence]:
        return self.summarize_article_guarded(doc, max_sentences).result

    def summarize_story(
        self, docs: Sequence[Document], max_sentences: int = 5
    ) -> list[CitedSentence]:
        return self.summarize_story_guarded(docs, max_sentences).result

    def summarize_article_guarded(
        self, doc: Document, max_sentences: int = 3
    ) -> Guarded[list[CitedSentence]]:
        sources = _lead(doc, SOURCE_SENTENCES)
        return self._summarize(
            sources, max_sentences, lambda: self.fallback.summarize_article(doc, max_sentences)
        )

    def summarize_story_guarded(
        self, docs: Sequence[Document], max_sentences: int = 5
    ) -> Guarded[list[CitedSentence]]:
        per_article = max(3, SOURCE_SENTENCES // max(1, len(docs)))
        sources = [s for doc in docs for s in _lead(doc, per_article)]
        return self._summarize(
            sources, max_sentences, lambda: self.fallback.summarize_story(docs, max_sentences)
        )

    def _summarize(
        self,
        sources: list[_Source],
        max_sentences: int,
        fallback: Callable[[], list[CitedSentence]],
    ) -> Guarded[list[CitedSentence]]:
        prompt = _SUMMARY_PROMPT.format(n=max_sentences)
        request = f"Source sentences:\n{_numbered(sources)}\n\nSummary:"
        kept, stats = _generate(self.client, prompt, request, sources, max_sentences)
        if kept:
            return Guarded(kept, self.name, stats)
        return Guarded(fallback(), self.fallback.name, stats + GuardStats(fallbacks=1))


class LlmAnswerer:
    """An `Answerer` that lets the extractive answerer find the sentences that bear on the
    question, asks an LLM to answer from them, and keeps what the guard lets through. When the
    extractive answerer finds nothing, nothing supports an answer and the LLM is not asked."""

    def __init__(self, client: LlmClient, fallback: Answerer | None = None) -> None:
        self.client = client
        self.fallback = fallback or ExtractiveAnswerer()
        self.name = f"{client.name}+{GUARD_VERSION}+split:{SPLITTER_VERSION}"

    def answer(self, question: str, docs: Sequence[Document]) -> Answer:
        return self.answer_guarded(question, docs).result

    def answer_guarded(self, question: str, docs: Sequence[Document]) -> Guarded[Answer]:
        extractive = self.fallback.answer(question, docs)
        if not extractive.supported:
            return Guarded(extractive, extractive.producer, GuardStats())
        sources = _cited_sources(extractive, docs)
        prompt = _ANSWER_PROMPT.format(n=2)
        request = f"Source sentences:\n{_numbered(sources)}\n\nQuestion: {question}\nAnswer:"
        kept, stats = _generate(self.client, prompt, request, sources, 2)
        if kept:
            return Guarded(Answer(question, tuple(kept), self.name), self.name, stats)
        return Guarded(extractive, extractive.producer, stats + GuardStats(fallbacks=1))


def translate(
    client: LlmClient, text: str, target: str = "en", *, source_language: str = ""
) -> str | None:
    """`text` in the `target` language, or None when the model failed or lost or invented a
    number or name of the original (see `translate_guarded`)."""
    return translate_guarded(client, text, target, source_language=source_language).result


def translate_guarded(
    client: LlmClient, text: str, target: str = "en", *, source_language: str = ""
) -> Guarded[str | None]:
    """Each paragraph translated on its own (so it fits a small model's context) and checked
    by `guard.check_translation`; one failed paragraph refuses the whole translation (result
    None, producer empty: the page shows the original)."""
    prompt = _TRANSLATE_PROMPT.format(language=_LANGUAGES.get(target, target))
    done: list[str] = []
    for paragraph in [p.strip() for p in text.split("\n\n") if p.strip()]:
        messages = [{"role": "system", "content": prompt}, {"role": "user", "content": paragraph}]
        try:
            reply = client.chat(messages, max_tokens=min(1024, len(paragraph) // 2 + 32))
        except LlmError as exc:
            log.warning("translation unavailable, the original is shown: %s", exc)
            return Guarded(None, "", GuardStats(len(done), 0, 1))
        verdict = check_translation(paragraph, reply, language=source_language)
        if not verdict.ok:
            reasons = "; ".join(verdict.reasons)
            log.info("translation refused by the guard: %s", reasons)
            return Guarded(None, "", GuardStats(len(done) + 1, 1, 1, (reasons,)))
        done.append(reply)
    return Guarded("\n\n".join(done), f"{client.name}+{GUARD_VERSION}", GuardStats(len(done)))


def _lead(doc: Document, limit: int) -> list[_Source]:
    """The first `limit` sentences of an article that are not page furniture."""
    sentences = [
        _Source(SentenceRef(doc.article_id, index), text)
        for index, text in enumerate(split_sentences(doc.text))
        if not is_furniture(text)
    ]
    return _within_budget(sentences[:limit])


def _within_budget(sources: list[_Source]) -> list[_Source]:
    kept: list[_Source] = []
    used = 0
    for source in sources:
        used += len(source.text) + 6
        if used > SOURCE_CHARS and kept:
            break
        kept.append(source)
    return kept


def _cited_sources(answer: Answer, docs: Sequence[Document]) -> list[_Source]:
    texts = {doc.article_id: split_sentences(doc.text) for doc in docs}
    refs = dict.fromkeys(ref for s in answer.sentences for ref in s.sources)
    return _within_budget(
        [
            _Source(ref, texts[ref.article_id][ref.sentence])
            for ref in refs
            if ref.article_id in texts and ref.sentence < len(texts[ref.article_id])
        ]
    )


def _numbered(sources: Sequence[_Source]) -> str:
    return "\n".join(f"[{number}] {s.text}" for number, s in enumerate(sources, start=1))


def _generate(
    client: LlmClient, prompt: str, request: str, sources: list[_Source], limit: int
) -> tuple[list[CitedSentence], GuardStats]:
    """Ask, parse, check: the sentences that passed (at most `limit`) and the counts."""
    if not sources:
        return [], GuardStats()
    messages: list[Message] = [
        {"role": "system", "content": prompt},
        {"role": "user", "content": request},
    ]
    try:
        reply = client.chat(messages, max_tokens=TOKENS_PER_SENTENCE * limit + 16)
    except LlmError as exc:
        log.warning("LLM unavailable, using the extractive fallback: %s", exc)
        return [], GuardStats()
    kept: list[CitedSentence] = []
    rejected: list[str] = []
    written = _sentences(reply)
    for text, numbers in written:
        cited, reasons = _checked(text, numbers, sources)
        if cited is None:
            rejected.append("; ".join(reasons))
            log.debug("the guard rejected %r: %s", text, rejected[-1])
        else:
            kept.append(cited)
    if rejected:
        log.info("the guard rejected %d of %d generated sentences", len(rejected), len(written))
    return kept[:limit], GuardStats(len(written), len(rejected), 0, tuple(rejected))


def _sentences(reply: str) -> list[tuple[str, list[int]]]:
    """The finished sentences of a reply, without list markers, each with the numbers it cites
    (1-based, as the model saw them); repeats count once."""
    # "[2] …" opening a line numbers a list the way the sources were numbered: no citation.
    text = _CITATION_AFTER_STOP.sub(r"\2\1", _LIST_MARKER.sub("", reply))  # "x. [3]" → "x [3]."
    found: dict[str, list[int]] = {}
    for sentence in split_sentences("\n\n".join(text.splitlines())):
        numbers = [
            int(n) for group in _CITATION.findall(sentence) for n in regex.split(r"\D+", group)
        ]
        plain = regex.sub(r"\s+([.!?,;:])", r"\1", _CITATION.sub("", sentence)).strip()
        if _FINISHED.search(plain) and regex.search(r"\p{L}", plain):
            found.setdefault(plain, numbers)
    return list(found.items())


def _checked(
    text: str, numbers: list[int], sources: list[_Source]
) -> tuple[CitedSentence | None, tuple[str, ...]]:
    """The sentence with its citations when the guard passes it, else None and the reasons."""
    cited = [sources[n - 1] for n in dict.fromkeys(numbers) if 1 <= n <= len(sources)]
    if cited:
        verdict = check(text, [s.text for s in cited])
        refs = tuple(s.ref for s in cited)
        return (CitedSentence(text, refs) if verdict.ok else None), verdict.reasons
    verdict = check(text, [s.text for s in sources])
    cover = _cover(text, sources) if verdict.ok else []
    if not cover:
        return None, verdict.reasons or (f"support spread over more than {MAX_CITED} sentences",)
    return CitedSentence(text, tuple(s.ref for s in cover)), ()


def _cover(text: str, sources: list[_Source]) -> list[_Source]:
    """The fewest sources, up to `MAX_CITED`, that the guard accepts as backing `text`: added
    one at a time, those sharing the most words with it first; empty when none do."""
    words = set(regex.findall(r"\p{L}{3,}", text.casefold()))
    ranked = sorted(
        sources, key=lambda s: -len(words & set(regex.findall(r"\p{L}{3,}", s.text.casefold())))
    )
    for size in range(1, MAX_CITED + 1):
        if check(text, [s.text for s in ranked[:size]]).ok:
            return sorted(ranked[:size], key=lambda s: (s.ref.article_id, s.ref.sentence))
    return []
