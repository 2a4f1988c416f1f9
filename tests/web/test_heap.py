"""A served app freezes what it loaded at start out of the collector's full passes."""

from __future__ import annotations

import gc
import threading

from fastapi.testclient import TestClient

from broadsheet.config import Settings
from broadsheet.web.app import create_app
from broadsheet.web.meaning import warm_in_background


def test_a_served_app_freezes_its_startup_objects(tmp_path) -> None:
    gc.unfreeze()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'heap.db'}", embeddings="none")
    try:
        with TestClient(create_app(settings, run_worker=False, warm=True)) as client:
            assert client.get("/").status_code == 200
            assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_an_app_not_served_freezes_nothing(tmp_path) -> None:
    gc.unfreeze()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'heap.db'}", embeddings="none")
    with TestClient(create_app(settings, run_worker=False)):
        assert gc.get_freeze_count() == 0


def test_warming_calls_on_even_when_search_by_meaning_cannot_run(tmp_path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'heap.db'}")  # no vectors stored
    app = create_app(settings, run_worker=False)
    warmed = threading.Event()
    with TestClient(app):
        warm_in_background(app, then=warmed.set)
        assert warmed.wait(30)
