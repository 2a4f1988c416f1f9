"""One canonical form per article URL, so the same page reached through a feed link, an AMP
link, a mobile link or a tracked newsletter link is recognised as one article.

`canonical_url` is an identity key (idempotent: applying it twice changes nothing). It keeps the
scheme, but folds the host's `www.`, `m.`, `mobile.` and `amp.` prefixes, so it is not always a
fetchable address: link to the article's own URL, compare on this one.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMS", "canonical_url"]

TRACKING_PARAMS = frozenset(
    {
        *("fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "igshid"),
        *("mc_cid", "mc_eid", "ocid", "cmpid", "cmp", "ref", "ref_src", "ref_url", "referrer"),
        *("smid", "smtyp", "_ga", "_gl", "mkt_tok", "spm", "xtor", "icid", "ito", "taid"),
        *("at_medium", "at_campaign", "s_cid", "wt.mc_id", "vero_id", "rb_clickid"),
        *("ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee"),
        *("guccounter", "guce_referrer", "guce_referrer_sig", "oly_enc_id", "oly_anon_id"),
        *("__twitter_impression", "amp"),
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_AMP_VALUES = {"outputtype": "amp"}  # drop these only with this value (?outputType=amp)
_FOLDED_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_AMP_SUFFIX = re.compile(r"(?:/amp/?|\.amp)$", re.IGNORECASE)
_AMP_BEFORE_EXT = re.compile(r"\.amp(\.html?)$", re.IGNORECASE)
_AMP_PREFIX = re.compile(r"^/amp(?=/)", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """Lower-cased scheme and host, no default port, credentials, fragment or tracking
    parameters, sorted query, `..` resolved, AMP and mobile variants folded to the main page."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return url.strip()
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: leave the URL alone
        return url.strip()
    fragment = parts.fragment if parts.fragment.startswith("!") else ""  # #! routes are pages
    host = _host(parts.hostname or "", port, scheme)
    return urlunsplit((scheme, host, _path(parts.path), _query(parts.query), fragment))


def _host(hostname: str, port: int | None, scheme: str) -> str:
    host = hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    for prefix in _FOLDED_HOST_PREFIXES:
        rest = host.removeprefix(prefix)
        if rest != host and "." in rest:
            host = rest
            break
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    return host


def _path(path: str) -> str:
    path = _PERCENT.sub(lambda m: m.group(0).upper(), path) or "/"
    path = _remove_dot_segments(path)
    path = _AMP_BEFORE_EXT.sub(r"\1", path)
    path = _AMP_SUFFIX.sub("", path) or "/"
    return _AMP_PREFIX.sub("", path)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4: "/a/b/../c/./d" → "/a/c/d"."""
    output: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if segments[-1] in {".", ".."}:
        output.append("")
    return "/" + "/".join(output)


def _query(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _tracking(k, v)]
    return urlencode(sorted(pairs), quote_via=quote)


def _tracking(key: str, value: str) -> bool:
    name = key.lower()
    if name in _AMP_VALUES:
        return value.lower() == _AMP_VALUES[name]
    return name in TRACKING_PARAMS or name.startswith(_TRACKING_PREFIXES)
