"""Wire-agency furniture: who sent a story, and the body without the lines that say so.

A wire story carries its origin in fixed places: a dateline at the top ("LONDON (Reuters) -",
"WASHINGTON (AP) —", "(Bloomberg) --", "New Delhi, Jan 5 (PTI)"), a credit at the bottom
("Reporting by …; Editing by …", "— With assistance from …", "(ANI)", "PTI ABC XYZ", "© AFP"),
or the headline's outlet suffix ("… - Reuters"). Only those positions are read (the first
`HEAD_CHARS` and last `TAIL_CHARS` characters), so a story that quotes an agency ("told
Reuters", "an AFP photographer") is not taken for that agency's wire.

`strip_wire_furniture` removes the same datelines and credits, plus syndication notices ("This
article was generated from an automated news agency feed …") and the page furniture that
`normalize.text.is_junk_line` knows, so copies that differ only there compare equal.
"""

from __future__ import annotations

import re

from broadsheet.normalize.text import is_junk_line

__all__ = ["AGENCIES", "HEAD_CHARS", "TAIL_CHARS", "strip_wire_furniture", "wire_agency"]

HEAD_CHARS = 200
TAIL_CHARS = 300

# Canonical display name → the spellings a dateline or credit uses (regex alternatives).
AGENCIES: dict[str, str] = {
    "Reuters": r"Reuters|Thomson Reuters",
    "Associated Press": r"AP|Associated Press|The Associated Press",
    "AFP": r"AFP|Agence France[- ]Presse",
    "Bloomberg": r"Bloomberg|Bloomberg News",
    "PTI": r"PTI|Press Trust of India",
    "IANS": r"IANS",
    "ANI": r"ANI",
    "dpa": r"dpa|DPA|Deutsche Presse-Agentur",
    "Xinhua": r"Xinhua|XINHUA",
    "UPI": r"UPI|United Press International",
    "PA Media": r"PA|PA Media|Press Association",
    "CNN": r"CNN",
}
_ANY = "|".join(f"(?P<a{i}>{alt})" for i, alt in enumerate(AGENCIES.values()))
_NAMES = tuple(AGENCIES)

# "LONDON (Reuters) -", "NEW DELHI, Jan 5 (PTI):", "(Bloomberg) --", "Beijing, 3 May (Xinhua) —"
# at the start of a line: an optional place (and date) of up to ~60 characters, then the agency
# in brackets, then a dash or colon. Without the dash ("New Delhi, Jan 5 (PTI) The …",
# "(CNN)An …") only after a date or at the very start, so "The Associated Press (AP) Stylebook"
# is no dateline.
_PLACE = r"[A-Z][\w.'’,/\[\] -]{0,60}?"
_DATELINE = re.compile(
    rf"^[^\S\n]*(?:{_PLACE}[^\S\n]*)?[(\[](?:{_ANY})[)\]][^\S\n]*[-–—:]+[^\S\n]*", re.MULTILINE
)
_BARE_DATELINE = re.compile(
    rf"^[^\S\n]*(?:{_PLACE}\d[^\S\n]*)?[(\[](?:{_ANY})[)\]][^\S\n]*(?=[A-Z\"“‘'])", re.MULTILINE
)
# A credit line of its own at the end: "— Bloomberg", "-- AFP", "(ANI)", "PTI RS RT", "IANS",
# "© AFP 2024", "(c) Copyright Thomson Reuters 2024", "Copyright 2024 The Associated Press …".
_CREDIT_LINE = re.compile(
    r"^[^\S\n]*(?:[-–—]+[^\S\n]*|[(\[]|(?:©|\(c\)|(?i:copyright))[^\S\n]*(?:\d{4}[^\S\n]*)?"
    rf"(?i:copyright[^\S\n]*)?)?(?:{_ANY})\b[)\]]?"
    r"(?:(?:[^\S\n]+[A-Z]{1,3}(?:/[A-Z]{1,3})?){1,4}|[^\S\n]*\d{4}|[^\S\n]+L\.P\."
    r"|[.,]?[^\S\n]*(?i:all rights reserved))?\W{0,2}$",
    re.MULTILINE,
)
# The agency tagged onto the last sentence: "… he said. (ANI)", "… on Friday. --IANS".
_TRAILING_TAG = re.compile(rf"(?:\s[-–—]+[^\S\n]*|[^\S\n]*[(\[])(?:{_ANY})[)\]]?\W{{0,2}}$")
_REUTERS_CREDIT = re.compile(
    r"^\W{0,3}(?:reporting by|additional reporting by)\b[^\n]{0,250}?\bediting by\b",
    re.IGNORECASE | re.MULTILINE,
)
_AP_CREDIT = re.compile(
    r"^\W{0,3}(?:the )?associated press (?:writers?|reporters?|correspondents?)\b[^\n]{0,200}?"
    r"\bcontributed\b",
    re.IGNORECASE | re.MULTILINE,
)
_BLOOMBERG_CREDIT = re.compile(r"^\W{0,3}[-–—]+\s*with assistance from\b", re.I | re.M)
_TITLE_SUFFIX = re.compile(rf"\s[-–—|:]\s*(?:{_ANY})(?:\s+News)?\s*$")

