"""The API's shapes for what the enrichers made: hashtags, entities, cited summaries, quotes,
answers and related articles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import Field

from broadsheet.model import Article, Page
from broadsheet.services.insights import (
    ArticleInsights,
    AskResult,
    Citation,
    ShownQuote,
    ShownSentence,
    StoryInsights,
)
from broadsheet.services.related import RelatedItem
from broadsheet.services.tags import TagPage, TagsPage
from broadsheet.web.api.schemas import ArticleSummary, Model, Paging


class TagOut(Model):
    slug: str = Field(description="Stable key: /api/v1/tags/{slug}.")
    label: str = Field(description="As a reader sees it, without the #.")
    kind: str = Field(description="entity, keyphrase or topic.")


class CitationOut(Model):
    """The source sentence: sentence `sentence` (from 0) of article `article_id`."""

    article_id: int
    sentence: int
    outlet: str
    title: str
    href: str = Field(description="The article page, anchored at the sentence.")

    @classmethod
    def build(cls, c: Citation) -> CitationOut:
        return cls(
            article_id=c.article_id, sentence=c.sentence, outlet=c.outlet, title=c.title,
            href=c.href,
        )  # fmt: skip


class CitedOut(Model):
    """A sentence shown to readers, with every source sentence that supports it."""

    text: str
    sources: list[CitationOut] = Field(min_length=1)

    @classmethod
    def build(cls, s: ShownSentence) -> CitedOut:
        return cls(text=s.text, sources=[CitationOut.build(c) for c in s.citations])


class QuoteOut(Model):
    text: str
    speaker: str
    source: CitationOut

    @classmethod
    def build(cls, q: ShownQuote) -> QuoteOut:
        return cls(text=q.text, speaker=q.speaker, source=CitationOut.build(q.citation))


class ArticleInsightsOut(Model):
    pending: bool = Field(description="True until the worker has enriched the article.")
    tags: list[TagOut]
    people: list[str]
    organisations: list[str]
    places: list[str]
    summary: list[CitedOut]
    quotes: list[QuoteOut]
    summarizer: str = Field(description="What made the summary (extractive, or a checked LLM).")
    translation: list[str] = Field(
        description="A non-English article in English (title, then paragraphs), made by an LLM "
        "and checked against the original; empty when none was made or the check refused it."
    )
    translator: str

    @classmethod
    def build(cls, i: ArticleInsights) -> ArticleInsightsOut:
        return cls(
            pending=i.pending,
            tags=[TagOut.model_validate(t) for t in i.tags],
            people=list(i.people),
            organisations=list(i.organisations),
            places=list(i.places),
            summary=[CitedOut.build(s) for s in i.summary],
            quotes=[QuoteOut.build(q) for q in i.quotes],
            summarizer=i.summarizer,
            translation=list(i.translation),
            translator=i.translator,
        )


class SpeakerOut(Model):
    name: str
    quotes: list[QuoteOut]


class StoryInsightsOut(Model):
    pending: bool
    tags: list[TagOut]
    summary: list[CitedOut] = Field(description="Across outlets; each sentence cites its sources.")
    speakers: list[SpeakerOut] = Field(description="Who said what, across outlets.")
    summarizer: str

    @classmethod
    def build(cls, i: StoryInsights) -> StoryInsightsOut:
        speakers = [
            SpeakerOut(name=s.name, quotes=[QuoteOut.build(q) for q in s.quotes])
            for s in i.speakers
        ]
        return cls(
            pending=i.pending,
            tags=[TagOut.model_validate(t) for t in i.tags],
            summary=[CitedOut.build(s) for s in i.summary],
            speakers=speakers,
            summarizer=i.summarizer,
        )


class AnswerOut(Model):
    question: str
    supported: bool = Field(description="False: nothing in the sources answers the question.")
    sentences: list[CitedOut]
    producer: str
    error: str = Field(description="Why the question was refused, if it was.")

    @classmethod
    def build(cls, r: AskResult) -> AnswerOut:
        return cls(
            question=r.question, supported=r.supported,
            sentences=[CitedOut.build(s) for s in r.sentences], producer=r.producer,
            error=r.error,
        )  # fmt: skip


class RelatedOut(Model):
    article_id: int
    source_id: int
    outlet: str
    title: str
    snippet: str
    published_at: datetime
    reason: str = Field(description="same story, same topic or similar.")


class RelatedList(Model):
    article_id: int
    items: list[RelatedOut]

    @classmethod
    def build(cls, article_id: int, items: Sequence[RelatedItem]) -> RelatedList:
        return cls(article_id=article_id, items=[RelatedOut.model_validate(i) for i in items])


class TagCountOut(Model):
    tag: TagOut
    articles: int


class TagList(Model):
    days: int | None = Field(description="The window counted, in days; null: all time.")
    items: list[TagCountOut]

    @classmethod
    def build(cls, view: TagsPage) -> TagList:
        items = [
            TagCountOut(tag=TagOut.model_validate(c.tag), articles=c.articles) for c in view.tags
        ]
        return cls(days=view.days, items=items)


class TagDetail(Paging):
    tag: TagOut
    story_ids: list[int] = Field(description="Stories running through the tag, latest first.")
    items: list[ArticleSummary]

    @classmethod
    def build(cls, view: TagPage) -> TagDetail:
        page: Page[Article] = view.articles
        return cls(
            tag=TagOut.model_validate(view.tag),
            story_ids=[s.id for s in view.stories],
            items=[ArticleSummary.model_validate(a) for a in page.items],
            **cls.of(page),
        )
