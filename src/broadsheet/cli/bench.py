"""`broadsheet bench …`: reproducible measurements that print a table (or JSON with --json)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from broadsheet.bench.corpus import default_data_dir
from broadsheet.bench.table import to_json
from broadsheet.cli.common import progress

app = typer.Typer(help="Benchmarks: quality and speed, printed as tables.", no_args_is_help=True)

DATA = typer.Option(None, "--data", help="The evaluation data folder (default: ../shared/data).")
JSON = typer.Option(False, "--json", help="Print the numbers as JSON instead of a table.")
LIMIT = typer.Option(None, "--limit", help="Only the first N pages (quick look).")


def _show(result: dict[str, Any], as_json: bool, printer: Any) -> None:
    if as_json:
        print(to_json(result))
    else:
        printer(result)


@contextmanager
def _pages_bar(label: str, limit: int | None) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr, so --json output stays clean."""
    with progress() as bar:
        task = bar.add_task(label, total=limit)
        yield lambda: bar.advance(task)


def _data_root(data: Path | None, dataset: str) -> Path:
    """Accept either the data folder or the dataset's own folder."""
    root = data or default_data_dir()
    return root.parent if root.name == dataset else root


@app.command()
def extract(data: Path = DATA, json: bool = JSON, limit: int = LIMIT) -> None:
    """Extraction precision/recall/F1 and pages/s: Broadsheet vs plain trafilatura."""
    from broadsheet.bench import extract as bench

    with _pages_bar("Extracting pages", limit) as advance:
        result = bench.run(_data_root(data, bench.DATASET), limit=limit, on_page=advance)
    _show(result, json, bench.print_table)


@app.command()
def dates(data: Path = DATA, json: bool = JSON, limit: int = LIMIT) -> None:
    """Publication-date precision/recall/accuracy/F1: Broadsheet vs plain htmldate."""
    from broadsheet.bench import dates as bench

    with _pages_bar("Dating pages", limit) as advance:
        result = bench.run(_data_root(data, bench.DATASET), limit=limit, on_page=advance)
    _show(result, json, bench.print_table)


@app.command()
def ingest(
    rounds: int = typer.Option(3, help="Fresh-database rounds; the median is reported."),
    threads: int = typer.Option(4, help="Worker threads."),
    processes: int = typer.Option(
        None, help="Extraction processes (default: one per core; 0: in the ingest threads)."
    ),
    json: bool = JSON,
) -> None:
    """End-to-end articles/s from the local demo site to stored, indexed articles."""
    from broadsheet.bench import ingest as bench

    result = bench.run(rounds=rounds, threads=threads, processes=processes)
    _show(result, json, bench.print_table)


@app.command()
def latency(
    articles: int = typer.Option(100_000, help="Articles stored before measuring."),
    requests: int = typer.Option(2000, help="Requests per page type."),
    concurrency: int = typer.Option(4, help="Requests in flight at once."),
    database: Path = typer.Option(Path("var/bench-latency.db"), help="SQLite file (reused)."),
    port: int = typer.Option(8099, help="Port for the server under test."),
    json: bool = JSON,
) -> None:
    """Article, front and search page p50/p95/p99 under a local load generator."""
    from broadsheet.bench import latency as bench

    result = bench.run(f"sqlite:///{database}", articles, requests, concurrency, port)
    _show(result, json, bench.print_table)


STORIES = ("giveme5w1h.jsonl", "uci-headlines.jsonl")


@app.command()
def clustering(
    data: list[Path] = typer.Option(
        None, "--data", help="A stories JSONL file (repeatable; default: both evaluation sets)."
    ),
    embedder: str = typer.Option("default", help="default | minilm | none (lexical terms only)."),
    json: bool = JSON,
) -> None:
    """Story clustering pairwise P/R/F1, clusters vs gold, articles/s and memory."""
    from broadsheet.bench import clustering as bench

    files = data or [default_data_dir() / "stories" / name for name in STORIES]
    embed, name = _embedder(embedder)
    results = [bench.run(path, embed=embed, embedder_name=name) for path in files]
    if json:
        print(to_json({"results": results}))
    else:
        bench.print_table(results)


def _embedder(choice: str) -> tuple[Callable[..., Any] | None, str]:
    if choice == "none":
        return None, "none"
    from broadsheet.enrich.embedding import default_embedder

    model = default_embedder()
    return model.embed, model.name


@app.command()
def dedupe(data: Path = DATA, json: bool = JSON) -> None:
    """Syndicated-copy detection: BBC duplicate groups and derived wire variants."""
    from broadsheet.bench import dedupe as bench

    result = bench.run(data or default_data_dir())
    if json:
        print(result.to_json())
    else:
        bench.print_table(result)


@app.command()
def related(
    data: list[Path] = typer.Option(
        None, "--data", help="A stories JSONL file (repeatable; default: both evaluation sets)."
    ),
    embedder: str = typer.Option("default", help="default | minilm | none (no vectors)."),
    scale: int = typer.Option(
        0, help="Also time related lists with this many stored articles (streams replayed)."
    ),
    json: bool = JSON,
) -> None:
    """Related articles: precision@5 in the gold story against the latest articles; ms each."""
    from broadsheet.bench import related as bench

    files = data or [default_data_dir() / "stories" / name for name in STORIES]
    embed, name = _embedder(embedder)
    results = [bench.run(path, embed=embed, embedder_name=name) for path in files]
    scaled = [bench.scaling(p, scale, embed=embed, embedder_name=name) for p in files if scale]
    if json:
        print(to_json({"results": results, "scaling": scaled}))
        return
    bench.print_table(results)
    if scaled:
        bench.print_scaling(scaled)
