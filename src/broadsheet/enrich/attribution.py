"""Who a quote is attributed to, read from the words around its quotation marks.

After the quote (tried first, the usual place): `…,” said X`, `…,” X said` (also `told`,
`added`, `wrote`, … with an apposition allowed: `…,” Locke, 39, said`), `…,” according to X`,
`…,” he said`. Before it: `X said: “…”`, `X told reporters: “…”`, `X wrote on X: “…”`,
`According to X, “…”`, `He added: “…”`, and a bare colon, `X: “…”`, when X is known to be a
person. The result is the name as written (titles dropped, see `enrich.speakers`) or a pronoun
("he"/"she") for the caller to resolve; anything else ("the ministry said", "they said") is no
attribution.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from broadsheet.enrich.speakers import NAME, speaker_name

__all__ = ["PRONOUNS", "SPEECH_VERB", "Attribution", "attribution_after", "attribution_before"]

PRONOUNS = frozenset({"he", "she"})

SPEECH_VERB = (
    r"(?:said|says|told|tells|added|adds|wrote|writes|tweeted|posted|stated|explained|insisted"
    r"|warned|noted|asked|asks|replied|continued|declared|recalled|argued|claimed|admitted"
    r"|announced|confirmed|revealed|remarked|commented|urged|stressed|acknowledged|conceded)"
)
# Words after which an attribution's name has ended ("said Locke while …", "said X in a …").
_STOP = (
    r"(?:in|on|at|to|for|from|after|before|during|when|while|that|this|with|by|of|about|as"
    r"|and|but|who|which|yesterday|today|tonight|earlier|later|last|recently|afterwards)"
)
_WHO = r"[^,.;:!?“”\"‘’()]{1,80}?"

_VERB_FIRST = regex.compile(
    rf"^\s*[,—–-]?\s*{SPEECH_VERB}\s+(?P<who>{_WHO})(?=\s+{_STOP}\b|\s*[,.;:!?—–(]|$)"
)
# What may follow "X said" when X said the quote before it, rather than "X said he …" (reported
# speech) or "X said:" (which hands over to the next quote); "X told …" likewise.
_AFTER_VERB = (
    r"(?=\s*(?:[.,;!?—–(]|$)|\s+(?:in|on|at|to|of|after|during|when|while|before|adding|from"
    r"|about|last|yesterday|today|this|earlier|later|then|again|recently|afterwards)\b)"
)
_NAME_FIRST = regex.compile(
    rf"^\s*[,—–-]?\s*(?P<who>[^“”\"‘.!?;:]{{1,80}}?)\s+(?:{SPEECH_VERB}{_AFTER_VERB}|(?:told|asked)\b"
    rf"(?![^.“”\"]*:\s*[“\"‘']))"
)
_ACCORDING_AFTER = regex.compile(rf"^\s*,?\s*according to\s+(?P<who>{_WHO})(?=[,.;:!?]|$)")
_BEFORE = regex.compile(
    rf"(?P<who>[^“”\"‘.!?;]{{1,80}}?)\s+{SPEECH_VERB}(?:\s+[^:,“”\"]{{0,40}}?)?\s*[:,]?\s*$"
)
_ACCORDING_BEFORE = regex.compile(rf"according to\s+(?P<who>{_WHO})\s*,\s*$", regex.IGNORECASE)
_COLON = regex.compile(rf"(?P<who>{NAME})\s*:\s*$")
_MAX_NAME_WORDS = 6


@dataclass(frozen=True, slots=True)
class Attribution:
    """A name as written ("Zelenskyy"), or `pronoun` ("he") to resolve from the text before."""

    name: str = ""
    pronoun: str = ""


def attribution_after(tail: str) -> Attribution | None:
    """The attribution that `tail` (the text right after a closing mark) opens with."""
    for pattern in (_VERB_FIRST, _ACCORDING_AFTER):
        match = pattern.match(tail)
        if match and (name := _named(match["who"])):
            return Attribution(name=name)
    match = _NAME_FIRST.match(tail)
    return _subject(match["who"].split(",")[0]) if match else None


def attribution_before(
    head: str, is_person: Callable[[str], bool] = lambda name: False
) -> Attribution | None:
    """The attribution that `head` (the sentence up to an opening mark) ends with; a bare
    colon counts only for a name `is_person` knows."""
    match = _ACCORDING_BEFORE.search(head)
    if match and (name := _named(match["who"])):
        return Attribution(name=name)
    match = _BEFORE.search(head)
    if match:
        return _subject(match["who"].split(",")[-1])
    match = _COLON.search(head)
    if match and (name := speaker_name(match["who"])) and is_person(name):
        return Attribution(name=name)
    return None


def _named(phrase: str) -> str | None:
    """The name that ends `phrase`; "the Italian" (a description) names no one, "the Kremlin
    spokesman Dmitry Peskov" does."""
    name = speaker_name(phrase)
    described = regex.match(r"\s*(?:the|a|an)\s", phrase, regex.IGNORECASE) is not None
    return None if name is None or (described and len(name.split()) == 1) else name


def _subject(phrase: str) -> Attribution | None:
    """The speaker a subject phrase names: a pronoun, or the name it ends with."""
    words = phrase.split()
    if not words or len(words) > _MAX_NAME_WORDS:
        return None
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return Attribution(pronoun=words[0].lower())
    name = speaker_name(phrase)
    return Attribution(name=name) if name else None
