"""Write a BERT encoder (all-MiniLM-L6-v2's architecture) as an ONNX graph from its weights.

No torch and no exporter: each op is placed with `onnx.helper`, following Hugging Face's
`BertModel` (post-LayerNorm, absolute positions, exact erf GELU). Inputs are `input_ids` and
`attention_mask` (int64, batch × sequence); the output is `last_hidden_state`. Sentences are
single-segment, so the token-type-0 row is folded into the position table, and the attention
scale 1/√head_size is folded into the query weights.

`quantisable=True` gives the same function in a form that survives dynamic int8 quantisation,
which takes one activation range per tensor (the whole batch): every dense layer runs twice, once
for position 0 ([CLS], whose activations are 3–10× larger than any other token's; its MatMuls are
named `FIRST_TOKEN…` so the quantiser leaves them in float) and once for the rest; and padding
rows are zeroed after every LayerNorm, so they cannot widen the range (real tokens never attend
to them, so this changes nothing else).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

__all__ = ["FIRST_TOKEN", "BertShape", "build_bert_onnx"]

OPSET = 17  # LayerNormalization is a standard op from 17 on
IR_VERSION = 8  # the newest onnx writes an IR version older onnxruntimes refuse
FIRST_TOKEN = "first_token/"
_MASKED = -1e9  # added to the scores of padding positions: softmax gives them ~0
_END = 2**62  # "to the end" for Slice


@dataclass(frozen=True, slots=True)
class BertShape:
    hidden: int
    heads: int
    layers: int
    eps: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> BertShape:
        """Read a Hugging Face `config.json` of a BERT model."""
        if config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"unsupported activation {config['hidden_act']!r}")
        return cls(
            hidden=int(config["hidden_size"]),
            heads=int(config["num_attention_heads"]),
            layers=int(config["num_hidden_layers"]),
            eps=float(config.get("layer_norm_eps", 1e-12)),
        )


def build_bert_onnx(
    weights: Mapping[str, np.ndarray], shape: BertShape, *, quantisable: bool = False
) -> onnx.ModelProto:
    """The encoder as an ONNX model; `weights` are named as in Hugging Face's BertModel."""
    g = _Graph(weights, shape, quantisable)
    mask = g.mask_bias("attention_mask")
    x = g.embeddings("input_ids")
    for layer in range(shape.layers):
        prefix = f"encoder.layer.{layer}."
        x = g.layer_norm(g.add(g.attention(x, mask, prefix), x), prefix + "attention.output")
        x = g.layer_norm(g.add(g.feed_forward(x, prefix), x), prefix + "output")
    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"]))
    graph = helper.make_graph(
        g.nodes,
        "bert_encoder",
        [_input("input_ids"), _input("attention_mask")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["b", "s", "h"])],
        initializer=g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    return model


def _input(name: str) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, TensorProto.INT64, ["b", "s"])


