"""Where the evaluation data and the pinned floors are, for every quality gate."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

FLOORS = tomllib.loads((Path(__file__).parent / "floors.toml").read_text(encoding="utf-8"))


def data_dir() -> Path:
    """../shared/data beside the checkout, or $BROADSHEET_DATA."""
    override = os.environ.get("BROADSHEET_DATA")
    return (
        Path(override)
        if override
        else Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
    )
