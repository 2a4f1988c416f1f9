from __future__ import annotations

import ipaddress
import socket

import pytest

from broadsheet.errors import BlockedAddress, ConnectionFailed
from broadsheet.fetch.guard import AddressGuard, refusal_reason

PUBLIC = "93.184.216.34"


def resolving(table: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("10.0.0.1", "a private address"),
        ("172.16.5.4", "a private address"),
        ("192.168.1.1", "a private address"),
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("169.254.169.254", "a link-local address"),
        ("100.64.0.1", "a carrier-grade NAT address"),
        ("100.127.255.254", "a carrier-grade NAT address"),
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("0.0.0.0", "an unspecified address"),
        ("192.0.2.1", "a private address"),  # documentation range
        ("::1", "a loopback address"),
        ("::", "an unspecified address"),
        ("fc00::1", "a private address"),
        ("fd12:3456::1", "a private address"),
        ("fe80::1", "a link-local address"),
        ("ff02::1", "a multicast address"),
        ("::ffff:10.0.0.1", "an IPv6 form of 10.0.0.1, a private address"),
        ("::ffff:127.0.0.1", "an IPv6 form of 127.0.0.1, a loopback address"),
        ("::ffff:169.254.169.254", "an IPv6 form of 169.254.169.254, a link-local address"),
        ("64:ff9b::a00:1", "an IPv6 form of 10.0.0.1, a private address"),  # NAT64
        ("2002:a00:1::", "an IPv6 form of 10.0.0.1, a private address"),  # 6to4
    ],
)
def test_non_public_addresses_are_refused_with_their_kind(address, words):
    assert refusal_reason(ipaddress.ip_address(address)).startswith(words)


@pytest.mark.parametrize(
    "address", [PUBLIC, "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_pass(address):
    assert refusal_reason(ipaddress.ip_address(address)) is None


def test_literal_private_ip_message_says_how_to_allow_it():
    with pytest.raises(BlockedAddress) as caught:
        AddressGuard().check_url("http://10.0.0.1/")
    assert str(caught.value) == (
        "refused http://10.0.0.1/: 10.0.0.1 is a private address; "
        "add it to BROADSHEET_ALLOW_HOSTS to allow it"
    )
    assert caught.value.url == "http://10.0.0.1/"
    assert caught.value.permanent


def test_cloud_metadata_literal_is_refused():
    with pytest.raises(BlockedAddress, match=r"169\.254\.169\.254 is a link-local address"):
        AddressGuard().check_url("http://169.254.169.254/latest/meta-data")


def test_ipv6_literals_are_refused():
    for url in ("http://[::1]:8080/", "http://[fd00::5]/", "http://[::ffff:127.0.0.1]/"):
        with pytest.raises(BlockedAddress):
            AddressGuard().check_url(url)


def test_hostname_resolving_to_a_private_address_is_refused():
    guard = AddressGuard(resolver=resolving({"intranet.example": ["10.0.0.1"]}))
    with pytest.raises(BlockedAddress) as caught:
        guard.check_url("https://intranet.example/feed")
    assert "intranet.example resolves to 10.0.0.1, a private address" in str(caught.value)
    assert "add intranet.example or 10.0.0.1 to BROADSHEET_ALLOW_HOSTS" in str(caught.value)


def test_hostname_resolving_to_metadata_is_refused():
    guard = AddressGuard(resolver=resolving({"metadata.example": ["169.254.169.254"]}))
    with pytest.raises(BlockedAddress, match="link-local"):
        guard.check_url("http://metadata.example/latest/meta-data")


def test_one_private_address_among_public_ones_is_enough_to_refuse():
    guard = AddressGuard(resolver=resolving({"mixed.example": [PUBLIC, "fd00::1"]}))
    with pytest.raises(BlockedAddress, match="fd00::1"):
        guard.check_url("http://mixed.example/")


def test_public_hostname_passes():
    guard = AddressGuard(resolver=resolving({"news.example": [PUBLIC, "2606:4700::1"]}))
    guard.check_url("https://news.example/rss")
    assert guard.connectable("news.example", 443) == [PUBLIC, "2606:4700::1"]


def test_allowed_cidr_lets_private_addresses_through():
    guard = AddressGuard(["10.0.0.0/8"], resolving({"intranet.example": ["10.1.2.3"]}))
    guard.check_url("http://intranet.example/")
    guard.check_url("http://10.9.9.9/")
    with pytest.raises(BlockedAddress):
        guard.check_url("http://192.168.0.1/")


def test_allowed_address_covers_its_ipv4_mapped_form():
    AddressGuard(["127.0.0.1"]).check_url("http://[::ffff:127.0.0.1]/")


def test_allowed_hostname_lets_it_through_whatever_it_resolves_to():
    guard = AddressGuard(["Feeds.Internal."], resolving({"feeds.internal": ["10.0.0.7"]}))
    guard.check_url("http://feeds.internal/rss")
    assert guard.connectable("feeds.internal", 80) == ["10.0.0.7"]


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/feed", "gopher://example.com/", "data:,x"]
)
def test_non_http_schemes_are_refused(url):
    with pytest.raises(BlockedAddress, match="only http and https"):
        AddressGuard().check_url(url)


def test_urls_with_credentials_are_refused():
    with pytest.raises(BlockedAddress, match="credentials"):
        AddressGuard().check_url(f"http://user:secret@{PUBLIC}/")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://example.com:abc/", "not a valid URL"),
        ("http://exa mple.com/", "no valid host name"),
        ("http:///path", "no valid host name"),
        ("not a url", "only http and https"),
        ("http://example.com:99999/", "port 99999 does not exist"),
    ],
)
def test_malformed_urls_are_refused_with_a_message(url, words):
    with pytest.raises(BlockedAddress, match=words):
        AddressGuard().check_url(url)


def test_unresolvable_host_is_a_connection_failure():
    guard = AddressGuard(resolver=resolving({}))
    with pytest.raises(ConnectionFailed, match=r"could not resolve nowhere\.example"):
        guard.check_url("http://nowhere.example/")
