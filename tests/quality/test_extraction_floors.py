"""Quality gate: article text and publication dates on the full evaluation sets.

Slow (about two minutes on two cores). The scores must stay at or above the floors pinned in
floors.toml, and above the plain library each stage wraps, measured in the same run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from broadsheet.bench import dates, extract
from tests.quality.data import FLOORS, data_dir

pytestmark = pytest.mark.slow


def _require(dataset: str) -> Path:
    data = data_dir()
    if not (data / dataset / "html.tar.xz").is_file():
        pytest.skip(
            f"{dataset} not found under {data}: evaluation data lives outside the repo "
            "(../shared/data beside the checkout, or set BROADSHEET_DATA)"
        )
    return data


@pytest.fixture(scope="module")
def extract_result() -> dict[str, Any]:
    return extract.run(_require(extract.DATASET))


@pytest.fixture(scope="module")
def dates_result() -> dict[str, Any]:
    return dates.run(_require(dates.DATASET))


@pytest.mark.parametrize("metric", sorted(FLOORS["extract"]["broadsheet"]))
def test_extraction_floor(extract_result, metric):
    score = extract_result["extractors"]["broadsheet"][metric]
    assert score >= FLOORS["extract"]["broadsheet"][metric], f"extract {metric} = {score:.4f}"


def test_extraction_beats_plain_trafilatura(extract_result):
    scores = extract_result["extractors"]
    assert scores["broadsheet"]["f1"] > scores["trafilatura"]["f1"]


@pytest.mark.parametrize("metric", sorted(FLOORS["dates"]["broadsheet"]))
def test_date_floor(dates_result, metric):
    score = dates_result["extractors"]["broadsheet"][metric]
    assert score >= FLOORS["dates"]["broadsheet"][metric], f"dates {metric} = {score:.4f}"


def test_dates_beat_plain_htmldate(dates_result):
    scores = dates_result["extractors"]
    assert scores["broadsheet"]["f1"] > scores["htmldate"]["f1"]
