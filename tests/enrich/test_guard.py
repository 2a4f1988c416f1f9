from __future__ import annotations

import pytest

from broadsheet.enrich.guard import check, check_translation

LOCKE = [
    "Gary Locke will be confirmed as Kilmarnock’s permanent manager on Friday - exactly eight "
    "weeks after he was asked to take charge until the end of the season.",
    "An announcement will be made by the Rugby Park club on Friday morning, with the former "
    "Hearts boss being given a three-year deal.",
]
PENTAGON = [
    "The U.S. State Department said 1,000 Ukrainian soldiers and 6 tanks arrived in March 2015.",
    "The National Health Service paid $5m for the sixth field hospital, up 12% on last year.",
]
# From the demo corpus: "Airbus launches world's largest passenger plane", Wikinews, CC BY 2.5,
# https://en.wikinews.org/wiki/Airbus_launches_world%27s_largest_passenger_plane
AIRBUS = [
    "In a ceremony attended by several European political leaders and 5,000 VIP guests, Airbus "
    "unveiled plans for the A380, a twin-deck aircraft that can carry up to 840 people in "
    "all-economy class (550 for a Boeing 747), or 555 people in typical three mixed classes "
    "layout.",
    "The new aircraft will take the world's - largest title away from rival Boeing's 747.",
    "The first test flight of the aircraft may take place as early as March, and the first "
    "commercial flight is expected to take off in mid-2006 from Singapore's Changi Airport.",
]


@pytest.mark.parametrize(
    "sentence",
    [
        "Gary Locke will be named Kilmarnock's permanent manager on Friday.",
        "Kilmarnock will give Locke a 3-year deal, the Rugby Park club will announce on Friday.",
        "Six tanks and one thousand soldiers from Ukraine arrived in 2015, the US said.",
        "The United States said 1000 Ukrainian soldiers arrived in March.",
        "The NHS paid five million dollars for its 6th field hospital, 12 per cent more.",
        "The A380 can carry 555 passengers in three classes.",
    ],
)
def test_a_faithful_paraphrase_passes(sentence):
    verdict = check(sentence, LOCKE + PENTAGON + AIRBUS)
    assert verdict.ok, verdict.reasons


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Locke was given a four-year deal by Kilmarnock.", "number 'four'"),
        ("Locke will be confirmed on Friday, nine weeks after he took charge.", "number 'nine'"),
        ("Gary Lineker will be named Kilmarnock's permanent manager on Friday.", "name 'Lineker'"),
        ("Locke will be confirmed as Aberdeen manager on Friday.", "name 'Aberdeen'"),
        ("Gary Locke will be confirmed as Kilmarnock manager on Saturday.", "date 'Saturday'"),
        ("The soldiers arrived in April 2015, the U.S. said.", "date 'April'"),
        ("The soldiers arrived in March 2016, the U.S. said.", "number '2016'"),
        ("The NHS paid $5bn for the sixth field hospital.", "number '$5bn'"),
        ("The NHS paid $5m for the seventh field hospital.", "number 'seventh'"),
        ("The hospital cost 15% more than last year.", "number '15'"),
    ],
)
def test_a_changed_fact_is_rejected_and_named(sentence, reason):
    verdict = check(sentence, LOCKE + PENTAGON)
    assert not verdict.ok
    assert reason in verdict.reasons


def test_smollm2_invented_passenger_count_is_rejected():
    # What SmolLM2-135M wrote when asked to summarise AIRBUS: the sources say 840 and 555.
    written = (
        "Airbus unveiled plans for the A380, a twin-deck aircraft that can carry up to 567 "
        "people in all-economy class (550 for Boeing 747) and takes on three mixed classes."
    )
    assert check(written, AIRBUS).reasons == ("number '567'",)


def test_smollm2_invented_day_of_the_month_is_rejected():
    written = (
        "The first test flight of the A380 takes place on March 5th and will take off from "
        "Singapore's Changi Airport."
    )
    assert check(written, AIRBUS).reasons == ("number '5th'",)
    assert "name 'Heathrow'" in check(written.replace("Changi", "Heathrow"), AIRBUS).reasons


def test_an_ordinary_opening_word_is_no_name_but_a_rare_one_is():
    sources = ["Officials said the bridge would reopen on Monday."]
    assert check("Engineers said the bridge would reopen on Monday.", sources).ok
    assert "name 'Kilmarnock'" in check("Kilmarnock said the bridge would reopen.", sources).reasons


def test_names_in_lower_case_text_are_found_by_rarity():
    sources = ["Dr Venter's team at the J Craig Venter Institute published details of Synthia."]
    assert check("venter's team published details of synthia .", sources).ok
    reasons = check("andrew lansley's team published details of synthia .", sources).reasons
    assert "name 'lansley'" in reasons


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The Ukrainian army moved.", "The army of Ukraine moved."),
        ("Ukraine's army moved.", "The Ukrainian army moved."),
        ("Italians voted on Sunday.", "Italy voted on Sunday."),
        ("The Briton won on Sunday.", "The British driver won on Sunday."),
        ("The US Air Force signed the deal.", "The United States Air Force signed the deal."),
        ("The United States signed the deal.", "The US signed the deal."),
    ],
)
def test_demonyms_and_acronyms_match_what_they_stand_for(sentence, source):
    assert check(sentence, [source]).ok


def test_a_first_name_is_no_stem_of_a_surname():
    verdict = check("The vote was won by Johnson.", ["The vote was won by John."])
    assert verdict.reasons == ("name 'Johnson'",)


def test_a_sentence_that_shares_too_few_words_is_rejected():
    verdict = check("Police said the weather was nice.", LOCKE)
    assert not verdict.ok and verdict.reasons[0].startswith("content overlap")


def test_nothing_passes_without_sources_or_content():
    assert check("Locke was confirmed.", []).reasons == ("no sources",)
    assert check("But that was then.", LOCKE).reasons == ("no content words",)


def test_a_translation_keeps_numbers_and_names_in_any_notation():
    original = (
        "Die Regierung hat 1.000 Soldaten und 3,5 Millionen Euro geschickt, sagte Olaf Scholz."
    )
    translation = "The government sent 1,000 soldiers and 3.5 million euros, Olaf Scholz said."
    assert check_translation(original, translation, language="de").ok


def test_a_translation_that_changes_a_number_or_drops_a_name_is_refused():
    original = "Die Regierung hat 1.000 Soldaten geschickt, sagte Olaf Scholz."
    verdict = check_translation(original, "The government sent 2,000 soldiers.", language="de")
    assert verdict.reasons == (
        "number '1000' lost",
        "number '2000' added",
        "name 'Olaf' lost",
        "name 'Scholz' lost",
    )
