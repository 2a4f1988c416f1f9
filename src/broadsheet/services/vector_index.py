"""Every stored vector of one model in an in-process matrix: nearest articles by cosine.

No vector extension is needed (the stdlib sqlite3 cannot load one): the vectors live in a BLOB
column, are read once into a float32 matrix, and later only the vectors of articles with ids
above the last one read (the cursor) are appended. Rows are unit length, so a dot product is a
cosine. Filters on outlet and time are masks over per-row arrays of source ids and times. (The
story desk stores vectors in id order; one stored later under a lower id, which several writers
on PostgreSQL could cause, is read at the next start.)

Up to `EXACT_ROWS` vectors a query scores every row (one matrix–vector product). Beyond, that
product reads the whole matrix (154 MB at 100k × 384): 8–10 ms of CPU at 100k on the 2-core
reference machine, too much of the search page's 50 ms at 4 requests in flight. So a large
index also keeps each vector's signs (one bit a dimension, 4.8 MB at 100k): the rows whose signs
differ least from the query's (Hamming distance, ~3 ms) are the candidates, and only those
`CANDIDATES` rows are scored exactly (5 ms in all at 100k). Measured on 6,694 real MiniLM
headline vectors (both labelled streams) with candidates at the same 5 % of the rows: 99.9 % of
the exact top 10 and 95.5 % of the exact top 100 are found; what is returned is always scored
exactly. (2 %: 99.7 % and 85 %.) Signs say nothing of vectors without negative components (the
lexical fallback's hashed word counts: 78 % of the top 10 kept), so those are always scored in full.

The index refuses to grow past `max_bytes` (`IndexTooLarge`): the lexical fallback's vectors
have 4,096 dimensions, 16 KB an article, 1.6 GB at 100k articles.

The arrays grow by doubling, so appending copies rarely; a search reads a snapshot taken in one
attribute read, so appending (under a lock) never disturbs a search in flight.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from broadsheet.errors import BroadsheetError
from broadsheet.storage import Repository
from broadsheet.storage.repository import StoredVector

__all__ = ["CANDIDATES", "EXACT_ROWS", "PER_RESULT", "IndexTooLarge", "VectorIndex"]

READ_BATCH = 5_000  # vectors read per query while loading
EXACT_ROWS = 20_000  # up to this many rows every query scores every row
CANDIDATES = 5_000  # rows scored exactly beyond that
PER_RESULT = 20  # and at least this many per result asked for
_START_ROWS = 1_024


class IndexTooLarge(BroadsheetError):
    """Holding the stored vectors would take more memory than allowed; the message says how much."""


@dataclass(frozen=True, slots=True)
class _Rows:
    """The first `n` rows of each array are live; the rest is room to grow."""

    n: int
    matrix: np.ndarray  # (capacity, dim) float32, unit rows
    # (ceil(dim / 64), capacity) uint64: the matrix's signs, packed; a line per 64-bit word, so
    # that each word of every row is contiguous (counting differing bits: 0.4 ms, not 1.1)
    signs: np.ndarray
    ids: np.ndarray  # int64 article ids, ascending
    sources: np.ndarray  # int64 source ids
    published: np.ndarray  # float64 POSIX seconds


class VectorIndex:
    """The vectors of `model` (a stored model name, e.g. "all-MiniLM-L6-v2/onnx-int8/headline")."""

    def __init__(
        self,
        model: str,
        *,
        exact_rows: int = EXACT_ROWS,
        candidates: int = CANDIDATES,
        per_result: int = PER_RESULT,
        max_bytes: int | None = None,
    ) -> None:
        self.model = model
        self.exact_rows, self.candidates, self.per_result = exact_rows, candidates, per_result
        self.max_bytes = max_bytes
        self._signed = True  # the vectors have negative components: their signs tell apart
        self._rows: _Rows | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        rows = self._rows
        return 0 if rows is None else rows.n

    @property
    def cursor(self) -> int:
        """The highest article id held (0 when empty): the next read starts above it."""
        rows = self._rows
        return 0 if rows is None or rows.n == 0 else int(rows.ids[rows.n - 1])

    def refresh(self, repo: Repository) -> int:
        """Append every stored vector of the model above the cursor; returns how many.
        IndexTooLarge when they would take more than `max_bytes`."""
        added = 0
        with self._lock:
            while batch := repo.vectors_after(self.model, self.cursor, READ_BATCH):
                self._append(batch)
                added += len(batch)
        return added

    def _append(self, batch: Sequence[StoredVector]) -> None:
        vectors = np.stack([np.frombuffer(v.vector, dtype=np.float32) for v in batch])
        self._check_size(len(self) + len(batch), vectors.shape[1])
        if self._rows is None:
            self._signed = bool((vectors < 0).any())
        rows = self._rows or _empty(vectors.shape[1])
        if vectors.shape[1] != rows.matrix.shape[1]:
            raise ValueError(f"vectors of {self.model!r} changed size: {vectors.shape[1]}")
        rows = _with_room(rows, rows.n + len(batch))
        end = rows.n + len(batch)
        rows.matrix[rows.n : end] = vectors
        rows.signs[:, rows.n : end] = _signs(vectors).T
        rows.ids[rows.n : end] = [v.article_id for v in batch]
        rows.sources[rows.n : end] = [v.source_id for v in batch]
        rows.published[rows.n : end] = [v.published_at.timestamp() for v in batch]
        self._rows = _Rows(end, rows.matrix, rows.signs, rows.ids, rows.sources, rows.published)

    def _check_size(self, count: int, dim: int) -> None:
        needed = count * (dim * 4 + _words(dim) * 8 + 24)  # vector, signs, id, source, time
        if self.max_bytes is not None and needed > self.max_bytes:
            raise IndexTooLarge(
                f"{count:,} vectors of {dim} dimensions would take {needed / 2**20:,.0f} MB in "
                f"memory, over the {self.max_bytes / 2**20:,.0f} MB allowed "
                "(BROADSHEET_SEARCH_MEMORY_MB)"
            )

    def nearest(
        self,
        vector: np.ndarray,
        k: int,
        *,
        min_score: float = -1.0,
        sources: Collection[int] | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
    ) -> list[tuple[int, float]]:
        """Up to `k` (article id, cosine) pairs, closest first, at least `min_score`, among the
        articles of `sources` (None: any) published in [after, before)."""
        rows = self._rows
        if rows is None or rows.n == 0 or k <= 0:
            return []
        query = vector.astype(np.float32, copy=False)
        keep = _mask(rows, sources, after, before)
        chosen = self._candidates(rows, query, keep, k)
        if chosen is None:  # every row
            chosen, scores = np.arange(rows.n), _dot(rows.matrix[: rows.n], query)
        else:
            scores = _dot(np.take(rows.matrix, chosen, axis=0), query)  # take: 0.5 ms, [] 0.8
        if keep is not None:
            scores = np.where(keep[chosen], scores, -np.inf)
        k = min(k, len(chosen))
        top = np.argpartition(-scores, k - 1)[:k]
        # Best first; equal scores go to the newer article.
        top = top[np.lexsort((-rows.ids[chosen[top]], -scores[top]))]
        # A masked row scores -inf, below any `min_score`.
        return [(int(rows.ids[chosen[i]]), float(scores[i])) for i in top if scores[i] >= min_score]

    def _candidates(
        self, rows: _Rows, query: np.ndarray, keep: np.ndarray | None, k: int
    ) -> np.ndarray | None:
        """Row numbers to score exactly: None (all) in a small index, else those whose signs
        are nearest the query's (masked rows last)."""
        wanted = max(self.candidates, self.per_result * k)
        if rows.n <= max(self.exact_rows, wanted) or not self._signed:
            return None
        words = _signs(query[None, :])[0]
        distance = np.zeros(rows.n, dtype=np.uint16)
        differ = np.empty(rows.n, dtype=np.uint64)
        for word, signs in zip(words, rows.signs, strict=True):
            np.bitwise_xor(signs[: rows.n], word, out=differ)
            distance += np.bitwise_count(differ)
        if keep is not None:
            distance[~keep] = len(words) * 64 + 1  # farther than any row can be
        return _nearest_rows(distance, wanted)