class _Graph:
    """Nodes and initializers under construction; each method returns its output's name."""

    def __init__(
        self, weights: Mapping[str, np.ndarray], shape: BertShape, quantisable: bool
    ) -> None:
        self.weights, self.shape, self.quantisable = weights, shape, quantisable
        self.keep_rows = ""  # batch × sequence × 1: 1.0 for real tokens, 0.0 for padding
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._consts: set[str] = set()
        self._count = 0

    def const(self, name: str, value: np.ndarray | float | list[int]) -> str:
        """An initializer; asking twice for one name gives the first."""
        if name not in self._consts:
            array = np.asarray(value)
            array = array.astype(np.float32) if array.dtype == np.float64 else array
            self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
            self._consts.add(name)
        return name

    def op(self, op_type: str, *inputs: str, name: str = "", **attrs: Any) -> str:
        self._count += 1
        out = f"{op_type.lower()}_{self._count}"
        node = helper.make_node(op_type, list(inputs), [out], name=name or out, **attrs)
        self.nodes.append(node)
        return out

    def add(self, a: str, b: str) -> str:
        return self.op("Add", a, b)

    def weight(self, name: str) -> np.ndarray:
        return np.asarray(self.weights[name], dtype=np.float32)

    def linear(self, x: str, prefix: str, scale: float = 1.0) -> str:
        """x·Wᵀ + b, with W stored transposed so the MatMul (and its int8 form) reads it as is."""
        w = self.const(prefix + ".weight", self.weight(prefix + ".weight").T * scale)
        b = self.const(prefix + ".bias", self.weight(prefix + ".bias") * scale)
        if not self.quantisable:
            return self.add(self.op("MatMul", x, w), b)
        at_0, at_1 = self.const("at_0", [0]), self.const("at_1", [1])
        end = self.const("end", [_END])
        first = self.op("Slice", x, at_0, at_1, self.axis(1))
        rest = self.op("Slice", x, at_1, end, self.axis(1))
        first = self.op("MatMul", first, w, name=FIRST_TOKEN + prefix)
        return self.add(self.op("Concat", first, self.op("MatMul", rest, w), axis=1), b)

    def axis(self, axis: int) -> str:
        return self.const(f"axis_{axis}", [axis])

    def layer_norm(self, x: str, prefix: str) -> str:
        gamma = self.const(prefix + ".LayerNorm.weight", self.weight(prefix + ".LayerNorm.weight"))
        beta = self.const(prefix + ".LayerNorm.bias", self.weight(prefix + ".LayerNorm.bias"))
        y = self.op("LayerNormalization", x, gamma, beta, axis=-1, epsilon=self.shape.eps)
        return self.op("Mul", y, self.keep_rows) if self.quantisable else y

    def embeddings(self, ids: str) -> str:
        words = self.const("word_embeddings", self.weight("embeddings.word_embeddings.weight"))
        table = self.weight("embeddings.position_embeddings.weight")
        table = table + self.weight("embeddings.token_type_embeddings.weight")[0]
        positions = self.const("position_embeddings", table)
        length = self.op("Shape", ids, start=1, end=2)
        used = self.op("Slice", positions, self.const("at_0", [0]), length, self.axis(0))
        x = self.add(self.op("Gather", words, ids), used)
        return self.layer_norm(x, "embeddings")

    def mask_bias(self, mask: str) -> str:
        """Batch × 1 × 1 × sequence: 0 where a token is real, very negative where it is padding."""
        keep = self.op("Cast", mask, to=TensorProto.FLOAT)
        self.keep_rows = self.op("Unsqueeze", keep, self.axis(2))
        drop = self.op("Sub", self.const("one", 1.0), keep)
        bias = self.op("Mul", drop, self.const("masked", _MASKED))
        return self.op("Unsqueeze", bias, self.const("axes_1_2", [1, 2]))

    def attention(self, x: str, mask: str, prefix: str) -> str:
        heads, size = self.shape.heads, self.shape.hidden // self.shape.heads
        split = self.const("split_heads", [0, 0, heads, size])
        scale = 1.0 / math.sqrt(size)
        q = self.op("Reshape", self.linear(x, prefix + "attention.self.query", scale), split)
        k = self.op("Reshape", self.linear(x, prefix + "attention.self.key"), split)
        v = self.op("Reshape", self.linear(x, prefix + "attention.self.value"), split)
        q = self.op("Transpose", q, perm=[0, 2, 1, 3])
        k = self.op("Transpose", k, perm=[0, 2, 3, 1])
        v = self.op("Transpose", v, perm=[0, 2, 1, 3])
        probs = self.op("Softmax", self.add(self.op("MatMul", q, k), mask), axis=-1)
        context = self.op("Transpose", self.op("MatMul", probs, v), perm=[0, 2, 1, 3])
        merged = self.op("Reshape", context, self.const("merge_heads", [0, 0, -1]))
        return self.linear(merged, prefix + "attention.output.dense")

    def feed_forward(self, x: str, prefix: str) -> str:
        h = self.linear(x, prefix + "intermediate.dense")
        return self.linear(self.gelu(h), prefix + "output.dense")

    def gelu(self, h: str) -> str:
        """Exact GELU, h·(1 + erf(h/√2))·½, in the shape onnxruntime fuses into one Gelu op."""
        root2 = self.const("sqrt2", math.sqrt(2.0))
        one, half = self.const("one", 1.0), self.const("half", 0.5)
        erf = self.add(self.op("Erf", self.op("Div", h, root2)), one)
        return self.op("Mul", self.op("Mul", h, erf), half)