# Lines that are credits or syndication notices, never wire text (matched on one line).
_FURNITURE = re.compile(
    r"^\W{0,3}(?:(?:[-–—]+\s*)?with assistance from|to contact the (?:reporter|editor)s?"
    r"|(?:this (?:article|story|report) (?:was|has been|is) (?:generated|auto-generated"
    r"|published|not been edited)|\(?this story has not been edited)"
    r"|(?:the )?associated press (?:writers?|reporters?) .{0,120}contributed"
    r"|(?:also read|read more|related|watch|listen|click here|more news)\s*[:|»>-])",
    re.IGNORECASE,
)
# "(Reporting by Jane Doe; Editing by Mark Potter)": a credit, not "Reporting by the FT showed …".
_STAFF_CREDIT = re.compile(
    r"^\W{0,3}(?:additional |\w+ )?(?:reporting|writing|editing|compiled) by\b", re.IGNORECASE
)
_STAFF_CREDIT_SHAPE = re.compile(r"^\(|;|\b(?:editing|writing) by\b|\)\W?$", re.IGNORECASE)
_BYLINE = re.compile(r"^By (?:[A-Z][\w.'’-]*(?: |$)){1,4}(?:(?:,|and|for|of|in|\|).*)?$")
_FURNITURE_MAX_CHARS = 300
_TAG_CHARS = 40
_BYLINE_MAX_CHARS = 80


def wire_agency(text: str, title: str = "") -> str | None:
    """The agency that sent the story, from its dateline, credits or headline; else None."""
    head, tail = text[:HEAD_CHARS], text[-TAIL_CHARS:]
    ending = tail.rstrip()[-_TAG_CHARS:]
    for pattern, part in (
        (_DATELINE, head),
        (_BARE_DATELINE, head),
        (_CREDIT_LINE, tail),
        (_TRAILING_TAG, ending),
    ):
        if name := _agency(pattern.search(part)):
            return name
    if _REUTERS_CREDIT.search(tail):
        return "Reuters"
    if _AP_CREDIT.search(tail):
        return "Associated Press"
    if _BLOOMBERG_CREDIT.search(tail):
        return "Bloomberg"
    return _agency(_TITLE_SUFFIX.search(title))


def strip_wire_furniture(text: str) -> list[str]:
    """The body's lines without datelines, agency credits, syndication notices and furniture."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    kept = [_strip_dateline(line) if i < 3 else line for i, line in enumerate(lines)]
    kept = [line for line in kept if line and not _is_furniture(line)]
    if kept:
        kept[-1] = _strip_trailing_tag(kept[-1])
    return [line for line in kept if line]


def _strip_dateline(line: str) -> str:
    found = _DATELINE.match(line) or _BARE_DATELINE.match(line)
    return line[found.end() :] if found else line


def _strip_trailing_tag(line: str) -> str:
    """The line without a trailing "(ANI)" or "--IANS" (searched in its last characters only)."""
    cut = max(len(line) - _TAG_CHARS, 0)
    found = _TRAILING_TAG.search(line, cut)
    return line[: found.start()] if found else line


def _is_furniture(line: str) -> bool:
    if len(line) > _FURNITURE_MAX_CHARS:
        return False
    if _FURNITURE.match(line) or _CREDIT_LINE.fullmatch(line):
        return True
    if _STAFF_CREDIT.match(line) and _STAFF_CREDIT_SHAPE.search(line):
        return True
    return (len(line) <= _BYLINE_MAX_CHARS and bool(_BYLINE.match(line))) or is_junk_line(line)


def _agency(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    for index, name in enumerate(_NAMES):
        if match.group(f"a{index}"):
            return name
    return None
