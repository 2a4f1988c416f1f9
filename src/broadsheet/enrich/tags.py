"""The `Tagger` interface and the default hashtag maker: entities, keyphrases and one topic.

`KeyphraseTagger` picks 3–8 tags for an article (fewer only when a short text offers fewer):

- *entities*: the people, organisations and places the article names most, with a bonus for
  those in its headline; one named only in reporter boilerplate ("With assistance from …") is
  never a tag;
- *keyphrases* (`enrich.keyphrases`): yake's best phrases of the article's opening, kept only
  when they are used at least twice, name no entity (no "Putin call" beside "Vladimir Putin")
  and are not generic ("#Tuesday", "#Said", "#People", "#Year", months, "news", credits);
- *topic*: at most one broad topic from `enrich.topics`, kind "topic".

Spelling is stable: a tag's `label` is the entity's canonical name or the phrase as the article
writes it, and its `slug` is `slugify(label)`: accents folded to ASCII, lowercase, every run of
other characters one hyphen ("Volodymyr Zelenskyy" → "volodymyr-zelenskyy", "U.S." never occurs:
it is "United States" → "united-states"). No two tags share a slug, and no tag's words sit
inside another's ("Zelenskyy" is dropped beside "Volodymyr Zelenskyy").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from broadsheet.enrich.gazetteer import Gazetteer, fold, load_gazetteer
from broadsheet.enrich.keyphrases import KeyphraseFinder, plain
from broadsheet.enrich.topics import LABELS, TopicLexicon, stem
from broadsheet.model import Entity, EntityKind, Tag

__all__ = ["KeyphraseTagger", "Tagger", "slugify"]

VERSION = 1  # raise when the rules change: stored tags record the tagger's name
ENTITY, KEYPHRASE, TOPIC = "entity", "keyphrase", "topic"


# Wire and photo agencies, and outlets naming themselves: they supply the article, it is not
# about them.
_CREDITED = {
    *("Associated Press", "Agence France-Presse", "Reuters", "Press Association", "TASS"),
    *("RIA Novosti", "Interfax", "Xinhua", "Kyodo", "Yonhap", "Ukrinform", "Getty Images"),
    "Wikinews",
}
# Places so much of the news names that naming them says little: a tag only when the headline
# names one and the text keeps naming it, or the text names it again and again.
_BACKGROUND = {"United States", "United Kingdom", "Europe", "Asia", "Africa", "North America"}
_BOILERPLATE = re.compile(
    r"^\s*(?:\(?(?:additional )?(?:reporting|writing|editing|research) by|with assistance from"
    r"|contact the reporters?|follow (?:us|him|her)|sign up|read more|click here|copyright"
    r"|all rights reserved|related:|photo:|image:|\(reuters\)|©)[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
# People who only carry the news: "Airbus spokesman Stefan Schaffrath", "Ray Young, the chief
# financial officer". They are tags only to reach the minimum.
_MESSENGER = (
    r"spokes(?:man|woman|person)|analyst|strategist|economist|prosecutor|ambassador"
    r"|correspondent|reporter|photographer|chief financial officer"
)
# Picture credits inside captions: "… in Bonaire. Image: Jane Doe." (a name, then the end of
# the sentence: "Photos: Justin Timberlake's show …" is a caption, and stays).
_CREDIT = re.compile(
    r"\b(?:Image|Photo|Picture|Video|Credit)s?: ?[A-Z][\w'’&-]*(?: [A-Z][\w'’&-]*){0,3}(?=[.\n]|$)"
)
_SLUG_GAPS = re.compile(r"[^a-z0-9]+")


@runtime_checkable
class Tagger(Protocol):
    name: str  # stored with every tag set, e.g. "keyphrase/1+yake-0.7.3+topics/…"

    def tag(self, title: str, text: str, entities: Sequence[Entity]) -> list[Tag]:
        """The article's hashtags, best first."""
        ...


def slugify(label: str) -> str:
    """The stable URL key of a label: "Volodymyr Zelenskyy" → "volodymyr-zelenskyy"."""
    return _SLUG_GAPS.sub("-", fold(label).lower()).strip("-")


@dataclass(frozen=True, slots=True)
class _Candidate:
    label: str
    kind: str
    score: float
    strong: bool = True  # a tag on its own merit, not only to reach the minimum

    @property
    def slug(self) -> str:
        return slugify(self.label)

    @property
    def key(self) -> str:
        """Words stemmed, for duplicates: "interest rates" ≡ "interest rate"."""
        return " ".join(stem(w) for w in self.slug.split("-"))


