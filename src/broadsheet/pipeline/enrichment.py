"""Enrichment as a linear script: stored articles → entities, tags, summary, quotes → storage;
then each story whose articles changed → a summary across outlets and its quotes.

What needs work is read from storage by producer (see `Enrichers.producers`), so a new
article, a changed enricher or a story that gained an article is picked up on the next pass,
and a crash between passes loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from broadsheet.enrich.bundle import Enrichers, summarize_article, summarize_story
from broadsheet.enrich.codec import (
    decode_entities,
    decode_quotes,
    encode,
    encode_summary,
    encode_translation,
)
from broadsheet.enrich.llm import LlmClient
from broadsheet.enrich.llm_features import translate_guarded
from broadsheet.enrich.quotes import find_quotes
from broadsheet.model import Article, Document, EntityKind, Quote, Story
from broadsheet.storage import Repository
from broadsheet.storage.repository import ArticleEnrichment, Enrichment

__all__ = ["enrich_articles", "enrich_pending", "enrich_stories", "to_document"]

log = logging.getLogger(__name__)

ARTICLE_SUMMARY = 3  # sentences
STORY_SUMMARY = 5
BATCH = 32


def to_document(article: Article) -> Document:
    return Document(article.id, article.title, article.text, article.outlet, article.published_at)


def enrich_articles(articles: Sequence[Article], enrichers: Enrichers) -> list[ArticleEnrichment]:
    """Every kind for every article (pure: nothing is read or written)."""
    found = enrichers.entities.extract([f"{a.title}\n\n{a.text}" for a in articles])
    made = []
    producers = enrichers.producers
    for article, entities in zip(articles, found, strict=True):
        doc = to_document(article)
        tags = enrichers.tagger.tag(article.title, article.text, entities)
        summary, made_by = summarize_article(enrichers.summarizer, doc, ARTICLE_SUMMARY)
        people = [e.name for e in entities if e.kind is EntityKind.PERSON]
        quotes = find_quotes(doc, people)
        results = (
            Enrichment("entities", producers["entities"], encode(entities)),
            Enrichment("tags", producers["tags"], encode(tags)),
            Enrichment("summary", producers["summary"], encode_summary(summary, made_by)),
            Enrichment("quotes", producers["quotes"], encode(quotes)),
        )
        if enrichers.translator is not None:
            translation = _translation(enrichers.translator, article)
            results += (Enrichment("translation", producers["translation"], translation),)
        made.append(ArticleEnrichment(article.id, results, tuple(tags), tuple(entities)))
    return made


def _translation(client: LlmClient, article: Article) -> str:
    """An English version of a non-English article, checked against the original (figures and
    names must survive); null text for an English article or a refused translation."""
    language = article.language.lower()
    if not language or language.startswith("en"):
        return encode_translation(None, "", "already in English")
    guarded = translate_guarded(client, article.text, "en", source_language=language)
    title = translate_guarded(client, article.title, "en", source_language=language)
    if guarded.result is None or title.result is None:
        return encode_translation(None, "", "the check against the original refused it")
    return encode_translation(f"{title.result}\n\n{guarded.result}", guarded.producer, "")


def enrich_pending(repo: Repository, enrichers: Enrichers, limit: int | None = None) -> int:
    """Enrich articles that need it, newest first, in batches; returns how many were done."""
    done = 0
    while limit is None or done < limit:
        size = BATCH if limit is None else min(BATCH, limit - done)
        batch = repo.articles_to_enrich(enrichers.producers, size)
        if not batch:
            break
        repo.save_enrichments(enrich_articles(batch, enrichers), datetime.now(UTC))
        done += len(batch)
    if done:
        log.info("articles enriched count=%s", done)
    return done


def enrich_stories(repo: Repository, enrichers: Enrichers, limit: int = BATCH) -> int:
    """Summaries and quotes for stories that gained articles since they were last made."""
    stories = repo.stories_to_enrich(enrichers.story_producers, limit)
    for story in stories:
        _enrich_story(repo, enrichers, story)
    if stories:
        log.info("stories enriched count=%s", len(stories))
    return len(stories)


def _enrich_story(repo: Repository, enrichers: Enrichers, story: Story) -> None:
    articles = repo.story_articles(story.id)
    docs = [to_document(a) for a in articles]
    summary, made_by = summarize_story(enrichers.summarizer, docs, STORY_SUMMARY)
    quotes = _story_quotes(repo, articles)
    results = (
        Enrichment("summary", enrichers.summarizer.name, encode_summary(summary, made_by)),
        Enrichment("quotes", enrichers.quotes, encode(quotes)),
    )
    repo.save_story_enrichments(story.id, results, len(articles), datetime.now(UTC))


def _story_quotes(repo: Repository, articles: Sequence[Article]) -> list[Quote]:
    """The quotes each article's enrichment found (made now for one not enriched yet)."""
    quotes: list[Quote] = []
    for article in articles:
        stored = repo.article_enrichments(article.id)
        if "quotes" in stored:
            quotes.extend(decode_quotes(stored["quotes"].payload))
            continue
        entities = decode_entities(stored["entities"].payload) if "entities" in stored else []
        people = [e.name for e in entities if e.kind is EntityKind.PERSON]
        quotes.extend(find_quotes(to_document(article), people))
    return quotes
