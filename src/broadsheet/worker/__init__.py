"""Runs ingests: a scheduler thread and a pool, in-process by default."""

from broadsheet.worker.pool import refresh
from broadsheet.worker.scheduler import Scheduler

__all__ = ["Scheduler", "refresh"]
