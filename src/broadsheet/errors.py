"""Named errors. Every failure says why, in words a self-hoster can act on."""

from __future__ import annotations


class BroadsheetError(Exception):
    """Base of every error Broadsheet raises on purpose."""


class ConfigError(BroadsheetError):
    """A setting is missing or malformed."""


class NotFound(BroadsheetError):
    """A source, article or page does not exist."""


class FetchError(BroadsheetError):
    """Fetching a URL failed. `url` is the URL asked for; `permanent` means retrying won't help."""

    permanent: bool = False

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class BlockedAddress(FetchError):
    """The URL (or a redirect) resolves to an address the SSRF guard refuses."""

    permanent = True


class TooLarge(FetchError):
    """The response (or its decompressed body) exceeds the size cap."""

    permanent = True


class FetchTimeout(FetchError):
    """The server was too slow: no answer, or the whole body took too long."""


class TooManyRedirects(FetchError):
    """A redirect loop or an over-long redirect chain."""

    permanent = True


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching this URL."""

    permanent = True


class HttpStatusError(FetchError):
    """The server answered with an error status (4xx/5xx after retries)."""

    def __init__(
        self, message: str, *, url: str, status: int, retry_after: float | None = None
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.permanent = status in (404, 410) or (400 <= status < 500 and status != 429)
        self.retry_after = retry_after  # seconds the server asked us to wait (429/503)


class ConnectionFailed(FetchError):
    """DNS, TCP or TLS failed."""


class ExtractError(BroadsheetError):
    """Bytes could not be turned into a record."""


class FeedError(ExtractError):
    """A feed is malformed, empty of entries where it claims to be a feed, or not a feed at all."""


class ArticleError(ExtractError):
    """An article page held no extractable article text."""


class ModelUnavailable(BroadsheetError):
    """A model's files or runtime are not installed; the message says what to install."""


class Refused(BroadsheetError):
    """A reader's request was refused; the message says why and is shown to them. `status` is
    the HTTP status a page answers with."""

    status: int = 400


class Forbidden(Refused):
    """The signed-in account (or nobody) may not do this."""

    status = 403


class RateLimited(Refused):
    """Too many tries in too short a time; `retry_after` is in seconds."""

    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
