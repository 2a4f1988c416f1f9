from __future__ import annotations

import pytest

from broadsheet.enrich.keyphrases import KeyphraseFinder, plain

TITLE = "Harbour board backs container terminal"
BODY = """The harbour board backed the container terminal plan on Tuesday, officials said.
The container terminal will double capacity. People said the container terminal was needed.
Dredging near the seagrass beds worried divers; the seagrass beds shelter young fish.
A Dow Jones Industrial Average fall and another Dow Jones Industrial Average fall came later.
The website crashed, the website recovered, the website crashed again. Marlow said so."""


@pytest.fixture(scope="module")
def found() -> list[str]:
    return [k.label for k in KeyphraseFinder().find(TITLE, BODY, taken={"marlow"})]


def test_repeated_phrases_are_found(found):
    assert {"container terminal", "harbour board"} <= set(found)


def test_no_generic_words_days_or_reporting(found):
    words = {w for label in found for w in label.lower().split()}
    assert not words & {"tuesday", "said", "people", "officials"}


def test_no_fragment_of_a_longer_name_and_no_everyday_single_word(found):
    assert "Jones Industrial Average" not in found
    assert "website" not in found


def test_taken_words_are_left_to_the_entities():
    found = KeyphraseFinder().find(TITLE, BODY, taken={"container"})
    assert not any("container" in k.label for k in found)


def test_a_phrase_used_once_is_no_keyphrase():
    assert KeyphraseFinder().find("", "Dredging starts in spring near the quay.", set()) == []


def test_plain_pads_casefolded_words():
    assert plain("Zürich's  Harbour-Board!") == " zurich's harbour-board "
