"""Quality gate: the summary guard on FRANK's human-judged system summaries.

Pure and fast (a few seconds: no model). Per dataset, the share of unfaithful summaries the guard
flags must not fall, and neither may the share of faithful ones it lets through (one minus its
false alarms), checked against the whole article and against the closest sentences ("cited").
"""

from __future__ import annotations

from typing import Any

import pytest

from broadsheet.bench import guard
from tests.quality.data import FLOORS, data_dir


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    folder = data_dir() / guard.DATASET
    if not (folder / "human_annotations.json").is_file():
        pytest.skip(f"{folder} not found: evaluation data lives outside the repo")
    return guard.run(data_dir())


def _scores(scores: dict[str, Any]) -> dict[str, float]:
    return {
        "unfaithful_flagged": scores["unfaithful_flagged"],
        "faithful_passed": 1.0 - scores["faithful_flagged"],
        "cited_unfaithful_flagged": scores["cited_unfaithful_flagged"],
        "cited_faithful_passed": 1.0 - scores["cited_faithful_flagged"],
    }


@pytest.mark.parametrize("dataset", ["cnndm", "xsum"])
def test_the_guard_stays_above_its_floors(result, dataset):
    scores = _scores(result["datasets"][dataset])
    for metric, floor in FLOORS["guard"][dataset].items():
        assert scores[metric] >= floor, f"guard {dataset} {metric} {scores[metric]:.4f} < {floor}"


def test_every_human_judgement_is_read(result):
    counts = {d: (s["unfaithful"], s["faithful"]) for d, s in result["datasets"].items()}
    assert counts == {"cnndm": (518, 732), "xsum": (918, 78)}
