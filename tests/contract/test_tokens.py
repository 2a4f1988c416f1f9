"""The API token contract: hashes in, tokens found by hash, names unique, revocation final."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.errors import BroadsheetError, NotFound
from broadsheet.services import tokens as service

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


def test_a_token_is_found_by_its_hash_and_its_use_recorded(repo):
    made = repo.add_token("reader", "a" * 64, NOW)
    assert made.name == "reader" and made.created_at == NOW and made.last_used_at is None
    used = repo.use_token("a" * 64, LATER)
    assert used is not None and used.id == made.id and used.last_used_at == LATER
    assert repo.list_tokens()[0].last_used_at == LATER
    assert repo.use_token("b" * 64, LATER) is None


def test_names_are_unique_among_active_tokens(repo):
    repo.add_token("ci", "a" * 64, NOW)
    with pytest.raises(BroadsheetError, match="already exists"):
        repo.add_token("ci", "b" * 64, NOW)
    assert [t.name for t in repo.list_tokens()] == ["ci"]


def test_a_revoked_token_no_longer_works_and_its_name_can_be_reissued(repo):
    old = repo.add_token("ci", "a" * 64, NOW)
    revoked = repo.revoke_token("ci", LATER)
    assert revoked.revoked_at == LATER and not revoked.active
    assert repo.use_token("a" * 64, LATER) is None
    assert repo.revoke_token("ci", LATER + timedelta(days=1)).revoked_at == LATER  # kept
    again = repo.add_token("ci", "c" * 64, LATER)
    assert again.id == old.id and again.active and again.last_used_at is None
    assert repo.use_token("a" * 64, LATER) is None
    assert repo.use_token("c" * 64, LATER) is not None


def test_revoking_an_unknown_token_is_not_found(repo):
    with pytest.raises(NotFound, match="no token named 'ghost'"):
        repo.revoke_token("ghost", NOW)


def test_the_service_stores_only_a_hash_of_a_long_random_token(repo):
    made = service.create_token(repo, "feeds-bot")
    assert made.secret.startswith(service.PREFIX) and len(made.secret) >= 43 + len("bs_")
    assert made.secret != service.create_token(repo, "other").secret
    assert service.authenticate(repo, made.secret).name == "feeds-bot"
    assert repo.use_token(made.secret, NOW) is None  # the token itself is not a key
    assert repo.use_token(service.token_hash(made.secret), NOW) is not None


@pytest.mark.parametrize("name", ["", "-x", "has space", "x" * 65, "naïve"])
def test_the_service_refuses_malformed_names(repo, name):
    with pytest.raises(service.TokenError, match="is not a token name"):
        service.create_token(repo, name)


@pytest.mark.parametrize("sent", ["", "bs_", "bs_" + "x" * 200, "not-ours", "bs_ümlaut"])
def test_authenticate_refuses_what_is_not_an_active_token(repo, sent):
    service.create_token(repo, "ci")
    with pytest.raises(service.TokenError, match="unknown or has been revoked"):
        service.authenticate(repo, sent)


def test_authenticate_refuses_a_revoked_token(repo):
    made = service.create_token(repo, "ci")
    service.revoke_token(repo, "ci")
    with pytest.raises(service.TokenError):
        service.authenticate(repo, made.secret)
