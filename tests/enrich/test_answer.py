"""ExtractiveAnswerer: answers are cited source sentences, or nothing when nothing supports one."""

from __future__ import annotations

import json

import pytest

from broadsheet.enrich.answer import Answerer, ExtractiveAnswerer
from broadsheet.enrich.sentences import SPLITTER_VERSION, split_sentences
from broadsheet.model import Answer, Document
from tests.quality.data import data_dir

STORY = [
    Document(
        1,
        "Russia launches 300 drones at Ukraine",
        "KYIV (Reuters) - Russia launched 300 drones and 12 missiles at Ukraine overnight, the air"
        " force said on Sunday.\n\n"
        "Ukrainian air defences shot down 280 of the drones over Kyiv and the western regions.\n\n"
        "President Volodymyr Zelenskyy renewed his call for more Patriot air defence systems.",
        "Reuters",
    ),
    Document(
        2,
        "Two killed in Lviv",
        "Two people were killed in Lviv when debris from a drone hit an apartment block, the"
        " regional governor said.\n\n"
        "Ukrainian air defences shot down 280 of the drones over Kyiv and the western regions.\n\n"
        "Repair crews restored power to most homes in Lviv by the evening.",
        "Evening Post",
    ),
]


def _ask(question: str, docs: list[Document] = STORY) -> Answer:
    return ExtractiveAnswerer().answer(question, docs)


def _cites_its_sentences(answer: Answer, docs: list[Document]) -> bool:
    by_id = {doc.article_id: doc for doc in docs}
    return all(
        split_sentences(by_id[ref.article_id].text)[ref.sentence] == s.text
        for s in answer.sentences
        for ref in s.sources[:1]
    )


def test_the_default_is_an_answerer_whose_name_carries_the_split_version():
    answerer = ExtractiveAnswerer()
    assert isinstance(answerer, Answerer)
    assert answerer.name.startswith("extractive-bm25/")
    assert answerer.name.endswith(f"split:{SPLITTER_VERSION}")
    assert _ask("How many drones did Russia launch?").producer == answerer.name


def test_how_many_is_answered_by_a_sentence_with_the_number():
    answer = _ask("How many drones did Russia launch?")
    assert answer.supported and 1 <= len(answer.sentences) <= 3
    assert "300 drones" in answer.sentences[0].text
    assert _cites_its_sentences(answer, STORY)


def test_who_is_answered_by_a_sentence_naming_a_person():
    answer = _ask("Who called for more Patriot systems?")
    assert answer.sentences[0].text.startswith("President Volodymyr Zelenskyy")


def test_an_answer_cites_every_outlet_that_says_the_same():
    answer = _ask("How many drones were shot down?")
    first = answer.sentences[0]
    assert first.text.startswith("Ukrainian air defences shot down 280")
    assert {ref.article_id for ref in first.sources} == {1, 2}
    assert _cites_its_sentences(answer, STORY)


def test_a_where_question_prefers_a_sentence_with_a_place():
    answer = _ask("Where were two people killed?")
    assert answer.sentences[0].text.startswith("Two people were killed in Lviv")


@pytest.mark.parametrize(
    "question",
    [
        pytest.param("What did the Pope say about climate change?", id="topic-never-mentioned"),
        pytest.param("Why did the stock market fall?", id="unrelated"),
        pytest.param("What?", id="no-content-word"),
        pytest.param("When did the repair crews restore power?", id="when-without-a-time"),
    ],
)
def test_nothing_supports_an_answer_so_none_is_given(question):
    answer = _ask(question)
    assert not answer.supported
    assert answer.sentences == ()


def test_no_sources_means_no_answer():
    assert not _ask("How many drones did Russia launch?", []).supported


def test_wikinews_hajj_report_answers_how_many_and_refuses_what_it_does_not_say():
    path = data_dir() / "gum-wikinews" / "gum_wikinews.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: evaluation data lives outside the repo")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    hajj = [
        Document(i, r["title"], r["text"], "Wikinews")
        for i, r in enumerate(records)
        if "Hajj" in r["title"]
    ]
    answer = _ask("How many pilgrims were killed in the stampede?", hajj)
    assert "345" in answer.sentences[0].text
    assert _cites_its_sentences(answer, hajj)
    assert not _ask("What did the Saudi king say about oil prices?", hajj).supported
