"""`broadsheet bench search`: does search find the other reports of an article's event?

A labelled stream (the stories format: see `bench.clustering`) is clustered in stream order
with the shipped defaults, gold labels hidden, and stored whole in a fresh SQLite archive as the
server holds it (`bench.related.build_archive`: outlets as sources, stories, headline vectors
under the story desk's kind). Then every article whose gold story has another member asks the
search its own headline, as a reader retyping a headline would, in each mode (`services.search`,
the page's own code, over the whole archive): the relevant results are the other members of its
gold story; the article itself is left out of the results. A second set of queries is what a
reader types more often: two words, here the headline's two rarest (fewest headlines of the
stream hold them).

- MRR: the mean over queries of 1 / the rank of the first relevant result (0 when none is found
  within the mode's limit);
- recall@10: the share of the relevant articles among the first 10 results, out of at most 10
  (a story of 40 members is fully recalled by 10 of them).

Keyword search wants every word, so for a whole headline it finds mostly reports with the same
wording; meaning finds reworded ones; hybrid merges both lists.

The vector index of a large archive scores only the rows whose signs agree most with the query's
(`services.vector_index`). How much of the exact nearest list that keeps is measured here too,
on the stream's own headline vectors as queries, with the candidates at the same share of the
rows as at 100k articles (`PREFILTER_SHARE`): recall@10 and recall@100 against exact search.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from broadsheet.bench.clustering import LabelledArticle, cluster_stream, load_stream
from broadsheet.bench.related import build_archive
from broadsheet.bench.table import print_results
from broadsheet.cluster.assign import ClusterParams
from broadsheet.cluster.features import embedding_text
from broadsheet.enrich.embedding import Embedder
from broadsheet.services.meaning import HEADLINE, MeaningSearch
from broadsheet.services.search import MODES, SearchMode, search
from broadsheet.services.vector_index import CANDIDATES, VectorIndex
from broadsheet.storage import Repository, open_repository

__all__ = ["print_table", "run"]

TOP = 10
TERMS = 2  # words in a "terms" query
_WORD = re.compile(r"\w{3,}")
PREFILTER_SHARE = CANDIDATES / 100_000  # the share of rows scored exactly at 100k articles
PREFILTER_QUERIES = 300


class _Remembered:
    """An embedder that answers texts embedded earlier from memory: the queries here are the
    stored headlines, embedded once in batches (as the server embeds them) rather than again
    one by one, which would double the run's time for the same vectors."""

    def __init__(self, embedder: Embedder, known: Mapping[str, np.ndarray]) -> None:
        self.name, self.dim = embedder.name, embedder.dim
        self._embedder, self._known = embedder, known

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if all(t in self._known for t in texts):
            return np.stack([self._known[t] for t in texts]) if texts else self._embedder.embed([])
        return self._embedder.embed(texts)


def run(path: Path, embedder: Embedder, *, limit: int | None = None) -> dict[str, Any]:
    """Scores and query times per mode; `limit`: only the first `limit` articles of the stream."""
    articles = load_stream(path)[:limit] if limit else load_stream(path)
    texts = [embedding_text(a.title, a.text) for a in articles]
    vectors = embedder.embed(texts)
    stories, _ = cluster_stream(articles, vectors, ClusterParams())
    queries = {"headline": [a.title for a in articles], "terms": rare_terms(articles)}
    known = dict(zip(texts, vectors, strict=True))
    terms = sorted({q for q in queries["terms"] if q})
    known |= dict(zip(terms, embedder.embed(terms), strict=True))
    remembered = _Remembered(embedder, known)
    with tempfile.TemporaryDirectory() as tmp:
        repo = open_repository(f"sqlite:///{Path(tmp) / 'search.db'}")
        try:
            ids = build_archive(repo, articles, stories, vectors, embedder.name + HEADLINE)
            meaning = MeaningSearch(repo, embedder_for=lambda _name: remembered)
            scores = {
                kind: {m: _score(repo, meaning, m, articles, ids, asked) for m in MODES}
                for kind, asked in queries.items()
            }
            prefilter = prefilter_recall(repo, embedder.name + HEADLINE, vectors)
        finally:
            repo.close()
    return {
        "data": path.name,
        "articles": len(articles),
        "embedder": embedder.name,
        "queries": scores,
        "prefilter": prefilter,
    }


