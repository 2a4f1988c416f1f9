"""The hashtag benchmark on a few hand-written articles: structure and sane numbers, not speed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from broadsheet.bench import tags
from broadsheet.cli.main import app
from tests.enrich.articles import DRONES, DRONES_TITLE, PORT, PORT_TITLE


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """A data folder shaped like ../shared/data, holding the two test articles and a stub."""
    root = tmp_path_factory.mktemp("data")
    rows = [
        {"title": DRONES_TITLE, "text": DRONES, "category": "politics"},
        {"title": PORT_TITLE, "text": PORT, "category": "business"},
        {"title": "Short", "text": "Too short to count.", "category": "sport"},
    ]
    for relative in (tags.BBC, tags.GIVEME):
        path = root / relative
        path.parent.mkdir(parents=True)
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def result(data) -> dict:
    return tags.run(data, speed_articles=3)


def test_coverage_counts_only_articles_of_150_words(result):
    for name in ("bbc-news-2005", "giveme5w1h"):
        row = result["quality"][name]
        assert row["long_articles"] == 2
        assert row["with_3_tags"] == 2 and row["coverage"] == 1.0
        assert 3 <= row["fewest_tags"] <= row["most_tags"] <= 8


def test_topics_are_scored_against_the_categories(result):
    row = result["quality"]["bbc-news-2005"]
    assert row["articles"] == 3
    # The drone strikes are "conflict" (politics), the short text gets no topic.
    assert row["no_topic"] >= 1 and 0 < row["topic_accuracy"] <= row["topic_precision"] <= 1


def test_speed_runs_in_fresh_processes(result):
    for row in result["speed"].values():
        assert row["articles_per_second"] > 0 and row["cold_start_s"] > 0
        assert row["peak_rss_mb"] > 50


def test_prints_tables(result):
    buffer = io.StringIO()
    tags.print_table(result, console=Console(file=buffer, width=140))
    assert "giveme5w1h" in buffer.getvalue() and "2 processes" in buffer.getvalue()


def test_the_command_prints_json(data):
    output = CliRunner().invoke(app, ["bench", "tags", "--data", str(data), "--json"])
    assert output.exit_code == 0, output.output
    assert json.loads(output.stdout)["benchmark"] == "tags"
