"""Bytes → text for HTML pages, never raising on odd or mislabelled bytes.

Order: a byte-order mark; then UTF-8 if the bytes are valid UTF-8 (multi-byte UTF-8 sequences
do not happen by accident, while a wrong legacy label is common); then the HTTP `charset`, then
`<meta charset>` / `http-equiv` / the XML declaration, each believed only if the bytes decode
under it; then a mostly-UTF-8 body with a few stray cp1252 bytes (decoded as such); then
charset-normalizer's guess among the encodings browsers support (windows-1252 on a tie).
Labels map to the codec browsers really use for them (WHATWG): `iso-8859-1` is decoded as
cp1252, `shift_jis` as cp932, `gb2312` as gb18030, and so on.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

__all__ = ["charset_from_content_type", "decode_html", "sniff_meta_charset"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# What browsers decode a label as (WHATWG Encoding Standard), for the labels that differ.
_BROWSER_CODEC = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
}

# The legacy encodings a browser can decode (WHATWG), as Python codecs: detection chooses only
# among these. Unrestricted, a few accented bytes get guessed as DOS code pages (cp850, cp775).
_WEB_CODECS = (
    *("cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258"),
    *("cp874", "cp866", "koi8_r", "koi8_u", "mac_roman", "mac_cyrillic"),
    *("iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7"),
    *("iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16"),
    *("gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr", "utf_16_be", "utf_16_le"),
)

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.I
)
_PRESCAN_BYTES = 4096
_TIE = 0.02
_MIXED_HANDLER = "broadsheet-cp1252-fallback"


def decode_html(body: bytes, content_type: str = "") -> str:
    """Decode an HTML (or XML) body to text; odd or mislabelled bytes never raise."""
    if not body:
        return ""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")  # valid UTF-8 with non-ASCII bytes is never an accident
    except UnicodeDecodeError:
        pass
    declared = [_codec(charset_from_content_type(content_type)), _codec(sniff_meta_charset(body))]
    for codec in filter(None, declared):
        text = _try_declared(body, codec)
        if text is not None:
            return text
    return _detect(body, next(filter(None, declared), None))


def charset_from_content_type(content_type: str) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def sniff_meta_charset(body: bytes) -> str | None:
    """The charset a `<meta>` tag declares in the first few KB, if any."""
    match = _META_CHARSET.search(body[:_PRESCAN_BYTES])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", errors="ignore")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a UTF-16 label on ASCII-compatible bytes (no BOM) is a lie
    return _BROWSER_CODEC.get(name, name)


def _try_declared(body: bytes, codec: str) -> str | None:
    """The body under its declared codec, or None when the bytes contradict the label."""
    if codec == "utf-8":
        return _mixed_utf8(body)
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        return None


def _detect(body: bytes, declared: str | None) -> str:
    """No declared charset fits the bytes: mostly-UTF-8, then detection, then the label."""
    mixed = _mixed_utf8(body)
    if mixed is not None:
        return mixed
    guess = _guess(body)
    if guess is not None:
        return body.decode(_BROWSER_CODEC.get(codecs.lookup(guess).name, guess), errors="replace")
    return body.decode(declared or "cp1252", errors="replace")


def _guess(body: bytes) -> str | None:
    """charset-normalizer's pick among web encodings; on a tie (a page with few non-ASCII
    bytes decodes the same way in several), windows-1252, the web's commonest legacy encoding."""
    matches = from_bytes(body[:200_000], cp_isolation=list(_WEB_CODECS))
    best = matches.best()
    if best is None:
        return None
    tied = [
        m for m in matches if m.chaos <= best.chaos + _TIE and m.coherence >= best.coherence - _TIE
    ]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        return "cp1252"
    return str(best.encoding)


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _mixed_utf8(body: bytes) -> str | None:
    """A UTF-8 page with a few stray cp1252 bytes (a template or a paste in another charset):
    decode it as UTF-8, the stray bytes as cp1252. None when the bytes are not mostly UTF-8."""
    sample = body[:200_000]
    valid = len(_UTF8_MULTIBYTE.findall(sample))
    invalid = sample.decode("utf-8", errors="replace").count("\ufffd")
    if valid < 3 or invalid * 4 > valid:
        return None
    return body.decode("utf-8", errors=_MIXED_HANDLER)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error(_MIXED_HANDLER, _cp1252_fallback)
