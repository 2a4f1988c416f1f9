"""Syndicated-copy detection benchmark: BBC 2005 duplicates and derived wire-copy variants.

Both sets run the detector as the pipeline would, as a stream: each article's
`copy_signature` → candidates from an in-memory LSH band index over the articles seen so far →
`copy_match` on each candidate → copies united into groups. Scores are pairwise over copy pairs
(a pair is positive when both articles are in one gold group), with precision, recall and F1.

**BBC** (`bbc-news-2005`, 2,225 articles). Gold is computed from the texts: 101 groups of
articles equal after whitespace/case folding of headline and body (`gold_groups`); 137 groups
when only bodies are compared (`body_groups`: 36 more pairs are the same body under a changed
headline, which are copies by definition). The set also holds near-copies that no exact
comparison finds. Every BBC pair whose 5-word shingle containment is 0.5 or more was read as a
word diff and labelled by the definition in `normalize.syndication` (`REVIEWED_COPIES`,
`REVIEWED_NOT_COPIES`, each with the reason); the reviewed copies join the gold. A merged pair
outside that gold is a false merge and is listed.

**Variants** (`dedupe_variants`): originals from BBC, CNN/DailyMail and XSum, each with four
copies (retitled, trimmed, boilerplate, agency dateline) and two rewrites with new facts, in a
shuffled stream. The originals are articles of at least `MIN_PARAGRAPHS` paragraphs and
`MIN_WORDS` words that share under `MAX_SHARED` of their word 5-grams with any other article
(measured exactly here), so that two originals are never copies of each other.

    from broadsheet.bench import dedupe
    dedupe.print_table(dedupe.run(dedupe.default_data_dir()))
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from broadsheet.bench.corpus import default_data_dir
from broadsheet.bench.dedupe_gold import (
    REVIEWED_COPIES,
    Pair,
    PairScores,
    alike,
    closure,
    equal_groups,
    groups_found,
    pair_key,
    pairs_of,
    scores,
)
from broadsheet.bench.dedupe_variants import (
    COPY_KINDS,
    REWRITE_KINDS,
    Original,
    Variant,
    derive,
    news_paragraphs,
)
from broadsheet.bench.memory import PeakTreeMemory
from broadsheet.bench.table import print_results, to_json
from broadsheet.normalize import syndication
from broadsheet.normalize.shingles import shingle

__all__ = ["DedupeResult", "default_data_dir", "print_table", "run"]

BBC = "bbc-news-2005/bbc_fulltext.jsonl"
FRANK = "frank-cnndm-xsum/articles.jsonl"
SEED = 20250105
ORIGINALS = {"bbc": 200, "cnndm": 100, "xsum": 100}
TITLE = "Syndicated copies: pairwise over copy pairs, detector run as a stream"
MIN_PARAGRAPHS = 6
MIN_WORDS = 150
MAX_SHARED = 0.2


@dataclass(frozen=True, slots=True)
class StreamStats:
    articles: int
    seconds: float
    articles_per_second: float
    candidates_per_article: float
    verified_pairs: int


@dataclass(frozen=True, slots=True)
class BbcScore:
    articles: int
    gold_groups: int  # exact copies, headline and body
    gold_groups_found: int
    body_groups: int  # exact copies of the body (the headline may differ)
    body_groups_found: int
    reviewed_copies_found: int
    reviewed_copies: int
    pairs: PairScores  # against body groups + reviewed near-copies
    pairs_exact_only: PairScores  # against body groups alone
    false_merges: int
    false_merge_examples: list[dict[str, Any]]
    stream: StreamStats


@dataclass(frozen=True, slots=True)
class VariantScore:
    originals: int
    documents: int
    seed: int
    pairs: PairScores
    families_found: int  # originals grouped with exactly their four copies
    recall_by_kind: dict[str, float]  # share of each copy kind grouped with its original
    rewrites_merged: dict[str, float]  # share of each rewrite kind wrongly grouped
    stream: StreamStats


@dataclass(frozen=True, slots=True)
class DedupeResult:
    bbc: BbcScore
    variants: VariantScore
    signatures_per_second: float
    peak_rss_mb: float
    lsh: dict[str, Any] = field(default_factory=dict)
    benchmark: str = "dedupe"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return to_json(self.as_dict())


def run(data_dir: Path, seed: int = SEED, originals: Mapping[str, int] = ORIGINALS) -> DedupeResult:
    """Score the detector on the BBC duplicates and on variants derived from `originals`
    articles per corpus (bbc, cnndm, xsum); time signatures; note the peak memory."""
    bbc_rows = _read_jsonl(data_dir / BBC)
    frank_rows = _read_jsonl(data_dir / FRANK)
    with PeakTreeMemory() as peak:
        speed = _signature_speed([row["text"] for row in bbc_rows])
        bbc = _score_bbc(bbc_rows)
        chosen = _originals(bbc_rows, frank_rows, seed, originals)
        variants = _score_variants(chosen, seed)
    lsh = {
        "permutations": syndication.PERMUTATIONS,
        "bands": syndication.BANDS,
        "rows": syndication.ROWS,
        "shingle_words": syndication.SHINGLE_WORDS,
    }
    return DedupeResult(bbc, variants, speed, round(peak.rss_mb, 1), lsh)


def print_table(result: DedupeResult, console: Console | None = None) -> None:
    bbc, var = result.bbc, result.variants
    rows = {
        "BBC 2005": {
            **asdict(bbc.pairs),
            "groups": f"{bbc.gold_groups_found}/{bbc.gold_groups}",
            "false merges": bbc.false_merges,
        },
        "BBC, exact gold": asdict(bbc.pairs_exact_only),
        "variants": {
            **asdict(var.pairs),
            "groups": f"{var.families_found}/{var.originals}",
            "false merges": sum(round(v * var.originals) for v in var.rewrites_merged.values()),
        },
    }
    columns = ("precision", "recall", "f1", "tp", "fp", "fn", "groups", "false merges")
    print_results(TITLE, rows, columns, note=_note(result), console=console)


def _note(result: DedupeResult) -> str:
    bbc, var = result.bbc, result.variants
    kinds = ", ".join(f"{k} {v:.3f}" for k, v in var.recall_by_kind.items())
    merged = ", ".join(f"{k} {v:.3f}" for k, v in var.rewrites_merged.items())
    return (
        f"BBC: {bbc.articles} articles; groups = exact copies (headline and body) found whole; "
        f"{bbc.body_groups_found}/{bbc.body_groups} same-body groups, "
        f"{bbc.reviewed_copies_found}/{bbc.reviewed_copies} reviewed near-copy pairs found. "
        f"Variants: {var.documents} documents from {var.originals} originals (seed {var.seed}); "
        f"groups = originals grouped whole with their four copies and nothing else; recall by "
        f"kind: {kinds}; false merges = rewrites grouped ({merged}). Speed (CPU time): "
        f"signatures {result.signatures_per_second:,.0f} articles/s; stream (signature, "
        f"candidates, verification) BBC {bbc.stream.articles_per_second:,.0f}/s, variants "
        f"{var.stream.articles_per_second:,.0f}/s ({var.stream.candidates_per_article:.1f} "
        f"candidates each). Peak RSS {result.peak_rss_mb:.0f} MB. LSH {result.lsh['bands']} "
        f"bands × {result.lsh['rows']} rows of MinHash."
    )


class _Stream:
    """The detector as the pipeline runs it: signature, LSH candidates, verification, union."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.index: dict[int, list[int]] = {}
        self.parent: list[int] = []
        self.candidates = 0

    def add(self, text: str) -> None:
        """One article in: its signature, its candidates, each verified (the candidate's text
        shingled again, as when it comes back from storage), copies united."""
        me = len(self.texts)
        self.texts.append(text)
        self.parent.append(me)
        keys = syndication.copy_signature(text).band_keys
        candidates = sorted({other for key in keys for other in self.index.get(key, ())})
        self.candidates += len(candidates)
        if candidates:
            mine = shingle(text)
            for other in candidates:
                if syndication.match_shingled(shingle(self.texts[other]), mine).is_copy:
                    self._union(other, me)
        for key in keys:
            self.index.setdefault(key, []).append(me)

    def groups(self) -> list[list[int]]:
        groups: dict[int, list[int]] = {}
        for member in range(len(self.parent)):
            groups.setdefault(self._find(member), []).append(member)
        return list(groups.values())

    def _find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def _union(self, a: int, b: int) -> None:
        self.parent[self._find(b)] = self._find(a)


