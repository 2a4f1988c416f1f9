"""Following and muting: what a reader may follow, checked and normalised before it is stored,
and a reader's follows as their page and as the interests "For you" and the digest rank by.

A key is stored in one form per thing, so that following "#Ukraine" and "ukraine" is one
follow: a source or story id as plain digits (a merged story's survivor), a hashtag's slug,
an entity's canonical name as stored. Only outlets and hashtags can be muted."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NoReturn, TypeVar
from urllib.parse import quote

from broadsheet.community import Follow, FollowKind
from broadsheet.errors import NotFound, Refused
from broadsheet.normalize.user_text import single_line
from broadsheet.storage import Repository
from broadsheet.storage.follow_store import Interests, StoryMarks

__all__ = [
    "MAX_FOLLOWS",
    "FollowAction",
    "FollowEntry",
    "FollowsPage",
    "Mutes",
    "change_follow",
    "follow_states",
    "follows_page",
    "interests_of",
]

log = logging.getLogger(__name__)

MAX_FOLLOWS = 500  # follows and mutes together, per account
MUTABLE = frozenset({FollowKind.SOURCE, FollowKind.TAG})
_MAX_KEY = 200  # the follows.key column
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ID = re.compile(r"[0-9]{1,10}")
_MAX_ID = 2**31 - 1

E = TypeVar("E", bound=StrEnum)


class FollowAction(StrEnum):
    FOLLOW = "follow"
    UNFOLLOW = "unfollow"
    MUTE = "mute"
    UNMUTE = "unmute"


@dataclass(frozen=True, slots=True)
class Mutes:
    """What a reader has muted: a story carrying a muted hashtag is hidden, and so is one all
    of whose articles come from muted outlets."""

    sources: frozenset[int] = frozenset()
    tags: frozenset[str] = frozenset()

    def hide(self, marks: StoryMarks) -> bool:
        if marks.tags & self.tags:
            return True
        return bool(marks.sources) and marks.sources <= self.sources


@dataclass(frozen=True, slots=True)
class FollowEntry:
    """A follow or mute as the reader's page lists it."""

    kind: FollowKind
    key: str
    label: str
    href: str
    muted: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class FollowsPage:
    following: tuple[FollowEntry, ...]
    muted: tuple[FollowEntry, ...]
    limit: int = MAX_FOLLOWS


def change_follow(
    repo: Repository, account_id: int, kind: str, key: str, action: str, now: datetime
) -> Follow | None:
    """Do what a follow button asks; the Follow now held, or None after an unfollow or unmute.
    Refused (with the reason, logged) for a malformed or unknown key, muting what cannot be
    muted, or one follow past the cap."""
    what = _parse(kind, FollowKind, "kind", account_id)
    verb = _parse(action, FollowAction, "action", account_id)
    if verb in (FollowAction.MUTE, FollowAction.UNMUTE) and what not in MUTABLE:
        _refuse(f"only outlets and hashtags can be muted, not a {what.value}", account_id)
    if verb in (FollowAction.UNFOLLOW, FollowAction.UNMUTE):
        shaped = _shape(what, key, account_id)  # what vanished since can still be unfollowed
        held = follow_states(repo, account_id).get((what, shaped))
        if held is not None and held == (verb is FollowAction.UNMUTE):
            repo.remove_follow(account_id, what, shaped)
        return None
    known = _known_key(repo, what, _shape(what, key, account_id), account_id)
    fresh = (what, known) not in follow_states(repo, account_id)
    if fresh and repo.count_follows(account_id) >= MAX_FOLLOWS:
        _refuse(f"you can follow and mute at most {MAX_FOLLOWS} things; remove some first",
                account_id)  # fmt: skip
    return repo.set_follow(account_id, what, known, verb is FollowAction.MUTE, now)


def follow_states(repo: Repository, account_id: int) -> dict[tuple[FollowKind, str], bool]:
    """(kind, key) → muted, for the follow buttons."""
    return {(f.kind, f.key): f.muted for f in repo.follows(account_id)}


