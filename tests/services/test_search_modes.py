"""Search by words, by meaning and both, on a real database with real embedders."""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadsheet.enrich.embedding import Embedder, LexicalEmbedder
from broadsheet.errors import ModelUnavailable
from broadsheet.services.meaning import HEADLINE, MeaningSearch
from broadsheet.services.search import fuse, search, search_page
from broadsheet.storage.repository import MARK_END, MARK_START
from tests.contract.test_repository import NOW, draft

LEXICAL = LexicalEmbedder()


def _article(repo, source_id: int, n: int, title: str, text: str) -> int:
    return repo.save_article(draft(source_id, n, title=title, text=text)).article_id


def _embed_headlines(repo, embedder: Embedder, ids: list[int]) -> None:
    """What the story desk stores: each headline's vector under "<embedder>/headline"."""
    titles = [h.title for h in repo.hits_for(ids)]
    rows = embedder.embed(titles)
    vectors = {i: r.tobytes() for i, r in zip(ids, rows, strict=True)}
    repo.save_vectors(embedder.name + HEADLINE, vectors)


def _meaning(repo, embedder: Embedder = LEXICAL) -> MeaningSearch:
    return MeaningSearch(repo, embedder_for=lambda name: embedder, refresh_seconds=0)


@pytest.fixture
def desk(repo):
    """Three ways to be found for "prisoner exchange": both words in the headline (words and
    meaning), both in the body only (words), one shared headline word (meaning)."""
    source = repo.add_source("https://a.example/feed", title="Alpha News").id
    ids = {
        "both": _article(repo, source, 1, "Prisoner exchange agreed", "The sides agreed at dawn."),
        "words": _article(
            repo, source, 2, "Talks in Geneva", "A prisoner exchange was discussed there."
        ),
        "meaning": _article(
            repo, source, 3, "Prisoner release talks", "Officials met on Monday. They spoke."
        ),
        "neither": _article(repo, source, 4, "Rates rise again", "The bank raised rates."),
    }
    _embed_headlines(repo, LEXICAL, list(ids.values()))
    return ids


def test_hybrid_merges_keyword_and_meaning_and_ranks_what_both_find_first(repo, desk):
    meaning = _meaning(repo)
    keyword = search(repo, "prisoner exchange", mode="keyword", meaning=meaning)
    assert {h.article_id for h in keyword.hits} == {desk["both"], desk["words"]}
    near = search(repo, "prisoner exchange", mode="meaning", meaning=meaning)
    assert {h.article_id for h in near.hits} == {desk["both"], desk["meaning"]}
    hybrid = search(repo, "prisoner exchange", meaning=meaning)
    assert hybrid.mode == "hybrid" and hybrid.fallback == ""
    assert hybrid.hits[0].article_id == desk["both"]
    assert {h.article_id for h in hybrid.hits} == {desk["both"], desk["words"], desk["meaning"]}


def test_an_article_found_by_meaning_alone_shows_its_first_sentences(repo, desk):
    page = search_page(repo, "prisoner exchange", 1, 10, grouped=False, meaning=_meaning(repo))
    snippets = {h.article_id: h.snippet for g in page.results.items for h in g.hits}
    assert snippets[desk["meaning"]] == "Officials met on Monday. They spoke."
    assert MARK_START + "exchange" + MARK_END in snippets[desk["words"]]
    assert page.mode == page.ran == "hybrid" and page.matches == 3


def test_filters_narrow_the_meaning_hits_too(repo, desk):
    beta = repo.add_source("https://b.example/feed", title="Beta Post").id
    in_three_days = NOW + timedelta(days=3)
    later = repo.save_article(
        draft(beta, 500, title="Prisoner release delayed", published_at=in_three_days)
    ).article_id
    _embed_headlines(repo, LEXICAL, [later])
    meaning = _meaning(repo)

    def found(raw: str) -> set[int]:
        return {h.article_id for h in search(repo, raw, mode="meaning", meaning=meaning).hits}

    assert later in found("prisoner release")
    assert found("prisoner release source:beta") == {later}
    assert later not in found("prisoner release source:alpha")
    assert found(f"prisoner release after:{in_three_days.date().isoformat()}") == {later}
    assert later not in found(f"prisoner release before:{NOW.date().isoformat()}")
    assert found(f"prisoner release before:{(NOW - timedelta(days=1)).date().isoformat()}") == set()


def test_without_stored_vectors_meaning_falls_back_to_keywords_and_says_why(repo):
    source = repo.add_source("https://a.example/feed").id
    only = _article(repo, source, 1, "Prisoner exchange agreed", "At dawn.")
    for mode in ("meaning", "hybrid"):
        result = search(repo, "prisoner exchange", mode=mode, meaning=_meaning(repo))
        assert result.mode == "keyword" and [h.article_id for h in result.hits] == [only]
        assert "no article embeddings are stored yet" in result.fallback
    page = search_page(repo, "prisoner exchange", 1, 10, mode="meaning", meaning=_meaning(repo))
    assert (page.mode, page.ran) == ("meaning", "keyword") and page.fallback


