"""The latency bench's load generator: `concurrency` users, each sending its next GET as soon as
the last is answered, over plain HTTP/1.1 on asyncio streams.

It shares the machine's cores with the server it measures, so it must cost little next to a
page: httpx spent 0.9–1.6 ms of CPU a request (a tenth of a search, more than a stored related
list), this a few tenths. Each user reconnects every `PER_CONNECTION` requests, as a browser's
connection idles out between pages: a server of several processes gets each new connection on
whichever process accepts it first, and with four connections kept for a whole run, how they
happened to fall (2 + 2, 3 + 1 or 4 + 0) decided the run (a search's p50 24 or 46 ms).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from urllib.parse import urlsplit

__all__ = ["PER_CONNECTION", "load"]

PER_CONNECTION = 20
_HEAD_LIMIT = 64 * 1024


async def load(
    base: str, path: Callable[[], str], total: int, concurrency: int, *, warm_up: int = 0
) -> dict[str, float]:
    """Send `warm_up` GETs of `path()` one by one, then `total` from `concurrency` users; the
    latter's latency percentiles and rate, and how many were not 200 OK."""
    latencies: list[float] = []
    errors = 0
    queue = iter(range(total))
    host, port = _address(base)
    for _ in range(warm_up):
        first = await _Connection.open(host, port)
        await first.get(path())
        await first.close()

    async def user() -> None:
        nonlocal errors
        connection: _Connection | None = None
        for sent, _ in enumerate(queue):
            if connection is None or sent % PER_CONNECTION == 0:
                if connection is not None:
                    await connection.close()
                connection = await _Connection.open(host, port)
            started = time.perf_counter()
            status, keep = await connection.get(path())
            latencies.append((time.perf_counter() - started) * 1000)
            errors += status != 200
            if not keep:
                await connection.close()
                connection = None
        if connection is not None:
            await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": errors, "req_per_s": len(latencies) / elapsed,
            "p50_ms": q[49], "p95_ms": q[94], "p99_ms": q[98]}  # fmt: skip


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str):
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, host: str, port: int) -> _Connection:
        reader, writer = await asyncio.open_connection(host, port, limit=_HEAD_LIMIT)
        return cls(reader, writer, f"{host}:{port}")

    async def get(self, path: str) -> tuple[int, bool]:
        """Send a GET and read the whole answer; (status, whether the connection stays open)."""
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode("latin-1"))
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = dict(_header(line) for line in head[1:] if line)
        if headers.get("transfer-encoding", "").lower() == "chunked":
            await self._chunks()
        else:
            await self.reader.readexactly(int(headers.get("content-length", "0")))
        return status, headers.get("connection", "").lower() != "close"

    async def _chunks(self) -> None:
        while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await self.reader.readexactly(size + 2)  # the chunk and its CRLF
        await self.reader.readuntil(b"\r\n")  # the empty trailer

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


def _header(line: str) -> tuple[str, str]:
    name, _, value = line.partition(":")
    return name.strip().lower(), value.strip()


def _address(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    return parts.hostname or "127.0.0.1", parts.port or 80
