"""Text a reader typed (a display name, a comment), made safe to store and show: Unicode
normalised to NFC, and the invisible characters that disguise text removed (zero-width
characters, bidirectional overrides and isolates that reverse what a reader sees, other
control and format characters). Line breaks and tabs survive where they may."""

from __future__ import annotations

import unicodedata

# Format characters (Cf) that legitimately shape text in scripts we show: ZWJ inside emoji
# sequences and ZWNJ in Persian or Indic words. Every other Cf goes, including U+200B
# (zero-width space), U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates).
# Scripts before Arabic (Latin, Greek, Cyrillic, Hebrew …) never need the joiners, so between
# their letters a joiner is only a disguise ("Mall\u200cory") and goes too.
_KEEP_FORMAT = {"\u200c", "\u200d"}
_JOINING_SCRIPTS = 0x0600
_KEEP_CONTROL = {"\n", "\t"}


def strip_invisible(text: str, *, multiline: bool = True) -> str:
    """`text` in NFC without control/format characters (but ZWJ/ZWNJ between two visible
    characters); CR LF becomes LF; without `multiline`, line breaks and tabs become spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    kept: list[str] = []
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if ch in _KEEP_CONTROL:
            kept.append(ch if multiline else " ")
        elif category in ("Cc", "Cs", "Co", "Cn") or (category == "Cf" and not _joins(text, i)):
            continue
        else:
            kept.append(ch)
    return "".join(kept)


def _joins(text: str, i: int) -> bool:
    """A ZWJ/ZWNJ with a visible character on each side (not at an end, not doubled), one of
    them from a script that joins (Arabic onwards, emoji)."""
    if text[i] not in _KEEP_FORMAT or i == 0 or i == len(text) - 1:
        return False
    before, after = text[i - 1], text[i + 1]
    if _invisible(before) or _invisible(after):
        return False
    return max(ord(before), ord(after)) >= _JOINING_SCRIPTS


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Zs") or ch.isspace()


def single_line(text: str) -> str:
    """`strip_invisible` for one-line fields, with runs of spaces collapsed and ends trimmed."""
    return " ".join(strip_invisible(text, multiline=False).split())
