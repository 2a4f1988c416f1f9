"""Enrichment results to JSON and back, as storage keeps them (one payload per kind)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from broadsheet.model import CitedSentence, Entity, EntityKind, Quote, SentenceRef, Tag

__all__ = [
    "decode_cited",
    "decode_entities",
    "decode_quotes",
    "decode_summary",
    "decode_tags",
    "decode_translation",
    "encode",
    "encode_summary",
    "encode_translation",
]


def encode(items: Sequence[Entity | Tag | CitedSentence | Quote]) -> str:
    return json.dumps([asdict(i) for i in items], ensure_ascii=False, separators=(",", ":"))


def decode_entities(payload: str) -> list[Entity]:
    return [Entity(d["name"], EntityKind(d["kind"]), d["mentions"]) for d in json.loads(payload)]


def decode_tags(payload: str) -> list[Tag]:
    return [Tag(d["slug"], d["label"], d["kind"]) for d in json.loads(payload)]


def decode_cited(payload: str) -> list[CitedSentence]:
    return [CitedSentence(d["text"], _refs(d["sources"])) for d in json.loads(payload)]


def encode_summary(sentences: Sequence[CitedSentence], made_by: str) -> str:
    """A summary with the implementation that actually wrote it (an LLM summarizer that fell
    back to extraction says so), for the page to tell readers."""
    body = [asdict(s) for s in sentences]
    return json.dumps({"made_by": made_by, "sentences": body}, ensure_ascii=False)


def decode_summary(payload: str) -> tuple[list[CitedSentence], str]:
    data = json.loads(payload)
    sentences = [CitedSentence(d["text"], _refs(d["sources"])) for d in data["sentences"]]
    return sentences, data["made_by"]


def encode_translation(text: str | None, made_by: str, why_not: str) -> str:
    """An English version (title, blank line, body) and what made it; or none, and why not."""
    return json.dumps({"text": text, "made_by": made_by, "why_not": why_not}, ensure_ascii=False)


def decode_translation(payload: str) -> tuple[str | None, str, str]:
    data = json.loads(payload)
    return data["text"], data["made_by"], data["why_not"]


def decode_quotes(payload: str) -> list[Quote]:
    return [Quote(d["text"], d["speaker"], _ref(d["source"])) for d in json.loads(payload)]


def _refs(raw: list[dict[str, Any]]) -> tuple[SentenceRef, ...]:
    return tuple(_ref(r) for r in raw)


def _ref(raw: dict[str, Any]) -> SentenceRef:
    return SentenceRef(raw["article_id"], raw["sentence"])
