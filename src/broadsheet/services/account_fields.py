"""What an account's fields may hold: an email address, a display name, a password. Each check
returns the cleaned value or raises Refused with a message the reader can act on."""

from __future__ import annotations

import re
import unicodedata

from broadsheet.errors import Refused
from broadsheet.normalize.user_text import single_line, strip_invisible

EMAIL_MAX = 254  # RFC 5321's path limit, less the angle brackets
NAME_MIN, NAME_MAX = 2, 50
PASSWORD_MIN, PASSWORD_MAX = 10, 256

# One @, a dot in the domain, no spaces: the mail server is the real judge of an address;
# this only catches typos before a reset mail goes nowhere.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")

# Words a reader's name may not claim, so nobody passes for the site's staff. Checked on the
# name folded to plain lower-case letters, with digits and look-alike letters read as letters.
_RESERVED_PREFIXES = ("admin", "moderator", "moderation", "sysop")
_RESERVED_WORDS = frozenset({"mod", "mods", "staff", "broadsheet", "root", "webmaster"})
_LOOKALIKE = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
     "а": "a", "е": "e", "о": "o", "і": "i", "ԁ": "d", "ѕ": "s", "т": "t", "м": "m", "п": "n",
     "α": "a", "ο": "o", "ι": "i", "ν": "v", "ѵ": "v", "ı": "i", "ɑ": "a"}
)  # fmt: skip


def clean_email(raw: str) -> str:
    """The address trimmed and lower-cased; Refused when it is not one."""
    email = raw.strip().lower()
    if not email:
        raise Refused("Please enter your email address.")
    if len(email) > EMAIL_MAX:
        raise Refused(f"That email address is too long (at most {EMAIL_MAX} characters).")
    if not _EMAIL.fullmatch(email):
        raise Refused("That does not look like an email address (name@example.org).")
    return email


def clean_display_name(raw: str, *, staff: bool = False) -> str:
    """The name on one line, invisible characters removed; Refused when too short or long, or
    (unless `staff`) when it claims a role such as admin or moderator."""
    name = single_line(raw)
    if not name:
        raise Refused("Please choose a display name (visible letters, not only spaces).")
    if len(name) < NAME_MIN or len(name) > NAME_MAX:
        raise Refused(f"A display name has {NAME_MIN} to {NAME_MAX} characters.")
    if not staff and claims_a_role(name):
        raise Refused(f"“{name}” could be mistaken for the site's staff; please choose another.")
    return name


def claims_a_role(name: str) -> bool:
    folded = unicodedata.normalize("NFKD", name.casefold()).translate(_LOOKALIKE)
    letters = "".join(c for c in folded if c.isascii() and (c.isalnum() or c == " "))
    words = re.split(r"[^a-z]+", " ".join(letters.split()))
    squashed = "".join(words)  # "a d m i n" is still admin
    if squashed in _RESERVED_WORDS or any(w in _RESERVED_WORDS for w in words):
        return True
    return any(p in (squashed[: len(p)], *(w[: len(p)] for w in words)) for p in _RESERVED_PREFIXES)


def check_password(password: str) -> str:
    """The password as typed (never trimmed: spaces may be part of it); Refused when its
    length is out of bounds."""
    if len(password) < PASSWORD_MIN:
        raise Refused(f"A password needs at least {PASSWORD_MIN} characters.")
    if len(password) > PASSWORD_MAX:
        raise Refused(f"A password has at most {PASSWORD_MAX} characters.")
    if strip_invisible(password, multiline=False) != password:
        raise Refused("A password cannot contain control or invisible characters.")
    return password
