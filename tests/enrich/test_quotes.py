"""find_quotes / group_quotes: direct quotes with a named speaker, cited to their sentence."""

from __future__ import annotations

import json

import pytest

from broadsheet.enrich.quotes import QUOTES_VERSION, find_quotes, group_quotes
from broadsheet.enrich.sentences import SPLITTER_VERSION, split_sentences
from broadsheet.model import Document, Quote, SentenceRef
from tests.quality.data import data_dir

PEOPLE = ("Volodymyr Zelenskyy", "Dmitry Peskov", "Donald Trump", "Elon Musk")


def _quotes(text: str, people: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in find_quotes(Document(1, "t", text), people)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param("“We will not give up a single village,” Zelenskyy said.", "", id="x-said"),
        pytest.param("“We will not give up a single village,” said Zelenskyy.", "", id="said-x"),
        pytest.param(
            "“We will not give up a single village,” according to Zelenskyy.", "", id="according"
        ),
        pytest.param(
            "According to Zelenskyy, “we will not give up a single village.”",
            "",
            id="according-before",
        ),
        pytest.param(
            "“We will not give up a single village,” Zelenskyy told reporters in Kyiv.",
            "",
            id="x-told",
        ),
        pytest.param(
            "Zelenskyy wrote on X: “We will not give up a single village.”", "", id="wrote-on-x"
        ),
        pytest.param(
            "Ukraine's President Volodymyr Zelenskyy said: “We will not give up a single village.”",
            "",
            id="titles-before",
        ),
        pytest.param(
            "Zelenskyy: “We will not give up a single village.”", "", id="colon-attribution"
        ),
        pytest.param(
            '"We will not give up a single village," President Zelenskyy said.',
            "",
            id="straight-quotes",
        ),
    ],
)
def test_each_way_of_attributing_a_quote_finds_its_speaker(text, speaker):
    quotes = _quotes(text, PEOPLE)
    assert [s for s, _ in quotes] == [speaker or "Volodymyr Zelenskyy"]
    assert quotes[0][1].lower().startswith("we will not give up a single village")


def test_a_quote_cites_the_sentence_where_it_opens():
    text = (
        "The talks ended late on Monday.\n\n"
        "Kremlin aides were cautious. “There is nothing to report yet,” Peskov said."
    )
    (quote,) = find_quotes(Document(4, "t", text), PEOPLE)
    assert quote.source == SentenceRef(4, 2)
    assert quote.text in split_sentences(text)[quote.source.sentence]
    assert quote.speaker == "Dmitry Peskov"


def test_he_said_is_the_person_named_before():
    text = (
        "Kremlin spokesman Dmitry Peskov was asked about the talks.\n\n"
        "“There is nothing to report yet,” he told reporters."
    )
    assert _quotes(text) == [("Dmitry Peskov", "There is nothing to report yet")]


def test_she_said_skips_a_man_named_in_between():
    text = "Mrs Smith and her son Tom arrived first. “We are so relieved to be home,” she said."
    assert _quotes(text) == [("Smith", "We are so relieved to be home")]


def test_a_surname_expands_to_the_full_name_the_article_uses():
    text = (
        "Gary Locke will be confirmed as Kilmarnock's manager on Friday. "
        "‘I’d be over the moon to get it,’ said Locke."
    )
    assert _quotes(text) == [("Gary Locke", "I’d be over the moon to get it")]


def test_a_single_quoted_phrase_that_is_no_quote_is_left_alone():
    text = "The players’ union said it was ‘deeply concerned’ about the plans, Smith said."
    assert _quotes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("He called the plan a “total disaster” and left, Trump said.", id="scare"),
        pytest.param("“We are investigating the matter closely,” the ministry said.", id="no-name"),
        pytest.param("“We are investigating the matter closely,” they said.", id="they"),
        pytest.param(
            "The running joke at school was, ‘Who is she sleeping with now?’ Spokesman Chris"
            " Williams said he would not comment.",
            id="reported-speech-after",
        ),
        pytest.param(
            "He watched “The Last Man On Earth” twice before bed.", id="a-title-not-a-quote"
        ),
    ],
)
def test_quotes_without_a_named_speaker_are_not_shown(text):
    assert _quotes(text, PEOPLE) == []


def test_quotes_version_names_the_splitter_its_citations_use():
    assert QUOTES_VERSION.endswith(f"split:{SPLITTER_VERSION}")


def _quote(article_id: int, speaker: str, text: str) -> Quote:
    return Quote(text, speaker, SentenceRef(article_id, 0))


def test_group_quotes_keeps_one_of_each_quote_several_outlets_carry():
    quotes = [
        _quote(1, "Volodymyr Zelenskyy", "We will not give up a single village"),
        _quote(2, "Zelenskyy", "We will not give up a single village, not one"),
        _quote(3, "Dmitry Peskov", "There is nothing to report yet"),
        _quote(2, "Volodymyr Zelenskyy", "The air defence held"),
    ]
    grouped = group_quotes(quotes)
    assert [name for name, _ in grouped] == ["Volodymyr Zelenskyy", "Dmitry Peskov"]
    said = grouped[0][1]
    assert [q.text for q in said] == [
        "We will not give up a single village, not one",
        "The air defence held",
    ]


def test_wikinews_quotes_come_with_a_speaker_and_a_sentence_that_holds_them():
    path = data_dir() / "gum-wikinews" / "gum_wikinews.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: evaluation data lives outside the repo")
    found = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        doc = Document(number, "", json.loads(line)["text"])
        sentences = split_sentences(doc.text)
        for quote in find_quotes(doc):
            found += 1
            assert quote.speaker and len(quote.text.split()) >= 4
            opening = sentences[quote.source.sentence]
            assert quote.text.split()[0] in opening
    assert found >= 20
