"""One view, two forms: HTML through a template, or JSON (`.json` suffix or Accept header)."""

from __future__ import annotations

import dataclasses
import enum
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from broadsheet.model import Article, Page

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def wants_json(request: Request) -> bool:
    if getattr(request.state, "json_suffix", False):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def respond(request: Request, template: str, view: Any, status: int = 200) -> Response:
    if wants_json(request):
        return JSONResponse(jsonable(view), status_code=status)
    return templates.TemplateResponse(request, template, {"view": view}, status_code=status)


def jsonable(value: Any) -> Any:
    """Dataclasses → dicts, times → ISO 8601, enums → values; articles gain their paragraphs."""
    if isinstance(value, Article):
        data = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        data["paragraphs"] = value.paragraphs
        return data
    if isinstance(value, Page):
        return {
            "items": [jsonable(i) for i in value.items],
            "page": value.page,
            "per_page": value.per_page,
            "total": value.total,
            "pages": value.pages,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value
