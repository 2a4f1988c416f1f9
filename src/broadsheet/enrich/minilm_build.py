"""Turn MiniLM's safetensors weights into a runnable ONNX model (fp32 or int8), cached on disk.

Building takes about a second for fp32 and a few more for int8 (the quantiser), so the result is
kept under the cache folder, keyed by the weights' sha256, the builder version and, for int8, the
onnxruntime version. A cache that cannot be written is skipped: the model is then built in memory
each time. Nothing here touches the network.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import onnx

__all__ = ["BUILD_VERSION", "Precision", "build_model", "default_cache_dir", "quantize_int8"]

log = logging.getLogger(__name__)

Precision = Literal["int8", "fp32"]
BUILD_VERSION = 1  # bump when bert_onnx or the quantisation recipe changes


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/broadsheet/models`, else `~/.cache/broadsheet/models`."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "broadsheet" / "models"


def build_model(
    weights: Path, config: Path, precision: Precision, cache_dir: Path | None
) -> Path | bytes:
    """The encoder as an ONNX file in the cache, else (no cache, or not writable) as bytes."""
    cached = cache_dir / _cache_name(weights, precision) if cache_dir else None
    if cached is not None and cached.is_file():
        return cached
    data = _build(weights, config, precision)
    if cached is not None and _store(cached, data):
        return cached
    return data


def _build(weights: Path, config: Path, precision: Precision) -> bytes:
    # Imported here: onnx is needed to build, not to run a cached model.
    from broadsheet.enrich.bert_onnx import BertShape, build_bert_onnx
    from broadsheet.enrich.weights import read_safetensors

    shape = BertShape.from_config(json.loads(config.read_text(encoding="utf-8")))
    model = build_bert_onnx(read_safetensors(weights), shape, quantisable=precision == "int8")
    return quantize_int8(model) if precision == "int8" else model.SerializeToString()


def quantize_int8(model: onnx.ModelProto) -> bytes:
    """Dynamic int8: weights per output channel, activations per tensor at run time.

    Only MatMuls with a constant weight are quantised, and not those of position 0 (see
    `bert_onnx`). `reduce_range` keeps weights to 7 bits: x86 without VNNI multiplies u8×s8
    pairs into saturating int16 sums, which full-range weights overflow.
    """
    from onnx.helper import set_model_props
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from broadsheet.enrich.bert_onnx import FIRST_TOKEN

    # Our graph is already what pre-processing would give (plain ops, shapes known); saying
    # so keeps the quantiser from logging its advice on the root logger.
    set_model_props(model, {"onnx.quant.pre_process": "onnxruntime.quant"})
    first_token = [node.name for node in model.graph.node if node.name.startswith(FIRST_TOKEN)]
    with tempfile.TemporaryDirectory(prefix="broadsheet-int8-") as folder:
        out = Path(folder) / "model.onnx"
        quantize_dynamic(
            model,
            out,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            reduce_range=True,
            weight_type=QuantType.QInt8,
            nodes_to_exclude=first_token,
            extra_options={"MatMulConstBOnly": True},
        )
        return out.read_bytes()


def _cache_name(weights: Path, precision: Precision) -> str:
    with weights.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()[:16]
    runtime = ""
    if precision == "int8":
        import onnxruntime

        runtime = f"-ort{onnxruntime.__version__}"
    return f"minilm-{digest}-v{BUILD_VERSION}-{precision}{runtime}.onnx"


def _store(path: Path, data: bytes) -> bool:
    """Write atomically (another process may be reading or writing the same file)."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(data)
        os.replace(part, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        log.info("model cache not written path=%s error=%s", path, exc)
        return False
    return True