def _nearest_rows(distance: np.ndarray, wanted: int) -> np.ndarray:
    """The `wanted` rows of smallest distance, in row order (gathering rows scattered over the
    matrix took 8 ms, in order 0.7 ms). Distances are small counts of differing bits, so a
    histogram finds the cut: 0.15 ms against 1.1 ms for argpartition and a sort at 100k rows.
    Rows at the cut distance are taken in row order until `wanted` are found."""
    if len(distance) <= wanted:
        return np.arange(len(distance))
    counts = np.bincount(distance)
    cut = int(np.searchsorted(np.cumsum(counts), wanted))
    chosen = distance < cut
    chosen[np.flatnonzero(distance == cut)[: wanted - int(np.count_nonzero(chosen))]] = True
    return np.flatnonzero(chosen)  # a mask, not a union of index arrays: 0.2 ms, not 0.7


def _dot(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Each row · vector, in numpy's own loop: OpenBLAS hands a matrix–vector product to its
    threads, and waking them on 2 busy cores cost 6–8 ms for 2,000 rows (0.2 ms this way) and
    made the full product slower too (13–15 ms against 8–10 ms at 100k rows)."""
    return np.einsum("ij,j->i", matrix, vector)


def _signs(vectors: np.ndarray) -> np.ndarray:
    """Packed signs, padded to whole 64-bit words: counting differing bits word by word is
    several times faster than byte by byte."""
    packed = np.packbits(vectors > 0, axis=1)
    padded = np.zeros((len(packed), _words(vectors.shape[1]) * 8), dtype=np.uint8)
    padded[:, : packed.shape[1]] = packed
    return padded.view(np.uint64)


def _words(dim: int) -> int:
    return -(-dim // 64)


def _mask(
    rows: _Rows,
    sources: Collection[int] | None,
    after: datetime | None,
    before: datetime | None,
) -> np.ndarray | None:
    keep: np.ndarray | None = None
    if sources is not None:
        keep = np.isin(rows.sources[: rows.n], np.fromiter(sources, dtype=np.int64))
    for bound, at_least in ((after, True), (before, False)):
        if bound is None:
            continue
        published = rows.published[: rows.n]
        part = published >= bound.timestamp() if at_least else published < bound.timestamp()
        keep = part if keep is None else keep & part
    return keep


def _empty(dim: int) -> _Rows:
    return _Rows(
        0,
        np.zeros((0, dim), dtype=np.float32),
        np.zeros((_words(dim), 0), dtype=np.uint64),
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.float64),
    )


def _with_room(rows: _Rows, needed: int) -> _Rows:
    """`rows`, or a copy with at least `needed` rows of room (the capacity doubled)."""
    capacity = len(rows.ids)
    if needed <= capacity:
        return rows
    size = max(_START_ROWS, capacity * 2, needed)
    return _Rows(
        rows.n,
        _grown(rows.matrix, size),
        _grown_lines(rows.signs, size),
        _grown(rows.ids, size),
        _grown(rows.sources, size),
        _grown(rows.published, size),
    )


def _grown(values: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros((size, *values.shape[1:]), dtype=values.dtype)
    out[: len(values)] = values
    return out


def _grown_lines(values: np.ndarray, size: int) -> np.ndarray:
    """`values` (lines, capacity) with room for `size` on each line, each line contiguous."""
    out = np.zeros((values.shape[0], size), dtype=values.dtype)
    out[:, : values.shape[1]] = values
    return out
