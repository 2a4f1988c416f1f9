from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared evaluation data (`../shared/data` beside the repo, or $BROADSHEET_DATA)."""
    override = os.environ.get("BROADSHEET_DATA")
    path = (
        Path(override)
        if override
        else Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
    )
    if not path.is_dir():
        pytest.skip(f"evaluation data not found at {path} (set BROADSHEET_DATA)")
    return path
