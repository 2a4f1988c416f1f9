"""split_sentences: news text into sentences, by rule, without splitting at abbreviations."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from broadsheet.normalize.sentences import split_sentences

REPO = Path(__file__).resolve().parents[2]
SEEDS = (
    Path(os.environ["BROADSHEET_DATA"]).parent / "seeds"
    if os.environ.get("BROADSHEET_DATA")
    else REPO / ".." / "shared" / "seeds"
)
SEED_000 = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Putin spoke. Trump listened! Did they agree? Nobody knows.",
            ["Putin spoke.", "Trump listened!", "Did they agree?", "Nobody knows."],
            id="terminators",
        ),
        pytest.param(
            "Mr. Smith met Dr. Jones and Sen. Warren. They talked.",
            ["Mr. Smith met Dr. Jones and Sen. Warren.", "They talked."],
            id="titles",
        ),
        pytest.param(
            "J. K. Rowling and George W. Bush met. It was brief.",
            ["J. K. Rowling and George W. Bush met.", "It was brief."],
            id="initials",
        ),
        pytest.param(
            "Prices rose 1.5 percent to $2.75 a share. Analysts were surprised.",
            ["Prices rose 1.5 percent to $2.75 a share.", "Analysts were surprised."],
            id="decimals",
        ),
        pytest.param(
            "The talks began on Jan. 5 in Geneva. They ended on Feb. 2.",
            ["The talks began on Jan. 5 in Geneva.", "They ended on Feb. 2."],
            id="month-abbreviations",
        ),
        pytest.param(
            "He lives at No. 10 Downing St. in London. No. That was all.",
            ["He lives at No. 10 Downing St. in London.", "No.", "That was all."],
            id="number-abbreviation",
        ),
        pytest.param(
            "The U.S. Senate voted on aid to the U.S. The bill passed.",
            ["The U.S. Senate voted on aid to the U.S.", "The bill passed."],
            id="acronym-inside-and-at-end",
        ),
        pytest.param(
            "Apple Inc. said it would. Shares of Apple Inc. The company fell.",
            ["Apple Inc. said it would.", "Shares of Apple Inc.", "The company fell."],
            id="company-suffix",
        ),
        pytest.param(
            "The meeting ends at 5 p.m. Tuesday in Kyiv. Officials will speak.",
            ["The meeting ends at 5 p.m. Tuesday in Kyiv.", "Officials will speak."],
            id="am-pm",
        ),
        pytest.param(
            "It was, i.e. in effect, a truce. Both sides agreed, e.g. on prisoners.",
            ["It was, i.e. in effect, a truce.", "Both sides agreed, e.g. on prisoners."],
            id="ie-eg",
        ),
        pytest.param(
            'He said: "We will not back down." Then he left.',
            ['He said: "We will not back down."', "Then he left."],
            id="double-quote-after-stop",
        ),
        pytest.param(
            "'No, I didn't make any progress,' he said. This was the sixth call.",
            ["'No, I didn't make any progress,' he said.", "This was the sixth call."],
            id="single-quotes",
        ),
        pytest.param(
            "“It is over.” The crowd cheered.",
            ["“It is over.”", "The crowd cheered."],
            id="curly-quote-after-stop",
        ),
        pytest.param(
            '"Is this fair?" Zelenskyy asked. Nobody answered.',
            ['"Is this fair?" Zelenskyy asked.', "Nobody answered."],
            id="attribution-after-question",
        ),
        pytest.param(
            "We waited... The doors opened. He paused … then went on.",
            ["We waited...", "The doors opened.", "He paused … then went on."],
            id="ellipses",
        ),
        pytest.param(
            "Russia advanced in 2022. 53,000 soldiers took part.",
            ["Russia advanced in 2022.", "53,000 soldiers took part."],
            id="digit-opens-sentence",
        ),
        pytest.param(
            "The site example.com was down. Users complained.",
            ["The site example.com was down.", "Users complained."],
            id="domain-name",
        ),
        pytest.param(
            "1. The first point is this. 2. The second one.",
            ["1. The first point is this.", "2. The second one."],
            id="enumeration",
        ),
        pytest.param(
            "Ukraine said (in a statement.) Russia denied it.",
            ["Ukraine said (in a statement.)", "Russia denied it."],
            id="closing-bracket",
        ),
        pytest.param(
            "Él dijo que sí. Ángel respondió.",
            ["Él dijo que sí.", "Ángel respondió."],
            id="non-ascii-capitals",
        ),
    ],
)
def test_split(text, expected):
    assert split_sentences(text) == expected


def test_paragraphs_never_share_a_sentence():
    text = "First paragraph without a stop\nSecond one. With two sentences.\n\n\nThird"
    assert split_sentences(text) == [
        "First paragraph without a stop",
        "Second one.",
        "With two sentences.",
        "Third",
    ]


def test_whitespace_is_collapsed_and_empty_text_has_no_sentences():
    assert split_sentences("  Tabs\tand   spaces.  Here.  ") == ["Tabs and spaces.", "Here."]
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


def test_lower_case_continuations_do_not_split():
    """A full stop before a lower-case word is an abbreviation, not a sentence end."""
    assert split_sentences("Approx. five were hurt, incl. two children.") == [
        "Approx. five were hurt, incl. two children."
    ]


@pytest.mark.skipif(not SEED_000, reason=f"seed pages not found in {SEEDS}")
def test_seed_article_splits_where_a_reader_would():
    lines = SEED_000[0].read_text(encoding="utf-8").splitlines()
    body = "\n".join(lines[: lines.index("Hashtags")])
    sentences = split_sentences(body)
    assert (
        "Russian President Vladimir Putin told his U.S. counterpart, Donald Trump, on Saturday "
        "that Moscow was ready to hold a fresh round of peace talks with Kyiv after June 22, "
        "once the sides complete exchanging prisoners and soldiers' bodies."
    ) in sentences
    assert "Russia is the aggressor." in sentences
    assert "He said 53,000 Russian soldiers were involved in the Sumy operation." in sentences
    assert all(not s.startswith("S. ") for s in sentences)
    assert len(sentences) == 33  # the headline and 32 body sentences, checked by eye
