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
    processes: int = typer.Option(1, help="Server processes (`serve --processes`)."),
    json: bool = JSON,
) -> None:
    """Article, related (cold, warm and aged), front and search p50/p95/p99 under a local load
    generator; the server's and the generator's CPU a request, the server's peak memory and the
    stored related lists' size."""
    from broadsheet.bench import latency as bench

    url = f"sqlite:///{database}"
    result = bench.run(url, articles, requests, concurrency, port, processes=processes)
    _show(result, json, bench.print_table)


@app.command()
def comments(
    comments: int = typer.Option(1_000_000, help="Comments stored before measuring."),
    articles: int = typer.Option(20_000, help="Articles they are spread over."),
    requests: int = typer.Option(1000, help="Requests per row."),
    concurrency: int = typer.Option(4, help="Requests in flight at once (one reader each)."),
    database: Path = typer.Option(Path("var/bench-comments.db"), help="SQLite file (reused)."),
    port: int = typer.Option(8098, help="Port for the server under test."),
    json: bool = JSON,
) -> None:
    """Posting a comment and listing an article's comments (page and API) p50/p95/p99 with
    many stored comments; the server's peak memory and the database size."""
    from broadsheet.bench import comments as bench

    url = f"sqlite:///{database}"
    result = bench.run(url, articles, comments, requests, concurrency, port)
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


@app.command("search")
def search_quality(
    data: list[Path] = typer.Option(
        None, "--data", help="A stories JSONL file (repeatable; default: both evaluation sets)."
    ),
    embedder: str = typer.Option("minilm", help="minilm | lexical (hashed words, no model)."),
    limit: int = typer.Option(None, "--limit", help="Only the first N articles of each stream."),
    json: bool = JSON,
) -> None:
    """Search quality: MRR and recall@10 of keyword, meaning and hybrid search, headline queries."""
    from broadsheet.bench import search as bench
    from broadsheet.enrich.embedding import Embedder, LexicalEmbedder

    model: Embedder
    if embedder == "lexical":
        model = LexicalEmbedder()
    elif embedder == "minilm":
        from broadsheet.enrich.minilm import MiniLMEmbedder

        model = MiniLMEmbedder()
    else:
        raise typer.BadParameter(f"{embedder!r}: use minilm or lexical", param_hint="--embedder")
    files = data or [default_data_dir() / "stories" / name for name in STORIES]
    results = [bench.run(path, model, limit=limit) for path in files]
    if json:
        print(to_json({"results": results}))
    else:
        bench.print_table(results)


@app.command()
def guard(
    data: Path = DATA,
    json: bool = JSON,
    limit: int = typer.Option(
        None, "--limit", help="Only the first N FRANK articles, and N LLM articles (default 20)."
    ),
    llm_url: str = typer.Option(
        None, "--llm-url", help="Also summarise demo articles through this OpenAI-compatible URL."
    ),
    llm_model: str = typer.Option("default", "--llm-model", help="The model name to send."),
) -> None:
    """The summary guard: FRANK unfaithful summaries caught vs faithful ones flagged; with an
    LLM, the share of its generated sentences the guard rejects."""
    from broadsheet.bench import guard as bench

    with _pages_bar("Checking summaries", None) as advance:
        frank = bench.run(_data_root(data, bench.DATASET), limit=limit, on_summary=advance)
    llm = None
    if llm_url:
        with _pages_bar("Summarising with the LLM", limit or 20) as advance:
            llm = bench.run_llm(llm_url, llm_model, articles=limit or 20, on_article=advance)
    if json:
        print(to_json({"frank": frank, "llm": llm}))
        return
    bench.print_table(frank)
    if llm:
        bench.print_llm_table(llm)


@app.command()
def summaries(data: Path = DATA, json: bool = JSON, limit: int = LIMIT) -> None:
    """Article summaries on FRANK's CNN/DM articles: ROUGE-1/2/L vs Lead-3, traceable share."""
    from broadsheet.bench import summaries as bench

    with _pages_bar("Summarising articles", limit) as advance:
        result = bench.run(_data_root(data, bench.DATASET), limit=limit, on_article=advance)
    _show(result, json, bench.print_table)


@app.command()
def tags(data: Path = DATA, json: bool = JSON, limit: int = LIMIT) -> None:
    """Hashtags: share of articles with ≥ 3 tags, BBC topic accuracy, articles/s, memory."""
    from broadsheet.bench import tags as bench

    with _pages_bar("Tagging articles", 2 * limit if limit else None) as advance:
        result = bench.run(data or default_data_dir(), limit=limit, on_article=advance)
    _show(result, json, bench.print_table)


@app.command()
def enrich(
    data: Path = DATA,
    articles: int = typer.Option(400, help="BBC 2005 articles to enrich."),
    json: bool = JSON,
) -> None:
    """Whole enrichment with every default: articles/s on 1 and 2 processes, cold start, RSS."""
    from broadsheet.bench import enrichment as bench

    result = bench.run(data or default_data_dir(), articles=articles)
    _show(result, json, bench.print_table)