def test_vectors_of_a_model_this_installation_lacks_are_not_compared_with_another(repo):
    source = repo.add_source("https://a.example/feed").id
    only = _article(repo, source, 1, "Prisoner exchange agreed", "At dawn.")
    repo.save_vectors("some-remote-model/v2" + HEADLINE, {only: LEXICAL.embed(["x"])[0].tobytes()})
    result = search(repo, "prisoner exchange", mode="meaning", meaning=MeaningSearch(repo))
    assert result.mode == "keyword" and [h.article_id for h in result.hits] == [only]
    assert "some-remote-model/v2" in result.fallback and "not installed" in result.fallback


def test_a_caller_without_meaning_search_gets_keywords(repo, desk):
    assert search(repo, "prisoner exchange").mode == "keyword"
    assert search(repo, "prisoner exchange").fallback == ""  # hybrid needs no apology
    asked = search(repo, "prisoner exchange", mode="meaning")
    assert asked.mode == "keyword" and "does not search by meaning" in asked.fallback
    with pytest.raises(ValueError, match="mode must be one of"):
        search(repo, "prisoner exchange", mode="vibes")  # type: ignore[arg-type]


def test_new_vectors_are_searched_once_stored(repo, desk):
    meaning = _meaning(repo)
    assert search(repo, "hostage swap", mode="meaning", meaning=meaning).hits == ()
    source = repo.add_source("https://c.example/feed").id
    late = _article(repo, source, 9, "Hostage swap completed", "It is done.")
    _embed_headlines(repo, LEXICAL, [late])
    hits = search(repo, "hostage swap", mode="meaning", meaning=meaning).hits
    assert [h.article_id for h in hits] == [late]


def test_fusion_rewards_what_several_lists_agree_on():
    assert fuse([1, 2, 3], [3, 4]) == [3, 1, 2, 4]  # 2 and 4 tie: first listed first
    assert fuse([], [7]) == [7] and fuse() == []


@pytest.fixture(scope="module")
def minilm() -> Embedder:
    from broadsheet.enrich.minilm import MiniLMEmbedder

    try:
        return MiniLMEmbedder()
    except ModelUnavailable as exc:
        pytest.skip(f"MiniLM is not installed: {exc}")


def test_meaning_finds_a_paraphrase_with_no_word_in_common(repo, minilm):
    source = repo.add_source("https://a.example/feed").id
    titles = [
        "Ceasefire talks resume in Cairo",
        "Stock markets rally on technology earnings",
        "Heavy snow closes mountain roads",
        "New smartphone unveiled at product launch",
    ]
    ids = [_article(repo, source, n, title, "Text.") for n, title in enumerate(titles)]
    _embed_headlines(repo, minilm, ids)
    meaning = _meaning(repo, minilm)
    assert search(repo, "truce negotiations", mode="keyword", meaning=meaning).hits == ()
    near = search(repo, "truce negotiations", mode="meaning", meaning=meaning)
    assert near.mode == "meaning" and near.hits[0].article_id == ids[0]
    hybrid = search(repo, "truce negotiations", meaning=meaning)
    assert hybrid.hits[0].article_id == ids[0]


def test_a_common_word_is_ranked_among_its_newest_matches_and_older_headline_matches(
    repo, monkeypatch
):
    from broadsheet.storage import sqlite_search

    monkeypatch.setattr(sqlite_search, "CANDIDATES", 3)
    source = repo.add_source("https://a.example/feed").id
    old_headline = _article(repo, source, 1, "Exchange rates explained", "Background.")
    old_body = _article(repo, source, 2, "Markets", "The exchange was quiet.")
    newer = [_article(repo, source, n, f"Report {n}", "The exchange opened.") for n in (3, 4, 5)]
    found = [h.article_id for h in search(repo, "exchange", mode="keyword").hits]
    assert found[0] == old_headline  # a headline match outranks body matches, however old
    assert set(found) == {old_headline, *newer} and old_body not in found
    monkeypatch.setattr(sqlite_search, "CANDIDATES", 10)  # every match fits: all are ranked
    assert len(search(repo, "exchange", mode="keyword").hits) == 5


def test_vectors_past_the_memory_budget_are_not_loaded_and_the_page_says_so(repo, desk):
    small = MeaningSearch(repo, embedder_for=lambda name: LEXICAL, max_bytes=10_000)
    for _ in range(2):  # refused for good: not reloaded on every search
        result = search(repo, "prisoner exchange", mode="meaning", meaning=small)
        assert result.mode == "keyword" and "over the 0 MB allowed" in result.fallback
        assert "BROADSHEET_SEARCH_MEMORY_MB" in result.fallback
