"""Sentence-embedding benchmark: MiniLM on onnxruntime (fp32 and int8) and the lexical fallback.

Each contender runs in a fresh (spawned) process, so its cold start and peak memory are its own.
Cold start is import + load + the first `embed` of one short text, timed twice for MiniLM: with
an empty model cache (the ONNX graph is built, and for int8 quantised) and with the cache
filled (what every start after the first costs). Throughput is the best of `repeats` passes of
`embed` over all the texts at once (this machine's speed drifts with other load). Agreement is
each contender's cosine to MiniLM fp32, text by text.

    from broadsheet.bench import embedding as b
    b.print_table(b.run())
"""

from __future__ import annotations

import multiprocessing
import resource
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from broadsheet.bench.table import print_results

__all__ = ["CONTENDERS", "demo_paragraphs", "print_table", "run"]

CONTENDERS = ("minilm-int8", "minilm-fp32", "lexical")
_REFERENCE = "minilm-fp32"


def demo_paragraphs(limit: int = 200) -> list[str]:
    """The first `limit` paragraphs of the bundled Wikinews demo corpus."""
    from broadsheet.demo.corpus import load_corpus

    return [p for article in load_corpus() for p in article.paragraphs][:limit]


def run(
    texts: Sequence[str] | None = None,
    *,
    limit: int = 200,
    threads: int = 2,
    repeats: int = 3,
    contenders: Sequence[str] = CONTENDERS,
) -> dict[str, Any]:
    """Measure each contender on `texts` (default: `limit` demo paragraphs)."""
    texts = list(texts) if texts is not None else demo_paragraphs(limit)
    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as cache:
        for name in contenders:
            if name.startswith("minilm"):
                built = _in_fresh_process(name, ["warm up"], threads, cache, 0)
            rows[name] = _in_fresh_process(name, texts, threads, cache, repeats)
            if name.startswith("minilm"):
                rows[name]["build_s"] = built["cold_start_s"]
    _agreement(rows)
    return {
        "benchmark": "embedding",
        "texts": len(texts),
        "mean_chars": round(sum(map(len, texts)) / max(len(texts), 1)),
        "threads": threads,
        "contenders": rows,
    }


def print_table(result: dict[str, Any], console: Console | None = None) -> None:
    title = f"Sentence embeddings ({result['texts']} texts, {result['threads']} threads)"
    columns = (
        *("texts_per_second", "cold_start_s", "build_s", "peak_rss_mb"),
        *("min_cosine", "mean_cosine"),
    )
    note = (
        f"mean {result['mean_chars']} chars a text; cold start with the model cache filled, "
        f"build_s with it empty; cosines to {_REFERENCE}"
    )
    print_results(title, result["contenders"], columns, note=note, console=console)


def _in_fresh_process(
    name: str, texts: list[str], threads: int, cache: str, repeats: int
) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_measure, name, texts, threads, cache, repeats).result()


def _measure(name: str, texts: list[str], threads: int, cache: str, repeats: int) -> dict[str, Any]:
    """Runs in the fresh process: everything from the first import on is timed."""
    start = time.perf_counter()
    embedder = _embedder(name, threads, Path(cache))
    embedder.embed(["warm up"])
    row: dict[str, Any] = {"cold_start_s": time.perf_counter() - start, "name": embedder.name}
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        row["vectors"] = embedder.embed(texts)
        best = min(best, time.perf_counter() - start)
    if repeats:
        row["texts_per_second"] = len(texts) / best
    row["peak_rss_mb"] = _peak_rss_mb()
    return row


def _peak_rss_mb() -> float:
    """This process's peak RSS. Not `ru_maxrss`: on Linux that carries over the peak of the
    process that forked this one; VmHWM belongs to the address space, new at exec."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    (line,) = (line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _embedder(name: str, threads: int, cache: Path) -> Any:
    if name == "lexical":
        from broadsheet.enrich.embedding import LexicalEmbedder

        return LexicalEmbedder()
    from broadsheet.enrich.minilm import MiniLMEmbedder

    precision = name.removeprefix("minilm-")
    return MiniLMEmbedder(precision, threads=threads, cache_dir=cache)  # type: ignore[arg-type]


def _agreement(rows: dict[str, dict[str, Any]]) -> None:
    """Replace each row's vectors by their cosines to the reference's (when it ran)."""
    reference = rows.get(_REFERENCE, {}).get("vectors")
    for row in rows.values():
        vectors = row.pop("vectors", None)
        if reference is None or vectors is None or vectors.shape != reference.shape:
            continue
        cosines = np.einsum("ij,ij->i", vectors, reference)
        row["min_cosine"], row["mean_cosine"] = float(cosines.min()), float(cosines.mean())