def _run_stream(texts: Sequence[str]) -> tuple[list[list[int]], StreamStats]:
    stream = _Stream()
    start = time.thread_time()  # CPU time: other load on the machine does not count
    for text in texts:
        stream.add(text)
    seconds = time.thread_time() - start
    stats = StreamStats(
        articles=len(texts),
        seconds=round(seconds, 3),
        articles_per_second=round(len(texts) / seconds, 1) if seconds else 0.0,
        candidates_per_article=round(stream.candidates / max(len(texts), 1), 3),
        verified_pairs=stream.candidates,
    )
    return stream.groups(), stats


def _score_bbc(rows: Sequence[Mapping[str, Any]]) -> BbcScore:
    ids = [row["id"] for row in rows]
    groups, stats = _run_stream([row["text"] for row in rows])
    found = _pairs(groups, ids)
    exact = equal_groups(ids, [_fold(row["text"]) for row in rows])
    titled = equal_groups(ids, [_fold(row["title"] + " " + row["text"]) for row in rows])
    present = set(ids)
    reviewed = {pair for pair in REVIEWED_COPIES if set(pair) <= present}
    gold = closure(exact, reviewed)
    false = sorted(found - gold)
    text = {row["id"]: row["text"] for row in rows}
    return BbcScore(
        articles=len(rows),
        gold_groups=len(titled),
        gold_groups_found=groups_found(titled, found),
        body_groups=len(exact),
        body_groups_found=groups_found(exact, found),
        reviewed_copies_found=len(found & reviewed),
        reviewed_copies=len(reviewed),
        pairs=scores(found, gold),
        pairs_exact_only=scores(found, pairs_of(exact)),
        false_merges=len(false),
        false_merge_examples=[_example(a, b, text) for a, b in false[:10]],
        stream=stats,
    )


