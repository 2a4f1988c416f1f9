"""API tokens: made at random, shown once, stored only as a SHA-256 hash.

Why a plain SHA-256 and not a password hash (bcrypt, scrypt, argon2): those are slow on purpose,
so that a stolen table of *guessable* passwords costs a lot to crack. A token here is 32 random
bytes (256 bits), which no amount of guessing finds however fast the hash is. A fast,
deterministic hash also lets a request find its token with one indexed lookup.

Timing: the lookup compares the hash of what the client sent, never the token itself, so how
long a comparison takes tells an attacker only how much of a hash matched, which gives no hint
of a token that would hash to it. No stored token is ever compared byte by byte with input.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from broadsheet.errors import BroadsheetError
from broadsheet.model import ApiToken
from broadsheet.storage import Repository

PREFIX = "bs_"  # lets people and secret scanners recognise a Broadsheet token
TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 128  # a real token is 46; longer input is refused before hashing
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class TokenError(BroadsheetError):
    """A token name is malformed, or a token sent with a request is unknown or revoked."""


@dataclass(frozen=True, slots=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, to the person who made it; only its hash is stored


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(repo: Repository, name: str) -> NewToken:
    """A new random token called `name`. Raises TokenError for a malformed name and
    BroadsheetError when an active token already has it."""
    if not NAME.fullmatch(name):
        raise TokenError(
            f"{name!r} is not a token name: 1 to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    secret = PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    return NewToken(repo.add_token(name, token_hash(secret), datetime.now(UTC)), secret)


def list_tokens(repo: Repository) -> list[ApiToken]:
    return repo.list_tokens()


def revoke_token(repo: Repository, name: str) -> ApiToken:
    """Revoke a token by name (NotFound when there is none); requests with it fail from now on."""
    return repo.revoke_token(name, datetime.now(UTC))


def authenticate(repo: Repository, secret: str) -> ApiToken:
    """The active token `secret` is, its last use recorded; raises TokenError otherwise."""
    well_formed = secret.startswith(PREFIX) and secret.isascii() and len(secret) <= MAX_TOKEN_CHARS
    token = repo.use_token(token_hash(secret), datetime.now(UTC)) if well_formed else None
    if token is None:
        raise TokenError("the API token is unknown or has been revoked")
    return token
