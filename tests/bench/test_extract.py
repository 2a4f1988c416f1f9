"""The extraction benchmark on a few pages: structure and sane numbers, not quality floors."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from broadsheet.bench import extract

LIMIT = 30


@pytest.fixture(scope="module")
def result(data_dir):
    if not (data_dir / extract.DATASET / "html.tar.xz").is_file():
        pytest.skip(f"{extract.DATASET} not found under {data_dir}")
    return extract.run(data_dir, limit=LIMIT)


def test_both_extractors_scored_on_the_same_pages(result):
    assert result["pages"] == LIMIT
    assert set(result["extractors"]) == {"broadsheet", "trafilatura"}
    totals = {(r["tp"] + r["fn"], r["fp"] + r["tn"]) for r in result["extractors"].values()}
    assert len(totals) == 1  # same snippets for both


def test_scores_are_sane(result):
    for scores in result["extractors"].values():
        for metric in ("precision", "recall", "accuracy", "f1"):
            assert 0.5 < scores[metric] <= 1.0
        assert scores["errors"] == 0
        assert scores["pages_per_second"] > 0


def test_table_and_json(result):
    buffer = io.StringIO()
    extract.print_table(result, console=Console(file=buffer, width=120))
    assert "broadsheet" in buffer.getvalue() and "F1" in buffer.getvalue()
    assert json.loads(json.dumps(result)) == result
