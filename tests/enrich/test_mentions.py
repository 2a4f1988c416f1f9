from __future__ import annotations

from broadsheet.enrich.mentions import Mention, resolve
from broadsheet.model import Entity, EntityKind

PERSON, ORG, PLACE = EntityKind.PERSON, EntityKind.ORG, EntityKind.PLACE


def test_spellings_of_one_unknown_name_merge():
    found = resolve([Mention("TimeWarner", ORG, 0), Mention("Time Warner", ORG, 50)])
    assert found == [Entity("Time Warner", ORG, 2)]


def test_a_surname_or_forename_joins_the_one_full_name():
    mentions = [
        Mention("Elena Varga", PERSON, 0),
        Mention("Varga", ORG, 40),  # the model often reads a surname as an organisation
        Mention("Elena", PERSON, 80),
    ]
    assert resolve(mentions) == [Entity("Elena Varga", PERSON, 3)]


def test_an_ambiguous_surname_stays_apart():
    mentions = [
        Mention("Ben Holland", PERSON, 0),
        Mention("Tom Holland", PERSON, 20),
        Mention("Holland", PERSON, 40),
    ]
    assert {e.name for e in resolve(mentions)} == {"Ben Holland", "Tom Holland", "Holland"}


def test_demonyms_count_toward_a_named_place_or_stand_alone_twice():
    ukraine = [Mention("Ukraine", PLACE, 0, known=True)]
    demonym = [Mention("Ukraine", PLACE, i, known=True, demonym=True) for i in (10, 20)]
    assert resolve(ukraine + demonym) == [Entity("Ukraine", PLACE, 3)]
    assert resolve(demonym) == [Entity("Ukraine", PLACE, 2)]
    assert resolve(demonym[:1]) == []


def test_unknown_names_only_in_the_headline_are_dropped():
    mentions = [Mention("Trump Sees No", PERSON, 0), Mention("Kyiv", PLACE, 5, known=True)]
    assert resolve(mentions, title_end=30) == [Entity("Kyiv", PLACE, 1)]


def test_most_mentioned_first_then_first_mentioned():
    mentions = [Mention("Sumy", PLACE, 0), Mention("Kyiv", PLACE, 5), Mention("Kyiv", PLACE, 9)]
    assert [e.name for e in resolve(mentions)] == ["Kyiv", "Sumy"]
