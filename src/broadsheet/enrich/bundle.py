"""The enrichers a site runs, chosen once from the settings, and what each stored result must
have been made by (`producers`): a result of another producer is made again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.config import Settings
from broadsheet.enrich.answer import Answerer, ExtractiveAnswerer
from broadsheet.enrich.entities import EntityExtractor, default_entity_extractor
from broadsheet.enrich.guard import GUARD_VERSION
from broadsheet.enrich.llm import LlmClient, llm_from_settings
from broadsheet.enrich.llm_features import LlmAnswerer, LlmSummarizer
from broadsheet.enrich.quotes import QUOTES_VERSION
from broadsheet.enrich.summary import ExtractiveSummarizer, Summarizer
from broadsheet.enrich.tags import KeyphraseTagger, Tagger
from broadsheet.model import CitedSentence, Document

__all__ = [
    "Enrichers",
    "default_answerer",
    "default_enrichers",
    "summarize_article",
    "summarize_story",
]


@dataclass(frozen=True, slots=True)
class Enrichers:
    entities: EntityExtractor
    tagger: Tagger
    summarizer: Summarizer
    translator: LlmClient | None = None  # non-English articles get a checked English version

    @property
    def quotes(self) -> str:
        return f"quotes/{QUOTES_VERSION}"

    @property
    def producers(self) -> dict[str, str]:
        """Per article: tags and quotes depend on the entities, so they name them too."""
        made = {
            "entities": self.entities.name,
            "tags": f"{self.tagger.name}+{self.entities.name}",
            "summary": self.summarizer.name,
            "quotes": f"{self.quotes}+{self.entities.name}",
        }
        if self.translator is not None:
            made["translation"] = f"{self.translator.name}+{GUARD_VERSION}"
        return made

    @property
    def story_producers(self) -> dict[str, str]:
        return {"summary": self.summarizer.name, "quotes": self.quotes}


def default_enrichers(settings: Settings) -> Enrichers:
    """The offline defaults; with an LLM endpoint set, its summarizer (which falls back to the
    extractive one and checks every sentence it generates against the sources)."""
    client = llm_from_settings(settings)
    return Enrichers(
        entities=default_entity_extractor(),
        tagger=KeyphraseTagger(),
        summarizer=LlmSummarizer(client) if client is not None else ExtractiveSummarizer(),
        translator=client,
    )


def default_answerer(settings: Settings) -> Answerer:
    client = llm_from_settings(settings)
    return LlmAnswerer(client) if client is not None else ExtractiveAnswerer()


def summarize_article(
    summarizer: Summarizer, doc: Document, max_sentences: int
) -> tuple[list[CitedSentence], str]:
    """The summary and what made it: an LLM summarizer may have fallen back to extraction."""
    if isinstance(summarizer, LlmSummarizer):
        guarded = summarizer.summarize_article_guarded(doc, max_sentences)
        return guarded.result, guarded.producer
    return summarizer.summarize_article(doc, max_sentences), summarizer.name


def summarize_story(
    summarizer: Summarizer, docs: Sequence[Document], max_sentences: int
) -> tuple[list[CitedSentence], str]:
    if isinstance(summarizer, LlmSummarizer):
        guarded = summarizer.summarize_story_guarded(docs, max_sentences)
        return guarded.result, guarded.producer
    return summarizer.summarize_story(docs, max_sentences), summarizer.name
