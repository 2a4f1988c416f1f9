"""The search contract behind the search page: hits best first with filters, and snippets with
the matched words marked. Ranking is each backend's own (bm25, ts_rank), so only what a reader
relies on is asserted: a headline match above a passing mention, ties to the newer article."""

from __future__ import annotations

import re
from datetime import timedelta

from broadsheet.storage.repository import MARK_END, MARK_START, SearchQuery
from tests.contract.test_repository import NOW, draft

FILLER = " ".join(f"word{n}" for n in range(60))


def _stored(repo, source_id: int, n: int, **changes) -> int:
    return repo.save_article(draft(source_id, n, **changes)).article_id


def test_a_headline_match_ranks_above_a_mention_and_ties_go_to_the_newer(repo):
    source = repo.add_source("https://a.example/feed", title="Alpha").id
    mention = _stored(repo, source, 1, title="Markets", text="A prisoner was mentioned.")
    headline = _stored(repo, source, 2, title="Prisoner swap agreed", text="Talks went on.")
    twins = [_stored(repo, source, n, title="Ferry", text="Same words.") for n in (3, 4)]
    hits = repo.search_hits(SearchQuery("prisoners"), 10)  # stemmed: prisoner, prisoners
    assert [h.article_id for h in hits] == [headline, mention]
    assert hits[0].outlet == "Alpha" and hits[0].snippet == ""
    assert hits[0].published_at == NOW + timedelta(minutes=2)
    assert [h.article_id for h in repo.search_hits(SearchQuery("ferry"), 10)] == twins[::-1]
    assert len(repo.search_hits(SearchQuery("prisoner"), 1)) == 1
    assert repo.search_ids(SearchQuery("prisoners"), 10) == [headline, mention]  # ids alone
    assert repo.search_ids(SearchQuery("*"), 10) == []


def test_phrases_prefixes_and_filters(repo):
    alpha = repo.add_source("https://a.example/feed", title="Alpha").id
    beta = repo.add_source("https://b.example/feed", title="Beta").id
    swap = _stored(repo, alpha, 1, title="Prisoner swap agreed", text="Talks went on.")
    apart = _stored(repo, beta, 2, title="Swap of goods, agreed in principle", text="Talks.")
    _stored(repo, beta, 60 * 24 * 3, title="A prisoner swap, three days on", text="Talks.")

    def found(text: str, **filters) -> set[int]:
        return {h.article_id for h in repo.search_hits(SearchQuery(text, **filters), 10)}

    assert found('"swap agreed"') == {swap}
    assert found("swap agreed") == {swap, apart}
    assert found("princ*") == {apart} and found("princ") == set() and len(found("prison*")) == 2
    assert found("priso*") == found("prison*") and found("pri*") == found("pri") == set()
    assert found("swap", outlet="BETA") - {apart} != set() and swap not in found("swap", outlet="b")
    assert found("swap", before=NOW + timedelta(days=1)) == {swap, apart}
    assert swap not in found("swap", after=NOW + timedelta(days=1))


def test_what_a_reader_types_is_never_an_operator(repo):
    source = repo.add_source("https://a.example/feed").id
    _stored(repo, source, 1, title="Prisoner swap agreed")
    for hostile in ['title:x OR "', "NEAR(", "'; DROP TABLE articles; --", "*", "", "the", "!!"]:
        repo.search_hits(SearchQuery(hostile), 10)
        repo.search_snippets(hostile, [1, 2])
    assert repo.search_hits(SearchQuery("*"), 10) == []
    assert repo.search_snippets("", [1]) == {}
    assert repo.count_articles() == 1


def test_snippets_mark_the_matched_words_of_the_matching_articles_only(repo):
    source = repo.add_source("https://a.example/feed").id
    long = _stored(repo, source, 1, text=f"{FILLER} the prisoner exchange at dawn. {FILLER}")
    short = _stored(repo, source, 2, text="Prisoner numbers rose.")
    other = _stored(repo, source, 3, title="Markets", text="Shares fell.")
    snippets = repo.search_snippets("prisoner", [long, short, other])
    assert set(snippets) == {long, short}
    assert MARK_START + "prisoner" + MARK_END in snippets[long]
    assert snippets[long].startswith("…") and snippets[long].endswith("…")  # cut both sides
    assert len(snippets[long].split()) <= 30
    assert snippets[short] == f"{MARK_START}Prisoner{MARK_END} numbers rose."
    phrase = repo.search_snippets('"prisoner exchange"', [long])[long]
    assert re.search(f"{MARK_START}[^{MARK_END}]*exchange[^{MARK_START}]*{MARK_END}", phrase)
