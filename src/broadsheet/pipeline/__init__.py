"""Wires the pure stages to storage: fetch → extract → normalize → store."""

from broadsheet.pipeline.ingest import ingest

__all__ = ["ingest"]
