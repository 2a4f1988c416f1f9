"""The storage interface for accounts, sessions, password resets, rate limits and site keys.
Implemented once for both SQL backends in sql_accounts.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from broadsheet.community import Account, DigestFrequency, Role


class AccountStore(Protocol):
    def add_account(
        self, email: str, display_name: str, password_hash: str, role: Role, at: datetime
    ) -> Account:
        """Raises Refused when the (lower-cased) email is taken."""
        ...

    def get_account(self, account_id: int) -> Account: ...
    def get_accounts(self, account_ids: Sequence[int]) -> dict[int, Account]: ...
    def account_login(self, email: str) -> tuple[Account, str] | None:
        """The account with this email and its password hash, for the sign-in check only."""
        ...

    def update_account(self, account_id: int, **changes: Any) -> Account:
        """Change display_name, password_hash, role, banned_at, digest or digest_sent_at
        (ValueError for any other field; NotFound for no such account)."""
        ...

    def list_accounts(self, role: Role | None, limit: int) -> list[Account]: ...
    def accounts_due_digest(
        self, frequency: DigestFrequency, sent_before: datetime
    ) -> list[Account]: ...

    def add_session(
        self, token_hash: str, account_id: int, at: datetime, expires_at: datetime
    ) -> None:
        """Store a session by its token's hash (the account's expired sessions are dropped)."""
        ...

    def session_account(self, token_hash: str, now: datetime) -> Account | None:
        """The account of an unexpired session; None when there is none (or it expired)."""
        ...

    def end_session(self, token_hash: str) -> None: ...
    def end_sessions(self, account_id: int) -> int: ...

    def add_password_reset(
        self, token_hash: str, account_id: int, at: datetime, expires_at: datetime
    ) -> None: ...
    def use_password_reset(self, token_hash: str, now: datetime) -> int | None:
        """The account id of an unused, unexpired reset, marked used; else None."""
        ...

    def hit_rate(self, key: str, at: datetime, since: datetime) -> int:
        """Record one event under `key` at `at`; how many there are since `since` (this one
        included). Shared by every process, so limits hold across them. A key has one window:
        its events before `since` are dropped."""
        ...

    def count_rate(self, key: str, since: datetime) -> int: ...
    def clear_rate(self, key: str) -> None: ...
    def site_key(self, name: str, make: Callable[[], str]) -> str:
        """The stored value of `name`, made with `make` and stored the first time."""
        ...
