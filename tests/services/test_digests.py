"""The email digest through a real SMTP server on 127.0.0.1 (aiosmtpd): a due reader gets one
mail listing what is new in what they follow, with what changed; nothing is sent when nothing
is new; hourly and daily digests fall due on time; a refused mail is tried again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import Message

import pytest

from broadsheet.community import DigestFrequency, Role
from broadsheet.config import Settings
from broadsheet.services.digests import compose_digest, send_due_digests
from broadsheet.services.follows import change_follow
from broadsheet.services.mailer import SmtpMailer
from broadsheet.worker.digests import DigestThread
from tests.services.test_for_you import Newsroom
from tests.smtp_server import free_port

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
SITE = "https://news.example.org"
FIFTH = (
    "Vladimir Putin and Donald Trump held a phone call for the fifth time on Tuesday, the "
    "Kremlin said.\n\nThe two leaders discussed Ukraine."
)
SIXTH = (
    "This was the sixth publicly acknowledged phone call between Vladimir Putin and Donald "
    "Trump, the Kremlin said.\n\nThe leaders agreed to meet in Budapest next month."
)


@pytest.fixture
def mailer(smtp):
    return SmtpMailer(Settings(smtp_host="127.0.0.1", smtp_port=smtp[1], public_url=SITE))


@pytest.fixture
def room(repo):
    return Newsroom(repo)


def subscriber(repo, email, frequency=DigestFrequency.HOURLY, sent=NOW - timedelta(hours=2)):
    account = repo.add_account(email, email.split("@")[0].title(), "hash", Role.READER, NOW)
    return repo.update_account(account.id, digest=frequency, digest_sent_at=sent)


def follow(repo, account, kind, key, action="follow"):
    change_follow(repo, account.id, kind, str(key), action, NOW)


def body(message: Message) -> str:
    return message.get_payload(decode=True).decode().replace("\r\n", "\n")


def test_a_due_reader_gets_one_mail_with_what_is_new_and_what_changed(repo, room, smtp, mailer):
    inbox, _ = smtp
    herald, courier, tabloid = room.outlet("Herald"), room.outlet("Courier"), room.outlet("Tab")
    ann = subscriber(repo, "ann@example.org")
    call, _ = room.report(herald, NOW - timedelta(hours=5), title="Putin and Trump speak again",
                          text=FIFTH)  # fmt: skip
    room.report(courier, NOW - timedelta(minutes=40), story=call, text=SIXTH,
                title="Putin and Trump hold sixth call")  # fmt: skip
    grain, _ = room.report(herald, NOW - timedelta(minutes=20), title="Grain deal signed",
                           tags=["ukraine"])  # fmt: skip
    room.report(tabloid, NOW - timedelta(minutes=10), title="Gossip", tags=["ukraine"])
    room.report(herald, NOW - timedelta(minutes=5), title="Cup final")  # not followed
    room.report(herald, NOW - timedelta(hours=3), title="Old news", tags=["ukraine"])
    follow(repo, ann, "story", call)
    follow(repo, ann, "tag", "ukraine")
    follow(repo, ann, "source", tabloid, "mute")

    assert send_due_digests(repo, mailer, SITE, NOW) == 1
    [mail] = inbox.wait_for(1)
    assert mail["To"] == "ann@example.org"
    assert mail["Subject"] == "Broadsheet: 2 stories with news"
    text = body(mail)
    assert "Hello Ann," in text and "Since 04 March 2026, 10:00 UTC" in text
    first, second = text.index("Putin and Trump speak again"), text.index("Grain deal signed")
    assert first < second  # the followed story first
    assert "1 new report from Courier" in text and "Because you follow this story" in text
    assert "fifth → sixth: This was the sixth publicly acknowledged phone call" in text
    assert "- The leaders agreed to meet in Budapest next month.\n" in text
    assert f"{SITE}/stories/{call}" in text and f"{SITE}/stories/{grain}" in text
    assert "Because you follow #ukraine" in text
    assert "Gossip" not in text and "Cup final" not in text and "Old news" not in text
    assert f"{SITE}/account" in text
    assert repo.get_account(ann.id).digest_sent_at == NOW

    # sent: not due again for an hour, and then only with news since this one
    assert send_due_digests(repo, mailer, SITE, NOW + timedelta(minutes=30)) == 0
    later = NOW + timedelta(hours=1)
    assert send_due_digests(repo, mailer, SITE, later) == 0
    assert len(inbox.messages) == 1 and repo.get_account(ann.id).digest_sent_at == later


def test_nothing_is_sent_when_nothing_is_new(repo, room, smtp, mailer):
    inbox, _ = smtp
    herald = room.outlet("Herald")
    story, _ = room.report(herald, NOW - timedelta(hours=4))
    quiet, idle = subscriber(repo, "quiet@example.org"), subscriber(repo, "idle@example.org")
    follow(repo, quiet, "story", story)
    assert compose_digest(repo, quiet, NOW - timedelta(hours=2)).items == ()
    assert compose_digest(repo, idle, NOW - timedelta(hours=5)).items == ()  # follows nothing
    assert send_due_digests(repo, mailer, SITE, NOW) == 0
    assert inbox.messages == []
    # both were looked at: they are not looked at again until the next hour
    assert repo.get_account(quiet.id).digest_sent_at == NOW
    assert repo.accounts_due_digest(DigestFrequency.HOURLY, NOW) == []


def test_hourly_and_daily_digests_fall_due_on_time(repo, room, smtp, mailer):
    inbox, _ = smtp
    herald = room.outlet("Herald")
    due = {
        "hourly-due@example.org": (DigestFrequency.HOURLY, NOW - timedelta(minutes=61)),
        "hourly-new@example.org": (DigestFrequency.HOURLY, None),
        "hourly-early@example.org": (DigestFrequency.HOURLY, NOW - timedelta(minutes=30)),
        "daily-early@example.org": (DigestFrequency.DAILY, NOW - timedelta(hours=5)),
        "daily-due@example.org": (DigestFrequency.DAILY, NOW - timedelta(hours=25)),
        "off@example.org": (DigestFrequency.OFF, None),
    }
    readers = [subscriber(repo, email, *when) for email, when in due.items()]
    banned = subscriber(repo, "banned@example.org", sent=None)
    repo.update_account(banned.id, banned_at=NOW)
    for reader in [*readers, banned]:
        follow(repo, reader, "source", herald)
    room.report(herald, NOW - timedelta(minutes=10), title="Fresh news")
    assert send_due_digests(repo, mailer, SITE, NOW) == 3
    sent_to = sorted(m["To"] for m in inbox.wait_for(3))
    assert sent_to == ["daily-due@example.org", "hourly-due@example.org", "hourly-new@example.org"]
    assert all("Fresh news" in body(m) for m in inbox.messages)
    assert "You get this digest every day" in body(
        next(m for m in inbox.messages if m["To"] == "daily-due@example.org")
    )


def test_a_refused_mail_is_tried_again_later(repo, room, smtp, mailer):
    inbox, _ = smtp
    herald = room.outlet("Herald")
    ann = subscriber(repo, "ann@example.org")
    follow(repo, ann, "source", herald)
    room.report(herald, NOW - timedelta(minutes=10), title="Fresh news")
    nowhere = SmtpMailer(Settings(smtp_host="127.0.0.1", smtp_port=free_port()))
    assert send_due_digests(repo, nowhere, SITE, NOW) == 0
    assert repo.get_account(ann.id).digest_sent_at == ann.digest_sent_at  # the stamp put back
    assert send_due_digests(repo, mailer, SITE, NOW + timedelta(minutes=1)) == 1
    assert "Fresh news" in body(inbox.wait_for(1)[0])


def test_the_digest_thread_mails_a_due_reader(repo, room, smtp):
    inbox, port = smtp
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, public_url=SITE)
    now = datetime.now(UTC)
    herald = room.outlet("Herald")
    ann = subscriber(repo, "ann@example.org", sent=None)
    follow(repo, ann, "source", herald)
    room.report(herald, now - timedelta(minutes=10), title="Fresh news")
    thread = DigestThread(repo, settings, SmtpMailer(settings), interval=0.05)
    thread.start()
    try:
        [mail] = inbox.wait_for(1)
    finally:
        thread.stop()
    assert mail["To"] == "ann@example.org" and "Fresh news" in body(mail)
    assert len(inbox.messages) == 1  # later ticks found it sent
