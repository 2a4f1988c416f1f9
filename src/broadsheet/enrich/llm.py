"""A small client for any OpenAI-compatible chat endpoint (llama.cpp server, Ollama, vLLM, OpenAI).

It is the one place outside `fetch` that speaks HTTP, and on purpose not through the Fetcher:
it talks only to the endpoint the operator configured (`BROADSHEET_LLM_BASE_URL`), never to a
URL found in a feed or a page, so the SSRF guard, robots.txt and per-host politeness that
protect feed fetching do not apply. Replies are deterministic where the server allows it
(temperature 0) and short (`max_tokens`). Every failure raises `LlmError`, which says why.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

import httpx

from broadsheet.config import Settings
from broadsheet.errors import ConfigError, ModelUnavailable

__all__ = ["LlmClient", "LlmError", "Message", "llm_from_settings"]

log = logging.getLogger(__name__)

Message = Mapping[str, str]  # {"role": "system" | "user" | "assistant", "content": "…"}


class LlmError(ModelUnavailable):
    """The language model endpoint failed: unreachable, too slow, an error status, or a reply
    that is not an OpenAI chat completion."""


class LlmClient:
    """POST {base_url}/chat/completions with a bearer key when one is set.

    `name` ("llm:<model>") is what a result made by this model records. Safe to share between
    threads; `close()` (or a `with` block) releases the connection pool.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "",
        timeout: float = 60.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.name = f"llm:{model}"
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(headers=headers, timeout=timeout)

    def chat(
        self, messages: Sequence[Message], *, max_tokens: int = 200, stop: Sequence[str] = ()
    ) -> str:
        """The model's reply to `messages`, stripped."""
        url = f"{self.base_url}/chat/completions"
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [dict(m) for m in messages],
            "temperature": 0,
            "max_tokens": max_tokens,
        }
        if stop:
            body["stop"] = list(stop)
        try:
            response = self._http.post(url, json=body)
        except httpx.HTTPError as exc:
            raise LlmError(f"the LLM endpoint {url} failed: {exc!r}") from exc
        if response.status_code != 200:
            raise LlmError(
                f"the LLM endpoint {url} answered {response.status_code}: {response.text[:200]}"
            )
        return _content(response, url)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LlmClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _content(response: httpx.Response, url: str) -> str:
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LlmError(
            f"the LLM endpoint {url} sent no chat completion: {response.text[:200]}"
        ) from exc
    if not isinstance(content, str):
        raise LlmError(f"the LLM endpoint {url} sent a completion without text")
    return content.strip()


def llm_from_settings(settings: Settings) -> LlmClient | None:
    """The configured endpoint's client, or None when no LLM is configured (the default)."""
    if not settings.llm_base_url:
        return None
    if not settings.llm_model:
        raise ConfigError(
            "BROADSHEET_LLM_BASE_URL is set but BROADSHEET_LLM_MODEL is empty: name the model "
            "the endpoint serves"
        )
    log.info("LLM features use %s at %s", settings.llm_model, settings.llm_base_url)
    return LlmClient(
        settings.llm_base_url,
        settings.llm_model,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout,
    )
