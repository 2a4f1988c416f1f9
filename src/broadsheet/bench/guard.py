"""`broadsheet bench guard`: does the guard catch unfaithful summaries, and how often does it
reject what a model writes?

**FRANK** (`frank-cnndm-xsum`, Pagnoni et al. 2021): system summaries of CNN/DailyMail and XSum
articles, each judged by three annotators sentence by sentence. A summary's `Factuality` is the
share of its sentences the annotators found free of errors, so 1.0 is *faithful* and anything
lower *unfaithful* (at least one sentence with an error). Each summary is split into sentences
and every sentence checked against the whole article (system summaries cite nothing); a summary
is *flagged* when the guard rejects any of its sentences. Since the guard is built to check a
sentence against the few sentences it cites, each summary sentence is also checked against the
`CLOSEST` article sentences sharing the most words with it (the "cited" columns), as if it had
cited them. Reported per dataset: the share of unfaithful summaries flagged (caught) and of
faithful ones flagged (false alarms), and which check fired. The summaries are lower-cased and
tokenised as the systems wrote them, so names are found by rarity, not capitals: a harder test
than cased text. The systems' "UNK" tokens are removed (they claim nothing).

**LLM** (`run_llm`, `--llm-url`): `LlmSummarizer` summarises articles of the bundled demo
corpus (Wikinews, spread over its topics) through a real endpoint; reported: sentences
generated, the share the guard rejected, which check fired, and how many articles fell back to
the extractive summary.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
from rich.console import Console

from broadsheet.bench.table import print_results
from broadsheet.demo.corpus import load_corpus
from broadsheet.enrich.guard import GUARD_VERSION, check
from broadsheet.enrich.sentences import split_sentences
from broadsheet.model import Document

__all__ = ["DATASET", "print_llm_table", "print_table", "run", "run_llm"]

DATASET = "frank-cnndm-xsum"
CLOSEST = 2  # article sentences a summary sentence is checked against in the "cited" mode
_SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=\S)")
_DETOKENISE = (
    (regex.compile(r"\\+'"), "'"),  # XSum's escaped apostrophes: "world\\'s"
    (regex.compile(r" (?='s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b)"), ""),
    (regex.compile(r"(?<=\d) ?, (?=\d{3}\b)"), ","),  # "50, 000"
    (regex.compile(r"\[?UNK\]?"), ""),  # the systems' unknown-word token: no claim
)


@dataclass(frozen=True, slots=True)
class Judged:
    """One system summary with the human label and the guard's reasons (empty: passed), checked
    against the whole article and against the sentences closest to each of its sentences."""

    dataset: str
    faithful: bool
    reasons: tuple[str, ...]
    closest_reasons: tuple[str, ...]


def run(
    data: Path, *, limit: int | None = None, on_summary: Callable[[], None] | None = None
) -> dict[str, Any]:
    """Caught and false-alarm shares per dataset over FRANK's human-judged summaries."""
    judged = []
    for item in _judge_all(data / DATASET, limit):
        judged.append(item)
        if on_summary:
            on_summary()
    return {"guard": GUARD_VERSION, "datasets": {d: _scores(judged, d) for d in ("cnndm", "xsum")}}


def _judge_all(folder: Path, limit: int | None) -> Iterator[Judged]:
    labels = _labels(folder / "human_annotations.json")
    with (folder / "articles.jsonl").open(encoding="utf-8") as lines:
        for count, line in enumerate(lines):
            if limit is not None and count >= limit:
                return
            record = json.loads(line)
            for system, summary in record["system_summaries"].items():
                factuality = labels.get((record["id"], system))
                if factuality is not None:
                    yield _judge(record, _detokenise(summary), factuality >= 1.0)


def _labels(path: Path) -> dict[tuple[str, str], float]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {(row["hash"], row["model_name"]): float(row["Factuality"]) for row in rows}


def _detokenise(summary: str) -> str:
    for pattern, replacement in _DETOKENISE:
        summary = pattern.sub(replacement, summary)
    return summary


def _judge(record: dict[str, Any], summary: str, faithful: bool) -> Judged:
    article = record["article"]
    sentences = _article_sentences(article)
    whole: list[str] = []
    closest: list[str] = []
    for sentence in _SENTENCE_END.split(summary.strip()):
        if regex.search(r"\p{L}", sentence):  # "." alone is a tokenisation remnant
            whole += check(sentence, [article]).reasons
            closest += check(sentence, _closest(sentence, sentences)).reasons
    return Judged(record["dataset"], faithful, tuple(whole), tuple(closest))


