"""split_sentences: the one numbering of an article's sentences that every citation uses."""

from __future__ import annotations

import hashlib
import json

import pytest

from broadsheet.enrich.sentences import SPLITTER_VERSION, paragraph_sentences, split_sentences
from tests.quality.data import data_dir

# Changing what this text splits into changes what stored citations point at: bump
# SPLITTER_VERSION (so stored summaries, quotes and answers are made again), then update both.
PINNED_VERSION = "rules/1"
PINNED_TEXT = (
    "WASHINGTON (Reuters) - The U.S. Senate voted 52-48 on Jan. 5 to confirm Dr. Jane Smith. "
    'Mr. Smith said the 2.5 percent rise was "a good start." Then he left.\n\n'
    "“It is over.” She paused... Then she smiled. Was it over? Yes!\n"
    "Army Spc. Caleb Barnes and J. K. Rowling were there."
)
PINNED_SENTENCES = [
    "WASHINGTON (Reuters) - The U.S. Senate voted 52-48 on Jan. 5 to confirm Dr. Jane Smith.",
    'Mr. Smith said the 2.5 percent rise was "a good start."',
    "Then he left.",
    "“It is over.”",
    "She paused...",
    "Then she smiled.",
    "Was it over?",
    "Yes!",
    "Army Spc. Caleb Barnes and J. K. Rowling were there.",
]
# The same guard on real text: every sentence of the 43 Wikinews articles, hashed.
WIKINEWS_SENTENCES = 1750
WIKINEWS_SHA256 = "e87494a3c1c8972a9a99a52e78d5186b58ceaec4032f02268e245d4c8ea990e6"


def test_a_pinned_text_splits_as_it_did_when_the_version_was_set():
    assert SPLITTER_VERSION == PINNED_VERSION
    assert split_sentences(PINNED_TEXT) == PINNED_SENTENCES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The U.S. Senate met. It voted.", ["The U.S. Senate met.", "It voted."], id="acronym"
        ),
        pytest.param(
            "He lives in the U.S. The vote was close.",
            ["He lives in the U.S.", "The vote was close."],
            id="acronym-ends-sentence",
        ),
        pytest.param(
            "Mr. Smith met Dr. Jones. They talked.",
            ["Mr. Smith met Dr. Jones.", "They talked."],
            id="titles",
        ),
        pytest.param(
            "Talks began on Jan. 5 in Geneva. They ended.",
            ["Talks began on Jan. 5 in Geneva.", "They ended."],
            id="month",
        ),
        pytest.param(
            "George W. Bush and J. K. Rowling met. It was brief.",
            ["George W. Bush and J. K. Rowling met.", "It was brief."],
            id="initials",
        ),
        pytest.param(
            "Prices rose 1.5 percent to $2.75. Analysts shrugged.",
            ["Prices rose 1.5 percent to $2.75.", "Analysts shrugged."],
            id="decimals",
        ),
        pytest.param(
            'He said "we will win." Then he left. She said “it is over.” The room fell silent.',
            [
                'He said "we will win."',
                "Then he left.",
                "She said “it is over.”",
                "The room fell silent.",
            ],
            id="quote-closes-sentence",
        ),
        pytest.param(
            "He paused... Then he left. Wait… What? No!",
            ["He paused...", "Then he left.", "Wait…", "What?", "No!"],
            id="ellipses",
        ),
        pytest.param(
            "The Drs. Weiss and Army Spc. Barnes spoke. They left.",
            ["The Drs. Weiss and Army Spc. Barnes spoke.", "They left."],
            id="titles-the-rules-lack",
        ),
    ],
)
def test_sentences_end_where_they_end_and_not_at_abbreviations(text, expected):
    assert split_sentences(text) == expected


def test_a_sentence_never_spans_two_paragraphs():
    text = "The first paragraph has no full stop\n\nThe second one does. And more."
    assert split_sentences(text) == [
        "The first paragraph has no full stop",
        "The second one does.",
        "And more.",
    ]


def test_every_line_is_a_paragraph_and_blank_lines_count_for_nothing():
    text = "  One line.\nAnother line.\n\n\n   \nThird   line,  spaced  out.  "
    assert split_sentences(text) == ["One line.", "Another line.", "Third line, spaced out."]
    assert split_sentences("") == [] and split_sentences("\n \n") == []


def test_paragraph_sentences_flatten_to_split_sentences():
    paragraphs = paragraph_sentences(PINNED_TEXT)
    assert [len(p) for p in paragraphs] == [3, 5, 1]
    assert [s for p in paragraphs for s in p] == split_sentences(PINNED_TEXT)


def test_the_wikinews_articles_split_as_they_did_when_the_version_was_set():
    path = data_dir() / "gum-wikinews" / "gum_wikinews.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: evaluation data lives outside the repo")
    digest = hashlib.sha256()
    count = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        for sentence in split_sentences(json.loads(line)["text"]):
            digest.update(sentence.encode() + b"\n")
            count += 1
        digest.update(b"\x00")
    assert SPLITTER_VERSION == PINNED_VERSION
    assert (count, digest.hexdigest()) == (WIKINEWS_SENTENCES, WIKINEWS_SHA256)
