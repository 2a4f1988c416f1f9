"""The email digest: every hour or every day, the stories a reader follows that have news since
their last digest, in plain text: new reports in followed stories, and new stories from
followed outlets or with followed hashtags or entities (mutes apply, as on For you). Each story
has its headline, the outlets of its new reports, why it is there, what changed according to
the story's timeline, and a link. Nothing is sent when nothing is new.

An account is claimed before its digest is composed (`claim_digest` stamps `digest_sent_at`
only if no other worker did first), so two workers never send the same digest; a mail server
that refuses it puts the old stamp back, and the digest is tried again on a later tick."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from broadsheet.cluster.timeline import Report, timeline
from broadsheet.community import Account, DigestFrequency
from broadsheet.model import Article, Story
from broadsheet.services.for_you import Match, matcher_for, why_line
from broadsheet.services.mailer import Mailer, MailError, Message
from broadsheet.storage import Repository

__all__ = [
    "PERIODS",
    "Digest",
    "DigestItem",
    "compose_digest",
    "digest_message",
    "send_digest",
    "send_due_digests",
]

log = logging.getLogger(__name__)

PERIODS = {DigestFrequency.HOURLY: timedelta(hours=1), DigestFrequency.DAILY: timedelta(days=1)}
# A digest due within this much is sent now, so that the hour does not slip a tick each time.
SLACK = timedelta(minutes=2)
LATE = timedelta(days=1)  # a report published this long before the last digest is not news
MAX_REPORTS = 300
MAX_STORIES = 20
MAX_CHANGES = 4  # lines of "what changed" per story
TIMELINE_ARTICLES = 150  # a bigger story skips "what changed" rather than parse every report


@dataclass(frozen=True, slots=True)
class DigestItem:
    story: Story
    reports: tuple[Article, ...]  # the new ones, newest first
    reasons: tuple[str, ...]
    changes: tuple[str, ...]  # what the new reports added, from the story's timeline

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.outlet for a in self.reports))

    @property
    def new_story(self) -> bool:
        """Every report of the story is new: "what changed" is what was first reported."""
        return len(self.reports) >= self.story.article_count


@dataclass(frozen=True, slots=True)
class Digest:
    account: Account
    since: datetime
    items: tuple[DigestItem, ...]


def compose_digest(repo: Repository, account: Account, since: datetime) -> Digest:
    """What is new since `since` in what the account follows, most followed first."""
    matcher = matcher_for(repo, account.id)
    if matcher.interests.empty:
        return Digest(account, since, ())
    reports = repo.new_reports(matcher.interests, since, since - LATE, MAX_REPORTS)
    by_story: dict[int, list[Article]] = {}
    for article in reports:
        if article.story_id is not None:
            by_story.setdefault(article.story_id, []).append(article)
    stories = repo.get_stories(list(by_story))
    marks = repo.story_marks(list(by_story))
    matched: list[tuple[Match, Story, list[Article]]] = []
    for story_id, new in by_story.items():
        story = stories.get(story_id)
        found = None if story is None else matcher.match(story, marks[story_id])
        if story is not None and found is not None:
            matched.append((found, story, new))
    matched.sort(key=lambda m: (-m[0].weight, -m[2][0].fetched_at.timestamp(), -m[1].id))
    items = tuple(
        DigestItem(story, tuple(new), found.reasons, _what_changed(repo, story, new))
        for found, story, new in matched[:MAX_STORIES]
    )
    return Digest(account, since, items)


def digest_message(digest: Digest, site_url: str) -> Message:
    count = len(digest.items)
    stories = f"{count} stor{'y' if count == 1 else 'ies'}"
    lines = [
        f"Hello {digest.account.display_name},",
        "",
        f"Since {digest.since:%d %B %Y, %H:%M} UTC, {stories} you follow "
        f"{'has' if count == 1 else 'have'} news.",
    ]
    for n, item in enumerate(digest.items, start=1):
        lines += ["", *_item_lines(n, item, site_url)]
    how_often = "every hour" if digest.account.digest is DigestFrequency.HOURLY else "every day"
    lines += [
        "",
        "--",
        f"You get this digest {how_often}. Change it or turn it off: {site_url}/account",
        f"What you follow: {site_url}/account/follows",
    ]
    return Message(digest.account.email, f"Broadsheet: {stories} with news", "\n".join(lines))


def send_digest(
    repo: Repository, mailer: Mailer, account: Account, now: datetime, site_url: str
) -> bool:
    """Claim the account's digest and send it if anything is new; True when a mail went out.
    MailError (the stamp put back) when the mail server refused it."""
    period = PERIODS.get(account.digest)
    if period is None or not repo.claim_digest(account.id, account.digest_sent_at, now):
        return False
    digest = compose_digest(repo, account, account.digest_sent_at or now - period)
    if not digest.items:
        return False
    try:
        mailer.send(digest_message(digest, site_url))
    except MailError:
        repo.update_account(account.id, digest_sent_at=account.digest_sent_at)
        raise
    log.info("digest sent", extra={"account_id": account.id, "stories": len(digest.items)})
    return True


def send_due_digests(repo: Repository, mailer: Mailer, site_url: str, now: datetime) -> int:
    """Send every hourly and daily digest that is due; how many mails went out. A mail server
    that fails stops the round: the rest wait for the next one."""
    sent = 0
    for frequency, period in PERIODS.items():
        for account in repo.accounts_due_digest(frequency, now - period + SLACK):
            try:
                sent += send_digest(repo, mailer, account, now, site_url)
            except MailError as error:
                log.warning("digests paused: %s", error, extra={"account_id": account.id})
                return sent
    return sent


def _item_lines(n: int, item: DigestItem, site_url: str) -> list[str]:
    count = len(item.reports)
    lines = [
        f"{n}. {_one_line(item.story.title)}",
        f"   {count} new report{'s' if count != 1 else ''} from {_listed(item.outlets)}",
        f"   {_capitalised(why_line(item.reasons))}",
    ]
    if item.changes:
        heading = "First reported:" if item.new_story else "What changed:"
        lines += [f"   {heading}", *(f"   - {_one_line(c)}" for c in item.changes)]
    return [*lines, f"   {site_url}/stories/{item.story.id}"]


def _what_changed(repo: Repository, story: Story, new: Sequence[Article]) -> tuple[str, ...]:
    """The timeline's entries of the new reports: revised figures, then the new sentences."""
    if story.article_count > TIMELINE_ARTICLES:
        return ()
    reports = [
        Report(a.id, a.outlet, a.title, a.published_at, a.text)
        for a in repo.story_articles(story.id)
    ]
    fresh = {a.id for a in new}
    credit = len({a.source_id for a in new}) > 1  # name the outlet when there are several
    lines: list[str] = []
    for development in timeline(reports, max_sentences=2):
        if development.article_id in fresh:
            by = f" ({development.outlet})" if credit else ""
            revised = {c.sentence for c in development.changes}
            lines += [f"{c.before} → {c.after}: {c.sentence}{by}" for c in development.changes]
            lines += [f"{s}{by}" for s in development.sentences if s not in revised]
    return tuple(lines[:MAX_CHANGES])


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
