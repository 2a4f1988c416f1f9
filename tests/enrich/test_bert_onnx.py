"""The hand-written ONNX graph: valid, and its int8-ready form computes the same function."""

from __future__ import annotations

import json

import numpy as np
import onnx
import onnxruntime
import pytest

from broadsheet.enrich.bert_onnx import FIRST_TOKEN, BertShape, build_bert_onnx
from broadsheet.enrich.minilm import find_model_files
from broadsheet.enrich.weights import read_safetensors


@pytest.fixture(scope="module")
def parts() -> tuple[dict[str, np.ndarray], BertShape]:
    files = find_model_files()
    shape = BertShape.from_config(json.loads(files.config.read_text(encoding="utf-8")))
    return read_safetensors(files.weights), shape


def hidden(model: onnx.ModelProto, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    session = onnxruntime.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    return session.run(None, {"input_ids": ids, "attention_mask": mask})[0]


def test_shape_is_read_from_the_config(parts):
    assert parts[1] == BertShape(hidden=384, heads=12, layers=6, eps=1e-12)


def test_other_activations_are_refused():
    with pytest.raises(ValueError, match="activation"):
        BertShape.from_config({"hidden_act": "relu"})


def test_both_forms_pass_the_onnx_checker_and_agree_on_real_tokens(parts):
    plain = build_bert_onnx(*parts)
    quantisable = build_bert_onnx(*parts, quantisable=True)
    for model in (plain, quantisable):
        onnx.checker.check_model(model)
    assert sum(n.name.startswith(FIRST_TOKEN) for n in quantisable.graph.node) == 6 * 6
    ids = np.array([[101, 7592, 2088, 102, 0, 0], [101, 2748, 1012, 2129, 1029, 102]])
    mask = (ids != 0).astype(np.int64)
    a, b = hidden(plain, ids, mask), hidden(quantisable, ids, mask)
    real = mask.astype(bool)
    np.testing.assert_allclose(a[real], b[real], atol=1e-4)
    assert not b[~real].any()  # padding rows are zeroed in the quantisable form
