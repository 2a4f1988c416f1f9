"""Quality gate: hashtags on the BBC 2005 set and giveme5w1h, with the shipped defaults.

Slow (under a minute on two cores): the share of articles of at least 150 words that get three
tags or more, on a fixed sample of each set (every 5th BBC article, every 2nd giveme5w1h
article), and the topic accuracy against the BBC categories on all 2,225 articles (the topic
lexicon alone is fast). The scores must stay at or above the floors pinned in floors.toml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.bench import tags
from broadsheet.enrich.entities import SpacyEntityExtractor, default_entity_extractor
from broadsheet.enrich.tags import KeyphraseTagger
from tests.quality.data import FLOORS, data_dir

pytestmark = pytest.mark.slow

SAMPLES = {"bbc-news-2005": (tags.BBC, 5), "giveme5w1h": (tags.GIVEME, 2)}


def _path(relative: str) -> Path:
    path = data_dir() / relative
    if not path.is_file():
        pytest.skip(f"{path} not found: evaluation data lives outside the repo")
    return path


@pytest.fixture(scope="module")
def tagger() -> KeyphraseTagger:
    return KeyphraseTagger()


@pytest.mark.parametrize("dataset", sorted(SAMPLES))
def test_articles_of_150_words_get_three_tags(dataset, tagger):
    relative, every = SAMPLES[dataset]
    articles = tags.load_articles(_path(relative), every=every)
    extractor = default_entity_extractor()
    assert isinstance(extractor, SpacyEntityExtractor), "the floors are for spaCy NER"
    result = tags.coverage(articles, extractor, tagger)
    floor = FLOORS["tags"][dataset]["coverage"]
    assert result["coverage"] >= floor, f"{dataset} coverage {result['coverage']:.4f} < {floor}"
    assert result["most_tags"] <= 8


def test_topic_accuracy_against_the_bbc_categories(tagger):
    result = tags.topic_accuracy(tags.load_articles(_path(tags.BBC)), tagger)
    for metric in ("topic_accuracy", "topic_precision"):
        floor = FLOORS["tags"]["bbc-news-2005"][metric]
        assert result[metric] >= floor, f"BBC {metric} {result[metric]:.4f} < {floor}"
