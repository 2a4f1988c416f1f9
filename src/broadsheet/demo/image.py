"""A placeholder lead image for the demo site: a small solid-colour PNG made with the stdlib."""

from __future__ import annotations

import struct
import zlib
from functools import cache

WIDTH, HEIGHT = 64, 36  # 16:9, tiny on the wire
_PALETTE = ((0x2B, 0x4C, 0x7E), (0x8C, 0x3B, 0x3B), (0x3B, 0x6E, 0x4F), (0x6B, 0x5B, 0x95))


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


@cache
def placeholder_png(shade: int = 0) -> bytes:
    """A WIDTH×HEIGHT PNG in one of a few colours (`shade` picks one, modulo the palette)."""
    rgb = bytes(_PALETTE[shade % len(_PALETTE)])
    row = b"\x00" + rgb * WIDTH  # filter type 0, then the pixels
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)  # 8-bit truecolour
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * HEIGHT, 9))
        + _chunk(b"IEND", b"")
    )
