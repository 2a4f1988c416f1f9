from __future__ import annotations

import io
import json

from rich.console import Console

from broadsheet.bench.corpus import Confusion
from broadsheet.bench.table import print_results, to_json


def test_confusion_scores():
    confusion = Confusion()
    confusion.add(tp=8, fp=2, fn=2, tn=8)
    scores = confusion.scores()
    assert (scores["precision"], scores["recall"], scores["accuracy"], scores["f1"]) == (
        0.8,
        0.8,
        0.8,
        0.8,
    )
    assert Confusion().scores()["f1"] == 0.0


def test_print_results_formats_floats():
    buffer = io.StringIO()
    rows = {"a": {"f1": 0.91234, "pages_per_second": 31.06, "seconds": 2}}
    print_results(
        "T", rows, ["f1", "pages_per_second", "seconds"], console=Console(file=buffer, width=80)
    )
    out = buffer.getvalue()
    assert "0.912" in out and "31.1" in out and "pages/s" in out


def test_to_json_round_trips():
    assert json.loads(to_json({"b": 1, "a": [0.5]})) == {"a": [0.5], "b": 1}
