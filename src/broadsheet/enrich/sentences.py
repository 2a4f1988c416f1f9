"""The one definition of "sentence i of an article", which every citation points at.

A `SentenceRef(article_id, i)` means `split_sentences(article.text)[i]`, so this split must give
the same list for the same text on every machine and in every release that reads stored
citations. Every non-blank line is a paragraph (stored bodies hold one paragraph per line, with
blank lines between: see `normalize.text.clean_text`), its whitespace collapsed, and a sentence
never spans two paragraphs. Inside a paragraph the rules of `normalize.sentences` apply (titles,
initials, "U.S.", "Jan. 5", decimals, quotes closing with `."` or `.”`, ellipses), and a full
stop after one of a few titles those rules lack ("Spc.", "Drs.") does not end a sentence.

Any change that alters the output for some text, here or in `normalize.sentences`, must bump
`SPLITTER_VERSION`: tests/enrich/test_sentences.py pins a sample so such a change cannot slip by.
"""

from __future__ import annotations

from broadsheet.normalize.sentences import split_sentences as _split_paragraph

__all__ = ["SPLITTER_VERSION", "paragraph_sentences", "split_sentences"]

SPLITTER_VERSION = "rules/1"

# Titles before a name that `normalize.sentences` does not know (compared lower-cased, no dot).
_MORE_TITLES = frozenset(
    ("drs", "profs", "spc", "pfc", "cpt", "lcpl", "ens", "amb", "gens", "govs", "sgts", "cllr")
)
_OPENERS = "\"'“‘«(["


def split_sentences(text: str) -> list[str]:
    """The sentences of `text` in order, whitespace collapsed; blank lines give none."""
    return [sentence for paragraph in paragraph_sentences(text) for sentence in paragraph]


def paragraph_sentences(text: str) -> list[list[str]]:
    """The sentences of each non-blank line; flattened, exactly `split_sentences(text)`."""
    paragraphs = (" ".join(line.split()) for line in text.splitlines())
    return [_join_after_titles(_split_paragraph(p)) for p in paragraphs if p]


def _join_after_titles(pieces: list[str]) -> list[str]:
    """Pieces rejoined where one ends with a title (the paragraph had one space there)."""
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _ends_with_title(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _ends_with_title(sentence: str) -> bool:
    last = sentence.rsplit(" ", 1)[-1].lstrip(_OPENERS)
    return last.endswith(".") and last[:-1].lower() in _MORE_TITLES
