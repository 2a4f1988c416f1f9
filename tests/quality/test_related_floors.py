"""Quality gate: related articles on the two labelled streams, with the shipped defaults.

Slow (about a minute and a half: embedding 6,366 headlines and one related list per article of
uci-headlines dominate). Each stream is clustered and stored as the server holds it; the share
of an article's first five related items in its gold story must stay at or above the floors
pinned in floors.toml.
"""

from __future__ import annotations

import pytest

from broadsheet.bench import related
from broadsheet.enrich.embedding import default_embedder
from tests.quality.data import FLOORS, data_dir

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("dataset", ["giveme5w1h", "uci-headlines"])
def test_related_articles_stay_above_their_floors(dataset):
    path = data_dir() / "stories" / f"{dataset}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: evaluation data lives outside the repo")
    model = default_embedder()
    assert model.name.startswith("all-MiniLM-L6-v2"), "the floors are for MiniLM embeddings"
    result = related.run(path, embed=model.embed, embedder_name=model.name)
    floors = FLOORS["related"][dataset]
    for metric, floor in floors.items():
        assert result[metric] >= floor, f"{dataset} {metric} {result[metric]:.4f} < {floor}"
