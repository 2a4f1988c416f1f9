"""Wires the pure stages to storage: fetch → extract → normalize → store."""

from broadsheet.pipeline.extraction import IN_PROCESS, Extraction
from broadsheet.pipeline.ingest import ingest

__all__ = ["IN_PROCESS", "Extraction", "ingest"]
