"""Reading safetensors with numpy alone."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from broadsheet.enrich.minilm import find_model_files
from broadsheet.enrich.weights import read_safetensors
from broadsheet.errors import ModelUnavailable


def write_safetensors(path, tensors: dict[str, np.ndarray], dtypes: dict[str, str]) -> None:
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, array in tensors.items():
        data = array.tobytes()
        header[name] = {
            "dtype": dtypes[name],
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


def test_reads_every_tensor_with_its_dtype_and_shape(tmp_path):
    weight = np.arange(12, dtype="<f4").reshape(3, 4)
    ids = np.array([[0, 1, 2]], dtype="<i8")
    write_safetensors(
        tmp_path / "m.safetensors", {"w": weight, "ids": ids}, {"w": "F32", "ids": "I64"}
    )
    tensors = read_safetensors(tmp_path / "m.safetensors")
    assert set(tensors) == {"w", "ids"}
    np.testing.assert_array_equal(tensors["w"], weight)
    np.testing.assert_array_equal(tensors["ids"], ids)


def test_unsupported_dtype_is_a_named_error(tmp_path):
    write_safetensors(tmp_path / "m.safetensors", {"x": np.zeros(2, "u2")}, {"x": "BF16"})
    with pytest.raises(ModelUnavailable, match="BF16"):
        read_safetensors(tmp_path / "m.safetensors")


def test_a_file_that_is_not_safetensors_is_a_named_error(tmp_path):
    (tmp_path / "junk").write_bytes(b"\xff" * 64)
    with pytest.raises(ModelUnavailable, match="not a safetensors file"):
        read_safetensors(tmp_path / "junk")


def test_reads_the_minilm_weights():
    tensors = read_safetensors(find_model_files().weights)
    assert tensors["embeddings.word_embeddings.weight"].shape == (30522, 384)
    assert sum(name.endswith("query.weight") for name in tensors) == 6
