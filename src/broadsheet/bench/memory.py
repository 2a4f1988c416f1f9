"""Peak memory of a process tree (this process and its descendants), sampled.

`getrusage` reports one process's peak; with extraction in worker processes the cost is the sum
over the tree. Two sums are kept: RSS, which counts a page shared by several processes (the
fork server's imports, copy-on-write) once per process, and PSS, which splits it between them
(what the tree really costs). On Linux the tree is read from /proc every `interval` seconds;
elsewhere only this process's own peak RSS is known."""

from __future__ import annotations

import os
import resource
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

__all__ = ["PeakTreeMemory", "TreeMemory", "tree_memory"]

_PROC = Path("/proc")


@dataclass(frozen=True, slots=True)
class TreeMemory:
    rss_mb: float = 0.0
    pss_mb: float = 0.0
    processes: int = 0


class PeakTreeMemory:
    """with PeakTreeMemory(exclude={pid}) as peak: …; then peak.rss_mb, peak.pss_mb."""

    def __init__(self, exclude: frozenset[int] = frozenset(), interval: float = 0.05) -> None:
        self.exclude, self.interval = exclude, interval
        self.rss_mb = self.pss_mb = 0.0
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="memory-sampler", daemon=True)

    def __enter__(self) -> PeakTreeMemory:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        if not _PROC.is_dir():
            self.rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def _sample(self) -> None:
        while _PROC.is_dir():
            now = tree_memory(os.getpid(), self.exclude)
            self.rss_mb, self.pss_mb = max(self.rss_mb, now.rss_mb), max(self.pss_mb, now.pss_mb)
            self.processes = max(self.processes, now.processes)
            if self._stop.wait(self.interval):
                return


def tree_memory(root: int, exclude: frozenset[int] = frozenset()) -> TreeMemory:
    """Memory of `root` and its descendants now (the subtrees of `exclude` left out)."""
    children = _children()
    rss = pss = count = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        if pid in exclude:
            continue
        kb = _rollup_kb(pid)
        rss, pss, count = rss + kb.get("Rss", 0), pss + kb.get("Pss", kb.get("Rss", 0)), count + 1
        todo.extend(children.get(pid, []))
    return TreeMemory(rss / 1024, pss / 1024, count)


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in _PROC.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended while we looked
        # "pid (command name, may hold spaces) state ppid …"
        pid, ppid = int(text[: text.index(" ")]), int(text[text.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(pid)
    return children


def _rollup_kb(pid: int) -> dict[str, int]:
    """Rss and Pss in kB from smaps_rollup (Linux 4.14+), else Rss from status."""
    for name, keys in (("smaps_rollup", ("Rss:", "Pss:")), ("status", ("VmRSS:",))):
        try:
            lines = (_PROC / str(pid) / name).read_text().splitlines()
        except OSError:
            continue
        found = {
            line.split(":")[0].removeprefix("Vm"): int(line.split()[1])
            for line in lines
            if line.startswith(keys)
        }
        if found:
            return found
    return {}
