"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106's second choice).

A sign-in with an unknown email still runs one verification against a dummy hash, so how long
the answer takes does not tell an attacker which addresses have accounts. A stored hash made
with older parameters is replaced by a fresh one at the next successful sign-in."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches; a malformed stored hash never matches."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """The hash was made with parameters other than today's (rehash it on sign-in)."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def verify_nobody(password: str) -> None:
    """Spend the time a real verification takes, for an email with no account."""
    verify_password(_dummy_hash(), password)


@cache
def _dummy_hash() -> str:
    return _hasher.hash("no account has this password")
