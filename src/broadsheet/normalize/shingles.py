"""Word shingles of an article body: the unit that copies share and rewrites do not.

The body loses its wire furniture first (`normalize.wire.strip_wire_furniture`: datelines,
agency credits, syndication notices, page furniture), then is folded like the fingerprint (NFKC,
case-folded, words only), so copies that differ only there shingle alike. A shingle is a run of
`SHINGLE_WORDS` consecutive words, across paragraph breaks, hashed to 64 bits.

Hashes must be equal in every process and run (signatures are stored), so nothing here uses
Python's salted `hash()`: a word's code points and a shingle's five word hashes are combined
with fixed odd multipliers and mixed with a 64-bit finaliser (MurmurHash3's fmix64), all
vectorised in numpy (a Python loop over words cost twice the rest of a signature).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

from broadsheet.normalize.wire import strip_wire_furniture

__all__ = ["SHINGLE_WORDS", "Shingled", "fixed_constants", "fmix64", "shingle", "word_hashes"]

SHINGLE_WORDS = 5
_MAX_WORD = 40

Hashes = npt.NDArray[np.uint64]

# Letters and digits, as `fingerprint_text` keeps them; a longer run is cut into several words
# (a 10,000-letter "word" must not widen the code-point matrix below).
_WORD = re.compile(rf"[^\W_]{{1,{_MAX_WORD}}}")
_33, _FMIX1, _FMIX2 = np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)


def fixed_constants(label: str, count: int) -> npt.NDArray[np.uint64]:
    """`count` 64-bit integers derived from `label` by BLAKE2b, odd (so usable as
    multipliers), independent of each other and the same on every machine and release."""
    digest = b"".join(
        hashlib.blake2b(f"broadsheet/{label}/{i}".encode(), digest_size=8).digest()
        for i in range(count)
    )
    return np.frombuffer(digest, dtype="<u8").astype(np.uint64) | np.uint64(1)


# One multiplier per character position in a word. (An arithmetic series would make the hash a
# function of Σ position × code point alone, so "ad" and "cc" would collide.)
_CHARACTER = fixed_constants("character", _MAX_WORD)
# One per word position in a shingle.
_POSITION = fixed_constants("position", SHINGLE_WORDS)


@dataclass(frozen=True, slots=True, eq=False)
class Shingled:
    """A body as words and shingles: `hashes[i]` covers words `i … i + SHINGLE_WORDS - 1`;
    paragraph `p` holds words `starts[p]` up to `starts[p + 1]` (or the end)."""

    words: int
    hashes: Hashes
    starts: npt.NDArray[np.int64]


def shingle(text: str) -> Shingled:
    """The body's word count and one 64-bit hash per shingle (one for the whole of a body
    shorter than a shingle, none for an empty one), and where its paragraphs start."""
    folded = unicodedata.normalize("NFKC", "\n".join(strip_wire_furniture(text))).casefold()
    paragraphs = [_WORD.findall(line) for line in folded.split("\n")]
    words = list(chain.from_iterable(paragraphs))
    sizes = np.array([len(p) for p in paragraphs if p], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    if not words:
        return Shingled(0, np.zeros(0, dtype=np.uint64), starts[:0])
    ids = word_hashes(words)
    width = min(SHINGLE_WORDS, len(ids))
    count = len(ids) - width + 1
    combined = ids[:count] * _POSITION[0]
    for position in range(1, width):  # integer arrays wrap around silently: mod 2⁶⁴
        combined += ids[position : position + count] * _POSITION[position]
    return Shingled(len(words), fmix64(combined), starts)


def word_hashes(words: list[str]) -> Hashes:
    """A 64-bit hash per word, vectorised: the words as a code-point matrix (zero-padded, so
    the padding adds nothing), each column weighted by a fixed odd multiplier, then mixed."""
    points = np.array(words).view(np.uint32).reshape(len(words), -1).astype(np.uint64)
    return fmix64((points * _CHARACTER[: points.shape[1]]).sum(axis=1, dtype=np.uint64))


def fmix64(values: Hashes) -> Hashes:
    """MurmurHash3's 64-bit finaliser: every input bit flips each output bit with p ≈ 1/2."""
    values = values ^ (values >> _33)
    values = values * _FMIX1
    values = values ^ (values >> _33)
    values = values * _FMIX2
    return values ^ (values >> _33)
