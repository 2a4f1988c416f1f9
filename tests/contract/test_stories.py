"""The Repository contract for stories, near-copies and vectors: every backend, same answers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadsheet.errors import NotFound
from tests.contract.test_repository import NOW, draft


def _stored(repo, source_id: int, n: int, **changes) -> int:
    result = repo.save_article(draft(source_id, n, **changes))
    assert result.stored
    return result.article_id


@pytest.fixture
def outlets(repo):
    return [repo.add_source(f"https://{name}.example/feed", title=name).id for name in "ABC"]


def test_a_story_counts_its_articles_and_outlets_and_takes_its_lead_headline(repo, outlets):
    a, b, _ = outlets
    first = _stored(repo, a, 1)
    story = repo.start_story(first)
    assert (story.article_count, story.outlet_count, story.title) == (1, 1, "Headline number 1")
    second, third = _stored(repo, b, 2), _stored(repo, b, 3)
    story = repo.join_story(story.id, [second, third], lead_article_id=third)
    assert (story.article_count, story.outlet_count) == (3, 2)
    assert story.title == "Headline number 3" and story.lead_article_id == third
    assert story.first_at == NOW + timedelta(minutes=1)
    assert story.last_at == NOW + timedelta(minutes=3)
    assert [x.id for x in repo.story_articles(story.id)] == [first, second, third]
    assert repo.get_article(second).story_id == story.id


def test_a_copy_from_another_outlet_counts_as_an_outlet_of_the_story(repo, outlets):
    a, b, _ = outlets
    original = _stored(repo, a, 1)
    copy = repo.save_article(draft(b, 2, fingerprint="fp-1"))
    assert not copy.stored and copy.article_id == original
    assert repo.start_story(original).outlet_count == 2


def test_front_stories_rank_more_outlets_above_one_and_page_without_counting(repo, outlets):
    a, b, c = outlets
    lone = repo.start_story(_stored(repo, a, 10))  # newest, but one outlet
    wide = repo.start_story(_stored(repo, a, 1))
    wide = repo.join_story(wide.id, [_stored(repo, b, 2), _stored(repo, c, 3)])
    page = repo.front_stories(1, 1)
    assert [s.id for s in page.items] == [wide.id] and page.has_next
    page2 = repo.front_stories(2, 1)
    assert [s.id for s in page2.items] == [lone.id] and not page2.has_next


def test_merged_story_redirects_and_leaves_the_front_page(repo, outlets):
    a, b, _ = outlets
    keep = repo.start_story(_stored(repo, a, 1))
    gone = repo.start_story(_stored(repo, b, 2))
    older = repo.start_story(_stored(repo, b, 3))
    repo.merge_stories(older.id, gone.id, None)
    merged = repo.merge_stories(gone.id, keep.id, lead_article_id=None)
    assert merged.article_count == 3 and merged.outlet_count == 2
    assert repo.get_story(gone.id).merged_into == keep.id
    assert repo.get_story(older.id).merged_into == keep.id  # no redirect chains
    assert [s.id for s in repo.front_stories(1, 10).items] == [keep.id]


def test_stories_articles_prefers_one_article_per_outlet(repo, outlets):
    a, b, _ = outlets
    story = repo.start_story(_stored(repo, b, 1))
    story = repo.join_story(story.id, [_stored(repo, a, n) for n in (2, 3, 4)])
    shown = repo.stories_articles([story.id], per_story=2)[story.id]
    assert [x.source_id for x in shown] == [a, b]


def test_unassigned_and_active_story_articles(repo, outlets):
    a, _, _ = outlets
    first, second = _stored(repo, a, 1), _stored(repo, a, 2)
    assert [x.id for x in repo.unassigned_articles(10)] == [first, second]
    repo.start_story(first)
    assert [x.id for x in repo.unassigned_articles(10)] == [second]
    assert [x.id for x in repo.active_story_articles(NOW)] == [first]
    assert repo.active_story_articles(NOW + timedelta(days=1)) == []


def test_missing_story_raises_not_found(repo):
    with pytest.raises(NotFound):
        repo.get_story(404)


def test_near_copy_candidates_by_shared_keys_and_saving_as_a_copy(repo, outlets):
    a, b, _ = outlets
    original = _stored(repo, a, 1, copy_keys=(11, 12, 13), wire="Reuters")
    other = _stored(repo, a, 2, copy_keys=(13, 14))
    candidates = repo.copy_candidates([11, 12, 13])
    assert [i for i, _ in candidates] == [original, other]
    assert candidates[0][1].startswith("Body of article 1")
    assert repo.get_article(original).wire == "Reuters"
    result = repo.save_article(draft(b, 3, copy_of=original))
    assert not result.stored and result.article_id == original
    assert [c.source_id for c in repo.article_copies(original)] == [b]


def test_vectors_are_kept_per_model(repo, outlets):
    article = _stored(repo, outlets[0], 1)
    repo.save_vectors("model-a", {article: b"\x00\x00\x80?"})
    assert repo.article_vectors("model-a", [article]) == {article: b"\x00\x00\x80?"}
    assert repo.article_vectors("model-b", [article]) == {}
