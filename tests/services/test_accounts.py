"""Accounts as use cases, against a real SQLite database: what is refused and why, the limits
on guessing, sessions stored as hashes, password changes and resets."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from broadsheet.community import Role
from broadsheet.errors import RateLimited, Refused
from broadsheet.services import accounts, password_reset, rate_limits
from broadsheet.services.passwords import verify_password

NOW = datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)
PASSWORD = "correct horse battery"
IP = "ip-hash-1"


@pytest.fixture
def limited(settings):
    return dataclasses.replace(settings, login_limit=3)


def _ann(repo, email: str = "ann@example.org", now: datetime = NOW):
    return accounts.sign_up(repo, email, "Ann Example", PASSWORD, ip_hash=IP, now=now)


def test_sign_up_stores_an_argon2id_hash_and_a_clean_name(repo):
    made = accounts.sign_up(
        repo, " Ann@Example.org ", "  Ann\u200b \u202eExample ", PASSWORD, ip_hash=IP, now=NOW
    )
    assert made.email == "ann@example.org" and made.role is Role.READER
    assert made.display_name == "Ann Example"  # zero-width space and RTL override gone
    _, stored = repo.account_login("ann@example.org")
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert verify_password(stored, PASSWORD) and not verify_password(stored, PASSWORD + "!")


@pytest.mark.parametrize(
    ("email", "name", "password", "why"),
    [
        ("not-an-address", "Ann", PASSWORD, "does not look like an email"),
        ("a" * 250 + "@example.org", "Ann", PASSWORD, "too long"),
        ("ann@example.org", "\u200b\u200b\u202e", PASSWORD, "choose a display name"),
        ("ann@example.org", "A", PASSWORD, "2 to 50 characters"),
        ("ann@example.org", "x" * 51, PASSWORD, "2 to 50 characters"),
        ("ann@example.org", "Site Admin", PASSWORD, "mistaken for the site's staff"),
        ("ann@example.org", "m0derator", PASSWORD, "mistaken for the site's staff"),
        ("ann@example.org", "Ann", "short", "at least 10 characters"),
        ("ann@example.org", "Ann", "x" * 257, "at most 256 characters"),
    ],
)
def test_sign_up_refuses_bad_fields_with_a_reason(repo, email, name, password, why):
    with pytest.raises(Refused, match=why):
        accounts.sign_up(repo, email, name, password, ip_hash=IP, now=NOW)
    assert repo.list_accounts(None, 10) == []


def test_an_email_signs_up_once(repo):
    _ann(repo)
    with pytest.raises(Refused, match="already exists"):
        _ann(repo, "ANN@example.org")


def test_one_address_makes_at_most_five_accounts_an_hour(repo):
    for i in range(accounts.SIGNUP_LIMIT):
        _ann(repo, f"reader{i}@example.org")
    with pytest.raises(RateLimited, match="Too many accounts") as refused:
        _ann(repo, "one-more@example.org")
    assert refused.value.retry_after == 3600
    _ann(repo, "later@example.org", NOW + timedelta(hours=1, seconds=1))  # the hour has passed


def test_sign_in_takes_the_right_password_only_and_says_the_same_for_unknown_emails(repo, settings):
    made = _ann(repo)
    assert (
        accounts.sign_in(repo, settings, "ANN@example.org", PASSWORD, ip_hash=IP, now=NOW) == made
    )
    with pytest.raises(Refused) as wrong:
        accounts.sign_in(repo, settings, made.email, "wrong password", ip_hash=IP, now=NOW)
    with pytest.raises(Refused) as unknown:
        accounts.sign_in(repo, settings, "bob@example.org", PASSWORD, ip_hash=IP, now=NOW)
    assert str(wrong.value) == str(unknown.value) == accounts.WRONG_PASSWORD
    with pytest.raises(Refused, match="do not match"):  # refused before any hashing
        accounts.sign_in(repo, settings, made.email, "x" * 5_000_000, ip_hash=IP, now=NOW)


def test_failed_sign_ins_are_limited_per_email_from_any_address(repo, limited):
    made = _ann(repo)
    for i in range(limited.login_limit):
        with pytest.raises(Refused, match="do not match"):
            accounts.sign_in(repo, limited, made.email, "guess", ip_hash=f"ip{i}", now=NOW)
    with pytest.raises(RateLimited, match="for this account") as refused:
        accounts.sign_in(repo, limited, made.email, PASSWORD, ip_hash="fresh-ip", now=NOW)
    assert refused.value.retry_after == 15 * 60
    later = NOW + timedelta(minutes=16)
    assert accounts.sign_in(repo, limited, made.email, PASSWORD, ip_hash="fresh-ip", now=later)


def test_failed_sign_ins_are_limited_per_address_across_emails(repo, limited):
    made = _ann(repo)
    for i in range(limited.login_limit):
        with pytest.raises(Refused):
            accounts.sign_in(repo, limited, f"x{i}@example.org", "guess", ip_hash=IP, now=NOW)
    with pytest.raises(RateLimited, match="from your network"):
        accounts.sign_in(repo, limited, made.email, PASSWORD, ip_hash=IP, now=NOW)


def test_a_successful_sign_in_forgets_the_emails_failures(repo, limited):
    made = _ann(repo)
    for _ in range(limited.login_limit - 1):
        with pytest.raises(Refused):
            accounts.sign_in(repo, limited, made.email, "guess", ip_hash="a", now=NOW)
    accounts.sign_in(repo, limited, made.email, PASSWORD, ip_hash="b", now=NOW)
    for _ in range(limited.login_limit - 1):  # a fresh allowance, not one left
        with pytest.raises(Refused, match="do not match"):
            accounts.sign_in(repo, limited, made.email, "guess", ip_hash="c", now=NOW)


def test_a_banned_account_cannot_sign_in(repo, settings):
    made = _ann(repo)
    repo.update_account(made.id, banned_at=NOW)
    with pytest.raises(Refused, match="suspended"):
        accounts.sign_in(repo, settings, made.email, PASSWORD, ip_hash=IP, now=NOW)


def test_a_hash_made_with_older_parameters_is_replaced_at_sign_in(repo, settings):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    made = repo.add_account("old@example.org", "Old Timer", weak, Role.READER, NOW)
    accounts.sign_in(repo, settings, made.email, PASSWORD, ip_hash=IP, now=NOW)
    _, stored = repo.account_login(made.email)
    assert stored != weak and "m=65536" in stored and verify_password(stored, PASSWORD)


def test_a_session_token_is_stored_only_as_its_hash(repo, settings):
    made = _ann(repo)
    token = accounts.start_session(repo, made, settings, NOW)
    assert len(token) >= 43 and accounts.session_account(repo, token, NOW) == made
    assert repo.session_account(token, NOW) is None  # the token itself is no key
    assert repo.session_account(accounts.token_hash(token), NOW) == made
    expired = NOW + timedelta(days=settings.session_days, seconds=1)
    assert accounts.session_account(repo, token, expired) is None
    for junk in ("", "x" * 500, "ünïcode"):
        assert accounts.session_account(repo, junk, NOW) is None
    accounts.end_session(repo, token)
    assert accounts.session_account(repo, token, NOW) is None


def test_changing_the_password_needs_the_current_one_and_ends_every_session(repo, settings):
    made = _ann(repo)
    token = accounts.start_session(repo, made, settings, NOW)
    with pytest.raises(Refused, match="current password is not right"):
        accounts.change_password(repo, settings, made, "wrong one!", "a new long password", NOW)
    assert accounts.session_account(repo, token, NOW) == made
    with pytest.raises(Refused, match="at least 10"):
        accounts.change_password(repo, settings, made, PASSWORD, "short", NOW)
    accounts.change_password(repo, settings, made, PASSWORD, "a new long password", NOW)
    assert accounts.session_account(repo, token, NOW) is None
    assert accounts.sign_in(repo, settings, made.email, "a new long password", ip_hash=IP, now=NOW)


def test_staff_may_carry_role_names_and_roles_are_set_by_email(repo):
    reader = _ann(repo)
    with pytest.raises(Refused, match="staff"):
        accounts.rename(repo, reader, "Moderator Ann")
    moderator = accounts.set_role(repo, "Ann@example.org", Role.MODERATOR)
    assert moderator.role is Role.MODERATOR
    assert accounts.rename(repo, moderator, "Moderator Ann").display_name == "Moderator Ann"
    with pytest.raises(Refused, match="no account"):
        accounts.set_role(repo, "ghost@example.org", Role.ADMIN)


def test_the_digest_setting_takes_only_known_frequencies(repo):
    made = _ann(repo)
    assert accounts.set_digest(repo, made, "hourly").digest.value == "hourly"
    with pytest.raises(Refused, match="off, hourly or daily"):
        accounts.set_digest(repo, made, "weekly")


def test_a_reset_mail_goes_only_to_a_real_account_and_its_link_works_once(repo, settings):
    made = _ann(repo)
    assert (
        password_reset.request_reset(repo, settings, "bob@example.org", ip_hash=IP, now=NOW) is None
    )
    mail = password_reset.request_reset(repo, settings, "ANN@example.org", ip_hash=IP, now=NOW)
    assert mail is not None and mail.to == made.email
    link = next(w for w in mail.text.split() if "/reset/" in w)
    assert link.startswith(settings.site_url + "/reset/")
    token = link.rsplit("/", 1)[1]
    session = accounts.start_session(repo, made, settings, NOW)
    with pytest.raises(Refused, match="at least 10"):
        password_reset.reset_password(repo, token, "short", NOW)  # the link survives this
    password_reset.reset_password(repo, token, "brand new password", NOW)
    assert accounts.session_account(repo, session, NOW) is None
    with pytest.raises(Refused, match="expired or has been used"):
        password_reset.reset_password(repo, token, "another new password", NOW)
    assert accounts.sign_in(repo, settings, made.email, "brand new password", ip_hash=IP, now=NOW)


def test_a_reset_link_dies_after_an_hour(repo, settings):
    _ann(repo)
    mail = password_reset.request_reset(repo, settings, "ann@example.org", ip_hash=IP, now=NOW)
    token = mail.text.split("/reset/")[1].split()[0]
    later = NOW + password_reset.RESET_LIFETIME
    with pytest.raises(Refused, match="expired"):
        password_reset.reset_password(repo, token, "brand new password", later)


def test_reset_mails_are_limited_per_address_and_per_account(repo, settings):
    made = _ann(repo)
    sent = [
        password_reset.request_reset(repo, settings, made.email, ip_hash=f"ip{i}", now=NOW)
        for i in range(password_reset.EMAIL_LIMIT + 2)
    ]
    assert [m is not None for m in sent] == [True] * password_reset.EMAIL_LIMIT + [False] * 2
    for _ in range(password_reset.IP_LIMIT):
        password_reset.request_reset(repo, settings, "x@example.org", ip_hash=IP, now=NOW)
    with pytest.raises(RateLimited, match="from your network"):
        password_reset.request_reset(repo, settings, "x@example.org", ip_hash=IP, now=NOW)


def test_a_banned_account_gets_no_reset_mail(repo, settings):
    made = _ann(repo)
    repo.update_account(made.id, banned_at=NOW)
    assert password_reset.request_reset(repo, settings, made.email, ip_hash=IP, now=NOW) is None


def test_check_rate_counts_every_try_and_says_how_long_to_wait(repo):
    window = timedelta(minutes=10)
    for _ in range(2):
        rate_limits.check_rate(repo, "comment:1", 2, window, NOW)
    with pytest.raises(RateLimited, match="10 minutes") as refused:
        rate_limits.check_rate(repo, "comment:1", 2, window, NOW)
    assert refused.value.retry_after == 600
    rate_limits.check_rate(repo, "comment:1", 2, window, NOW + window + timedelta(seconds=1))
    assert rate_limits.wait_words(timedelta(hours=1)) == "1 hour"
