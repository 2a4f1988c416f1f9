"""Read a `.safetensors` file with numpy alone (no `safetensors` or torch dependency).

The format: an 8-byte little-endian header length, a JSON header mapping each tensor's name to
its dtype, shape and byte range in the data block, then the raw little-endian data.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

from broadsheet.errors import ModelUnavailable

__all__ = ["read_safetensors"]

_DTYPES = {
    "F64": "<f8",
    "F32": "<f4",
    "F16": "<f2",
    "I64": "<i8",
    "I32": "<i4",
    "I16": "<i2",
    "I8": "i1",
    "U8": "u1",
    "BOOL": "?",
}
_MAX_HEADER = 100 * 1024 * 1024  # the format's own limit


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor in the file by name, as read-only arrays over one memory map."""
    header, offset = _header(path)
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=offset)
    tensors: dict[str, np.ndarray] = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = np.dtype(_DTYPES.get(entry["dtype"], "V"))
        if dtype.kind == "V":
            raise ModelUnavailable(f"{path}: tensor {name} has unsupported dtype {entry['dtype']}")
        start, end = entry["data_offsets"]
        tensors[name] = data[start:end].view(dtype).reshape(entry["shape"])
    return tensors


def _header(path: Path) -> tuple[dict[str, dict], int]:
    with path.open("rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        if length > _MAX_HEADER:
            raise ModelUnavailable(f"{path} is not a safetensors file (header of {length} bytes)")
        header = json.loads(f.read(length))
    return header, 8 + length
