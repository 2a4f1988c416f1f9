"""The reader-facing site: server-rendered pages, each also available as JSON."""

from broadsheet.web.app import create_app

__all__ = ["create_app"]
