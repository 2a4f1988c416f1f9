"""The syndicated-copy benchmark on a tiny synthetic corpus: structure and sane numbers."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from rich.console import Console

from broadsheet.bench import dedupe

ORIGINALS = {"bbc": 6, "cnndm": 3, "xsum": 3}


def _article(rng: random.Random, vocabulary: list[str]) -> str:
    sentences = [
        " ".join(rng.choices(vocabulary, k=rng.randint(12, 24))).capitalize() + "."
        for _ in range(rng.randint(12, 16))
    ]
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def _write_jsonl(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """20 BBC-shaped articles with two exact copies and one retitled copy; 8 FRANK ones."""
    rng = random.Random(5)
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "do", "gu"]
    vocabulary = sorted({"".join(rng.choices(syllables, k=3)) for _ in range(3000)})
    root = tmp_path_factory.mktemp("data")
    bbc = [
        {"id": f"tech/{i:03}", "category": "tech", "title": f"Story {i}"}
        | {"text": _article(rng, vocabulary)}
        for i in range(20)
    ]
    bbc += [
        {**bbc[0], "id": "tech/100"},
        {**bbc[1], "id": "tech/101"},
        {**bbc[2], "id": "tech/102", "title": "Another headline"},
    ]
    _write_jsonl(root / dedupe.BBC, bbc)
    frank = [
        {"id": f"f{i}", "dataset": "cnndm" if i % 2 else "xsum"}
        | {"article": _article(rng, vocabulary).replace("\n\n", " ")}
        for i in range(8)
    ]
    _write_jsonl(root / dedupe.FRANK, frank)
    return root


@pytest.fixture(scope="module")
def result(data) -> dedupe.DedupeResult:
    return dedupe.run(data, originals=ORIGINALS)


def test_bbc_duplicate_groups_found_without_false_merges(result):
    bbc = result.bbc
    assert (bbc.gold_groups, bbc.gold_groups_found) == (2, 2)
    assert (bbc.body_groups, bbc.body_groups_found) == (3, 3)
    assert bbc.false_merges == 0
    assert bbc.pairs.precision == bbc.pairs.recall == 1.0
    assert bbc.reviewed_copies == 0  # the reviewed BBC pairs are not in this corpus


def test_variants_are_grouped_with_their_originals(result):
    variants = result.variants
    assert variants.originals == sum(ORIGINALS.values())
    assert variants.documents == 7 * variants.originals
    assert variants.pairs.recall > 0.9 and variants.pairs.precision > 0.9
    assert set(variants.recall_by_kind) == {"retitled", "trimmed", "boilerplate", "dateline"}
    assert set(variants.rewrites_merged) == {"rewrite-added", "rewrite-replaced"}


def test_speed_memory_and_parameters_are_reported(result):
    assert result.signatures_per_second > 0
    assert result.bbc.stream.articles == 23
    assert result.peak_rss_mb > 0
    assert result.lsh == {"permutations": 64, "bands": 32, "rows": 2, "shingle_words": 5}


def test_table_and_json(result):
    buffer = io.StringIO()
    dedupe.print_table(result, console=Console(file=buffer, width=120))
    assert "BBC 2005" in buffer.getvalue() and "variants" in buffer.getvalue()
    assert json.loads(result.to_json()) == json.loads(json.dumps(result.as_dict()))
    assert result.as_dict()["benchmark"] == "dedupe"
