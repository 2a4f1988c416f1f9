"""The Embedder interface, the lexical fallback, and the default choice."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import zlib

import numpy as np

from broadsheet.enrich.embedding import (
    Embedder,
    LexicalEmbedder,
    default_embedder,
    normalise_rows,
)
from broadsheet.enrich.minilm import MiniLMEmbedder


def test_lexical_rows_are_unit_length_float32():
    vectors = LexicalEmbedder().embed(["Putin and Trump spoke.", "Rates rose.", "Yes"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, 4096)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_a_text_without_words_gets_the_zero_vector():
    vectors = LexicalEmbedder(dim=64).embed(["", " — !? "])
    assert not vectors.any()


def test_features_are_words_and_bigrams_in_crc32_buckets():
    (vector,) = LexicalEmbedder(dim=256).embed(["Kyiv Kyiv talks"])
    buckets = {zlib.crc32(gram.encode()) % 256 for gram in ("kyiv", "talks", "kyiv kyiv")}
    buckets.add(zlib.crc32(b"kyiv talks") % 256)
    assert set(np.flatnonzero(vector)) == buckets


def test_repeated_words_weigh_more_but_not_linearly():
    (vector,) = LexicalEmbedder(dim=2**16).embed(["rates rates rates rates fell"])
    rates, fell = (vector[zlib.crc32(w) % 2**16] for w in (b"rates", b"fell"))
    assert fell < rates < 4 * fell


def test_lexical_vectors_are_the_same_in_every_process():
    code = (
        "from broadsheet.enrich.embedding import LexicalEmbedder;"
        "print(LexicalEmbedder().embed(['Zelenskyy met officials in Kyiv']).tobytes().hex())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_lexical_similar_texts_score_higher_than_unrelated_ones():
    a, b, c = LexicalEmbedder().embed(
        [
            "The central bank raised interest rates on Thursday.",
            "Interest rates were raised by the central bank.",
            "The home side won the cup final with a late penalty.",
        ]
    )
    assert a @ b > 0.5 > a @ c


def test_both_embedders_are_embedders():
    assert isinstance(LexicalEmbedder(), Embedder)
    assert LexicalEmbedder().name == "lexical-crc32-4096"


def test_normalise_rows_leaves_zero_rows_alone():
    matrix = np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float32)
    np.testing.assert_allclose(normalise_rows(matrix), [[0.6, 0.8], [0.0, 0.0]])


def test_default_is_minilm_int8_when_installed():
    embedder = default_embedder()
    assert isinstance(embedder, MiniLMEmbedder)
    assert embedder.name == "all-MiniLM-L6-v2/onnx-int8"


def test_default_falls_back_to_lexical_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="broadsheet.enrich.embedding"):
        embedder = default_embedder(package="broadsheet_no_such_model_package")
    assert isinstance(embedder, LexicalEmbedder)
    assert "falling back to lexical" in caplog.text
    assert "broadsheet_no_such_model_package" in caplog.text
