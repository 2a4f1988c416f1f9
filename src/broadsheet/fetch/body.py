"""Reading a response body under a size cap and a deadline.

The cap counts DECODED bytes. httpx's own decoders inflate a whole network chunk at once (a
64 KiB gzip chunk of zeros is 64 MiB), so the body is read raw and inflated here with zlib's
`max_length`, never holding more than the cap plus one chunk. We ask for gzip and deflate only.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable
from typing import Protocol

from broadsheet.errors import FetchError, FetchTimeout, TooLarge

ACCEPT_ENCODING = "gzip, deflate"
_GZIP_MAGIC = b"\x1f\x8b"


class Decoder(Protocol):
    def decode(self, data: bytes, room: int) -> bytes:
        """Decoded bytes of `data`; more than `room` of them means the cap is exceeded."""
        ...


class _Identity:
    def decode(self, data: bytes, room: int) -> bytes:
        return data


class _Inflate:
    """gzip (possibly multi-member) or deflate (zlib-wrapped, or raw as some servers send)."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._inflater: zlib._Decompress | None = None
        self._ended = False  # a stream ended: what follows is another gzip member, or ignored
        self._pending = b""  # the start of what follows, too short to tell which
        self._ignoring = False

    def decode(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        data, self._pending = self._pending + data, b""
        while data and len(out) <= room and not self._ignoring:
            if self._inflater is None:
                if self._ended and not self._next_member(data):
                    break
                self._inflater = zlib.decompressobj(self._wbits(data))
            out += self._inflater.decompress(data, room - len(out) + 1)
            data = self._inflater.unconsumed_tail
            if self._inflater.eof:
                data, self._inflater, self._ended = self._inflater.unused_data, None, True
        return bytes(out)

    def _next_member(self, data: bytes) -> bool:
        """After a stream ended: True if `data` starts another gzip member."""
        if self._gzip and len(data) < len(_GZIP_MAGIC) and _GZIP_MAGIC.startswith(data):
            self._pending = data
            return False
        if self._gzip and data.startswith(_GZIP_MAGIC):
            return True
        self._ignoring = True  # trailing garbage after the body: ignored, as browsers do
        return False

    def _wbits(self, first: bytes) -> int:
        if self._gzip:
            return 16 + zlib.MAX_WBITS
        # "deflate" should be zlib-wrapped (0x78 0x.., a multiple of 31); some servers send raw.
        wrapped = len(first) > 1 and first[0] & 0x0F == 8 and int.from_bytes(first[:2]) % 31 == 0
        return zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS


def decoder_for(content_encoding: str, *, url: str, where: str) -> Decoder:
    """The decoder for a Content-Encoding header value; FetchError for one we did not ask for."""
    codings = [c.strip().lower() for c in content_encoding.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings:
        return _Identity()
    if codings in (["gzip"], ["x-gzip"]):
        return _Inflate(gzip=True)
    if codings == ["deflate"]:
        return _Inflate(gzip=False)
    raise FetchError(
        f"{where} answered with Content-Encoding {content_encoding!r}, which Broadsheet "
        f"does not decode (it asks for {ACCEPT_ENCODING})",
        url=url,
    )


def check_declared_length(content_length: str | None, limit: int, *, url: str, where: str) -> None:
    """Refuse before reading when Content-Length already says the body is over the cap."""
    if content_length and content_length.strip().isdigit() and int(content_length) > limit:
        raise TooLarge(
            f"{where} is {int(content_length):,} bytes (Content-Length), over the "
            f"{limit:,}-byte cap (BROADSHEET_MAX_RESPONSE_BYTES)",
            url=url,
        )


def read_capped(
    chunks: Iterable[bytes],
    decoder: Decoder,
    *,
    limit: int,
    deadline_at: float,
    url: str,
    where: str,
) -> bytes:
    """Join the decoded chunks; TooLarge past `limit` bytes, FetchTimeout past `deadline_at`.

    Errors carry `url` (the URL asked for); messages name `where` (the hop being read)."""
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        if time.monotonic() > deadline_at:
            raise FetchTimeout(
                f"{where} was still sending after the response deadline "
                f"(BROADSHEET_FETCH_DEADLINE); stopped after {size:,} bytes",
                url=url,
            )
        try:
            data = decoder.decode(chunk, limit - size)
        except zlib.error as exc:
            raise FetchError(f"{where} sent a corrupt compressed body: {exc}", url=url) from exc
        size += len(data)
        if size > limit:
            raise TooLarge(
                f"{where} is over the {limit:,}-byte cap once decompressed "
                f"(BROADSHEET_MAX_RESPONSE_BYTES); stopped reading",
                url=url,
            )
        parts.append(data)
    return b"".join(parts)