def interests_of(follows: list[Follow]) -> tuple[Interests, Mutes]:
    """A reader's follows as the story queries take them, and their mutes."""
    keys: dict[tuple[FollowKind, bool], set[str]] = {}
    for f in follows:
        keys.setdefault((f.kind, f.muted), set()).add(f.key)

    def of(kind: FollowKind, muted: bool = False) -> frozenset[str]:
        return frozenset(keys.get((kind, muted), ()))

    def ids(kind: FollowKind, muted: bool = False) -> frozenset[int]:
        return frozenset(int(k) for k in of(kind, muted) if k.isdigit())

    interests = Interests(
        stories=ids(FollowKind.STORY),
        sources=ids(FollowKind.SOURCE),
        tags=of(FollowKind.TAG),
        entities=of(FollowKind.ENTITY),
    )
    return interests, Mutes(ids(FollowKind.SOURCE, True), of(FollowKind.TAG, True))


def follows_page(repo: Repository, account_id: int) -> FollowsPage:
    """The reader's own follows and mutes, each with a name and a link."""
    held = repo.follows(account_id)
    outlets = (
        {str(s.id): s.name for s in repo.list_sources()}
        if any(f.kind is FollowKind.SOURCE for f in held)
        else {}
    )
    story_ids = [int(f.key) for f in held if f.kind is FollowKind.STORY and f.key.isdigit()]
    titles = {str(i): s.title for i, s in repo.get_stories(story_ids).items()}
    entries = [_entry(f, outlets, titles) for f in held]
    return FollowsPage(
        following=tuple(e for e in entries if not e.muted),
        muted=tuple(e for e in entries if e.muted),
    )


def _entry(f: Follow, outlets: dict[str, str], titles: dict[str, str]) -> FollowEntry:
    if f.kind is FollowKind.SOURCE:
        label, href = outlets.get(f.key, f"outlet {f.key} (removed)"), f"/sources/{f.key}"
    elif f.kind is FollowKind.STORY:
        label, href = titles.get(f.key) or f"story {f.key}", f"/stories/{f.key}"
    elif f.kind is FollowKind.TAG:
        label, href = f"#{f.key}", f"/tags/{f.key}"
    else:
        label, href = f.key, "/search?q=" + quote(f'entity:"{f.key}"', safe="")
    return FollowEntry(f.kind, f.key, label, href, f.muted, f.created_at)


def _parse(value: str, enum: type[E], name: str, account_id: int) -> E:
    try:
        return enum(value.strip().lower())
    except ValueError:
        choices = ", ".join(e.value for e in enum)
        _refuse(f"unknown {name} {value[:40]!r}: use one of {choices}", account_id)


def _shape(kind: FollowKind, key: str, account_id: int) -> str:
    """The key in its stored form, checked for shape only."""
    key = single_line(key[: _MAX_KEY * 4])  # zero-width and direction tricks go
    if kind in (FollowKind.SOURCE, FollowKind.STORY):
        if not _ID.fullmatch(key) or not 0 < int(key) <= _MAX_ID:
            _refuse(f"a {kind.value} is followed by its number, not {key[:40]!r}", account_id)
        return str(int(key))
    if kind is FollowKind.TAG:
        key = key.removeprefix("#").lower()
        if len(key) > 128 or not _SLUG.fullmatch(key):
            _refuse(f"{key[:40]!r} is not a hashtag (letters, digits and dashes)", account_id)
        return key
    if not key or len(key) > _MAX_KEY:
        _refuse(f"a name to follow has 1 to {_MAX_KEY} characters", account_id)
    return key


def _known_key(repo: Repository, kind: FollowKind, key: str, account_id: int) -> str:
    """The key of something that exists: NotFound becomes a refusal that says what is missing."""
    try:
        if kind is FollowKind.SOURCE:
            return str(repo.get_source(int(key)).id)
        if kind is FollowKind.STORY:
            story = repo.get_story(int(key))
            return str(story.merged_into or story.id)
        if kind is FollowKind.TAG:
            return repo.get_tag(key).slug
    except NotFound:
        _refuse(f"there is no {_NAMES[kind]} {key!r} to follow", account_id)
    name = repo.known_entity(key)
    if name is None:
        _refuse(f"no article names {key[:80]!r}: there is nothing to follow yet", account_id)
    return name


_NAMES = {FollowKind.SOURCE: "outlet", FollowKind.STORY: "story", FollowKind.TAG: "hashtag"}


def _refuse(message: str, account_id: int) -> NoReturn:
    log.info("follow refused: %s", message, extra={"account_id": account_id})
    raise Refused(message)