def _score_variants(originals: Sequence[Original], seed: int) -> VariantScore:
    variants = derive(originals, random.Random(seed))
    random.Random(seed + 1).shuffle(variants)
    groups, stats = _run_stream([v.text for v in variants])
    ids = [v.id for v in variants]
    found = _pairs(groups, ids)
    gold_groups: dict[int, list[str]] = {}
    for variant in variants:
        gold_groups.setdefault(variant.group, []).append(variant.id)
    gold = pairs_of(list(gold_groups.values()))
    return VariantScore(
        originals=len(originals),
        documents=len(variants),
        seed=seed,
        pairs=scores(found, gold),
        families_found=_families_found(variants, groups),
        recall_by_kind=_recall_by_kind(variants, found),
        rewrites_merged=_rewrites_merged(variants, groups),
        stream=stats,
    )


def _families_found(variants: Sequence[Variant], groups: list[list[int]]) -> int:
    copies = {i for i, v in enumerate(variants) if v.kind in COPY_KINDS}
    return sum(
        len(group) == len(COPY_KINDS)
        and set(group) <= copies
        and len({variants[i].group for i in group}) == 1
        for group in groups
    )


def _recall_by_kind(variants: Sequence[Variant], found: set[Pair]) -> dict[str, float]:
    """For each copy kind: the share of originals whose copy of that kind was grouped with it."""
    hits = {kind: 0 for kind in COPY_KINDS[1:]}
    for variant in variants:
        if variant.kind in hits:
            original = variant.id.split("#")[0] + "#original"
            hits[variant.kind] += pair_key(original, variant.id) in found
    total = sum(v.kind == "original" for v in variants)
    return {kind: round(count / total, 4) for kind, count in hits.items()}


def _rewrites_merged(variants: Sequence[Variant], groups: list[list[int]]) -> dict[str, float]:
    """For each rewrite kind: the share of rewrites grouped with anything."""
    merged = {index for group in groups if len(group) > 1 for index in group}
    result = {}
    for kind in REWRITE_KINDS:
        mine = [i for i, v in enumerate(variants) if v.kind == kind]
        result[kind] = round(sum(i in merged for i in mine) / max(len(mine), 1), 4)
    return result


def _originals(
    bbc_rows: Sequence[Mapping[str, Any]],
    frank_rows: Sequence[Mapping[str, Any]],
    seed: int,
    counts: Mapping[str, int],
) -> list[Original]:
    """`counts` articles per corpus, of a wire story's size, no two of them alike."""
    pool = [Original(r["id"], r["title"], r["text"], r["category"]) for r in bbc_rows]
    pool += [Original(r["id"], r["id"], r["article"], r["dataset"]) for r in frank_rows]
    similar = alike({o.id: o.text for o in pool}, MAX_SHARED)
    rng = random.Random(seed)
    chosen: list[Original] = []
    for corpus, count in counts.items():
        fits = [o for o in pool if _corpus(o) == corpus and o.id not in similar and _sized(o)]
        chosen += rng.sample(fits, min(count, len(fits)))
    return chosen


def _corpus(original: Original) -> str:
    return original.category if original.category in ("cnndm", "xsum") else "bbc"


def _sized(original: Original) -> bool:
    paragraphs = news_paragraphs(original.text, random.Random(0))
    return len(paragraphs) >= MIN_PARAGRAPHS and len(original.text.split()) >= MIN_WORDS


def _signature_speed(texts: Sequence[str]) -> float:
    start = time.thread_time()
    for text in texts:
        syndication.copy_signature(text)
    return round(len(texts) / (time.thread_time() - start), 1)


def _pairs(groups: Iterable[list[int]], ids: Sequence[str]) -> set[Pair]:
    return pairs_of([[ids[i] for i in group] for group in groups])


def _example(a: str, b: str, text: Mapping[str, str]) -> dict[str, Any]:
    match = syndication.copy_match(text[a], text[b])
    return {"pair": [a, b], **asdict(match)}


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
