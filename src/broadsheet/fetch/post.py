"""One POST, for webhooks: the same SSRF guard, timeouts, response deadline and host politeness
as a GET, and a small cap on what is read back.

A POST is tried once: its caller keeps a durable queue with its own backoff, so retrying here
would only hold a worker thread. Redirects are not followed (a 3xx is a failure): re-sending a
body to wherever a receiver points is not what its owner registered, and robots.txt, which
governs crawling, does not apply to a webhook its owner asked for.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

import httpx

from broadsheet.errors import FetchError, FetchTimeout, HttpStatusError
from broadsheet.fetch.failures import status_error, translate
from broadsheet.fetch.guard import AddressGuard
from broadsheet.fetch.politeness import HostGate
from broadsheet.fetch.transport import response_deadline
from broadsheet.model import Fetched

__all__ = ["MAX_ANSWER_BYTES", "post_once"]

MAX_ANSWER_BYTES = 16 * 1024  # a receiver's answer is only logged: read this much, drop the rest
EXCERPT_CHARS = 200


def post_once(
    client: httpx.Client,
    guard: AddressGuard,
    gate: HostGate,
    deadline: float,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
) -> Fetched:
    """POST `body` to `url`; the answer if its status is 2xx. Raises BlockedAddress before any
    request to a refused address, HttpStatusError for any other status (its message quotes the
    start of the answer), FetchTimeout or ConnectionFailed."""
    guard.check_url(url)
    sent = {"Content-Type": "application/json", **headers, "Accept-Encoding": "identity"}
    with gate.slot(httpx.URL(url).host), response_deadline(deadline) as deadline_at:
        try:
            request = client.build_request("POST", url, content=body, headers=sent)
            response = client.send(request, stream=True)
            try:
                answer = _read_some(response.iter_raw(), deadline_at, url)
            finally:
                response.close()
        except httpx.HTTPError as exc:
            raise translate(exc, url, url, deadline_at) from exc
        except FetchError as exc:
            if exc.url == url:
                raise
            # raised at connect time by the guarded transport, which knows only the host
            raise type(exc)(f"{exc} (posting to {url})", url=url) from exc
    if not 200 <= response.status_code < 300:
        said = str(status_error(url, url, response.status_code)) + _excerpt(answer)
        raise HttpStatusError(said, url=url, status=response.status_code)
    return Fetched(
        url=url,
        final_url=url,
        status=response.status_code,
        headers={k.lower(): v for k, v in response.headers.items()},
        body=answer,
        fetched_at=datetime.now(UTC),
    )


def _read_some(chunks: Iterator[bytes], deadline_at: float, url: str) -> bytes:
    """Up to MAX_ANSWER_BYTES of the answer; the rest is never read (the connection closes)."""
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        if time.monotonic() > deadline_at:
            raise FetchTimeout(
                f"{url} was still answering after the response deadline "
                "(BROADSHEET_FETCH_DEADLINE)",
                url=url,
            )
        parts.append(chunk[: MAX_ANSWER_BYTES - size])
        size += len(parts[-1])
        if size >= MAX_ANSWER_BYTES:
            break
    return b"".join(parts)


def _excerpt(answer: bytes) -> str:
    text = " ".join(answer.decode("utf-8", errors="replace").split())
    if not text:
        return ""
    cut = text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")
    return f": {cut}"
