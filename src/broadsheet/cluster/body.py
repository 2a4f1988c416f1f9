"""The sentences of an article body that can carry news: no boilerplate, no datelines.

Wire and publisher furniture is dropped whole ("Sign up for …", "Reporting by …", "With assistance
from …", "This article was generated from an automated news agency feed …", photo credits and
captions, "Follow us on …", embedded posts, author bios, a tabloid's capitalised promo links),
and a leading dateline ("KYIV, June 14 (Reuters) -", "Tirana, Albania (CNN)") or photo credit
("Andrew Kelly / Reuters The …") is cut from the sentence it opens, so none of it counts as
something a report adds.
"""

from __future__ import annotations

import re

from broadsheet.extract.boilerplate import is_boilerplate
from broadsheet.normalize.sentences import split_sentences

__all__ = ["body_sentences", "is_boilerplate_sentence", "strip_dateline"]

_MIN_WORDS = 4
_LINE_CHECK_MAX_CHARS = 120

_FURNITURE_START = re.compile(
    r"^\W{0,3}(?:sign up|subscribe|click here|tap here|follow (?:us|[A-Z][\w.]*(?: \w+)?)"
    r" on|download (?:our|the) app|(?:additional )?reporting by|writing by|editing by"
    r"|(?:compiled|produced|edited|written) by|with assistance from|(?:photo|photograph|image"
    r"|picture|video|graphic)s?(?: credit)?\s*(?:[:(]|by\b)|read more|related\s*:|watch\s*:"
    r"|listen\s*:|also read|for more (?:news|stories|updates)|(?:the )?(?:associated press|ap|afp"
    r"|reuters) contributed|updated(?: at| on)?\s*:?\s*\d|(?:handout|getty|file)\s*[-–—]"
    r"|enlarge this image|watch (?:the|our|live|now|more|video)\b)",
    re.IGNORECASE,
)
_FURNITURE_ANYWHERE = re.compile(
    r"\bcontributed (?:reporting|to this (?:report|story|article))|\bthis (?:article|story|report)"
    r" (?:was|has been|is) (?:generated|auto-?generated|produced|published|updated|amended"
    r"|corrected|edited)|automated news agency feed|all rights reserved|\bcopyright \d{4}"
    r"|getty images|\(ap photo|\bvia (?:getty|ap|reuters|afp)\b|trust principles"
    r"|only the headline and picture|\bnewsletter\b|\bour standards\b"
    r"|\bsubscribe (?:now|today|to)\b|\b(?:toggle|hide|image|media) caption\b"
    r"|\b(?:in )?this (?:undated |file |handout )?(?:photo|picture|image)\b"
    r"|\b(?:photo|picture|image)s? (?:released|provided|taken|shows?)\b|\bupdated\s*:\s*\d"
    r"|pic\.twitter\.com|https?://|\bt\.co/"
    r"|\(@\w+\)|[\w.-]+@[\w-]+\.\w|©|/\s?(?:AP|AFP|Reuters|Getty|EPA|Associated Press)\b"
    r"|\bviews expressed\b",
    re.IGNORECASE,
)
# A quick test on the lower-cased sentence that every match of the (slow) pattern above passes;
# about one news sentence in fifteen does.
_FURNITURE_TRIGGER = re.compile(
    r"contribut|automated|reserved|copyright|getty|ap photo|via |principles|only the headline"
    r"|newsletter|our standards|subscribe|caption|photo|picture|image|twitter|http|t\.co/|@|©"
    r"|views expressed|updated|/ ?(?:ap|afp|reuters|getty|epa|associated)"
    r"|this (?:article|story|report)"
)
# An author's bio line: "Frida Ghitis is a world affairs columnist for The Miami Herald".
_BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s){1,4}is an? (?:[\w-]+\s){0,4}(?:columnist|correspondent|contributor"
    r"|writer|editor|reporter|journalist|author|commentator|analyst for)\b"
)
# Three words in capitals in a row: a tabloid's promo links ("MOST READ IN NEWS").
_CAPS_RUN = re.compile(r"[A-Z]{2}[A-Z'’-]*\W+[A-Z][A-Z'’-]+\W+[A-Z][A-Z'’-]+\b")
# A photo credit glued to the start of a caption's sentence: "Andrew Kelly / Reuters The …".
_CREDIT_PREFIX = re.compile(
    r"^(?:(?:[\w.'’-]+\s){1,4}/\s?)?(?:Reuters|AP|AFP|Getty Images|EPA|Bloomberg|Xinhua"
    r"|Barcroft Media|Rex Features|Shutterstock|Alamy)\s+(?=[A-Z])"
)
_DATELINE = re.compile(
    r"^[A-ZÀ-Þ]{3,}[A-ZÀ-Þ.'’ /-]*(?:,\s*[\w.]+(?:\s+[\w.]+){0,2}){0,3}\s*"
    r"(?:\([^)]{1,40}\)\s*)?[-–—]{1,2}\s+"
    r"|^(?:(?!The\b|An?\b)[A-Z][\w.]*,?\s){0,3}\((?:Reuters|AP|AFP|Bloomberg|Kyodo|Xinhua|dpa|ANI|PTI|IANS|UPI"
    r"|CNN)\)\s*[-–—]{0,2}\s*"
)


def body_sentences(text: str) -> list[str]:
    """The sentences of `text` that may carry news, in order, datelines cut off."""
    kept = []
    for paragraph in text.splitlines():
        # Page furniture, judged line by line as it was built for. Its checks are slow on long
        # lines, and the furniture it finds there (newsletter, social, copyright lines) is what
        # is_boilerplate_sentence catches anyway.
        if len(paragraph) <= _LINE_CHECK_MAX_CHARS and is_boilerplate(paragraph):
            continue
        for sentence in split_sentences(paragraph):
            sentence = _CREDIT_PREFIX.sub("", strip_dateline(sentence))
            if len(sentence.split()) >= _MIN_WORDS and not is_boilerplate_sentence(sentence):
                kept.append(sentence)
    return kept


def is_boilerplate_sentence(sentence: str) -> bool:
    """Whether a sentence is publisher or wire furniture rather than news: newsletter and
    social prompts, credits, captions, embedded posts, author bios, promo links."""
    if _FURNITURE_START.search(sentence) or _BIO.search(sentence) or _CAPS_RUN.search(sentence):
        return True
    return bool(
        _FURNITURE_TRIGGER.search(sentence.lower()) and _FURNITURE_ANYWHERE.search(sentence)
    )


def strip_dateline(sentence: str) -> str:
    """`sentence` without a leading dateline ("WASHINGTON (Reuters) - ")."""
    if not (sentence[:3].isupper() or "(" in sentence[:40]):
        return sentence
    match = _DATELINE.match(sentence)
    return sentence[match.end() :] if match and match.end() < len(sentence) else sentence
