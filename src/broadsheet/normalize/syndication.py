"""Syndicated copies: the same wire text republished by other outlets, found and verified.

Two steps, as for any near-duplicate search. `copy_signature(body)` is computed once per
article and stored: its LSH band keys find candidate copies among stored articles
(`normalize.minhash`). `copy_match(a, b)` then verifies a candidate exactly, on the two bodies.

What counts as a copy (the body only; headlines are not compared): the same wire text with a
changed headline, a trimmed last paragraph, different boilerplate, an agency dateline, or small
edits (a corrected typo, a reworded phrase). What does not: a rewrite with new facts (new
paragraphs, quotes or figures) or a different story on the same subject.

Verification works on words covered by shared 5-word shingles (a word is covered when some
shingle containing it occurs in the other body), which is robust to scattered edits: one changed
word uncovers that word only. Each body's uncovered words fall into its edges (from either end
to the first stretch of 20 covered words: a dateline, boilerplate, the paragraph a copy
trimmed) and its middle (inserted or replaced passages). A copy needs all of:

- the shorter body covered almost whole (`MIN_CONTAINMENT`; the overlap coefficient, not
  Jaccard, so a trimmed copy still matches);
- at most `MAX_INSERTED` of either body uncovered in its middle (edits, not new passages);
- at most `MAX_ADDED` of the longer body's words new at its edges, not counting short lines
  there (furniture): the longer may go on by a trimmed paragraph, not by a new story;
- at most one new block of text (`MAX_NEW_BLOCKS`): a passage of `PASSAGE_WORDS` or more
  words in either middle, or new paragraphs at the longer body's edges;
- at most one whole new paragraph (`MAX_NEW_PARAGRAPHS`): one trimmed last paragraph or one
  added note is a copy, two or three new paragraphs are an update with new facts.

On 400 originals with derived copies and rewrites (`broadsheet.bench.dedupe`) this keeps
recall ≥ 0.997 at precision ≥ 0.992 over three seeds; the BBC 2005 set's two updates that add
a final paragraph of new quotes (35% and 38% of the longer text) fall outside `MAX_ADDED`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from broadsheet.normalize.minhash import BANDS, PERMUTATIONS, ROWS, CopySignature
from broadsheet.normalize.minhash import band_keys as _band_keys
from broadsheet.normalize.minhash import minhash as _minhash
from broadsheet.normalize.shingles import SHINGLE_WORDS, Hashes, Shingled, shingle
from broadsheet.normalize.wire import wire_agency

__all__ = [
    "BANDS",
    "MAX_ADDED",
    "MAX_INSERTED",
    "MAX_NEW_BLOCKS",
    "MAX_NEW_PARAGRAPHS",
    "MIN_CONTAINMENT",
    "PERMUTATIONS",
    "ROWS",
    "SHINGLE_WORDS",
    "CopyMatch",
    "CopySignature",
    "copy_match",
    "copy_signature",
    "is_copy",
    "match_shingled",
    "wire_agency",
]

MIN_CONTAINMENT = 0.9
MAX_INSERTED = 0.05
MAX_ADDED = 0.3
MAX_NEW_BLOCKS = 1
MAX_NEW_PARAGRAPHS = 1
PASSAGE_WORDS = 8
PARAGRAPH_WORDS = 15
_ANCHOR_WORDS = 4 * SHINGLE_WORDS


@dataclass(frozen=True, slots=True)
class _Uncovered:
    """A body's words and how many of them the other body does not cover, by position."""

    words: int
    edges: int
    middle: int
    passages: int  # uncovered runs in the middle of at least PASSAGE_WORDS words
    edge_paragraphs: int  # new paragraphs (PARAGRAPH_WORDS or more) at the edges
    middle_paragraphs: int  # new paragraphs in the middle

    @property
    def covered(self) -> float:
        return 1 - (self.edges + self.middle) / self.words if self.words else 0.0

    @property
    def inserted(self) -> float:
        return self.middle / self.words if self.words else 0.0


@dataclass(frozen=True, slots=True)
class CopyMatch:
    """The evidence for (or against) two bodies being one wire text."""

    containment: float  # share of the shorter body's words the longer covers
    added: float  # share of the longer body's words uncovered at its start or end
    inserted: float  # the larger share, over both bodies, of words uncovered in the middle
    new_blocks: int  # new passages in either middle, plus one for new paragraphs at the edges
    new_paragraphs: int  # whole new paragraphs, anywhere
    is_copy: bool


