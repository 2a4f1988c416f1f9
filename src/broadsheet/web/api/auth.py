"""The bearer-token check for API writes: `Authorization: Bearer <token>` (see services/tokens)."""

from __future__ import annotations

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from broadsheet.model import ApiToken
from broadsheet.services import tokens
from broadsheet.storage import Repository
from broadsheet.web import deps
from broadsheet.web.api.errors import ApiError

# auto_error=False: a missing header is answered in the API's own error shape, below.
_bearer = HTTPBearer(
    auto_error=False,
    description="An API token from `broadsheet token create --name NAME`.",
)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="Broadsheet API"'}


def api_token(
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
    repo: Repository = Depends(deps.repo),
) -> ApiToken:
    """The token a request carries; 401 when it has none, or one that is unknown or revoked.
    Tokens are not tied to a browser session, so no CSRF check is needed (or possible)."""
    if credentials is None:
        message = "this operation needs an API token: send Authorization: Bearer <token>"
        raise ApiError(401, "unauthorized", message, _CHALLENGE)
    try:
        return tokens.authenticate(repo, credentials.credentials)
    except tokens.TokenError as exc:
        challenge = {"WWW-Authenticate": 'Bearer realm="Broadsheet API", error="invalid_token"'}
        raise ApiError(401, "invalid_token", str(exc), challenge) from exc
