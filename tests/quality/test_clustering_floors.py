"""Quality gate: story clustering on the two labelled streams, with the shipped defaults.

Slow (about half a minute: embedding 6,366 headlines dominates). One set of parameters serves
both streams; the pairwise scores must stay at or above the floors pinned in floors.toml.
"""

from __future__ import annotations

import pytest

from broadsheet.bench import clustering
from broadsheet.enrich.embedding import default_embedder
from tests.quality.data import FLOORS, data_dir

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("dataset", ["giveme5w1h", "uci-headlines"])
def test_clustering_stays_above_its_floors(dataset):
    path = data_dir() / "stories" / f"{dataset}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: evaluation data lives outside the repo")
    model = default_embedder()
    assert model.name.startswith("all-MiniLM-L6-v2"), "the floors are for MiniLM embeddings"
    result = clustering.run(path, embed=model.embed, embedder_name=model.name)
    floors = FLOORS["clustering"][dataset]
    for metric, floor in floors.items():
        assert result[metric] >= floor, f"{dataset} {metric} {result[metric]:.4f} < {floor}"
