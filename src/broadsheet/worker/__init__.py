"""Runs ingests: a scheduler thread and a thread pool, with extraction in worker processes."""

from broadsheet.worker.extraction import ExtractionPool
from broadsheet.worker.pool import refresh
from broadsheet.worker.scheduler import Scheduler

__all__ = ["ExtractionPool", "Scheduler", "refresh"]
