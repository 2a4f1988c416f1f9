"""ExtractiveSummarizer: every summary sentence is a source sentence, cited where it stands."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from broadsheet.enrich.sentences import SPLITTER_VERSION, split_sentences
from broadsheet.enrich.summary import ExtractiveSummarizer, Summarizer
from broadsheet.model import CitedSentence, Document
from tests.quality.data import data_dir

KITE = Document(
    7,
    "Giant kite grounded",
    "By . Daily Mail Reporter .\n\n"
    "PUBLISHED: 10:01 EST, 5 April 2015 | UPDATED: 11:02 EST, 5 April 2015\n\n"
    "A Chinese team built a kite 6,000 metres long to break the world record at the Wulong"
    " kite festival in Chongqing.\n\n"
    "Scroll down for video Flying high: the giant kite over Chongqing on Saturday\n\n"
    "Could anyone have flown it?\n\n"
    "Air traffic controllers feared the giant kite would endanger passing aircraft, so only half"
    " of the kite was allowed into the sky.\n\n"
    "The kite weighs 200 kilograms and needs three experienced flyers to control it.\n\n"
    "Organisers said the record attempt would be repeated next year with a smaller kite.",
)


def _report(article_id: int, outlet: str, hour: int, *paragraphs: str) -> Document:
    when = datetime(2025, 6, 1, hour, tzinfo=UTC)
    return Document(article_id, f"Report {article_id}", "\n\n".join(paragraphs), outlet, when)


WIRE = _report(
    1,
    "Reuters",
    10,
    "KYIV (Reuters) - Russia launched 300 drones and 12 missiles at Ukraine overnight, the air"
    " force said.",
    "Ukrainian air defences shot down 280 of the drones over Kyiv and the western regions.",
    "President Volodymyr Zelenskyy renewed his call for more Patriot air defence systems.",
)
COPY = _report(  # the wire story as a newspaper runs it, lightly edited
    2,
    "Daily Gazette",
    11,
    "Russia launched 300 drones and 12 missiles at Ukraine overnight, the air force said on"
    " Sunday.",
    "Ukrainian air defences shot down 280 of the drones over Kyiv and the western regions.",
    "President Volodymyr Zelenskyy renewed his call for more Patriot air defence systems from"
    " allies.",
)
OWN = _report(  # another outlet's own reporting, published later
    3,
    "Evening Post",
    12,
    "Two people were killed in Lviv when debris from a drone hit an apartment block, the"
    " regional governor said.",
    "Russia launched 300 drones and 12 missiles at Ukraine overnight, Ukraine's air force said.",
    "Officials said the power grid held up through the night.",
)
STORY = [OWN, COPY, WIRE]  # not in time order: the summarizer orders them


def _is_cited_sentence(cited: CitedSentence, docs: list[Document]) -> bool:
    """The shown text is word for word the sentence its first citation points at."""
    by_id = {doc.article_id: doc for doc in docs}
    ref = cited.sources[0]
    return split_sentences(by_id[ref.article_id].text)[ref.sentence] == cited.text


def test_the_default_is_a_summarizer_whose_name_carries_the_split_version():
    summarizer = ExtractiveSummarizer()
    assert isinstance(summarizer, Summarizer)
    assert summarizer.name.endswith(f"split:{SPLITTER_VERSION}")


def test_an_article_summary_cites_each_of_its_sentences_in_text_order():
    summary = ExtractiveSummarizer().summarize_article(KITE, max_sentences=3)
    assert 1 <= len(summary) <= 3
    assert all(len(s.sources) == 1 and s.sources[0].article_id == KITE.article_id for s in summary)
    assert all(_is_cited_sentence(s, [KITE]) for s in summary)
    positions = [s.sources[0].sentence for s in summary]
    assert positions == sorted(positions)


def test_an_article_summary_leaves_out_bylines_stamps_prompts_and_questions():
    texts = [s.text for s in ExtractiveSummarizer().summarize_article(KITE, max_sentences=5)]
    assert texts[0].startswith("A Chinese team built a kite")
    assert not any(
        t.startswith(("By", "Daily Mail", "PUBLISHED", "Scroll down")) or t.endswith("?")
        for t in texts
    )


def test_a_one_sentence_summary_is_the_central_lead_sentence():
    (only,) = ExtractiveSummarizer().summarize_article(KITE, max_sentences=1)
    assert only.text.startswith("A Chinese team built a kite")


def test_an_article_without_a_sentence_that_stands_alone_gets_no_summary():
    bare = Document(1, "t", "By . Staff Reporter .\n\nWhat now?\n\nToo short.")
    assert ExtractiveSummarizer().summarize_article(bare) == []
    assert ExtractiveSummarizer().summarize_article(Document(2, "t", "")) == []


def test_a_story_summary_cites_several_outlets_and_shows_agreement_once():
    summary = ExtractiveSummarizer().summarize_story(STORY, max_sentences=4)
    assert all(_is_cited_sentence(s, STORY) for s in summary)
    outlets = {doc.article_id: doc.outlet for doc in STORY}
    cited = {outlets[ref.article_id] for s in summary for ref in s.sources}
    assert len(cited) >= 2
    launched = [s for s in summary if "launched 300 drones" in s.text]
    assert len(launched) == 1, "three copies of one sentence are shown once"
    assert {ref.article_id for ref in launched[0].sources} == {1, 2, 3}
    assert launched[0].sources[0].article_id == WIRE.article_id, "the first report is shown"


def test_a_story_summary_is_in_the_order_things_were_first_reported():
    summary = ExtractiveSummarizer().summarize_story(STORY, max_sentences=5)
    published = {doc.article_id: doc.published_at for doc in STORY}
    firsts = [(published[s.sources[0].article_id], s.sources[0].sentence) for s in summary]
    assert firsts == sorted(firsts)


def test_a_story_summary_brings_in_a_second_outlet_even_when_one_dominates():
    wire_copies = [
        _report(10 + i, "Wire Service", 9 + i, *WIRE.text.split("\n\n")) for i in range(3)
    ]
    lone = _report(
        20,
        "Local Radio",
        14,
        "Volunteers in Lviv cleared glass from the streets after the drone attack.",
    )
    summary = ExtractiveSummarizer().summarize_story([*wire_copies, lone], max_sentences=2)
    cited = {ref.article_id for s in summary for ref in s.sources}
    assert lone.article_id in cited


def test_a_story_of_one_outlet_is_summarised_from_its_articles():
    summary = ExtractiveSummarizer().summarize_story([WIRE], max_sentences=2)
    assert len(summary) == 2 and all(_is_cited_sentence(s, [WIRE]) for s in summary)


def test_wikinews_summaries_are_traceable_and_skip_datelines_and_captions():
    path = data_dir() / "gum-wikinews" / "gum_wikinews.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: evaluation data lives outside the repo")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    docs = [Document(i, r["title"], r["text"], "Wikinews") for i, r in enumerate(records)]
    summarizer = ExtractiveSummarizer()
    for doc in docs:
        summary = summarizer.summarize_article(doc)
        assert summary, doc.title
        assert all(_is_cited_sentence(s, [doc]) for s in summary)
        assert all(s.text.rstrip("\"'”’)").endswith((".", "!", "…")) for s in summary)
