"""One settings table. Each row becomes an env var BROADSHEET_<NAME>, a line in docs/settings.md,
and a field of `Settings`; a test fails when a row is missing from the docs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from broadsheet.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "sqlite:///broadsheet.db",
        "Where articles live: sqlite:///PATH, or postgresql://USER:PASSWORD@HOST:PORT/DB.",
    ),
    Setting("host", "127.0.0.1", "Address the web server listens on."),
    Setting("port", 8080, "Port the web server listens on."),
    Setting("worker_threads", 4, "Threads that ingest sources inside `serve` or `worker`."),
    Setting(
        "extract_processes",
        0,
        "Processes that parse feeds and extract article text for the ingest threads (CPU-bound "
        "work that threads alone cannot spread over cores). 0: one per CPU core; never more "
        "than `worker_threads`.",
    ),
    Setting("scheduler_tick", 5.0, "Seconds between looks for sources that are due."),
    Setting("page_size", 20, "Articles per page on lists."),
    Setting(
        "related_ttl",
        3600,
        "Age in seconds at which a stored related-articles list is made again: the next view "
        "is still served it and the new list is made after the answer. A new report in the "
        "article's story replaces the list at once; this bounds how late other newly related "
        "articles (same topic, similar) appear. 0: made on every request, nothing stored.",
    ),
    Setting(
        "page_threads",
        1,
        "Reading pages (articles, stories, lists, feeds) each server process makes at once; the "
        "others wait their turn. A process runs one Python thread at a time, so two pages made "
        "at once only take turns, and slow each other down. Raise it when pages wait on a slow "
        "disk.",
    ),
    Setting(
        "search_threads",
        2,
        "Searches each server process makes at once, beside the pages. A search spends most of "
        "its time in SQLite and numpy, which run beside Python: two overlap on two cores. 1 on "
        "a one-core machine.",
    ),
    Setting("user_agent", "Broadsheet/0.1 (self-hosted news aggregator)", "User-Agent sent."),
    Setting("connect_timeout", 5.0, "Seconds to connect to a server."),
    Setting("read_timeout", 10.0, "Seconds of silence before a read gives up."),
    Setting("fetch_deadline", 30.0, "Seconds a whole response may take (stops trickling servers)."),
    Setting("max_response_bytes", 10 * 1024 * 1024, "Largest body kept, after decompression."),
    Setting("max_redirects", 5, "Redirects followed before giving up."),
    Setting("retries", 2, "Extra tries on 429, 5xx and network errors."),
    Setting("backoff_base", 1.0, "Seconds before the first retry; doubles each time."),
    Setting("retry_after_max", 120.0, "Longest Retry-After honoured inside one fetch, seconds."),
    Setting("host_concurrency", 2, "Requests in flight to one host at once."),
    Setting("host_delay", 0.5, "Seconds between two requests to one host."),
    Setting("respect_robots", True, "Obey robots.txt."),
    Setting(
        "allow_hosts",
        "",
        "Comma-separated hosts or CIDRs the SSRF guard lets through even though they are "
        "private (e.g. 127.0.0.1 for a local fixture site). Empty: public addresses only.",
    ),
    Setting("poll_min_interval", 300, "Shortest time between two polls of one source, seconds."),
    Setting("poll_default_interval", 1800, "Poll interval before a source's rhythm is known."),
    Setting("poll_max_interval", 86400, "Longest time between two polls of one source, seconds."),
    Setting("max_entries_per_poll", 100, "Newest entries taken from one feed per poll."),
    Setting("log_level", "INFO", "Logging level."),
    Setting(
        "embeddings",
        "minilm",
        "Sentence embeddings for story clustering: `minilm` (all-MiniLM-L6-v2, offline, int8) "
        "or `none` (terms only: faster, lower quality; see docs/benchmarks.md).",
    ),
    Setting(
        "search_memory_mb",
        512,
        "Memory for the article vectors that search by meaning holds: 4 bytes per dimension per "
        "article (1.5 KB with MiniLM, 154 MB at 100k articles). Past it, search by meaning is "
        "off, and the search page says so and searches by words.",
    ),
    Setting(
        "enrich",
        True,
        "Make entities, hashtags, summaries and quotes in the worker (offline models). Off: "
        "pages show none of them.",
    ),
    Setting(
        "admin_password",
        "",
        "Password (user `admin`) for changing sources on the site. Empty: a random one is made "
        "at start and printed.",
    ),
    Setting(
        "public_url",
        "",
        "The site's address as readers reach it (e.g. https://news.example), for links that "
        "leave the site, such as webhook payloads. Empty: http://HOST:PORT.",
    ),
    Setting(
        "webhook_max_attempts",
        6,
        "Tries of one webhook delivery (a saved search's match) before it is marked failed.",
    ),
    Setting(
        "webhook_backoff",
        60.0,
        "Seconds before a failed webhook delivery is tried again; doubles after each failure. "
        "Webhook URLs pass the same SSRF guard as fetches (see `BROADSHEET_ALLOW_HOSTS`).",
    ),
    Setting(
        "llm_base_url",
        "",
        "An OpenAI-compatible endpoint (llama.cpp server, Ollama, vLLM, OpenAI), e.g. "
        "http://127.0.0.1:8000/v1, for abstractive summaries, answers and translations; every "
        "generated sentence is checked against its sources. Empty: no LLM (extractive only).",
    ),
    Setting("llm_model", "", "The model name sent to the LLM endpoint (required with it)."),
    Setting("llm_api_key", "", "Bearer key for the LLM endpoint. Empty: none sent."),
    Setting("llm_timeout", 60.0, "Seconds an LLM request may take before the extractive fallback."),
    Setting(
        "smtp_host",
        "",
        "Mail server for password resets and digests. Empty: no mail is sent (the reset page "
        "says so).",
    ),
    Setting("smtp_port", 25, "Mail server port (587 with STARTTLS, 465 is not supported)."),
    Setting("smtp_user", "", "Mail server login. Empty: no login."),
    Setting("smtp_password", "", "Mail server password."),
    Setting("smtp_starttls", False, "Upgrade the mail connection with STARTTLS."),
    Setting("mail_from", "Broadsheet <broadsheet@localhost>", "From address of mail sent."),
    Setting("session_days", 30, "Days a sign-in lasts."),
    Setting(
        "login_limit",
        10,
        "Failed sign-ins allowed per address and per email in 15 minutes before sign-in waits.",
    ),
    Setting("comment_edit_minutes", 15, "Minutes after posting that a comment can be edited."),
    Setting("comment_limit", 10, "Comments one account may post in 10 minutes."),
    Setting("comment_ip_limit", 30, "Comments one network address may post in 10 minutes."),
    Setting(
        "moderation_classifier_url",
        "",
        'Optional abuse classifier: each new comment is POSTed as JSON {"text": …} and held '
        'when the answer is {"abusive": true}. Empty: only the word list and spam checks.',
    ),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = _DEFAULTS["database_url"]
    host: str = _DEFAULTS["host"]
    port: int = _DEFAULTS["port"]
    worker_threads: int = _DEFAULTS["worker_threads"]
    extract_processes: int = _DEFAULTS["extract_processes"]
    scheduler_tick: float = _DEFAULTS["scheduler_tick"]
    page_size: int = _DEFAULTS["page_size"]
    related_ttl: int = _DEFAULTS["related_ttl"]
    page_threads: int = _DEFAULTS["page_threads"]
    search_threads: int = _DEFAULTS["search_threads"]
    user_agent: str = _DEFAULTS["user_agent"]
    connect_timeout: float = _DEFAULTS["connect_timeout"]
    read_timeout: float = _DEFAULTS["read_timeout"]
    fetch_deadline: float = _DEFAULTS["fetch_deadline"]
    max_response_bytes: int = _DEFAULTS["max_response_bytes"]
    max_redirects: int = _DEFAULTS["max_redirects"]
    retries: int = _DEFAULTS["retries"]
    backoff_base: float = _DEFAULTS["backoff_base"]
    retry_after_max: float = _DEFAULTS["retry_after_max"]
    host_concurrency: int = _DEFAULTS["host_concurrency"]
    host_delay: float = _DEFAULTS["host_delay"]
    respect_robots: bool = _DEFAULTS["respect_robots"]
    allow_hosts: str = _DEFAULTS["allow_hosts"]
    poll_min_interval: int = _DEFAULTS["poll_min_interval"]
    poll_default_interval: int = _DEFAULTS["poll_default_interval"]
    poll_max_interval: int = _DEFAULTS["poll_max_interval"]
    max_entries_per_poll: int = _DEFAULTS["max_entries_per_poll"]
    log_level: str = _DEFAULTS["log_level"]
    embeddings: str = _DEFAULTS["embeddings"]
    search_memory_mb: int = _DEFAULTS["search_memory_mb"]
    enrich: bool = _DEFAULTS["enrich"]
    admin_password: str = _DEFAULTS["admin_password"]
    public_url: str = _DEFAULTS["public_url"]
    webhook_max_attempts: int = _DEFAULTS["webhook_max_attempts"]
    webhook_backoff: float = _DEFAULTS["webhook_backoff"]
    llm_base_url: str = _DEFAULTS["llm_base_url"]
    llm_model: str = _DEFAULTS["llm_model"]
    llm_api_key: str = _DEFAULTS["llm_api_key"]
    llm_timeout: float = _DEFAULTS["llm_timeout"]
    smtp_host: str = _DEFAULTS["smtp_host"]
    smtp_port: int = _DEFAULTS["smtp_port"]
    smtp_user: str = _DEFAULTS["smtp_user"]
    smtp_password: str = _DEFAULTS["smtp_password"]
    smtp_starttls: bool = _DEFAULTS["smtp_starttls"]
    mail_from: str = _DEFAULTS["mail_from"]
    session_days: int = _DEFAULTS["session_days"]
    login_limit: int = _DEFAULTS["login_limit"]
    comment_edit_minutes: int = _DEFAULTS["comment_edit_minutes"]
    comment_limit: int = _DEFAULTS["comment_limit"]
    comment_ip_limit: int = _DEFAULTS["comment_ip_limit"]
    moderation_classifier_url: str = _DEFAULTS["moderation_classifier_url"]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then BROADSHEET_* variables, then explicit overrides (from the CLI)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"BROADSHEET_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _coerce(f.name, raw, type(_DEFAULTS[f.name]))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        return tuple(h.strip() for h in self.allow_hosts.split(",") if h.strip())

    @property
    def site_url(self) -> str:
        """The site's absolute base URL, without a trailing slash."""
        return self.public_url.rstrip("/") or f"http://{self.host}:{self.port}"


def _coerce(name: str, raw: str, kind: type) -> Any:
    try:
        if kind is bool:
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes", "on"}
        return kind(raw)
    except ValueError as exc:
        raise ConfigError(
            f"BROADSHEET_{name.upper()}={raw!r} is not a valid {kind.__name__}"
        ) from exc


def settings_markdown() -> str:
    """docs/settings.md, generated from the table (a test keeps the file in step)."""
    lines = [
        "# Settings",
        "",
        "Every setting is an environment variable; `broadsheet` reads them at start.",
        "This page is generated from `broadsheet.config.SETTINGS`.",
        "",
        "| variable | default | meaning |",
        "| --- | --- | --- |",
    ]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default != "" else "(empty)"
        lines.append(f"| `BROADSHEET_{s.name.upper()}` | {default} | {s.help} |")
    return "\n".join(lines) + "\n"
