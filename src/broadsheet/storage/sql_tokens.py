"""API token queries shared by every SQL backend. Tokens are looked up by their hash only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, insert, select, update

from broadsheet.errors import BroadsheetError, NotFound
from broadsheet.model import ApiToken
from broadsheet.storage.schema import api_tokens


class TokenQueries:
    """Mixin: needs `_read(fn)` and `_write(fn)` from the backend."""

    _read: Callable[[Callable[[Connection], Any]], Any]
    _write: Callable[[Callable[[Connection], Any]], Any]

    def add_token(self, name: str, token_hash: str, at: datetime) -> ApiToken:
        """Store a new token's hash under `name`. A revoked token's name is reissued (same row,
        new hash); an active one's is refused with a BroadsheetError."""

        def run(conn: Connection) -> ApiToken:
            held = conn.execute(select(api_tokens).where(api_tokens.c.name == name)).first()
            fresh = {"token_hash": token_hash, "created_at": at}
            if held is None:
                conn.execute(insert(api_tokens).values(name=name, **fresh))
            elif held.revoked_at is not None:
                reissue = {**fresh, "last_used_at": None, "revoked_at": None}
                conn.execute(update(api_tokens).where(api_tokens.c.id == held.id).values(reissue))
            else:
                raise BroadsheetError(f"a token named {name!r} already exists; revoke it first")
            return _to_token(conn.execute(_by_name(name)).one())

        return self._write(run)

    def use_token(self, token_hash: str, at: datetime) -> ApiToken | None:
        """The active token with this hash, its last use stamped `at`; None when none has it."""

        def run(conn: Connection) -> ApiToken | None:
            found = conn.execute(
                update(api_tokens)
                .where(api_tokens.c.token_hash == token_hash, api_tokens.c.revoked_at.is_(None))
                .values(last_used_at=at)
                .returning(*api_tokens.c)
            ).first()
            return None if found is None else _to_token(found)

        return self._write(run)

    def list_tokens(self) -> list[ApiToken]:
        query = select(api_tokens).order_by(api_tokens.c.id)
        return [_to_token(r) for r in self._read(lambda c: c.execute(query).all())]

    def revoke_token(self, name: str, at: datetime) -> ApiToken:
        """Revoke the token called `name` (a token revoked already keeps its first revocation
        time); raises NotFound when there is none."""

        def run(conn: Connection) -> ApiToken:
            conn.execute(
                update(api_tokens)
                .where(api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=at)
            )
            row = conn.execute(_by_name(name)).first()
            if row is None:
                raise NotFound(f"no token named {name!r}")
            return _to_token(row)

        return self._write(run)


def _by_name(name: str) -> Select[Any]:
    return select(api_tokens).where(api_tokens.c.name == name)


def _to_token(row: Any) -> ApiToken:
    m = row._mapping
    return ApiToken(
        id=m["id"],
        name=m["name"],
        created_at=m["created_at"],
        last_used_at=m["last_used_at"],
        revoked_at=m["revoked_at"],
    )
