"""fetch: Broadsheet's only HTTP client (timeouts, size caps, conditional GET, retries, per-host
politeness, robots.txt and the SSRF guard)."""

from broadsheet.fetch.client import Fetcher
from broadsheet.fetch.failures import retry_after_of
from broadsheet.fetch.guard import AddressGuard, Resolver, system_resolver

__all__ = ["AddressGuard", "Fetcher", "Resolver", "retry_after_of", "system_resolver"]