@lru_cache(maxsize=8)  # the summaries of one article come one after another
def _article_sentences(article: str) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((s, _words(s)) for s in split_sentences(article))


def _closest(sentence: str, candidates: Sequence[tuple[str, frozenset[str]]]) -> list[str]:
    """The `CLOSEST` candidates sharing the most words with `sentence`: what it would cite."""
    words = _words(sentence)
    ranked = sorted(candidates, key=lambda candidate: -len(words & candidate[1]))
    return [text for text, _ in ranked[:CLOSEST]]


def _words(text: str) -> frozenset[str]:
    return frozenset(regex.findall(r"\p{L}{3,}|\d+", text.casefold()))


def _scores(judged: list[Judged], dataset: str) -> dict[str, Any]:
    mine = [j for j in judged if j.dataset == dataset]
    bad = [j for j in mine if not j.faithful]
    good = [j for j in mine if j.faithful]
    return {
        "unfaithful": len(bad),
        "faithful": len(good),
        "unfaithful_flagged": _share(bad, whole=True),
        "faithful_flagged": _share(good, whole=True),
        "cited_unfaithful_flagged": _share(bad, whole=False),
        "cited_faithful_flagged": _share(good, whole=False),
        "fired_on_unfaithful": _kinds(bad),
        "fired_on_faithful": _kinds(good),
    }


def _share(items: list[Judged], *, whole: bool) -> float:
    flagged = [bool(j.reasons if whole else j.closest_reasons) for j in items]
    return sum(flagged) / len(flagged) if flagged else 0.0


def _kinds(items: list[Judged]) -> dict[str, int]:
    """Against the whole article: how many summaries each check rejected ("number", "name",
    "date", "content")."""
    return dict(Counter(kind for j in items for kind in {r.split()[0] for r in j.reasons}))


def print_table(result: dict[str, Any], console: Console | None = None) -> None:
    rows = result["datasets"]
    columns = (
        "unfaithful",
        "unfaithful_flagged",
        "cited_unfaithful_flagged",
        "faithful",
        "faithful_flagged",
        "cited_faithful_flagged",
    )
    note = (
        "flagged: the guard rejects a sentence of the summary, checked against the whole "
        f"article, or (cited) against the {CLOSEST} article sentences closest to it"
    )
    print_results(f"Guard ({result['guard']}) on FRANK", rows, columns, note=note, console=console)


def run_llm(
    base_url: str,
    model: str,
    *,
    articles: int = 20,
    api_key: str = "",
    timeout: float = 300.0,
    on_article: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Summarise `articles` demo articles through the endpoint; the guard's counts."""
    from broadsheet.enrich.llm import LlmClient
    from broadsheet.enrich.llm_features import GuardStats, LlmSummarizer

    corpus = load_corpus()
    picked = corpus[:: max(1, len(corpus) // articles)][:articles]  # spread over the topics
    total = GuardStats()
    with LlmClient(base_url, model, api_key=api_key, timeout=timeout) as client:
        summarizer = LlmSummarizer(client)
        for number, article in enumerate(picked):
            doc = Document(number, article.title, article.text)
            total += summarizer.summarize_article_guarded(doc).stats
            if on_article:
                on_article()
    kinds = Counter(r.split()[0] for reasons in total.reasons for r in set(reasons.split("; ")))
    return {
        "model": model,
        "guard": GUARD_VERSION,
        "articles": len(picked),
        "generated": total.generated,
        "rejected": total.rejected,
        "rejected_share": total.rejected_share,
        "fallbacks": total.fallbacks,
        "fired": dict(kinds),
    }


def print_llm_table(result: dict[str, Any], console: Console | None = None) -> None:
    columns = ("articles", "generated", "rejected", "rejected_share", "fallbacks")
    note = "fired: " + ", ".join(f"{k} {v}" for k, v in sorted(result["fired"].items()))
    title = f"Guard ({result['guard']}) on LLM summaries of demo articles"
    print_results(title, {result["model"]: result}, columns, note=note, console=console)
