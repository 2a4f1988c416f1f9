"""The repair pass merges stories that online assignment split, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.cluster.assign import ClusterParams
from broadsheet.cluster.features import features_of
from broadsheet.cluster.repair import find_merges
from broadsheet.cluster.story_index import StoryIndex

T0 = datetime(2026, 3, 1, tzinfo=UTC)
PARAMS = ClusterParams()


def test_two_stories_of_one_event_merge_into_the_larger():
    index = StoryIndex()
    index.add(
        1, features_of(1, "Panama Papers leak names world leaders", "Mossack Fonseca files.", T0)
    )
    index.add(1, features_of(2, "Panama Papers: Mossack Fonseca leak", "Offshore files.", T0))
    index.add(2, features_of(3, "Mossack Fonseca Panama Papers fallout", "Leak of files.", T0))
    merges = find_merges(index, [1, 2], PARAMS)
    assert [(m.absorbed, m.into) for m in merges] == [(2, 1)]


def test_unrelated_stories_are_left_alone():
    index = StoryIndex()
    index.add(1, features_of(1, "Panama Papers leak names world leaders", "", T0))
    index.add(2, features_of(2, "Cubs win the World Series", "", T0))
    assert find_merges(index, [1, 2], PARAMS) == []
