"""The search syntax and the search page, on a real database."""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.services.search import parse_query, search_page
from broadsheet.storage.fts import fts5_query
from broadsheet.storage.repository import MARK_END, MARK_START
from tests.contract.test_repository import draft


def test_filters_are_taken_out_of_the_words():
    query, problems = parse_query('"prisoner swap" source:"Demo Herald" after:2025-06-01 kyiv')
    assert query.text.split() == ['"prisoner', 'swap"', "kyiv"]
    assert query.outlet == "Demo Herald"
    assert query.after == datetime(2025, 6, 1, tzinfo=UTC) and problems == []


def test_hashtag_entity_and_language_filters_are_read_in_their_stable_spelling():
    query, _ = parse_query('drones tag:#Kyiv entity:"Volodymyr  Zelenskyy" lang:EN-gb')
    assert query.text == "drones" and query.tag == "kyiv"
    assert query.entity == "Volodymyr Zelenskyy" and query.language == "en-gb"
    assert parse_query("tag:Volodymyr_Zelenskyy x")[0].tag == "volodymyr-zelenskyy"


def test_before_includes_its_whole_day_and_a_bad_date_is_said_not_raised():
    query, problems = parse_query("markets before:2025-06-30 after:yesterday")
    assert query.before == datetime(2025, 7, 1, tzinfo=UTC) and query.after is None
    assert problems == ["after: wants a day like 2025-06-01, not “yesterday”"]


def test_a_tag_with_no_letters_is_said_and_never_widens_the_search():
    query, problems = parse_query("markets tag:%_%")
    assert problems == ["tag: wants a hashtag like #ukraine, not “%_%”"]
    assert query.tag == "%_%"  # kept as typed: no hashtag has that slug, so nothing matches


def test_a_prefix_needs_four_letters_and_a_shorter_one_is_said():
    query, problems = parse_query('putin* ab* "an*" re-el* ü*')
    assert query.text == 'putin* ab* "an*" re-el* ü*'  # the words as typed; fts5_query reads them
    assert fts5_query(query.text) == '"putin"* "ab" "an" "re" "el" "ü"'
    assert problems == [
        "a prefix wants at least 4 letters before the *: “ab*” is searched as the word “ab”",
        "a prefix wants at least 4 letters before the *: “re-el*” is searched as the word “re-el”",
        "a prefix wants at least 4 letters before the *: “ü*” is searched as the word “ü”",
    ]
    assert fts5_query("elect* re-elect*") == '"elect"* "re" "elect"*'


def _story_of(repo, *article_ids: int) -> int:
    story = repo.start_story(article_ids[0])
    return repo.join_story(story.id, list(article_ids[1:])).id


def test_results_group_by_story_with_marked_snippets_and_outlet_counts(repo):
    a = repo.add_source("https://a.example/feed", title="Alpha News").id
    b = repo.add_source("https://b.example/feed", title="Beta Post").id
    ids = [
        repo.save_article(draft(a, 1, text="The prisoner exchange took place at dawn.")).article_id,
        repo.save_article(draft(b, 2, text="A second prisoner exchange is planned.")).article_id,
        repo.save_article(draft(b, 3, text="Prisoner numbers rose in the region.")).article_id,
    ]
    story = _story_of(repo, ids[0], ids[1])
    page = search_page(repo, "prisoner", 1, 10)
    assert page.matches == 3 and page.results.total == 2  # one story + one lone article
    [grouped] = [g for g in page.results.items if g.story is not None]
    assert grouped.story.id == story and len(grouped.hits) == 2
    assert MARK_START + "prisoner" + MARK_END in grouped.hits[0].snippet.lower()
    assert dict(page.outlets) == {"Beta Post": 2, "Alpha News": 1}
    flat = search_page(repo, "prisoner", 1, 10, grouped=False)
    assert flat.results.total == 3
    only_alpha = search_page(repo, "prisoner source:alpha", 1, 10)
    assert only_alpha.matches == 1


def test_an_empty_or_operator_only_query_finds_nothing_without_error(repo):
    assert search_page(repo, "", 1, 10).matches == 0
    assert search_page(repo, "AND OR NOT ( ) * source:x", 1, 10).matches == 0
