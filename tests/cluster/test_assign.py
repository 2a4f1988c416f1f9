"""Online story assignment: same event joins, a different incident of the same type does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from broadsheet.cluster.assign import (
    EXPIRE_EVERY,
    ClusterParams,
    assign,
    max_silence,
    required_score,
)
from broadsheet.cluster.features import features_of
from broadsheet.cluster.story_index import StoryIndex

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
PARAMS = ClusterParams()


def _place(index: StoryIndex, n: int, title: str, text: str, at: datetime) -> int:
    features = features_of(n, title, text, at)
    chosen = assign(index, features, PARAMS).story_id
    story_id = n if chosen is None else chosen
    index.add(story_id, features)
    return story_id


QUAKE_TURKEY = (
    "Magnitude 6.1 earthquake strikes eastern Turkey near Elazig",
    "An earthquake of magnitude 6.1 struck Elazig province in eastern Turkey on Monday, "
    "killing at least nine people, Turkey's disaster agency AFAD said.",
)
QUAKE_TURKEY_LATER = (
    "Death toll from Elazig earthquake in Turkey rises to 14",
    "The number of people killed by the earthquake in Elazig province of eastern Turkey rose "
    "to 14, AFAD said, as rescuers searched collapsed buildings.",
)
QUAKE_CHILE = (
    "Strong earthquake hits northern Chile near Antofagasta",
    "A magnitude 6.4 earthquake struck near Antofagasta in northern Chile on Wednesday, the "
    "national emergency office ONEMI said, with no immediate reports of damage.",
)


def test_a_follow_up_report_joins_the_story_of_its_event():
    index = StoryIndex()
    first = _place(index, 1, *QUAKE_TURKEY, T0)
    assert _place(index, 2, *QUAKE_TURKEY_LATER, T0 + timedelta(hours=5)) == first


def test_two_earthquakes_in_one_week_stay_apart():
    """Regression: same-type incidents (two earthquakes) must not share a story."""
    index = StoryIndex()
    turkey = _place(index, 1, *QUAKE_TURKEY, T0)
    chile = _place(index, 2, *QUAKE_CHILE, T0 + timedelta(days=2))
    assert chile != turkey


def test_a_story_quiet_past_the_window_is_not_joined():
    index = StoryIndex()
    first = _place(index, 1, *QUAKE_TURKEY, T0)
    late = T0 + timedelta(days=PARAMS.quiet_days + 1)
    assert _place(index, 2, *QUAKE_TURKEY_LATER, late) != first
    index.expire(late.timestamp() - PARAMS.quiet_days * 86_400)
    assert first not in index  # swept out: lookups no longer pay for it


def test_a_story_silent_for_too_many_articles_leaves_the_index():
    index = StoryIndex()
    _place(index, 0, *QUAKE_TURKEY, T0)
    for n in range(1, max_silence(PARAMS) + EXPIRE_EVERY + 1):
        index.add(n, features_of(n, f"Unrelated report number{n}", "", T0))
    assign(index, features_of(-1, *QUAKE_TURKEY_LATER, T0), PARAMS)
    assert 0 not in index


def test_silence_in_the_stream_asks_for_a_closer_match():
    index = StoryIndex()
    story = index.add(1, features_of(1, *QUAKE_TURKEY, T0))
    later = features_of(2, *QUAKE_TURKEY_LATER, T0)
    soon = required_score(later, story, PARAMS, index_seen=story.last_seen + 1)
    late = required_score(later, story, PARAMS, index_seen=story.last_seen + 500)
    assert PARAMS.threshold < soon < late < 1


def test_embeddings_lift_a_reworded_report_and_hold_back_a_different_one():
    index = StoryIndex()
    markets = np.array([1, 0, 0, 0], dtype=np.float32)
    index.add(1, features_of(1, "Markets slide on China fears", "", T0, vector=markets))
    reworded = features_of(2, "Stocks tumble as China data disappoints", "", T0, vector=markets)
    assert assign(index, reworded, PARAMS).story_id == 1
    lexical_only = features_of(3, "Stocks tumble as China data disappoints", "", T0)
    assert assign(index, lexical_only, PARAMS).story_id is None
    other = np.array([0, 1, 0, 0], dtype=np.float32)  # same words, another event
    elsewhere = features_of(4, "China fears: markets slide", "", T0, vector=other)
    assert assign(index, elsewhere, PARAMS).story_id is None
