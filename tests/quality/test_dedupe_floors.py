"""Quality gate: syndicated copies on the BBC 2005 duplicates and the derived variants.

Slow (about a minute on two cores). The scores must stay at or above the floors pinned in
floors.toml, and the BBC set must keep every duplicate group whole with no false merge.
"""

from __future__ import annotations

import pytest

from broadsheet.bench import dedupe
from tests.quality.data import FLOORS, data_dir

pytestmark = pytest.mark.slow

FLOOR = FLOORS["dedupe"]["broadsheet"]


@pytest.fixture(scope="module")
def result() -> dedupe.DedupeResult:
    data = data_dir()
    for dataset in (dedupe.BBC, dedupe.FRANK):
        if not (data / dataset).is_file():
            pytest.skip(
                f"{dataset} not found under {data}: evaluation data lives outside the repo "
                "(../shared/data beside the checkout, or set BROADSHEET_DATA)"
            )
    return dedupe.run(data)


def _scores(result: dedupe.DedupeResult) -> dict[str, float]:
    bbc, variants = result.bbc, result.variants
    return {
        "bbc_groups": bbc.gold_groups_found / bbc.gold_groups,
        "bbc_precision": bbc.pairs.precision,
        "bbc_recall": bbc.pairs.recall,
        "variants_f1": variants.pairs.f1,
        "variants_precision": variants.pairs.precision,
        "variants_recall": variants.pairs.recall,
    }


@pytest.mark.parametrize("metric", sorted(FLOOR))
def test_dedupe_floor(result, metric):
    score = _scores(result)[metric]
    assert score >= FLOOR[metric], f"dedupe {metric} = {score:.4f}"


def test_bbc_duplicates_all_found_without_false_merges(result):
    bbc = result.bbc
    assert bbc.gold_groups == 101 and bbc.gold_groups_found == 101
    assert bbc.body_groups_found == bbc.body_groups
    assert bbc.false_merges == 0, bbc.false_merge_examples