class KeyphraseTagger:
    """Hashtags from entities, yake keyphrases and a topic lexicon (see the module docstring).

    `max_chars`: how much of the text yake reads (the opening carries the subject; yake's cost
    grows with length). `entities_max` and `keyphrases_max` cap each kind before the list is
    topped up to `min_tags`.
    """

    def __init__(
        self,
        *,
        min_tags: int = 3,
        max_tags: int = 8,
        entities_max: int = 4,
        keyphrases_max: int = 2,
        max_chars: int = 1500,
        lexicon: TopicLexicon | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.min_tags, self.max_tags = min_tags, max_tags
        self.entities_max, self.keyphrases_max = entities_max, keyphrases_max
        self.keyphrases = KeyphraseFinder(max_chars=max_chars)
        self.lexicon = lexicon or TopicLexicon()
        self.gazetteer = gazetteer or load_gazetteer()
        self.name = (
            f"keyphrase/{VERSION}+{self.keyphrases.version}+topics/{self.lexicon.version}"
            f"+gazetteer/{self.gazetteer.version}"
        )

    def tag(self, title: str, text: str, entities: Sequence[Entity]) -> list[Tag]:
        body = _without_headline(title, text)
        body = _BOILERPLATE.sub("", body) if _BOILERPLATE.search(body) else body
        body = _CREDIT.sub("", body)
        named = self._entities(title, body, entities)
        phrases = self._keyphrases(title, body, entities)
        topic = self.lexicon.topic(title, text)
        chosen = self._select(named, phrases, topic)
        return [Tag(c.slug, c.label, c.kind) for c in chosen]

    def _entities(self, title: str, body: str, entities: Sequence[Entity]) -> list[_Candidate]:
        """Entities named outside boilerplate, scored by mentions, +3 when in the headline."""
        head, text = plain(title), plain(body)
        out = []
        for entity in entities:
            if entity.name in _CREDITED:
                continue
            forms = self._forms(entity)
            if not any(f" {form} " in text or f" {form} " in head for form in forms):
                continue
            in_title = any(f" {form} " in head for form in forms)
            score = entity.mentions + 3.0 * in_title
            # A place is often only where things happen: named three times or headlined.
            strong = score >= (3 if entity.kind is EntityKind.PLACE else 2)
            minor = entity.mentions <= 3 and not in_title  # a subject is named more
            if minor and entity.kind is EntityKind.PERSON and _messenger(entity.name, body):
                strong = False
            if entity.name in _BACKGROUND:
                strong = entity.mentions >= 6 or (in_title and entity.mentions >= 3)
                if not strong:
                    continue
            out.append(_Candidate(entity.name, ENTITY, score, strong=strong))
        return sorted(out, key=lambda c: -c.score)

    def _forms(self, entity: Entity) -> list[str]:
        forms = [entity.name, *self.gazetteer.forms.get(entity.name, ())]
        surname = entity.name.split()[-1]
        if entity.kind is EntityKind.PERSON and surname != entity.name and surname[0].isupper():
            forms.append(surname)
        return [plain(form).strip() for form in forms if form]

    def _keyphrases(self, title: str, body: str, entities: Sequence[Entity]) -> list[_Candidate]:
        """Keyphrases naming no entity; several words, or a word in the headline, are strong."""
        found = self.keyphrases.find(title, body, self._entity_words(entities))
        out = [
            _Candidate(k.label, KEYPHRASE, k.uses - 0.1 * k.rank, k.words > 1 or k.headlined)
            for k in found
        ]
        # Several words beat one: "free agents" says more than "agents".
        return sorted(out, key=lambda c: (not c.strong, " " not in c.key, -c.score))

    def _entity_words(self, entities: Sequence[Entity]) -> set[str]:
        """Words of the entities' names and aliases, and of credited sources ("Wikinews")."""
        words = {w.casefold() for name in _CREDITED for w in name.split()}
        for entity in entities:
            for form in self._forms(entity):
                words.update(w for w in form.split() if len(w) > 2)
        return words

    def _select(
        self, named: list[_Candidate], phrases: list[_Candidate], topic: str | None
    ) -> list[_Candidate]:
        """Entities named twice or headlined, then phrases of several words or headlined; other
        single words and entities named once only to reach `min_tags`; the topic last."""
        chosen = [_Candidate(LABELS[topic], TOPIC, 0.0)] if topic else []
        _add(chosen, [c for c in named if c.strong], self.entities_max)
        _add(chosen, [c for c in phrases if c.strong], self.keyphrases_max)
        _add(chosen, [*named, *phrases], max(self.min_tags - len(chosen), 0))
        tags = [c for c in chosen if c.kind != TOPIC][: self.max_tags - bool(topic)]
        return tags + chosen[:1] if topic else tags


def _add(chosen: list[_Candidate], candidates: Sequence[_Candidate], limit: int) -> None:
    """Append up to `limit` candidates that duplicate no chosen tag, in order."""
    added = 0
    for candidate in candidates:
        if added >= limit:
            return
        if candidate.slug and not any(_overlap(candidate, c) for c in chosen):
            chosen.append(candidate)
            added += 1


def _overlap(a: _Candidate, b: _Candidate) -> bool:
    """Same words, or the words of one inside the other's ("zelenskyy" in "volodymyr zelenskyy");
    two keyphrases may share no word at all ("potential free" and "free agents")."""
    x, y = f" {a.key} ", f" {b.key} "
    if a.kind == b.kind == KEYPHRASE:
        return bool(set(a.key.split()) & set(b.key.split()))
    return x in y or y in x


def _messenger(name: str, text: str) -> bool:
    """Whether a person is introduced by a role that carries the news rather than makes it."""
    first, last = re.escape(name.split()[0]), re.escape(name.split()[-1])
    before = rf"\b(?:{_MESSENGER})\b(?:\W+\w+){{0,4}}?\W+{first}\b"
    after = rf"\b{last}\W*,(?:\W+\w+){{0,5}}?\W+(?:{_MESSENGER})\b"
    return re.search(f"{before}|{after}", text, re.IGNORECASE) is not None


def _without_headline(title: str, text: str) -> str:
    """The body without a copy of the headline on its first line (some pages repeat it)."""
    first, _, rest = text.lstrip().partition("\n")
    return rest if title and first.strip().casefold() == title.strip().casefold() else text
