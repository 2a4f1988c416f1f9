"""Accounts, sessions, password resets, rate events and site keys, shared by every SQL backend.
Sessions and resets are looked up by the SHA-256 of their token; the token is never stored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from broadsheet.community import Account, DigestFrequency, Role
from broadsheet.errors import NotFound, Refused
from broadsheet.storage.schema_readers import (
    accounts,
    password_resets,
    rate_events,
    sessions,
    site_keys,
)

__all__ = ["AccountQueries"]

# The columns `update_account` may change (the id, email and creation time are fixed).
_CHANGEABLE = frozenset(
    {"display_name", "password_hash", "role", "banned_at", "digest", "digest_sent_at"}
)
_account_columns = [c for c in accounts.c if c.name != "password_hash"]


class AccountQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    # --- accounts

    def add_account(
        self, email: str, display_name: str, password_hash: str, role: Role, at: datetime
    ) -> Account:
        email = email.strip().lower()
        row = {
            "email": email, "display_name": display_name, "password_hash": password_hash,
            "role": role.value, "created_at": at, "digest": DigestFrequency.OFF.value,
        }  # fmt: skip

        def run(conn: Connection) -> Account:
            taken = conn.execute(select(accounts.c.id).where(accounts.c.email == email)).first()
            if taken is not None:
                raise Refused("an account with this email address already exists")
            made = insert(accounts).values(row).returning(*_account_columns)
            return _to_account(conn.execute(made).one())

        return self._write(run)

    def get_account(self, account_id: int) -> Account:
        query = select(*_account_columns).where(accounts.c.id == account_id)
        row = self._read(lambda c: c.execute(query).first())
        if row is None:
            raise NotFound(f"no account with id {account_id}")
        return _to_account(row)

    def get_accounts(self, account_ids: Sequence[int]) -> dict[int, Account]:
        if not account_ids:
            return {}
        query = select(*_account_columns).where(accounts.c.id.in_(set(account_ids)))
        return {r.id: _to_account(r) for r in self._read(lambda c: c.execute(query).all())}

    def account_login(self, email: str) -> tuple[Account, str] | None:
        query = select(accounts).where(accounts.c.email == email.strip().lower())
        row = self._read(lambda c: c.execute(query).first())
        return None if row is None else (_to_account(row), row.password_hash)

    def update_account(self, account_id: int, **changes: Any) -> Account:
        unknown = set(changes) - _CHANGEABLE
        if unknown:
            raise ValueError(f"account fields that cannot be changed: {sorted(unknown)}")
        values = {k: v.value if isinstance(v, Role | DigestFrequency) else v
                  for k, v in changes.items()}  # fmt: skip

        def run(conn: Connection) -> Account:
            changed = conn.execute(
                update(accounts)
                .where(accounts.c.id == account_id)
                .values(values)
                .returning(*_account_columns)
            ).first()
            if changed is None:
                raise NotFound(f"no account with id {account_id}")
            return _to_account(changed)

        if not values:
            return self.get_account(account_id)
        return self._write(run)

    def list_accounts(self, role: Role | None, limit: int) -> list[Account]:
        query = select(*_account_columns).order_by(accounts.c.id).limit(limit)
        if role is not None:
            query = query.where(accounts.c.role == role.value)
        return [_to_account(r) for r in self._read(lambda c: c.execute(query).all())]

    def accounts_due_digest(
        self, frequency: DigestFrequency, sent_before: datetime
    ) -> list[Account]:
        """Accounts on `frequency`, not banned, never sent a digest or last sent one before
        `sent_before`."""
        query = (
            select(*_account_columns)
            .where(accounts.c.digest == frequency.value, accounts.c.banned_at.is_(None))
            .where(
                or_(accounts.c.digest_sent_at.is_(None), accounts.c.digest_sent_at < sent_before)
            )
            .order_by(accounts.c.id)
        )
        return [_to_account(r) for r in self._read(lambda c: c.execute(query).all())]

    # --- sessions

    def add_session(
        self, token_hash: str, account_id: int, at: datetime, expires_at: datetime
    ) -> None:
        row = {"token_hash": token_hash, "account_id": account_id, "created_at": at,
               "expires_at": expires_at}  # fmt: skip
        mine = sessions.c.account_id == account_id
        expired = delete(sessions).where(mine, sessions.c.expires_at <= at)

        def run(conn: Connection) -> None:
            conn.execute(expired)  # the account's dead sessions go as a new one starts
            conn.execute(insert(sessions).values(row))

        self._write(run)

    def session_account(self, token_hash: str, now: datetime) -> Account | None:
        query = (
            select(*_account_columns)
            .join(sessions, sessions.c.account_id == accounts.c.id)
            .where(sessions.c.token_hash == token_hash, sessions.c.expires_at > now)
        )
        row = self._read(lambda c: c.execute(query).first())
        return None if row is None else _to_account(row)

    def end_session(self, token_hash: str) -> None:
        gone = delete(sessions).where(sessions.c.token_hash == token_hash)
        self._write(lambda c: c.execute(gone))

    def end_sessions(self, account_id: int) -> int:
        """End every session of an account (a ban, a password change); how many there were."""
        gone = delete(sessions).where(sessions.c.account_id == account_id)
        return int(self._write(lambda c: c.execute(gone).rowcount))

    # --- password resets

    def add_password_reset(
        self, token_hash: str, account_id: int, at: datetime, expires_at: datetime
    ) -> None:
        row = {"token_hash": token_hash, "account_id": account_id, "created_at": at,
               "expires_at": expires_at}  # fmt: skip
        resets = password_resets.c
        dead = delete(password_resets).where(
            resets.account_id == account_id,
            or_(resets.expires_at <= at, resets.used_at.is_not(None)),
        )

        def run(conn: Connection) -> None:
            conn.execute(dead)
            conn.execute(insert(password_resets).values(row))

        self._write(run)

    def use_password_reset(self, token_hash: str, now: datetime) -> int | None:
        used = (
            update(password_resets)
            .where(password_resets.c.token_hash == token_hash)
            .where(password_resets.c.used_at.is_(None), password_resets.c.expires_at > now)
            .values(used_at=now)
            .returning(password_resets.c.account_id)
        )
        return self._write(lambda c: c.execute(used).scalar_one_or_none())

    # --- rate events

    def hit_rate(self, key: str, at: datetime, since: datetime) -> int:
        """Record one event under `key`; how many since `since`. A key has one window, so the
        events before it are dropped here, which keeps the table as small as the limits."""
        counted = select(func.count()).where(rate_events.c.key == key, rate_events.c.at >= since)

        def run(conn: Connection) -> int:
            stale = delete(rate_events).where(rate_events.c.key == key, rate_events.c.at < since)
            conn.execute(stale)
            conn.execute(insert(rate_events).values(key=key, at=at))
            return int(conn.execute(counted).scalar_one())

        return self._write(run)

    def count_rate(self, key: str, since: datetime) -> int:
        counted = select(func.count()).where(rate_events.c.key == key, rate_events.c.at >= since)
        return int(self._read(lambda c: c.execute(counted).scalar_one()))

    def clear_rate(self, key: str) -> None:
        self._write(lambda c: c.execute(delete(rate_events).where(rate_events.c.key == key)))

    # --- site keys

    def site_key(self, name: str, make: Callable[[], str]) -> str:
        """Insert-if-absent, then read: when two processes race, both read the winner's key."""
        query = select(site_keys.c.value).where(site_keys.c.name == name)

        def run(conn: Connection) -> str:
            found = conn.execute(query).scalar_one_or_none()
            if found is not None:
                return str(found)
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            made = dialect.insert(site_keys).values(name=name, value=make())
            conn.execute(made.on_conflict_do_nothing(index_elements=["name"]))
            return str(conn.execute(query).scalar_one())

        stored = self._read(lambda c: c.execute(query).scalar_one_or_none())
        return str(stored) if stored is not None else self._write(run)


def _to_account(row: Any) -> Account:
    m = row._mapping
    return Account(
        id=m["id"],
        email=m["email"],
        display_name=m["display_name"],
        role=Role(m["role"]),
        created_at=m["created_at"],
        banned_at=m["banned_at"],
        digest=DigestFrequency(m["digest"]),
        digest_sent_at=m["digest_sent_at"],
    )
