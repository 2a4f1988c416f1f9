"""Quality gate: article summaries on FRANK's 250 CNN/DailyMail articles (a few seconds).

The default summarizer must keep its ROUGE-1/2/L at or above the floors pinned in floors.toml
and at or above Lead-3 scored in the same run, and every sentence it shows must be the article
sentence it cites (traceability 1.0).
"""

from __future__ import annotations

import pytest

from broadsheet.bench import summaries
from tests.quality.data import FLOORS, data_dir

ROUGE = ("rouge_1", "rouge_2", "rouge_l")


@pytest.fixture(scope="module")
def result() -> dict:
    path = data_dir() / summaries.DATASET / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: evaluation data lives outside the repo")
    pytest.importorskip("rouge_score", reason="the summary gate needs rouge-score (test extra)")
    return summaries.run(data_dir())


def _default(result: dict) -> dict:
    return result["summaries"][result["summarizer"]]


def test_summaries_stay_above_their_floors(result):
    assert result["articles"] == 250
    scores = _default(result)
    for metric, floor in FLOORS["summaries"].items():
        assert scores[metric] >= floor, f"{metric} {scores[metric]:.4f} < {floor}"


def test_summaries_match_or_beat_lead_3_on_every_rouge(result):
    scores, lead = _default(result), result["summaries"][summaries.LEAD_3]
    for metric in ROUGE:
        assert scores[metric] >= lead[metric], f"{metric} {scores[metric]} < Lead-3 {lead[metric]}"
