"""The SSRF guard: Broadsheet fetches URLs that users and feeds hand it, so it must not become a
way to reach the machine it runs on, the private network behind it, or a cloud metadata service.

A URL passes when its scheme is http(s), it carries no credentials, and EVERY address its host
resolves to is public, unless the host name or the address is in BROADSHEET_ALLOW_HOSTS
(host names or CIDRs). The check runs before each request and each redirect hop (`check_url`),
and again when the socket is opened (`connectable`, used by fetch.transport): see the note on DNS
rebinding there.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence

import httpx

from broadsheet.errors import BlockedAddress, ConnectionFailed

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]
"""(host, port) → the IP addresses the host resolves to, as strings."""

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SCHEMES = ("http", "https")
_HINT = "BROADSHEET_ALLOW_HOSTS"
_HOST_CHARS = re.compile(r"[A-Za-z0-9._:-]+")  # IDNA-encoded names, IPv4 and IPv6 literals


def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver (getaddrinfo), each address once."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refusal_reason(address: IPAddress) -> str | None:
    """Why an address is not public ("a private address" …), or None when it is."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        inner = refusal_reason(embedded)
        return f"an IPv6 form of {embedded}, {inner}" if inner else None
    checks = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address (this machine)"),
        (address.is_link_local, "a link-local address (cloud metadata services live there)"),
        (address.is_multicast, "a multicast address"),
        (address in _CGNAT, "a carrier-grade NAT address (100.64.0.0/10)"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (not address.is_global, "not a public address"),
    )
    return next((reason for refused, reason in checks if refused), None)


class AddressGuard:
    """Decides which URLs and sockets Broadsheet may open. Thread-safe (holds no mutable state)."""

    def __init__(self, allowed: Iterable[str] = (), resolver: Resolver | None = None) -> None:
        self._resolver = resolver or system_resolver
        self._allowed_names: set[str] = set()
        self._allowed_networks: list[IPNetwork] = []
        for entry in allowed:
            try:
                self._allowed_networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                self._allowed_names.add(_normal_host(entry))

    def check_url(self, url: str) -> None:
        """Raise BlockedAddress unless `url` may be fetched (ConnectionFailed if DNS fails)."""
        parsed = _parse(url)
        if parsed.scheme not in _SCHEMES:
            raise BlockedAddress(f"refused {url}: only http and https URLs are fetched", url=url)
        if parsed.userinfo:
            raise BlockedAddress(f"refused {url}: URLs with credentials are not fetched", url=url)
        host = parsed.raw_host.decode("ascii")
        if not _HOST_CHARS.fullmatch(host):
            raise BlockedAddress(f"refused {url}: it has no valid host name", url=url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        if not 0 < port < 65536:
            raise BlockedAddress(f"refused {url}: port {port} does not exist", url=url)
        try:
            self.connectable(host, port)
        except BlockedAddress as exc:
            raise BlockedAddress(f"refused {url}: {exc}", url=url) from exc
        except ConnectionFailed as exc:
            raise ConnectionFailed(f"{exc} (fetching {url})", url=url) from exc

    def connectable(self, host: str, port: int) -> list[str]:
        """The addresses of `host` to connect to, each one checked; raises BlockedAddress."""
        addresses = self._resolve(host, port)
        if _normal_host(host) in self._allowed_names:
            return addresses
        for text in addresses:
            address = ipaddress.ip_address(text)
            reason = None if self._allowed_address(address) else refusal_reason(address)
            if reason:
                raise BlockedAddress(_refusal(host, text, reason), url=host)
        return addresses

    def _resolve(self, host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        try:
            addresses = [
                str(ipaddress.ip_address(a.split("%")[0])) for a in self._resolver(host, port)
            ]
        except (OSError, UnicodeError, ValueError) as exc:
            raise ConnectionFailed(f"could not resolve {host}: {exc}", url=host) from exc
        if not addresses:
            raise ConnectionFailed(f"could not resolve {host}: no addresses", url=host)
        return addresses

    def _allowed_address(self, address: IPAddress) -> bool:
        candidates = [address, _embedded_ipv4(address)]
        return any(
            candidate is not None and candidate.version == network.version and candidate in network
            for candidate in candidates
            for network in self._allowed_networks
        )


def _refusal(host: str, address: str, reason: str) -> str:
    if host == address:
        return f"{address} is {reason}; add it to {_HINT} to allow it"
    return f"{host} resolves to {address}, {reason}; add {host} or {address} to {_HINT} to allow it"


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, NAT64, 6to4 or Teredo IPv6 address."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    return address.teredo[1] if address.teredo else None


def _parse(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise BlockedAddress(f"refused {url!r}: not a valid URL ({exc})", url=str(url)) from exc


def _normal_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()
