"""The date benchmark on a few pages: structure and sane numbers, not quality floors."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from broadsheet.bench import dates

LIMIT = 30


@pytest.fixture(scope="module")
def result(data_dir):
    if not (data_dir / dates.DATASET / "html.tar.xz").is_file():
        pytest.skip(f"{dates.DATASET} not found under {data_dir}")
    return dates.run(data_dir, limit=LIMIT)


def test_both_finders_scored_on_the_same_pages(result):
    assert result["pages"] == LIMIT
    assert set(result["extractors"]) == {"broadsheet", "htmldate"}
    for scores in result["extractors"].values():
        assert scores["tp"] + scores["fp"] + scores["fn"] == LIMIT


def test_scores_are_sane(result):
    for scores in result["extractors"].values():
        for metric in ("precision", "recall", "accuracy", "f1", "f1_utc"):
            assert 0.5 < scores[metric] <= 1.0
        assert scores["pages_per_second"] > 0


def test_table_and_json(result):
    buffer = io.StringIO()
    dates.print_table(result, console=Console(file=buffer, width=120))
    assert "htmldate" in buffer.getvalue()
    assert json.loads(json.dumps(result)) == result
