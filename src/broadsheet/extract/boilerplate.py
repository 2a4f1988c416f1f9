"""Page furniture that survives main-text extraction, recognised line by line.

Extractors keep whole blocks; what slips through is a small set of recurring line shapes:
"read also" teasers (`Lesen Sie auch: …`, `Lea más: …`), section headers of related-article and
comment blocks, share/print/advertising labels, newsletter and social prompts, copyright and
"last updated" lines, and photo credits. They are matched in the languages the evaluation corpus
and typical news sources use (en, de, fr, es, pt, it, nl, pl). Matching is deliberately
conservative: long lines are never dropped for a phrase they merely contain.

Measured on the trafilatura evaluation set: dropping these lines removes about a fifth of the
boilerplate that trafilatura lets through, at the cost of 0–1 main-text snippets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["SECTION_HEADERS", "cut_trailing_section", "is_boilerplate", "strip_boilerplate"]

# Phrases that introduce links to other articles ("read also", "related").
_READ_ALSO = (
    r"read (more|also|next)|also read|see also|more on this( story| topic)?|further reading",
    r"related( stories| articles| content| posts| coverage)?|recommended( for you| reading)?",
    r"you (may|might) also like|more from \w+",
    r"lesen sie (auch|mehr|hier)|auch interessant|ebenfalls interessant|schon gelesen\??",
    r"mehr zum thema|mehr (themen|dazu|artikel|beiträge|nachrichten)|zum weiterlesen",
    r"weitere (artikel|beiträge|informationen|themen|nachrichten|meldungen)",
    r"empfohlene (beiträge|artikel)|passend (dazu|zum thema)",
    r"das (thema )?könnte (sie|dich) (auch |ebenfalls )?interessieren",
    r"(verwandte|ähnliche) (artikel|beiträge|themen)",
    r"(à |a )?lire aussi|lire (la suite|plus)|voir aussi|sur le même sujet|à voir aussi",
    r"lea (también|más|además)|lee (también|más)|(le|te) puede interesar|vea (también|más)",
    r"mire|ver (también|más)|leia (também|mais)|veja (também|mais)|saiba mais",
    r"(notas|noticias|artículos|articulos|matérias|notícias) relacionad[ao]s",
    r"czytaj (też|także|więcej)|zobacz (też|także|więcej)|przeczytaj (też|także)",
    r"dowiedz się więcej|podobne artykuły|powiązane( artykuły)?|leggi anche|lees (ook|meer)",
)
_READ_ALSO_ALT = "|".join(_READ_ALSO)

# Labels that are a whole line on their own: buttons, widgets, block headers.
_LABELS = (
    r"advertisement|anzeige|werbung|publicité|publicidad|reklama|sponsored( content)?",
    r"share( this( article| story| post)?)?( on)?|teilen( mit)?|partager|compartir|udostępnij",
    r"(wird geladen|loading)(\.\.\.|…)?|print|drucken|e-?mail|tags?|schlagwörter|stichwörter",
    r"comments?|kommentare?|commentaires?|comentarios?|komentarze?|leserkommentare",
    r"\d+ (comments?|kommentare?)|no comments yet\W*|hashtags",
)

# Headers after which, near the end of a body, only teasers or comments follow.
SECTION_HEADERS = re.compile(
    rf"^\W{{0,3}}({_READ_ALSO_ALT}|{'|'.join(_LABELS[3:])})\W{{0,3}}$", re.IGNORECASE
)

_BARE = re.compile(rf"^\W{{0,3}}({_READ_ALSO_ALT}|{'|'.join(_LABELS)})\W{{0,3}}$", re.IGNORECASE)
_TEASER = re.compile(rf"^\W{{0,3}}({_READ_ALSO_ALT})\b\s*[:»>|–—-]", re.IGNORECASE)
_SHORT_HEADER = re.compile(rf"^\W{{0,3}}({_READ_ALSO_ALT})\b", re.IGNORECASE)
_FILED_UNDER = re.compile(
    r"^\W{0,3}(kategorien?|category|categories|tags|schlagwörter|stichwörter|filed under"
    r"|themen|posted in|veröffentlicht in)\s*:",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^\W{0,3}(©|\(c\)|copyright\s*(©|\(c\)|\d{4}|by\b))"
    r"|all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados|wszelkie prawa zastrzeżone",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(
    r"^\W*(\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d{4}-\d{2}-\d{2})"
    r"(,?\s*\d{1,2}[:.]\d{2}( uhr| h)?)?\W*$",
    re.IGNORECASE,
)
_UPDATED = re.compile(
    r"^\W{0,3}(letzte (änderung|aktualisierung)|zuletzt aktualisiert|aktualisiert( am)?|stand"
    r"|updated?|last (updated|modified)|published|veröffentlicht( am)?)\s*:?\s*(am\s*|on\s*)?\d",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(
    r"\b(newsletter|subscribe|sign up|abonnieren|jetzt anmelden|inscrivez-vous|suscríbete"
    r"|zapisz się)\b",
    re.IGNORECASE,
)
_SOCIAL = re.compile(
    r"\bfollow (us|\w+( \w+)?) on (twitter|facebook|instagram|x|linkedin|whatsapp|telegram)\b"
    r"|\bfolgen sie uns\b|\bsuivez-nous\b|\bsíguenos\b|logged in to (post a )?comment"
    r"|eingeloggt sein,? um|um (einen )?kommentare? (zu )?(schreiben|verfassen)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\W{0,3}(fotos?|bild|bilder|photos?|images?|credit|grafik|illustration|video)\s*:\s*\S",
    re.IGNORECASE,
)

# (pattern, longest line it may remove): short lines only, a paragraph is never dropped.
_RULES: tuple[tuple[re.Pattern[str], int], ...] = (
    (_TEASER, 200),
    (_FILED_UNDER, 200),
    (_DATE_ONLY, 200),
    (_UPDATED, 200),
    (_COPYRIGHT, 150),
    (_NEWSLETTER, 150),
    (_SOCIAL, 250),
    (_CREDIT, 120),
    (_SHORT_HEADER, 60),
)


def is_boilerplate(line: str) -> bool:
    """Whether one line of extracted text is page furniture rather than article text."""
    text = line.strip()
    if not text:
        return False
    if _BARE.match(text):
        return True
    return any(len(text) <= limit and pattern.search(text) for pattern, limit in _RULES)


def cut_trailing_section(lines: Sequence[str], *, from_fraction: float = 0.5) -> list[str]:
    """Drop a trailing "Related articles" / "Comments" block: everything from such a header on,
    if the header sits in the last part of the text (a header near the top is left alone)."""
    start = int(len(lines) * from_fraction)
    for index in range(start, len(lines)):
        if SECTION_HEADERS.match(lines[index].strip()):
            return list(lines[:index])
    return list(lines)


def strip_boilerplate(lines: Sequence[str]) -> list[str]:
    """The lines without a trailing related/comments block and without furniture lines."""
    return [line for line in cut_trailing_section(lines) if not is_boilerplate(line)]
