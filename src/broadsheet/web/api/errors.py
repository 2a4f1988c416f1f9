"""Every API error is JSON `{"error": code, "message": words}` with its HTTP status.

The API's routes use `ApiRoute`, which turns errors into that shape inside the route, so the
HTML pages keep their own error pages and the two never share an exception handler."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from http import HTTPStatus
from typing import Any, NoReturn

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from broadsheet.errors import NotFound
from broadsheet.web.api.schemas import ErrorOut


class ApiError(Exception):
    def __init__(
        self, status: int, error: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message
        self.headers = dict(headers or {})


def error_response(exc: ApiError) -> JSONResponse:
    body = ErrorOut(error=exc.error, message=exc.message).model_dump()
    return JSONResponse(body, status_code=exc.status, headers=exc.headers)


def as_api_error(exc: Exception) -> ApiError | None:
    """The API's form of an error a request caused; None for a bug (left to be a 500)."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, NotFound):
        return ApiError(404, "not_found", str(exc))
    if isinstance(exc, RequestValidationError):
        return _invalid(exc)
    if isinstance(exc, HTTPException):
        code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
        return ApiError(exc.status_code, code, str(exc.detail), exc.headers)
    return None


def _invalid(exc: RequestValidationError) -> ApiError:
    """A body that isn't JSON is a 400; well-formed input that breaks the rules, a 422."""
    problems = list(exc.errors())
    if any(p.get("type") == "json_invalid" for p in problems):
        return ApiError(400, "malformed_body", "the request body is not valid JSON")
    words = "; ".join(f"{_where(p.get('loc', ()))}: {p.get('msg', 'invalid')}" for p in problems)
    return ApiError(422, "invalid_request", words or "the request is invalid")


def _where(loc: Any) -> str:
    return ".".join(str(part) for part in loc) or "request"


class ApiRoute(APIRoute):
    """An APIRoute whose errors are answered as `ErrorOut` JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handle(request)
            except Exception as exc:
                error = as_api_error(exc)
                if error is None:
                    raise
                return error_response(error)

        return guarded


def unmatched(prefix: str, routers: Sequence[APIRouter]) -> Callable[[Request], NoReturn]:
    """The endpoint for what no operation under `prefix` matched: a path none has is a 404,
    a known path asked with the wrong method a 405 naming the methods it has."""
    operations = [r for router in routers for r in router.routes if isinstance(r, APIRoute)]

    def answer(request: Request) -> NoReturn:
        path = request.scope["path"].removeprefix(prefix)
        allowed = sorted(
            {m for op in operations if op.path_regex.match(path) for m in op.methods or ()}
        )
        if allowed:
            message = f"{request.method} is not allowed here; use {', '.join(allowed)}"
            raise ApiError(405, "method_not_allowed", message, {"Allow": ", ".join(allowed)})
        raise ApiError(404, "not_found", f"no API operation at {request.scope['path']}")

    return answer
