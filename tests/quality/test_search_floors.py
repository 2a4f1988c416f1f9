"""Quality gate: search by words, meaning and both on the two labelled streams, with MiniLM.

About 25 seconds: the first 1000 articles of each stream (giveme5w1h has 370) are embedded,
clustered and stored, then each asks the search, in each mode, with its headline and with its
two rarest words; the other members of its gold story are what it should find. MRR and
recall@10 must stay at or above the floors pinned in floors.toml, and so must the share of the
exact nearest headlines the vector index's sign prefilter keeps.
"""

from __future__ import annotations

import pytest

from broadsheet.bench import search
from broadsheet.errors import ModelUnavailable
from tests.quality.data import FLOORS, data_dir

pytestmark = pytest.mark.slow

LIMIT = 1000


@pytest.mark.parametrize("dataset", ["giveme5w1h", "uci-headlines"])
def test_search_stays_above_its_floors(dataset):
    path = data_dir() / "stories" / f"{dataset}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: evaluation data lives outside the repo")
    from broadsheet.enrich.minilm import MiniLMEmbedder

    try:
        model = MiniLMEmbedder()
    except ModelUnavailable as exc:
        pytest.fail(f"the floors are for MiniLM embeddings: {exc}")
    result = search.run(path, model, limit=LIMIT)
    scores = {
        f"{kind}_{mode}_{metric}": value
        for kind, modes in result["queries"].items()
        for mode, metrics in modes.items()
        for metric, value in metrics.items()
    }
    scores["prefilter_recall_at_10"] = result["prefilter"]["recall_at_10"]
    for metric, floor in FLOORS["search"][dataset].items():
        assert scores[metric] >= floor, f"{dataset} {metric} {scores[metric]:.4f} < {floor}"
