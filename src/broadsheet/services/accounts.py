"""Readers' accounts: sign up, sign in, sessions, changing a name or password, roles.

A session is a random token in a cookie; storage keeps only its SHA-256 (a stolen table of
hashes opens no session). Every sign-in makes a new token, so a token planted in a browser
before sign-in (session fixation) is never the one that gets signed in. Password resets live
in password_reset.py."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from broadsheet.community import Account, DigestFrequency, Role
from broadsheet.config import Settings
from broadsheet.errors import Refused
from broadsheet.services import rate_limits
from broadsheet.services.account_fields import (
    EMAIL_MAX,
    PASSWORD_MAX,
    check_password,
    clean_display_name,
    clean_email,
)
from broadsheet.services.passwords import (
    hash_password,
    needs_rehash,
    verify_nobody,
    verify_password,
)
from broadsheet.storage import Repository

log = logging.getLogger(__name__)

LOGIN_WINDOW = timedelta(minutes=15)
SIGNUP_LIMIT, SIGNUP_WINDOW = 5, timedelta(hours=1)
TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 128  # a real token is 43; longer cookie values are not even hashed
WRONG_PASSWORD = "That email address and password do not match an account."


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _email_key(prefix: str, email: str) -> str:
    # Hashed so that the key stays short and the rate table holds no addresses.
    return f"{prefix}:{hashlib.sha256(email.encode()).hexdigest()[:32]}"


# --- accounts


def sign_up(
    repo: Repository, email: str, display_name: str, password: str, *, ip_hash: str, now: datetime
) -> Account:
    """A new reader account; Refused (with why) for a bad field or a taken email, RateLimited
    after SIGNUP_LIMIT sign-ups from one address in an hour."""
    email, name = clean_email(email), clean_display_name(display_name)
    check_password(password)
    rate_limits.check_rate(
        repo, f"signup-ip:{ip_hash}", SIGNUP_LIMIT, SIGNUP_WINDOW, now,
        "Too many accounts were made from your network in the last hour; please try later.",
    )  # fmt: skip
    account = repo.add_account(email, name, hash_password(password), Role.READER, now)
    log.info("account created", extra={"account_id": account.id, "ip_hash": ip_hash})
    return account


def create_account(
    repo: Repository, email: str, display_name: str, password: str, role: Role, now: datetime
) -> Account:
    """An account made by the operator (`broadsheet create-admin`): no rate limit, and staff
    may carry names such as "Admin"."""
    email = clean_email(email)
    name = clean_display_name(display_name, staff=role is not Role.READER)
    check_password(password)
    account = repo.add_account(email, name, hash_password(password), role, now)
    log.info("account created", extra={"account_id": account.id, "role": role.value})
    return account


def sign_in(
    repo: Repository, settings: Settings, email: str, password: str, *, ip_hash: str, now: datetime
) -> Account:
    """The account whose email and password these are. Refused for a wrong pair or a banned
    account; RateLimited after `settings.login_limit` failures in 15 minutes from one address
    or for one email. A success forgets the email's failures."""
    email = email.strip().lower()
    ip_key, email_key = f"login-ip:{ip_hash}", _email_key("login-email", email)
    limit = settings.login_limit
    rate_limits.ensure_under(
        repo, ip_key, limit, LOGIN_WINDOW, now,
        "Too many failed sign-ins from your network; please wait 15 minutes and try again.",
    )  # fmt: skip
    rate_limits.ensure_under(
        repo, email_key, limit, LOGIN_WINDOW, now,
        "Too many failed sign-ins for this account; please wait 15 minutes, or reset the "
        "password.",
    )  # fmt: skip
    plausible = len(email) <= EMAIL_MAX and len(password) <= PASSWORD_MAX  # no hashing 5 MB
    found = repo.account_login(email) if plausible else None
    if found is None and plausible:
        verify_nobody(password)  # as slow as a real check: timing tells no one who has an account
    if found is None or not verify_password(found[1], password):
        rate_limits.record(repo, ip_key, LOGIN_WINDOW, now)
        rate_limits.record(repo, email_key, LOGIN_WINDOW, now)
        log.warning("sign-in refused: wrong email or password", extra={"ip_hash": ip_hash})
        raise Refused(WRONG_PASSWORD)
    account, stored = found
    if account.banned_at is not None:
        log.warning("sign-in refused: banned", extra={"account_id": account.id, "ip_hash": ip_hash})
        raise Refused("This account has been suspended by the site's moderators.")
    rate_limits.clear(repo, email_key)
    if needs_rehash(stored):
        repo.update_account(account.id, password_hash=hash_password(password))
    log.info("signed in", extra={"account_id": account.id, "ip_hash": ip_hash})
    return account


def change_password(
    repo: Repository, settings: Settings, account: Account, current: str, new: str, now: datetime
) -> Account:
    """Set a new password given the current one, and end every session of the account (the
    caller starts a fresh one for the browser that asked). Wrong guesses count like failed
    sign-ins."""
    email_key = _email_key("login-email", account.email)
    rate_limits.ensure_under(repo, email_key, settings.login_limit, LOGIN_WINDOW, now)
    found = repo.account_login(account.email)
    if found is None or not verify_password(found[1], current):
        rate_limits.record(repo, email_key, LOGIN_WINDOW, now)
        log.warning("password change refused: wrong password", extra={"account_id": account.id})
        raise Refused("The current password is not right.")
    check_password(new)
    changed = repo.update_account(account.id, password_hash=hash_password(new))
    ended = repo.end_sessions(account.id)
    log.info("password changed", extra={"account_id": account.id, "sessions_ended": ended})
    return changed


def rename(repo: Repository, account: Account, display_name: str) -> Account:
    name = clean_display_name(display_name, staff=account.can_moderate)
    return repo.update_account(account.id, display_name=name)


def set_digest(repo: Repository, account: Account, frequency: str) -> Account:
    try:
        chosen = DigestFrequency(frequency)
    except ValueError:
        raise Refused("Choose a digest of off, hourly or daily.") from None
    return repo.update_account(account.id, digest=chosen)


def set_role(repo: Repository, email: str, role: Role) -> Account:
    """Give the account with this email a role; Refused when there is none."""
    found = repo.account_login(email)
    if found is None:
        raise Refused(f"no account has the email address {email.strip().lower()!r}")
    changed = repo.update_account(found[0].id, role=role)
    log.info("role changed", extra={"account_id": changed.id, "role": role.value})
    return changed


# --- sessions


def start_session(repo: Repository, account: Account, settings: Settings, now: datetime) -> str:
    """A new session for `account`: the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires = now + timedelta(days=settings.session_days)
    repo.add_session(token_hash(token), account.id, now, expires)
    return token


def session_account(repo: Repository, token: str, now: datetime) -> Account | None:
    """The account signed in with this cookie value, or None (unknown, expired, malformed)."""
    if not token or len(token) > MAX_TOKEN_CHARS or not token.isascii():
        return None
    return repo.session_account(token_hash(token), now)


def end_session(repo: Repository, token: str) -> None:
    if token and len(token) <= MAX_TOKEN_CHARS and token.isascii():
        repo.end_session(token_hash(token))


def end_sessions(repo: Repository, account_id: int) -> int:
    """Sign an account out everywhere (a ban, a password reset); how many sessions ended."""
    return repo.end_sessions(account_id)
