"""The Repository contract for enrichment: results by producer, tags and entities, stories."""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadsheet.errors import NotFound
from broadsheet.model import Entity, EntityKind, Tag
from broadsheet.storage.repository import ArticleEnrichment, Enrichment
from tests.contract.test_repository import NOW, draft

PRODUCERS = {"tags": "tagger/1", "summary": "summary/1"}


@pytest.fixture
def articles(repo):
    source = repo.add_source("https://a.example/feed", title="A").id
    return [repo.save_article(draft(source, n)).article_id for n in range(1, 4)]


def _enrichment(article_id: int, tags=("ukraine", "kyiv"), producer="tagger/1"):
    tagged = tuple(Tag(slug, slug.title(), "entity") for slug in tags)
    people = (Entity("Volodymyr Zelenskyy", EntityKind.PERSON, 3),)
    return ArticleEnrichment(
        article_id,
        (Enrichment("tags", producer, "[]"), Enrichment("summary", "summary/1", "[]")),
        tagged,
        people,
    )


def test_articles_to_enrich_are_those_without_a_result_of_the_current_producer(repo, articles):
    first, second, third = articles
    assert [a.id for a in repo.articles_to_enrich(PRODUCERS, 10)] == [third, second, first]
    repo.save_enrichments([_enrichment(third), _enrichment(first, producer="tagger/0")], NOW)
    assert [a.id for a in repo.articles_to_enrich(PRODUCERS, 10)] == [second, first]
    assert [a.id for a in repo.articles_to_enrich(PRODUCERS, 1)] == [second]


def test_saving_again_replaces_results_tags_and_entities(repo, articles):
    first = articles[0]
    repo.save_enrichments([_enrichment(first)], NOW)
    repo.save_enrichments([_enrichment(first, tags=("nato",))], NOW)
    stored = repo.article_enrichments(first)
    assert set(stored) == {"tags", "summary"} and stored["tags"].producer == "tagger/1"
    assert repo.articles_tags([first]) == {first: [Tag("nato", "Nato", "entity")]}
    assert repo.articles_entities([first])[first][0].name == "Volodymyr Zelenskyy"


def test_tag_pages_list_articles_newest_first_with_a_count(repo, articles):
    for article_id in articles:
        repo.save_enrichments([_enrichment(article_id)], NOW)
    page = repo.tag_articles("kyiv", 1, 2)
    assert [a.id for a in page.items] == articles[::-1][:2] and page.total == 3
    assert [a.id for a in repo.tag_articles("kyiv", 2, 2).items] == [articles[0]]
    assert repo.get_tag("kyiv") == Tag("kyiv", "Kyiv", "entity")
    with pytest.raises(NotFound):
        repo.get_tag("nowhere")
    counted = repo.popular_tags(NOW - timedelta(days=1), 10)
    assert [(t.slug, n) for t, n in counted] == [("kyiv", 3), ("ukraine", 3)]


def test_a_story_is_enriched_again_when_it_gains_an_article(repo, articles):
    first, second, third = articles
    story = repo.join_story(repo.start_story(first).id, [second])
    producers = {"summary": "summary/1"}
    assert [s.id for s in repo.stories_to_enrich(producers, 10)] == [story.id]
    repo.save_story_enrichments(story.id, [Enrichment("summary", "summary/1", "[]")], 2, NOW)
    assert repo.stories_to_enrich(producers, 10) == []
    assert repo.stories_to_enrich({"summary": "summary/2"}, 10) != []
    repo.join_story(story.id, [third])
    assert [s.id for s in repo.stories_to_enrich(producers, 10)] == [story.id]
    assert repo.story_enrichments(story.id)["summary"].producer == "summary/1"
    assert [s.id for s in repo.tag_stories("kyiv", 5)] == []
    repo.save_enrichments([_enrichment(third)], NOW)
    assert [s.id for s in repo.tag_stories("kyiv", 5)] == [story.id]


def test_search_narrows_by_hashtag_entity_and_language(repo, articles):
    from broadsheet.storage.repository import SearchQuery

    first, second, third = articles
    repo.save_enrichments([_enrichment(first), _enrichment(second, tags=("nato",))], NOW)

    def found(**filters) -> set[int]:
        return {h.article_id for h in repo.search_hits(SearchQuery("prisoner", **filters), 10)}

    assert found() == {first, second, third}
    assert found(tag="kyiv") == {first}
    assert found(tag="nato") == {second}
    assert found(entity="volodymyr zelenskyy") == {first, second}
    assert found(tag="nowhere") == set()
    assert found(language="en") == set()  # the drafts carry no language
    assert found(tag="nato", entity="Volodymyr Zelenskyy") == {second}  # both sets, any case
    later = NOW + timedelta(days=365)
    assert found(entity="volodymyr zelenskyy", before=later) == {first, second}  # and the row's
    assert found(tag="kyiv", after=later) == set()
    assert repo.passing_filters(SearchQuery("x", tag="kyiv"), [first, second, third]) == {first}
    assert repo.passing_filters(SearchQuery("x", entity="Nobody"), [first]) == set()


def test_tagged_through_is_the_last_id_before_the_first_article_not_yet_enriched(repo, articles):
    first, second, third = articles
    assert repo.articles_tagged_through() == first - 1
    repo.save_enrichments([_enrichment(first), _enrichment(third)], NOW)
    assert repo.articles_tagged_through() == first
    repo.save_enrichments([_enrichment(second)], NOW)
    assert repo.articles_tagged_through() == third
