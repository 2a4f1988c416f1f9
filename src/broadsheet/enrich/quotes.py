"""Direct quotes and who said them, cited to the sentence where each quote opens.

`find_quotes` reads an article paragraph by paragraph: the quote marks (`enrich.quote_marks`),
the attribution around them (`enrich.attribution`), and the speaker's full name (`enrich.speakers`:
"Zelenskyy" → "Volodymyr Zelenskyy" with the names an entity extractor found, titles dropped).
"He said" / "she said" is a person named before the quote — a name from `people`, one after a
title or a role ("Mr Locke", "spokesman Dmitry Peskov"), one that says something ("Kuhar said"),
or a speaker already quoted — preferring the subject of one of the last sentences over the last
name, and skipping a person whose title or role says the other gender ("Mrs", "son"). Scare
quotes and titles (1–3 quoted words) and quotes whose speaker cannot be named are left out: a
quote is only shown with its speaker.

`group_quotes` gathers the quotes of one story by speaker, and keeps one of each quote that
several outlets carry (the longest wording, as a copy may cut it short).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate

import regex

from broadsheet.enrich.attribution import SPEECH_VERB, attribution_after, attribution_before
from broadsheet.enrich.quote_marks import QuoteSpan, quote_spans
from broadsheet.enrich.sentences import SPLITTER_VERSION, paragraph_sentences
from broadsheet.enrich.speakers import (
    NAME,
    ROLES,
    Names,
    is_organisation,
    read_name,
    speaker_name,
)
from broadsheet.enrich.terms import words
from broadsheet.model import Document, Quote, SentenceRef

__all__ = ["MIN_QUOTE_WORDS", "QUOTES_VERSION", "find_quotes", "group_quotes"]

QUOTES_VERSION = f"1+split:{SPLITTER_VERSION}"
MIN_QUOTE_WORDS = 4

_NAME_RUN = regex.compile(NAME)
_ROLE_BEFORE = regex.compile(rf"\b({'|'.join(sorted(ROLES))})\s+$")
_TAIL_CHARS = 160  # of text read after a quote for its attribution, and before it
_HEAD_CHARS = 160
_PRONOUN_REACH = 2  # sentences back in which a subject is preferred as "he"/"she"
_OPENERS = " \"'“‘("
_SAYS = regex.compile(rf"\s+{SPEECH_VERB}\b")


def find_quotes(doc: Document, people: Sequence[str] = ()) -> list[Quote]:
    """The direct quotes of `doc` with a named speaker, in text order. `people` are canonical
    person names (from an entity extractor) to expand and recognise speakers with."""
    paragraphs = paragraph_sentences(doc.text)
    seen = [
        name
        for sentences in paragraphs
        for run in _NAME_RUN.findall(" ".join(sentences))
        if (name := speaker_name(run))
    ]
    reader = _Reader(doc.article_id, Names(people, seen))
    for sentences in paragraphs:
        reader.read(sentences)
    return reader.quotes


@dataclass(frozen=True, slots=True)
class _Named:
    """A name in a paragraph: where, as a full name, and whether it is surely a person's."""

    offset: int
    sentence: int  # its sentence's index in the article
    full: str
    person: bool  # a canonical person, named after a title or a role, or saying something
    subject: bool = False  # opens its sentence or says something ("Kuhar said …")
    gender: str = ""  # "m", "f" or "" (unknown)


