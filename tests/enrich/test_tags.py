from __future__ import annotations

import pytest

from broadsheet.enrich.entities import (
    GazetteerEntityExtractor,
    SpacyEntityExtractor,
    document,
)
from broadsheet.enrich.tags import KeyphraseTagger, Tagger, slugify
from broadsheet.model import Entity, EntityKind, Tag
from tests.enrich.articles import DRONES, DRONES_TITLE, PORT, PORT_TITLE

GENERIC = {"tuesday", "said", "people", "year", "years", "news", "march", "reuters", "monday"}


@pytest.fixture(scope="module")
def tagger() -> KeyphraseTagger:
    return KeyphraseTagger()


@pytest.fixture(scope="module")
def drones(tagger) -> list[Tag]:
    (entities,) = SpacyEntityExtractor().extract([document(DRONES_TITLE, DRONES)])
    return tagger.tag(DRONES_TITLE, DRONES, entities)


def slugs(tags: list[Tag]) -> list[str]:
    return [tag.slug for tag in tags]


def test_a_news_article_gets_its_people_places_phrases_and_topic(drones):
    assert {"kyiv", "sumy", "volodymyr-zelenskyy", "air-defence"} <= set(slugs(drones))
    assert drones[-1] == Tag("conflict", "Conflict", "topic")


@pytest.mark.parametrize(("title", "text"), [(DRONES_TITLE, DRONES), (PORT_TITLE, PORT)])
def test_three_to_eight_tags_for_an_article_of_150_words(tagger, title, text):
    assert len(text.split()) >= 150
    (entities,) = SpacyEntityExtractor().extract([document(title, text)])
    assert 3 <= len(tagger.tag(title, text, entities)) <= 8


def test_no_generic_tags_and_no_reporting_credits(drones):
    assert not GENERIC & set(slugs(drones))
    # "With assistance from Jane Holloway …" is boilerplate, Reuters only supplied the report.
    assert not {"jane-holloway", "mark-fenwick", "reuters"} & set(slugs(drones))


def test_slugs_are_unique_and_never_inside_another_tag(drones):
    found = slugs(drones)
    assert len(found) == len(set(found))
    for a in found:
        for b in found:
            assert a == b or f"-{a}-" not in f"-{b}-"


def test_no_surname_tag_beside_the_full_name(tagger):
    entities = [
        Entity("Volodymyr Zelenskyy", EntityKind.PERSON, 3),
        Entity("Zelenskyy", EntityKind.PERSON, 2),
        Entity("Kyiv", EntityKind.PLACE, 2),
    ]
    text = "Volodymyr Zelenskyy spoke in Kyiv. Zelenskyy said Kyiv was calm. Zelenskyy left."
    found = slugs(tagger.tag("Zelenskyy in Kyiv", text, entities))
    assert "volodymyr-zelenskyy" in found and "zelenskyy" not in found


def test_tags_are_stable(tagger):
    (entities,) = SpacyEntityExtractor().extract([document(PORT_TITLE, PORT)])
    first = tagger.tag(PORT_TITLE, PORT, entities)
    assert tagger.tag(PORT_TITLE, PORT, entities) == first
    assert KeyphraseTagger().tag(PORT_TITLE, PORT, entities) == first


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("Volodymyr Zelenskyy", "volodymyr-zelenskyy"),
        ("Zürich", "zurich"),
        ("AT&T", "at-t"),
        ("  air defence ", "air-defence"),
        ("Côte d'Ivoire", "cote-d-ivoire"),
    ],
)
def test_slugify(label, slug):
    assert slugify(label) == slug


def test_at_most_one_topic_and_it_comes_last(drones):
    kinds = [tag.kind for tag in drones]
    assert kinds.count("topic") <= 1
    assert set(kinds) <= {"entity", "keyphrase", "topic"}


def test_tags_from_the_gazetteer_fallback_without_spacy(tagger):
    (entities,) = GazetteerEntityExtractor().extract([document(DRONES_TITLE, DRONES)])
    found = tagger.tag(DRONES_TITLE, DRONES, entities)
    assert 3 <= len(found) <= 8
    assert {"kyiv", "sumy", "volodymyr-zelenskyy"} <= set(slugs(found))


def test_short_and_empty_texts_get_fewer_tags_without_failing(tagger):
    assert tagger.tag("", "", []) == []
    found = tagger.tag("Kyiv", "Drones hit Kyiv.", [Entity("Kyiv", EntityKind.PLACE, 2)])
    assert slugs(found) == ["kyiv"]


def test_the_name_records_versions(tagger):
    assert isinstance(tagger, Tagger)
    assert tagger.name.startswith("keyphrase/")
    assert "+yake-" in tagger.name and "+topics/" in tagger.name and "+gazetteer/" in tagger.name
