"""The storage interface for follows and mutes, and the story queries the personal front page
("For you") and the email digest rank with. Implemented for both SQL backends in
sql_follows.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from broadsheet.community import Follow, FollowKind
from broadsheet.model import Article, Story


@dataclass(frozen=True, slots=True)
class Interests:
    """What a reader follows, as the keys the story queries match on. A followed story that a
    repair pass merged into another is matched through its survivor."""

    stories: frozenset[int] = frozenset()
    sources: frozenset[int] = frozenset()
    tags: frozenset[str] = frozenset()  # hashtag slugs
    entities: frozenset[str] = frozenset()  # canonical entity names, as stored

    @property
    def empty(self) -> bool:
        return not (self.stories or self.sources or self.tags or self.entities)


@dataclass(frozen=True, slots=True)
class StoryMarks:
    """What a story's articles carry: their outlets, hashtags and entities."""

    sources: frozenset[int]
    tags: frozenset[str]
    entities: frozenset[str]


class FollowStore(Protocol):
    def set_follow(
        self, account_id: int, kind: FollowKind, key: str, muted: bool, at: datetime
    ) -> Follow:
        """Follow (or, `muted`, mute) one thing: a mute replaces a follow of the same key and
        the other way round; setting what is already set changes nothing."""
        ...

    def remove_follow(self, account_id: int, kind: FollowKind, key: str) -> None: ...
    def follows(self, account_id: int) -> list[Follow]:
        """The account's follows and mutes, by kind, oldest first."""
        ...

    def count_follows(self, account_id: int) -> int: ...
    def known_entity(self, name: str) -> str | None:
        """The stored canonical name of the entity called `name` (any case); None when no
        article names it."""
        ...

    def stories_of_interest(self, interests: Interests, since: datetime, limit: int) -> list[Story]:
        """Live stories active since `since` that are followed, or that hold an article
        published since then from a followed outlet or with a followed hashtag or entity;
        most recently active first."""
        ...

    def story_marks(self, story_ids: Sequence[int]) -> dict[int, StoryMarks]:
        """The outlets, hashtags and entities of each story's articles."""
        ...

    def new_reports(
        self, interests: Interests, stored_after: datetime, published_after: datetime, limit: int
    ) -> list[Article]:
        """Articles placed in a story, fetched after `stored_after` and published after
        `published_after` (so an old archive fetched late is not news), that belong to a
        followed story or come from a followed outlet or carry a followed hashtag or entity;
        newest first."""
        ...

    def claim_digest(self, account_id: int, last_sent: datetime | None, at: datetime) -> bool:
        """Stamp the account's digest as sent at `at` if it still shows `last_sent`: of two
        workers that found it due, only the one that gets True sends it."""
        ...
