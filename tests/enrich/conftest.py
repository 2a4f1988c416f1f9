from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from broadsheet.enrich.minilm import MiniLMEmbedder

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def reference() -> tuple[list[str], np.ndarray]:
    """Sentences and their sentence-transformers embeddings (see fixtures/make_minilm_reference)."""
    data = json.loads((FIXTURES / "minilm_reference.json").read_text(encoding="utf-8"))
    texts = [item["text"] for item in data["items"]]
    return texts, np.array([item["vector"] for item in data["items"]], dtype=np.float32)


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory) -> Path:
    """One model cache for the session, so each precision is built once and never in ~/.cache."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def fp32(model_cache) -> MiniLMEmbedder:
    return MiniLMEmbedder("fp32", cache_dir=model_cache)


@pytest.fixture(scope="session")
def int8(model_cache) -> MiniLMEmbedder:
    return MiniLMEmbedder("int8", cache_dir=model_cache)
