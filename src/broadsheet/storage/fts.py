"""Turn what a reader types into a safe FTS5 query: words, "phrases" and prefix*."""

from __future__ import annotations

import re

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts5_query(text: str) -> str:
    """Every term is quoted, so FTS5 operators and column filters typed by a reader are inert."""
    parts: list[str] = []
    for phrase, word in _TOKEN.findall(text):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
            continue
        prefix = word.endswith("*")
        for w in _WORD.findall(word):
            parts.append(f'"{w}"')
        if prefix and parts and _WORD.findall(word):
            parts[-1] += "*"
    return " ".join(parts)
