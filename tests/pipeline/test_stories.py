"""The story desk on a real database: articles from several outlets become stories."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from broadsheet.cluster.assign import ClusterParams
from broadsheet.model import ArticleDraft, DateOrigin
from broadsheet.pipeline.stories import StoryDesk

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

REPORTS = [
    ("A", "Magnitude 6.1 earthquake strikes eastern Turkey near Elazig",
     "An earthquake of magnitude 6.1 struck Elazig province in eastern Turkey, killing at least "
     "nine people, the disaster agency AFAD said."),
    ("B", "Earthquake in Turkey's Elazig province kills nine",
     "At least nine people died when a magnitude 6.1 earthquake hit Elazig in eastern Turkey, "
     "according to AFAD."),
    ("C", "Cubs win World Series, ending 108-year drought",
     "The Chicago Cubs beat the Cleveland Indians in Game 7 to win the World Series."),
    ("C", "Elazig earthquake death toll in Turkey rises to 14",
     "The number of people killed by the earthquake in Elazig in eastern Turkey rose to 14, "
     "AFAD said."),
]  # fmt: skip


def _save(repo, outlets: dict[str, int], n: int, outlet: str, title: str, text: str) -> int:
    draft = ArticleDraft(
        source_id=outlets[outlet], url=f"https://{outlet}.example/{n}",
        canonical_url=f"https://{outlet}.example/{n}", guid="", title=title, text=text,
        fingerprint=f"fp{n}", published_at=T0 + timedelta(hours=n), date_origin=DateOrigin.FEED,
        fetched_at=T0,
    )  # fmt: skip
    return repo.save_article(draft).article_id


def _outlets(repo) -> dict[str, int]:
    return {name: repo.add_source(f"https://{name}.example/feed", title=name).id for name in "ABC"}


def test_the_desk_groups_reports_of_one_event_from_several_outlets(repo):
    outlets = _outlets(repo)
    ids = [_save(repo, outlets, n, *report) for n, report in enumerate(REPORTS)]
    assert StoryDesk(repo).load(T0 + timedelta(days=1)) == 4
    quake = repo.get_article(ids[0]).story_id
    assert [repo.get_article(i).story_id for i in ids] == [quake, quake, quake + 1, quake]
    story = repo.get_story(quake)
    assert (story.article_count, story.outlet_count) == (3, 3)
    assert story.title in {title for _, title, _ in REPORTS}
    assert repo.unassigned_articles(10) == []


def test_a_restarted_desk_rebuilds_its_index_and_keeps_joining_the_same_story(repo):
    outlets = _outlets(repo)
    first = _save(repo, outlets, 0, *REPORTS[0])
    StoryDesk(repo).load(T0)
    later = _save(repo, outlets, 3, *REPORTS[3])
    assert StoryDesk(repo).load(T0 + timedelta(hours=4)) == 1  # a new process: index from storage
    assert repo.get_article(later).story_id == repo.get_article(first).story_id


def test_repair_merges_split_stories_and_the_old_id_redirects(repo):
    outlets = _outlets(repo)
    desk = StoryDesk(repo)
    desk.load(T0)
    a = _save(
        repo,
        outlets,
        0,
        "A",
        "Panama Papers leak names world leaders",
        "Files from Mossack Fonseca in Panama show offshore companies of leaders.",
    )
    b = _save(
        repo,
        outlets,
        1,
        "B",
        "Mossack Fonseca files: Panama Papers fallout grows",
        "The Panama Papers leak of Mossack Fonseca files widens to more leaders.",
    )
    # A desk too strict to join them starts two stories; its repair pass merges them.
    strict = StoryDesk(repo, params=dataclasses.replace(ClusterParams(), threshold=0.99))
    strict.load(T0 + timedelta(hours=2))
    survivor = repo.get_article(a).story_id
    assert repo.get_article(b).story_id == survivor
    stories = [repo.get_story(i) for i in (1, 2)]
    assert sorted(s.merged_into or 0 for s in stories) == [0, survivor]
    assert repo.get_story(survivor).article_count == 2
