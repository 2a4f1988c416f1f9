"""The readers' side of the site as values: accounts, comments, reports, moderation actions
and follows. Like `model`, frozen dataclasses with no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    READER = "reader"
    MODERATOR = "moderator"
    ADMIN = "admin"


class DigestFrequency(StrEnum):
    OFF = "off"
    HOURLY = "hourly"
    DAILY = "daily"


class CommentTarget(StrEnum):
    """What a comment is on."""

    ARTICLE = "article"
    STORY = "story"


class CommentStatus(StrEnum):
    """VISIBLE to all; HELD for a moderator by the automatic checks (its author still sees it);
    HIDDEN by a moderator; DELETED by its author. Nothing is ever removed from storage."""

    VISIBLE = "visible"
    HELD = "held"
    HIDDEN = "hidden"
    DELETED = "deleted"


class FollowKind(StrEnum):
    SOURCE = "source"  # key: the source id as text
    TAG = "tag"  # key: the hashtag's slug
    ENTITY = "entity"  # key: the entity's canonical name
    STORY = "story"  # key: the story id as text


@dataclass(frozen=True, slots=True)
class Account:
    """A reader's account. The password hash is not part of it (storage hands it out only to
    the login check)."""

    id: int
    email: str
    display_name: str
    role: Role
    created_at: datetime
    banned_at: datetime | None = None
    digest: DigestFrequency = DigestFrequency.OFF
    digest_sent_at: datetime | None = None

    @property
    def can_moderate(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


@dataclass(frozen=True, slots=True)
class CommentDraft:
    """A comment about to be stored: `html` is `body` rendered and sanitised, `status` and
    `hold_reason` what the automatic checks decided, `ip_hash` a keyed hash of the poster's
    address (for per-address limits; the address itself is not kept)."""

    account_id: int
    target: CommentTarget
    target_id: int
    parent_id: int | None
    body: str
    html: str
    status: CommentStatus
    hold_reason: str
    ip_hash: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Comment:
    """A stored comment. `depth` is 0 for a top-level comment, 1 for a reply, and so on;
    `author` is the account's display name at read time."""

    id: int
    account_id: int
    author: str
    target: CommentTarget
    target_id: int
    parent_id: int | None
    depth: int
    body: str
    html: str
    status: CommentStatus
    hold_reason: str
    created_at: datetime
    edited_at: datetime | None = None
    report_count: int = 0


@dataclass(frozen=True, slots=True)
class CommentReport:
    id: int
    comment_id: int
    reporter_id: int
    reason: str
    created_at: datetime
    resolved_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ModerationAction:
    """One line of the audit log. `actor_id` None means the automatic checks."""

    id: int
    actor_id: int | None
    action: str
    comment_id: int | None
    account_id: int | None
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Follow:
    """A reader follows (or, `muted`, hides) an outlet, hashtag, entity or story."""

    account_id: int
    kind: FollowKind
    key: str
    muted: bool
    created_at: datetime