@dataclass(slots=True)
class _Reader:
    """Walks an article's paragraphs in order, remembering who was named last."""

    article_id: int
    names: Names
    quotes: list[Quote] = field(default_factory=list)
    speakers: dict[str, str] = field(default_factory=dict)  # folded full name → gender
    last: list[_Named] = field(default_factory=list)  # persons named in earlier paragraphs
    sentence_base: int = 0

    def read(self, sentences: list[str]) -> None:
        paragraph = " ".join(sentences)
        starts = [0, *accumulate(len(s) + 1 for s in sentences)][:-1]
        named = self._names(paragraph, starts)
        previous_end = 0
        for span in quote_spans(paragraph):
            number = bisect_right(starts, span.start) - 1
            head = paragraph[
                max(starts[number], previous_end, span.start - _HEAD_CHARS) : span.start
            ]
            previous_end = span.end
            text = _clean(span.inner)
            if len(text.split()) < MIN_QUOTE_WORDS:
                continue
            ref = SentenceRef(self.article_id, self.sentence_base + number)
            speaker = self._speaker(paragraph, span, head, named, ref.sentence)
            if speaker:
                self.quotes.append(Quote(text, speaker.full, ref))
                self.speakers[speaker.full.casefold()] = speaker.gender
                named.append(replace(speaker, offset=span.start, sentence=ref.sentence))
        persons = self._persons(named, len(paragraph), "")
        self.last = [replace(n, offset=-1) for n in persons[-3:]] or self.last
        self.sentence_base += len(sentences)

    def _speaker(
        self, paragraph: str, span: QuoteSpan, head: str, named: list[_Named], sentence: int
    ) -> _Named | None:
        persons = set(self.speakers) | {n.full.casefold() for n in named if n.person}
        tail = paragraph[span.end : span.end + _TAIL_CHARS]
        found = attribution_after(tail) or attribution_before(
            head, lambda name: self.names.full(name).casefold() in persons
        )
        if found is None:
            return None
        if found.name:
            full = self.names.full(found.name)
            gender = self.speakers.get(full.casefold(), "")
            return _Named(span.start, sentence, full, True, True, gender)
        gender = "m" if found.pronoun == "he" else "f"
        earlier = self._persons(self.last + named, span.start, gender)
        # "He" is most likely the subject of a sentence just before, else the last one named.
        recent = [n for n in earlier if n.subject and n.sentence >= sentence - _PRONOUN_REACH]
        pool = recent or earlier
        return pool[-1] if pool else None

    def _persons(self, named: list[_Named], before: int, gender: str) -> list[_Named]:
        """The persons named before offset `before`, in order, leaving out those known to be
        of the other gender than `gender` ("" for any); a name counts once it is quoted too."""
        persons = []
        for n in sorted(named, key=lambda n: n.offset):
            known = self.speakers.get(n.full.casefold())
            if n.offset >= before or not (n.person or known is not None):
                continue
            own = n.gender or known or ""
            if not gender or own in ("", gender):
                persons.append(replace(n, gender=own))
        return persons

    def _names(self, paragraph: str, starts: list[int]) -> list[_Named]:
        named = []
        for match in _NAME_RUN.finditer(paragraph):
            role = _ROLE_BEFORE.search(paragraph, max(match.start() - 40, 0), match.start())
            found = read_name(match.group(0), role.group(1) if role else "")
            if found is None:
                continue
            number = bisect_right(starts, match.start()) - 1
            opens = not paragraph[starts[number] : match.start()].strip(_OPENERS)
            says = _SAYS.match(paragraph, match.end()) is not None
            canonical = self.names.canonical(found.name) is not None
            person = canonical or ((found.titled or says) and not is_organisation(found.name))
            full = self.names.full(found.name)
            sentence = self.sentence_base + number
            named.append(_Named(match.start(), sentence, full, person, opens or says, found.gender))
        return named


def _clean(inner: str) -> str:
    """The quoted words without the comma that hands over to the attribution."""
    return " ".join(inner.split()).rstrip(",;: ").strip()


def group_quotes(quotes: Sequence[Quote]) -> list[tuple[str, list[Quote]]]:
    """Quotes by speaker, most quoted first (ties: first quoted first); each quote once, a
    speaker named by surname alone joined to the one full name that ends with it."""
    names = _speaker_names([q.speaker for q in quotes])
    groups: dict[str, list[Quote]] = {}
    for quote in quotes:
        said = groups.setdefault(names[quote.speaker], [])
        same = next((i for i, q in enumerate(said) if _same_quote(q.text, quote.text)), None)
        if same is None:
            said.append(quote)
        elif len(quote.text) > len(said[same].text):
            said[same] = quote
    order = {name: i for i, name in enumerate(groups)}
    return sorted(groups.items(), key=lambda item: (-len(item[1]), order[item[0]]))


def _speaker_names(speakers: Sequence[str]) -> dict[str, str]:
    """Each speaker as written → the name to group under."""
    full = sorted({s for s in speakers if len(s.split()) > 1}, key=lambda s: (-len(s), s))
    by_fold = {s.casefold(): s for s in reversed(speakers)}  # first spelling seen wins
    names = {}
    for speaker in speakers:
        folded = speaker.casefold()
        if len(speaker.split()) == 1:
            longer = [f for f in full if f.casefold().split()[-1] == folded]
            if len(longer) == 1:
                names[speaker] = longer[0]
                continue
        names[speaker] = by_fold[folded]
    return names


def _same_quote(a: str, b: str) -> bool:
    """Whether one quote's words run, in order, inside the other's (a copy, maybe cut)."""
    short, long = sorted((words(a), words(b)), key=len)
    if not short:
        return False
    width = len(short)
    return any(long[i : i + width] == short for i in range(len(long) - width + 1))
