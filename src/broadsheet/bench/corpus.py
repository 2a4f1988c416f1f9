"""Evaluation corpora: where they live, how to stream their pages, and how to score them.

The corpora are third-party pages kept outside the repository (`../shared/data` next to a
checkout, or `$BROADSHEET_DATA`). Pages are read straight out of their `.tar.xz` archive, one at
a time, and never written to disk.
"""

from __future__ import annotations

import os
import tarfile
from collections.abc import Container, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_ENV = "BROADSHEET_DATA"


def default_data_dir() -> Path:
    """`$BROADSHEET_DATA`, else `../shared/data` beside the repository root."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    repo_root = Path(__file__).resolve().parents[3]
    return repo_root / ".." / "shared" / "data"


def iter_archive(archive: Path, wanted: Container[str]) -> Iterator[tuple[str, bytes]]:
    """Yield `(member name, bytes)` for each wanted member, in archive order, streaming."""
    with tarfile.open(archive, mode="r|xz") as tar:
        for member in tar:
            if not member.isfile() or member.name not in wanted:
                continue
            handle = tar.extractfile(member)
            if handle is not None:
                yield member.name, handle.read()


@dataclass(slots=True)
class Confusion:
    """Accumulated true/false positive/negative counts and the scores derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0, tn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn
        self.tn += tn

    def scores(self) -> dict[str, float | int]:
        total = self.tp + self.fp + self.fn + self.tn
        return {
            "precision": _ratio(self.tp, self.tp + self.fp),
            "recall": _ratio(self.tp, self.tp + self.fn),
            "accuracy": _ratio(self.tp + self.tn, total),
            "f1": _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0
