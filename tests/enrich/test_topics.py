from __future__ import annotations

import pytest

from broadsheet.enrich.topics import LABELS, TOPICS, TopicLexicon, stem


@pytest.fixture(scope="module")
def lexicon() -> TopicLexicon:
    return TopicLexicon()


def test_every_topic_has_a_label():
    assert set(TOPICS) == set(LABELS)


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [("Elections", "election"), ("companies", "company"), ("press", "press"), ("bus", "bus")],
)
def test_stem(word, stemmed):
    assert stem(word) == stemmed


@pytest.mark.parametrize(
    ("title", "text", "topic"),
    [
        (
            "Minister faces vote",
            "The prime minister lost a parliamentary vote as opposition MPs backed the bill.",
            "politics",
        ),
        (
            "Striker seals title",
            "The striker scored twice as the club beat their rivals to win the league.",
            "sport",
        ),
        (
            "Profits rise at bank",
            "The bank said quarterly profit rose as investors bought shares in the company.",
            "business",
        ),
        (
            "Drones hit city",
            "Missile and drone attacks hit the city as troops held the front line.",
            "conflict",
        ),
    ],
)
def test_topics(lexicon, title, text, topic):
    assert lexicon.topic(title, text) == topic


def test_no_topic_without_a_clear_winner(lexicon):
    assert lexicon.topic("A day out", "We walked to the river and back.") is None


def test_the_version_names_the_terms_and_thresholds():
    assert TopicLexicon().version != TopicLexicon(min_score=5).version
    assert TopicLexicon().version != TopicLexicon({"sport": "goal"}).version
