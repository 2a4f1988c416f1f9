"""The `Embedder` interface, a lexical fallback, and the default choice between them.

An embedder turns texts into unit-length float32 rows, so a dot product is a cosine. Every
stored vector records the embedder's `name`: vectors of different names are not comparable.
"""

from __future__ import annotations

import logging
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol, runtime_checkable

import numpy as np

from broadsheet.errors import ModelUnavailable

__all__ = ["Embedder", "LexicalEmbedder", "default_embedder", "normalise_rows"]

log = logging.getLogger(__name__)


@runtime_checkable
class Embedder(Protocol):
    name: str  # stored with every vector, e.g. "all-MiniLM-L6-v2/onnx-int8"
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array of shape (len(texts), dim) with L2-normalised rows."""
        ...


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row scaled to unit length, in place; all-zero rows stay zero."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.maximum(norms, 1e-12)
    return matrix


_WORD = re.compile(r"\w+")


class LexicalEmbedder:
    """Hashed word and word-bigram counts: no model, no dependency beyond numpy.

    Features are hashed with CRC-32 (stable across processes and runs, unlike `hash()`) into
    `dim` buckets and weighted 1 + log(count). It knows nothing of meaning: it finds texts that
    share words. A text without a single word gets the zero vector.
    """

    def __init__(self, dim: int = 2**12) -> None:
        self.dim = dim
        self.name = f"lexical-crc32-{dim}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for bucket, weight in self._features(text).items():
                out[row, bucket] = weight
        return normalise_rows(out)

    def _features(self, text: str) -> dict[int, float]:
        words = _WORD.findall(text.lower())
        grams = Counter(words)
        grams.update(f"{a} {b}" for a, b in pairwise(words))
        buckets: dict[int, float] = {}
        for gram, count in grams.items():
            bucket = zlib.crc32(gram.encode("utf-8")) % self.dim
            buckets[bucket] = buckets.get(bucket, 0.0) + 1.0 + math.log(count)
        return buckets


def default_embedder(*, package: str | None = None) -> Embedder:
    """MiniLM (int8, onnxruntime) when its package and runtime are installed, else lexical.

    `package` names the model package to look for (default: MiniLM's own). Nothing is loaded
    yet: the model loads on the first `embed`.
    """
    from broadsheet.enrich.minilm import PACKAGE, MiniLMEmbedder

    try:
        return MiniLMEmbedder(package=package or PACKAGE)
    except ModelUnavailable as exc:
        log.warning("sentence embeddings unavailable, falling back to lexical ones: %s", exc)
        return LexicalEmbedder()
