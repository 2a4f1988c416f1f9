"""For you: the recent stories a reader's follows reach, best first, each with why it is there.

A story scores for each thing it matches: being followed itself (strongest), then each
followed entity, hashtag and outlet among its articles; the sum decays with the time since
its latest report (half of it a day later), so today's news from a followed outlet passes last
week's followed story. A story carrying a muted hashtag, or all of whose articles come from
muted outlets, is left out, unless the reader follows that very story. A reader who follows
nothing (or whose follows reached nothing lately) sees the front page's stories instead, less
what they muted, and the page says how to follow."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from broadsheet.model import Story
from broadsheet.services.follows import Mutes, interests_of
from broadsheet.services.stories import CARD_ARTICLES, StoryCard, front_page
from broadsheet.storage import Repository
from broadsheet.storage.follow_store import Interests, StoryMarks

__all__ = ["ForYouItem", "ForYouPage", "Match", "Matcher", "for_you", "matcher_for", "why_line"]

WINDOW = timedelta(days=7)  # how far back stories are looked for
CANDIDATES = 200  # most recently active matching stories ranked
SHOWN = 30
HALF_LIFE_HOURS = 24.0
STORY_WEIGHT, ENTITY_WEIGHT, TAG_WEIGHT, OUTLET_WEIGHT = 8.0, 3.0, 2.0, 1.0
MAX_PER_KIND = 3  # a story naming ten followed people is not ten times as interesting


@dataclass(frozen=True, slots=True)
class Match:
    """Why a story is there: what it matched, strongest first, and its score before decay."""

    weight: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ForYouItem:
    card: StoryCard
    score: float
    reasons: tuple[str, ...]

    @property
    def why(self) -> str:
        return why_line(self.reasons)


@dataclass(frozen=True, slots=True)
class ForYouPage:
    """`items` ranked by the reader's follows; `fallback` the front page's stories when there
    are none; `follows` how many things the reader follows (mutes not counted)."""

    items: tuple[ForYouItem, ...]
    follows: int
    fallback: tuple[StoryCard, ...] = ()


@dataclass(frozen=True, slots=True)
class Matcher:
    """A reader's follows and mutes, ready to match stories (shared with the digest)."""

    interests: Interests
    mutes: Mutes
    stories: frozenset[int]  # followed stories, merged ones as their survivors
    outlets: dict[int, str]  # followed outlets' names

    def match(self, story: Story, marks: StoryMarks) -> Match | None:
        """None for a story the reader muted, or that nothing they follow reaches."""
        followed = story.id in self.stories
        if not followed and self.mutes.hide(marks):
            return None
        i = self.interests
        kinds = (
            (ENTITY_WEIGHT, sorted(marks.entities & i.entities)),
            (TAG_WEIGHT, [f"#{t}" for t in sorted(marks.tags & i.tags)]),
            (OUTLET_WEIGHT, sorted(self.outlets.get(s, "") for s in marks.sources & i.sources)),
        )
        weight = STORY_WEIGHT if followed else 0.0
        reasons = ["this story"] if followed else []
        for each, matched in kinds:
            weight += each * min(len(matched), MAX_PER_KIND)
            reasons += matched
        return Match(weight, tuple(reasons)) if weight else None


def matcher_for(repo: Repository, account_id: int) -> Matcher:
    interests, mutes = interests_of(repo.follows(account_id))
    followed = repo.get_stories(sorted(interests.stories))
    outlets = {s.id: s.name for s in repo.list_sources() if s.id in interests.sources}
    return Matcher(
        interests=interests,
        mutes=mutes,
        stories=frozenset(s.merged_into or s.id for s in followed.values()),
        outlets=outlets,
    )


def for_you(repo: Repository, account_id: int, now: datetime, limit: int = SHOWN) -> ForYouPage:
    matcher = matcher_for(repo, account_id)
    stories = repo.stories_of_interest(matcher.interests, now - WINDOW, CANDIDATES)
    marks = repo.story_marks([s.id for s in stories])
    ranked: list[tuple[float, Story, Match]] = []
    for story in stories:
        found = matcher.match(story, marks[story.id])
        if found is not None:
            ranked.append((found.weight * _decay(story, now), story, found))
    ranked.sort(key=lambda r: (-r[0], -r[1].last_at.timestamp(), -r[1].id))
    chosen = ranked[:limit]
    cards = _cards(repo, [story for _, story, _ in chosen])
    items = tuple(
        ForYouItem(card, round(score, 4), found.reasons)
        for (score, _, found), card in zip(chosen, cards, strict=True)
    )
    i = matcher.interests
    count = len(i.stories) + len(i.sources) + len(i.tags) + len(i.entities)
    fallback = () if items else _unmuted_front(repo, matcher.mutes, limit)
    return ForYouPage(items=items, follows=count, fallback=fallback)


def _decay(story: Story, now: datetime) -> float:
    hours = max(0.0, (now - story.last_at).total_seconds() / 3600)
    return float(0.5 ** (hours / HALF_LIFE_HOURS))


def _cards(repo: Repository, stories: Sequence[Story]) -> list[StoryCard]:
    members = repo.stories_articles([s.id for s in stories], CARD_ARTICLES)
    return [StoryCard(s, tuple(members.get(s.id, ()))) for s in stories]


def _unmuted_front(repo: Repository, mutes: Mutes, limit: int) -> tuple[StoryCard, ...]:
    cards = front_page(repo, 1, limit).stories.items
    if not (mutes.sources or mutes.tags):
        return cards
    marks = repo.story_marks([c.story.id for c in cards])
    return tuple(c for c in cards if not mutes.hide(marks[c.story.id]))


def why_line(reasons: Sequence[str]) -> str:
    """The "why" line of an item: 'because you follow this story, #ukraine and Reuters'."""
    return "because you follow " + _listed(reasons) if reasons else ""


def _listed(words: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(words)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
