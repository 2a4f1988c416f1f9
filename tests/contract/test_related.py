"""The Repository contract for related-article candidates: bounded, never the article itself."""

from __future__ import annotations

import pytest

from broadsheet.errors import NotFound
from broadsheet.storage.sql_related import LEAD_CHARS
from tests.contract.test_repository import draft


def _stored(repo, source_id: int, n: int, **changes) -> int:
    result = repo.save_article(draft(source_id, n, **changes))
    assert result.stored
    return result.article_id


@pytest.fixture
def source(repo):
    return repo.add_source("https://a.example/feed", title="A").id


@pytest.fixture
def stream(repo, source):
    """40 articles a minute apart, every body about prisoner exchanges; id by minute."""
    return {n: _stored(repo, source, n) for n in range(1, 41)}


def test_neighbours_in_time_and_term_matches_are_bounded(repo, stream):
    article = stream[20]
    found = {a.id for a in repo.related_candidates(article, ["prisoner"], per_query=4)}
    # Four term matches (two stored before, two after) and four articles on each side in time.
    assert found == {stream[n] for n in (16, 17, 18, 19, 21, 22, 23, 24)}


def test_a_rare_term_finds_matches_far_away_in_time(repo, source, stream):
    first = _stored(repo, source, 100, title="Zanzibar ferry sinks")
    later = _stored(repo, source, 200, title="Zanzibar ferry inquiry opens")
    found = {a.id for a in repo.related_candidates(first, ["zanzibar"], per_query=2)}
    assert later in found and first not in found
    assert len(found) <= 2 + 2 * 2


def test_a_name_of_several_words_is_looked_up_word_by_word(repo, source, stream):
    # A phrase query walks every match of its words when they are rarely adjacent: unbounded.
    article = _stored(repo, source, 100, title="North Korea launches a satellite")
    for n in range(101, 104):  # its neighbours in time
        _stored(repo, source, n)
    phrase = _stored(repo, source, 300, title="Talks with North Korea resume")
    apart = _stored(repo, source, 301, title="North winds, and Korea's south coast")
    found = {a.id for a in repo.related_candidates(article, ["north korea"], per_query=4)}
    assert {phrase, apart} <= found


def test_story_members_and_members_of_stories_holding_the_term_matches(repo, source, stream):
    article = _stored(repo, source, 100, title="Zanzibar ferry sinks")
    member = _stored(repo, source, 500, title="Divers reach the wreck")  # no shared word
    story = repo.start_story(article)
    repo.join_story(story.id, [member])
    match = _stored(repo, source, 600, title="Zanzibar ferry owner charged")
    beside = _stored(repo, source, 700, title="Court hears the owner's plea")
    other = repo.start_story(match)
    repo.join_story(other.id, [beside])
    found = {a.id for a in repo.related_candidates(article, ["zanzibar"], per_query=2)}
    assert {member, match, beside} <= found


def test_candidates_carry_their_story_outlet_and_lead_only(repo, source):
    long_text = "Prisoner exchange talks. " * 200
    article = _stored(repo, source, 1)
    other = _stored(repo, source, 2, text=long_text)
    story = repo.start_story(other)
    (candidate,) = repo.related_candidates(article, ["prisoner"], per_query=4)
    assert candidate.id == other and candidate.story_id == story.id
    assert candidate.outlet == "A" and candidate.title == "Headline number 2"
    assert candidate.text == long_text[:LEAD_CHARS]


def test_no_terms_still_gives_story_and_time_neighbours(repo, stream):
    found = {a.id for a in repo.related_candidates(stream[1], [], per_query=3)}
    assert found == {stream[n] for n in (2, 3, 4)}


def test_missing_article_raises_not_found(repo):
    with pytest.raises(NotFound):
        repo.related_candidates(404, ["x"])


def test_comparable_vectors_are_the_articles_own_models_headline_vectors(repo, source):
    article, same, other_model, none = (_stored(repo, source, n) for n in range(1, 5))
    repo.save_vectors("m1/headline", {article: b"a", same: b"b"})
    repo.save_vectors("m2/headline", {other_model: b"c"})
    vectors = repo.comparable_vectors(article, [same, other_model, none])
    assert vectors == {article: b"a", same: b"b"}
    assert repo.comparable_vectors(none, [article, same]) == {}


def test_vectors_of_other_kinds_than_headlines_are_not_compared(repo, source):
    article, other = _stored(repo, source, 1), _stored(repo, source, 2)
    repo.save_vectors("m1/body", {article: b"a", other: b"b"})
    assert repo.comparable_vectors(article, [other]) == {}


def test_its_own_storys_members_nearest_in_time_on_both_sides(repo, source):
    members = [_stored(repo, source, n, title=f"Ferry story {n}") for n in range(1, 11)]
    story = repo.start_story(members[0])
    repo.join_story(story.id, members[1:])
    spacers = [_stored(repo, source, 100 + n) for n in range(6)]  # later, outside the story
    found = {a.id for a in repo.related_candidates(members[4], [], per_query=2)}
    assert set(members) & found == {members[n] for n in (2, 3, 5, 6)}
    assert not found & set(spacers)
