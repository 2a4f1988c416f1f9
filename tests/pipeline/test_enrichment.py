"""Enrichment as the worker runs it: what needs doing is read from storage by producer."""

from __future__ import annotations

import dataclasses
import time

import pytest

from broadsheet.config import Settings
from broadsheet.enrich.bundle import default_enrichers
from broadsheet.enrich.codec import decode_summary, decode_tags
from broadsheet.enrich.sentences import split_sentences
from broadsheet.enrich.summary import ExtractiveSummarizer
from broadsheet.pipeline.enrichment import enrich_pending, enrich_stories
from broadsheet.storage import open_repository
from broadsheet.worker.enricher import EnrichThread
from tests.contract.test_repository import draft

KYIV = (
    "Ukrainian President Volodymyr Zelenskyy said on Tuesday that Russian drones struck Kyiv "
    'and Sumy overnight, damaging power lines. "Russia is the aggressor and must be stopped," '
    "Zelenskyy said in a video address. The Kremlin denied targeting civilians.\n\n"
    "Officials in Sumy said 14 people were wounded. Kyiv's mayor Vitali Klitschko said the "
    "capital's air defences shot down most of the drones. NATO ministers meet in Brussels on "
    "Thursday to discuss more air defence for Ukraine.\n\n"
    "The attack came a day after the United States announced a new package of military aid. "
    "Zelenskiy thanked Washington and asked allies for more Patriot systems."
)


@pytest.fixture(scope="module")
def enrichers():
    return default_enrichers(Settings())


@pytest.fixture
def repo(tmp_path):
    repository = open_repository(f"sqlite:///{tmp_path / 'enrich.db'}")
    yield repository
    repository.close()


def _store(repo, n: int, outlet: str, text: str = KYIV) -> int:
    source = repo.add_source(f"https://{outlet}.example/feed", title=outlet).id
    return repo.save_article(
        draft(source, n, text=text, title="Drones hit Kyiv and Sumy")
    ).article_id


def test_an_article_is_enriched_once_with_tags_entities_summary_and_quotes(repo, enrichers):
    article_id = _store(repo, 1, "gazette")
    assert enrich_pending(repo, enrichers) == 1
    assert enrich_pending(repo, enrichers) == 0  # nothing left for the same producers
    stored = repo.article_enrichments(article_id)
    assert set(stored) == {"entities", "tags", "summary", "quotes"}
    slugs = [t.slug for t in decode_tags(stored["tags"].payload)]
    assert 3 <= len(slugs) <= 8 and "kyiv" in slugs
    assert "volodymyr-zelenskyy" in slugs and "zelenskiy" not in slugs
    entities = {e.name: e.kind for e in repo.articles_entities([article_id])[article_id]}
    assert entities["Kyiv"] == "place" and entities["Sumy"] == "place"
    summary, made_by = decode_summary(stored["summary"].payload)
    assert made_by == enrichers.summarizer.name
    sentences = split_sentences(KYIV)
    assert all(sentences[s.sources[0].sentence] == s.text for s in summary)
    assert "Zelenskyy" in stored["quotes"].payload and "aggressor" in stored["quotes"].payload


def test_a_new_summarizer_version_makes_summaries_again(repo, enrichers):
    _store(repo, 1, "gazette")
    enrich_pending(repo, enrichers)
    newer = ExtractiveSummarizer()
    newer.name = newer.name + "-next"
    changed = dataclasses.replace(enrichers, summarizer=newer)
    assert enrich_pending(repo, changed) == 1 and enrich_pending(repo, changed) == 0


def test_a_story_gets_a_summary_citing_both_outlets_and_again_when_it_grows(repo, enrichers):
    first = _store(repo, 1, "gazette")
    second = _store(repo, 2, "herald", KYIV.replace("14 people", "fourteen people"))
    story = repo.join_story(repo.start_story(first).id, [second])
    enrich_pending(repo, enrichers)
    assert enrich_stories(repo, enrichers) == 1 and enrich_stories(repo, enrichers) == 0
    summary, _ = decode_summary(repo.story_enrichments(story.id)["summary"].payload)
    cited = {ref.article_id for s in summary for ref in s.sources}
    assert cited == {first, second}
    third = _store(repo, 3, "courier")
    repo.join_story(story.id, [third])
    assert enrich_stories(repo, enrichers) == 1


def test_the_worker_thread_enriches_what_ingest_stores(repo):
    article_id = _store(repo, 1, "gazette")
    thread = EnrichThread(repo, Settings(scheduler_tick=0.05))
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while "tags" not in repo.article_enrichments(article_id):
            assert time.monotonic() < deadline, "the enricher never got to the article"
            time.sleep(0.1)
    finally:
        thread.stop()