def rare_terms(articles: Sequence[LabelledArticle], n: int = TERMS) -> list[str]:
    """Each headline's `n` rarest words among the stream's headlines ("" for none), in the
    headline's order."""
    words = [list(dict.fromkeys(_WORD.findall(a.title.lower()))) for a in articles]
    frequency = Counter(w for title in words for w in title)
    rarest = [set(sorted(title, key=lambda w: frequency[w])[:n]) for title in words]
    return [
        " ".join(w for w in title if w in keep) for title, keep in zip(words, rarest, strict=True)
    ]


def prefilter_recall(
    repo: Repository, model: str, vectors: np.ndarray, *, seed: int = 7
) -> dict[str, float | None]:
    """Recall@10 and @100 of the sign prefilter against exact search, candidates at
    `PREFILTER_SHARE` of the rows (None where there are fewer candidates than k)."""
    exact = VectorIndex(model)
    share = max(1, round(len(vectors) * PREFILTER_SHARE))
    approximate = VectorIndex(model, exact_rows=0, candidates=share, per_result=0)
    exact.refresh(repo)
    approximate.refresh(repo)
    rng = np.random.default_rng(seed)
    queries = vectors[rng.choice(len(vectors), min(PREFILTER_QUERIES, len(vectors)), False)]
    result: dict[str, float | None] = {"candidates": share}
    for k in (10, 100):
        found = [
            len(_ids(exact.nearest(q, k)) & _ids(approximate.nearest(q, k))) / k for q in queries
        ]
        result[f"recall_at_{k}"] = statistics.fmean(found) if share >= k else None
    return result


def _ids(pairs: Iterable[tuple[int, float]]) -> set[int]:
    return {i for i, _ in pairs}


def _score(
    repo: Repository,
    meaning: MeaningSearch,
    mode: SearchMode,
    articles: Sequence[LabelledArticle],
    ids: Sequence[int],
    queries: Sequence[str],
) -> dict[str, float]:
    gold = {article_id: a.story for article_id, a in zip(ids, articles, strict=True)}
    sizes = Counter(a.story for a in articles)
    reciprocal: list[float] = []
    recall: list[float] = []
    seconds: list[float] = []
    for article_id, article, query in zip(ids, articles, queries, strict=True):
        relevant = sizes[article.story] - 1
        if relevant < 1 or not query.strip():
            continue
        start = time.perf_counter()
        found = search(repo, query, mode=mode, meaning=meaning)
        seconds.append(time.perf_counter() - start)
        others = [h.article_id for h in found.hits if h.article_id != article_id]
        hits = [gold[i] == article.story for i in others]
        first = hits.index(True) + 1 if True in hits else None
        reciprocal.append(1 / first if first else 0.0)
        recall.append(sum(hits[:TOP]) / min(TOP, relevant))
    ms = sorted(s * 1000 for s in seconds)
    return {
        "evaluated": len(reciprocal),
        "mrr": statistics.fmean(reciprocal) if reciprocal else 0.0,
        "recall_at_10": statistics.fmean(recall) if recall else 0.0,
        "found_share": sum(r > 0 for r in reciprocal) / len(reciprocal) if reciprocal else 0.0,
        "median_ms": statistics.median(ms) if ms else 0.0,
        "p95_ms": float(np.percentile(ms, 95)) if ms else 0.0,
    }


def print_table(results: Iterable[Mapping[str, Any]], console: Console | None = None) -> None:
    rows = {
        f"{Path(r['data']).stem} {kind} {mode}": scores
        for r in results
        for kind, modes in r["queries"].items()
        for mode, scores in modes.items()
    }
    columns = ("evaluated", "mrr", "recall_at_10", "found_share", "median_ms", "p95_ms")
    note = (
        "queries: each article's headline, or its 2 rarest words; relevant: the other members "
        "of its gold story; recall@10 out of at most 10; found: one anywhere in the list"
    )
    print_results("Search quality", rows, columns, note=note, console=console)
    prefilter = {Path(r["data"]).stem: r["prefilter"] for r in results}
    note = "share of the exact nearest headlines the sign prefilter keeps (queries: headlines)"
    kept = ("candidates", "recall_at_10", "recall_at_100")
    print_results("Vector prefilter", prefilter, kept, note=note, console=console)
