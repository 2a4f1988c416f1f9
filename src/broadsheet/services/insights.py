"""What the enrichers made, as pages show it: hashtags, entities, summaries whose every
sentence carries links to its sources, quotes with their speakers, and answers to questions.

Results are read from storage (the worker makes them); one not made yet is `pending`, and the
page says so. Only Ask runs in the request: it is the reader's own action, and the default
answerer is a retrieval over sentences already split.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from broadsheet.enrich.answer import Answerer
from broadsheet.enrich.codec import (
    decode_entities,
    decode_quotes,
    decode_summary,
    decode_tags,
    decode_translation,
)
from broadsheet.enrich.quotes import group_quotes
from broadsheet.errors import BroadsheetError
from broadsheet.model import (
    Article,
    CitedSentence,
    Document,
    EntityKind,
    Quote,
    SentenceRef,
    Story,
    Tag,
)
from broadsheet.storage import Repository

__all__ = [
    "ArticleInsights",
    "AskResult",
    "Citation",
    "ShownSentence",
    "StoryInsights",
    "article_insights",
    "ask",
    "ask_sources",
    "story_insights",
]

MAX_QUESTION = 300  # characters
STORY_TAGS = 8
SPEAKERS = 6


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a shown sentence comes from: sentence `sentence` of article `article_id`."""

    article_id: int
    sentence: int
    outlet: str
    title: str

    @property
    def href(self) -> str:
        return f"/articles/{self.article_id}#s-{self.sentence}"


@dataclass(frozen=True, slots=True)
class ShownSentence:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class ShownQuote:
    text: str
    speaker: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    quotes: tuple[ShownQuote, ...]


@dataclass(frozen=True, slots=True)
class ArticleInsights:
    pending: bool  # the worker has not enriched the article yet
    tags: tuple[Tag, ...] = ()
    people: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    summary: tuple[ShownSentence, ...] = ()
    quotes: tuple[ShownQuote, ...] = ()
    summarizer: str = ""  # the producer of the summary: extractive, or an LLM checked by a guard
    translation: tuple[str, ...] = ()  # an English version's paragraphs (title first), if made
    translator: str = ""


@dataclass(frozen=True, slots=True)
class StoryInsights:
    pending: bool
    tags: tuple[Tag, ...] = ()
    summary: tuple[ShownSentence, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    summarizer: str = ""


@dataclass(frozen=True, slots=True)
class AskResult:
    question: str
    sentences: tuple[ShownSentence, ...]
    producer: str
    error: str = ""  # a question refused before answering, in words

    @property
    def supported(self) -> bool:
        return bool(self.sentences)


def article_insights(repo: Repository, article: Article) -> ArticleInsights:
    stored = repo.article_enrichments(article.id)
    if "tags" not in stored or "summary" not in stored:
        return ArticleInsights(pending=True)
    entities = decode_entities(stored["entities"].payload) if "entities" in stored else []
    names = {kind: tuple(e.name for e in entities if e.kind is kind) for kind in EntityKind}
    own = {article.id: article}
    quotes = decode_quotes(stored["quotes"].payload) if "quotes" in stored else []
    summary, made_by = decode_summary(stored["summary"].payload)
    english, translator, _ = (
        decode_translation(stored["translation"].payload)
        if "translation" in stored
        else (None, "", "")
    )
    return ArticleInsights(
        pending=False,
        tags=tuple(decode_tags(stored["tags"].payload)),
        people=names[EntityKind.PERSON],
        organisations=names[EntityKind.ORG],
        places=names[EntityKind.PLACE],
        summary=_shown(summary, own),
        quotes=tuple(_quote(q, own) for q in quotes if q.source.article_id in own),
        summarizer=made_by,
        translation=tuple(p for p in (english or "").split("\n\n") if p.strip()),
        translator=translator,
    )


def story_insights(repo: Repository, story: Story, articles: Sequence[Article]) -> StoryInsights:
    by_id = {a.id: a for a in articles}
    tags = _story_tags(repo.articles_tags(list(by_id)).values())
    stored = repo.story_enrichments(story.id)
    if "summary" not in stored and len(articles) == 1:  # only stories of 2+ get their own
        stored = repo.article_enrichments(articles[0].id)
    if "summary" not in stored:
        return StoryInsights(pending=True, tags=tags)
    quotes = decode_quotes(stored["quotes"].payload) if "quotes" in stored else []
    quotes = [q for q in quotes if q.source.article_id in by_id]
    speakers = tuple(
        Speaker(name, tuple(_quote(q, by_id) for q in said))
        for name, said in group_quotes(quotes)[:SPEAKERS]
    )
    summary, made_by = decode_summary(stored["summary"].payload)
    return StoryInsights(
        pending=False,
        tags=tags,
        summary=_shown(summary, by_id),
        speakers=speakers,
        summarizer=made_by,
    )


def ask_sources(repo: Repository, article: Article) -> list[Article]:
    """What a question about an article is answered from: every report of its story."""
    if article.story_id is None:
        return [article]
    return repo.story_articles(article.story_id) or [article]


def ask(answerer: Answerer, question: str, articles: Sequence[Article]) -> AskResult:
    """Answer from `articles` alone, every sentence cited; an empty answer when nothing in them
    supports one."""
    question = " ".join(question.split())
    if not question:
        return AskResult(question, (), answerer.name, "Type a question first.")
    if len(question) > MAX_QUESTION:
        refusal = f"Questions are at most {MAX_QUESTION} characters long."
        return AskResult(question[:MAX_QUESTION], (), answerer.name, refusal)
    docs = [Document(a.id, a.title, a.text, a.outlet, a.published_at) for a in articles if a.text]
    try:
        answer = answerer.answer(question, docs)
    except BroadsheetError as exc:
        return AskResult(question, (), answerer.name, f"No answer could be made: {exc}")
    by_id = {a.id: a for a in articles}
    return AskResult(question, _shown(answer.sentences, by_id), answer.producer)


def _shown(
    sentences: Iterable[CitedSentence], articles: dict[int, Article]
) -> tuple[ShownSentence, ...]:
    """Sentences with their citations resolved; a citation of an article no longer at hand is
    dropped, and a sentence left without one is not shown (nothing is shown unsourced)."""
    shown = []
    for s in sentences:
        cites = tuple(_citation(r, articles) for r in s.sources if r.article_id in articles)
        if cites:
            shown.append(ShownSentence(s.text, cites))
    return tuple(shown)


def _citation(ref: SentenceRef, articles: dict[int, Article]) -> Citation:
    article = articles[ref.article_id]
    return Citation(ref.article_id, ref.sentence, article.outlet, article.title)


def _quote(quote: Quote, articles: dict[int, Article]) -> ShownQuote:
    return ShownQuote(quote.text, quote.speaker, _citation(quote.source, articles))


def _story_tags(per_article: Iterable[list[Tag]]) -> tuple[Tag, ...]:
    """The tags most of the story's articles carry, topic tags last."""
    counts: Counter[str] = Counter()
    first: dict[str, Tag] = {}
    for tags in per_article:
        for tag in tags:
            counts[tag.slug] += 1
            first.setdefault(tag.slug, tag)
    ranked = sorted(counts, key=lambda s: (first[s].kind == "topic", -counts[s]))
    return tuple(first[s] for s in ranked[:STORY_TAGS])
