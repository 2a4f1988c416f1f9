"""The accounts contract, on every backend: accounts, sessions by hash, single-use resets,
shared rate counts and site keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.community import DigestFrequency, Role
from broadsheet.errors import NotFound, Refused

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_an_account_is_stored_with_a_lower_cased_unique_email(repo):
    made = repo.add_account(" Ann@Example.ORG ", "Ann", "hash-1", Role.READER, NOW)
    assert made.email == "ann@example.org" and made.role is Role.READER
    assert made.created_at == NOW and made.banned_at is None and made.digest is DigestFrequency.OFF
    assert repo.get_account(made.id) == made
    with pytest.raises(Refused, match="already exists"):
        repo.add_account("ANN@example.org", "Other Ann", "hash-2", Role.READER, NOW)
    assert [a.display_name for a in repo.list_accounts(None, 10)] == ["Ann"]


def test_the_login_lookup_is_the_only_way_to_the_password_hash(repo):
    made = repo.add_account("ann@example.org", "Ann", "hash-1", Role.READER, NOW)
    assert repo.account_login("Ann@Example.org") == (made, "hash-1")
    assert repo.account_login("nobody@example.org") is None
    assert not hasattr(made, "password_hash")


def test_accounts_are_found_by_id_and_missing_ones_are_not_found(repo):
    ann = repo.add_account("ann@example.org", "Ann", "h", Role.READER, NOW)
    bob = repo.add_account("bob@example.org", "Bob", "h", Role.MODERATOR, NOW)
    assert repo.get_accounts([ann.id, bob.id, 999]) == {ann.id: ann, bob.id: bob}
    assert repo.get_accounts([]) == {}
    assert repo.list_accounts(Role.MODERATOR, 10) == [bob]
    with pytest.raises(NotFound):
        repo.get_account(999)


def test_an_account_changes_only_what_may_change(repo):
    ann = repo.add_account("ann@example.org", "Ann", "h", Role.READER, NOW)
    changed = repo.update_account(
        ann.id, display_name="Ann B", role=Role.ADMIN, digest=DigestFrequency.DAILY, banned_at=NOW
    )
    assert (changed.display_name, changed.role, changed.digest) == ("Ann B", Role.ADMIN, "daily")
    assert changed.banned_at == NOW and changed.email == ann.email
    repo.update_account(ann.id, password_hash="h2")
    assert repo.account_login(ann.email) == (changed, "h2")
    with pytest.raises(ValueError, match="cannot be changed"):
        repo.update_account(ann.id, email="evil@example.org")
    with pytest.raises(NotFound):
        repo.update_account(999, display_name="Ghost")


def test_accounts_due_a_digest_are_those_on_that_frequency_not_sent_since(repo):
    def reader(email: str, digest: DigestFrequency, sent: datetime | None) -> int:
        made = repo.add_account(email, email[:3], "h", Role.READER, NOW)
        return repo.update_account(made.id, digest=digest, digest_sent_at=sent).id

    never = reader("never@example.org", DigestFrequency.DAILY, None)
    stale = reader("stale@example.org", DigestFrequency.DAILY, NOW - 2 * HOUR * 24)
    reader("fresh@example.org", DigestFrequency.DAILY, NOW - HOUR)
    reader("hourly@example.org", DigestFrequency.HOURLY, None)
    reader("off@example.org", DigestFrequency.OFF, None)
    banned = reader("banned@example.org", DigestFrequency.DAILY, None)
    repo.update_account(banned, banned_at=NOW)
    due = repo.accounts_due_digest(DigestFrequency.DAILY, NOW - 24 * HOUR)
    assert [a.id for a in due] == [never, stale]


def test_a_session_finds_its_account_by_hash_until_it_expires_or_ends(repo):
    ann = repo.add_account("ann@example.org", "Ann", "h", Role.READER, NOW)
    repo.add_session("a" * 64, ann.id, NOW, NOW + HOUR)
    repo.add_session("b" * 64, ann.id, NOW, NOW + HOUR)
    assert repo.session_account("a" * 64, NOW) == ann
    assert repo.session_account("a" * 64, NOW + HOUR) is None  # expired
    assert repo.session_account("c" * 64, NOW) is None
    repo.end_session("a" * 64)
    assert repo.session_account("a" * 64, NOW) is None
    assert repo.session_account("b" * 64, NOW) == ann
    assert repo.end_sessions(ann.id) == 1
    assert repo.session_account("b" * 64, NOW) is None


def test_a_password_reset_works_once_and_only_before_it_expires(repo):
    ann = repo.add_account("ann@example.org", "Ann", "h", Role.READER, NOW)
    repo.add_password_reset("r" * 64, ann.id, NOW, NOW + HOUR)
    repo.add_password_reset("s" * 64, ann.id, NOW, NOW + HOUR)
    assert repo.use_password_reset("r" * 64, NOW) == ann.id
    assert repo.use_password_reset("r" * 64, NOW) is None  # used
    assert repo.use_password_reset("s" * 64, NOW + HOUR) is None  # expired
    assert repo.use_password_reset("t" * 64, NOW) is None


def test_rate_events_are_counted_per_key_within_the_window(repo):
    since = NOW - timedelta(minutes=15)
    assert repo.hit_rate("login-ip:x", NOW - timedelta(minutes=20), since) == 0  # before it
    assert [repo.hit_rate("login-ip:x", NOW, since) for _ in range(3)] == [1, 2, 3]
    assert repo.hit_rate("login-ip:y", NOW, since) == 1
    assert repo.count_rate("login-ip:x", since) == 3
    assert repo.count_rate("login-ip:x", NOW + timedelta(seconds=1)) == 0
    repo.clear_rate("login-ip:x")
    assert repo.count_rate("login-ip:x", since) == 0
    assert repo.count_rate("login-ip:y", since) == 1


def test_a_site_key_is_made_once_and_then_kept(repo):
    made = repo.site_key("csrf", lambda: "first")
    assert made == "first"
    assert repo.site_key("csrf", lambda: "second") == "first"
    assert repo.site_key("ip", lambda: "other") == "other"
