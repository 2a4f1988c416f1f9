"""Quality gate: a Story's timeline lists what is new in each report, not background.

Data: the SemEval-2015 TimeLine corpus (`wikinews-timeline-semeval2015`): 120 Wikinews articles
in 4 topics, with gold timelines of the events of 45 target entities; each event mention names
its article and sentence, and carries the date the event happened. Each topic is run as one long
Story (30 reports over years). A sentence of a later entry is scored by the gold events it
mentions:

- *current*: an event dated within a week (or, with only a month, in the month) of the article
  itself: news when the report came out;
- *background*: only events dated long before: a restatement of history.

`novelty precision` = current / (current + background) over the timeline's sentences (sentences
without dated gold events do not count); `current share` = current / all listed sentences. The
article's own lead, as many sentences as the timeline lists for it, is the baseline printed
beside: a lead is where a report puts its news, and it is what a timeline that ignored earlier
reports would show. Measured when the floors were set: timeline precision 0.897, current share
0.397; lead 0.873 and 0.418; random sentences 0.857 and 0.288.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest

from broadsheet.cluster.body import body_sentences
from broadsheet.cluster.timeline import Development, Report, timeline
from tests.quality.data import FLOORS, data_dir

DATASET = "wikinews-timeline-semeval2015"
FLOOR = FLOORS["timeline"]["broadsheet"]

Label = bool | None  # True: a current event, False: background only, None: no dated event


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, dict[str, str]], dict[tuple[str, int], list[Label]]]:
    folder = data_dir() / DATASET
    if not (folder / "gold_timelines.jsonl").is_file():
        pytest.skip(
            f"{DATASET} not found under {folder.parent}: evaluation data lives outside the repo "
            "(../shared/data beside the checkout, or set BROADSHEET_DATA)"
        )
    docs = {}
    for line in (folder / "wikinews_timeline_docs.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        docs[doc["doc_id"]] = doc
    return docs, _event_labels(folder / "gold_timelines.jsonl", docs)


def _event_labels(
    path: Path, docs: dict[str, dict[str, str]]
) -> dict[tuple[str, int], list[Label]]:
    """(article, line of its text) → one label per gold event mentioned there.

    Mentions are `docid-sentence-token`; sentence 0 is the headline, which the text omits, so
    sentence n is line n - 1 (line 0 is the dateline).
    """
    labels: dict[tuple[str, int], list[Label]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        for row in json.loads(line)["timeline"].splitlines()[1:]:
            _, when, *mentions = row.split("\t")
            for mention in filter(None, mentions):
                doc_id, sentence, _ = mention.split("-", 2)
                if doc_id in docs:
                    published = date.fromisoformat(docs[doc_id]["date"])
                    labels[(doc_id, int(sentence) - 1)].append(_is_current(when, published))
    return labels


def _is_current(when: str, published: date) -> Label:
    year, month, day = ([*when.split("-"), "XX", "XX"])[:3]
    if "X" in year or "X" in month:
        return None
    if "X" in day:
        return (int(year), int(month)) == (published.year, published.month)
    return abs((date(int(year), int(month), int(day)) - published).days) <= 7


def _label(sentence: str, doc: dict[str, str], labels: dict[tuple[str, int], list[Label]]) -> Label:
    found: list[Label] = []
    wanted = " ".join(sentence.split())
    for index, line in enumerate(doc["text"].split("\n")):
        line = " ".join(line.split())
        if wanted in line or line in wanted:
            found += [x for x in labels.get((doc["doc_id"], index), []) if x is not None]
    return any(found) if found else None


def _topic_timelines(docs: dict[str, dict[str, str]]) -> list[Development]:
    """Each topic as one Story; every entry after each Story's first."""
    later: list[Development] = []
    for topic in sorted({doc["corpus"] for doc in docs.values()}):
        reports = [
            Report(
                int(d["doc_id"]),
                "Wikinews",
                d["title"],
                datetime.fromisoformat(d["date"]),
                d["text"],
            )
            for d in docs.values()
            if d["corpus"] == topic
        ]
        later += timeline(reports)[1:]
    return later


def _scores(pairs: list[tuple[dict[str, str], str]], labels: dict) -> tuple[float, float]:
    found = [_label(sentence, doc, labels) for doc, sentence in pairs]
    current, background = found.count(True), found.count(False)
    return current / (current + background), current / len(found)


def test_timeline_lists_current_events_not_background(corpus):
    docs, labels = corpus
    entries = _topic_timelines(docs)
    listed = [(docs[str(e.article_id)], s) for e in entries for s in e.sentences]
    leads = [
        (docs[str(e.article_id)], s)
        for e in entries
        for s in body_sentences(docs[str(e.article_id)]["text"])[: len(e.sentences)]
    ]
    precision, share = _scores(listed, labels)
    lead_precision, lead_share = _scores(leads, labels)
    print(
        f"\ntimeline novelty precision {precision:.3f}, current share {share:.3f} "
        f"({len(listed)} sentences in {len(entries)} later entries); "
        f"lead baseline {lead_precision:.3f}, {lead_share:.3f}"
    )
    assert precision >= FLOOR["novelty_precision"]
    assert share >= FLOOR["current_share"]