def copy_signature(text: str) -> CopySignature:
    """The body's MinHash signature and LSH band keys, the same in every process and run."""
    shingled = shingle(text)
    minima = _minhash(shingled.hashes)
    keys = _band_keys(minima) if shingled.words else ()
    return CopySignature(tuple(minima.tolist()), keys)


def copy_match(a: str, b: str) -> CopyMatch:
    """Compare two bodies exactly (after a signature made them candidates)."""
    return match_shingled(shingle(a), shingle(b))


def is_copy(a: str, b: str) -> bool:
    """Whether the two bodies carry the same wire text."""
    return copy_match(a, b).is_copy


def match_shingled(a: Shingled, b: Shingled) -> CopyMatch:
    """`copy_match` on bodies already shingled (a caller comparing one body to many)."""
    short, long = (a, b) if a.words <= b.words else (b, a)
    if short.words == 0:
        return CopyMatch(0.0, 1.0, 0.0, 0, 0, is_copy=False)
    in_short, in_long = (
        _uncovered(short, np.sort(long.hashes)),
        _uncovered(long, np.sort(short.hashes)),
    )
    added = in_long.edges / in_long.words
    inserted = max(in_short.inserted, in_long.inserted)
    blocks = in_short.passages + in_long.passages + min(in_long.edge_paragraphs, 1)
    paragraphs = in_short.middle_paragraphs + in_long.middle_paragraphs + in_long.edge_paragraphs
    verdict = (
        in_short.covered >= MIN_CONTAINMENT
        and inserted <= MAX_INSERTED
        and added <= MAX_ADDED
        and blocks <= MAX_NEW_BLOCKS
        and paragraphs <= MAX_NEW_PARAGRAPHS
    )
    return CopyMatch(
        round(float(in_short.covered), 4),
        round(float(added), 4),
        round(float(inserted), 4),
        int(blocks),
        int(paragraphs),
        bool(verdict),
    )


def _uncovered(body: Shingled, other: Hashes) -> _Uncovered:
    """Which of `body`'s words no shingle shared with `other` covers: edges and middle.

    The edges run from each end to the first covered stretch of `_ANCHOR_WORDS` words (or the
    whole of a shorter body), so a phrase that a trimmed paragraph happens to share ("the
    company said", a repeated photo caption) does not split it."""
    shared = _member(body.hashes, other).astype(np.int32)
    width = min(SHINGLE_WORDS, body.words)
    covered = np.convolve(shared, np.ones(width, dtype=np.int32)) > 0
    starts, ends = _runs(covered)
    anchors = (ends - starts) >= min(_ANCHOR_WORDS, body.words)
    if not anchors.any():
        return _Uncovered(body.words, body.words, 0, 0, 0, 0)
    first, last = int(starts[anchors][0]), int(ends[anchors][-1])
    gap_starts, gap_ends = _runs(~covered[first:last])
    edge, furniture, middle = _new_paragraphs(body, covered, first, last)
    return _Uncovered(
        words=body.words,
        edges=first + body.words - last - furniture,
        middle=int((gap_ends - gap_starts).sum()),
        passages=int(((gap_ends - gap_starts) >= PASSAGE_WORDS).sum()),
        edge_paragraphs=edge,
        middle_paragraphs=middle,
    )


def _new_paragraphs(
    body: Shingled, covered: npt.NDArray[np.bool_], first: int, last: int
) -> tuple[int, int, int]:
    """New paragraphs at the edges (wholly before `first` or from `last` on) of at least
    `PARAGRAPH_WORDS` words, the words of shorter ones there (furniture lines, not text), and
    wholly uncovered paragraphs of at least `PASSAGE_WORDS` words in the middle."""
    begins, ends = body.starts, np.append(body.starts[1:], body.words)
    sizes = ends - begins
    at_edge = (ends <= first) | (begins >= last)
    seen = np.concatenate(([0], np.cumsum(covered)))
    new_in_middle = ~at_edge & ((seen[ends] - seen[begins]) == 0) & (sizes >= PASSAGE_WORDS)
    short_lines = at_edge & (sizes < PARAGRAPH_WORDS)
    return (
        int((at_edge & ~short_lines).sum()),
        int(sizes[short_lines].sum()),
        int(new_in_middle.sum()),
    )


def _member(values: Hashes, sorted_other: Hashes) -> npt.NDArray[np.bool_]:
    """`np.isin(values, sorted_other)`, five times faster on an already sorted `other`."""
    if len(sorted_other) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_other, values), len(sorted_other) - 1)
    return sorted_other[at] == values


def _runs(flags: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Start and end (exclusive) indices of the runs of True in `flags`."""
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
